/* po.c — a strict, line-based parser for gettext .po catalogs (the subset msgmerge writes:
 * comments, flags, msgctxt, msgid, msgid_plural, msgstr, msgstr[n], multi-line strings,
 * C escapes). It hands each entry to a callback; it stores nothing itself. */
#include "i18n/po.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

typedef struct po_state {
    buf ctxt, id, idp, str[PO_MAX_FORMS];
    bool has_ctxt, has_id, has_idp;
    int nstr;          /* msgstr fields seen: 0, or 1 (singular), or msgstr[0..n-1] */
    bool plural_str;   /* the msgstr fields were msgstr[n] */
    bool fuzzy;
    int line;          /* line of msgid */
    buf *cur;          /* field a continuation line "..." appends to, or NULL */
} po_state;

static void state_reset(po_state *st)
{
    buf_reset(&st->ctxt);
    buf_reset(&st->id);
    buf_reset(&st->idp);
    for (int i = 0; i < PO_MAX_FORMS; i++) buf_reset(&st->str[i]);
    st->has_ctxt = st->has_id = st->has_idp = st->plural_str = st->fuzzy = false;
    st->nstr = 0;
    st->line = 0;
    st->cur = NULL;
}

static void state_free(po_state *st)
{
    buf_free(&st->ctxt);
    buf_free(&st->id);
    buf_free(&st->idp);
    for (int i = 0; i < PO_MAX_FORMS; i++) buf_free(&st->str[i]);
}

/* Hands the finished entry to fn and starts a new one. */
static bool flush(po_state *st, po_entry_fn fn, void *ctx, char *err, int errlen)
{
    po_entry e = { 0 };
    e.msgctxt = st->has_ctxt ? buf_str(&st->ctxt) : NULL;
    e.msgid = buf_str(&st->id);
    e.msgid_plural = st->has_idp ? buf_str(&st->idp) : NULL;
    e.nforms = st->nstr;
    for (int i = 0; i < st->nstr; i++) e.msgstr[i] = buf_str(&st->str[i]);
    e.fuzzy = st->fuzzy;
    e.line = st->line;
    bool ok = fn(ctx, &e, err, errlen);
    state_reset(st);
    return ok;
}

/* Value of an octal or hex digit, or -1. */
static int digit_value(char c, int base)
{
    int v = c >= '0' && c <= '9' ? c - '0'
          : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    return v < base ? v : -1;
}

/* Decodes the escape after a backslash at p[0..n); returns bytes consumed or 0. */
static size_t unescape(const char *p, size_t n, char *out)
{
    if (n == 0) return 0;
    static const char from[] = "ntr\"\\abfv'?", to[] = "\n\t\r\"\\\a\b\f\v'?";
    const char *hit = strchr(from, p[0]);
    if (hit && p[0]) { *out = to[hit - from]; return 1; }
    int base = p[0] == 'x' ? 16 : 8;
    size_t start = base == 16 ? 1 : 0, i = start, max = start + (base == 16 ? 2 : 3);
    unsigned v = 0;
    while (i < n && i < max && digit_value(p[i], base) >= 0) {
        v = v * (unsigned)base + (unsigned)digit_value(p[i], base);
        i++;
    }
    if (i == start || v == 0 || v > 255) return 0;
    *out = (char)v;
    return i;
}

/* Parses one quoted string at line[0..n) (line[0] must be '"'), appending its value to
 * b; only white space may follow it. Returns NULL on success or a reason. */
static const char *parse_string(const char *line, size_t n, buf *b)
{
    if (n == 0 || line[0] != '"') return "expected a quoted string";
    size_t i = 1;
    for (;;) {
        if (i >= n) return "unterminated string";
        char c = line[i];
        if (c == '"') break;
        if (c == '\\') {
            char out;
            size_t used = unescape(line + i + 1, n - i - 1, &out);
            if (used == 0) return "bad escape sequence";
            buf_putc(b, out);
            i += 1 + used;
            continue;
        }
        buf_putc(b, c);
        i++;
    }
    for (i++; i < n; i++)
        if (line[i] != ' ' && line[i] != '\t') return "text after the closing quote";
    return b->overflow ? "string too long" : NULL;
}

/* Handles a keyword line; returns NULL or a reason. */
static const char *keyword_line(po_state *st, const char *line, size_t n, int lineno,
                                po_entry_fn fn, void *ctx, char *err, int errlen, bool *stop)
{
    size_t k = 0;
    while (k < n && line[k] != ' ' && line[k] != '\t') k++;
    size_t s = k;
    while (s < n && (line[s] == ' ' || line[s] == '\t')) s++;
    const char *rest = line + s;
    size_t rn = n - s;
    bool starts_entry = (k == 7 && !memcmp(line, "msgctxt", 7)) || (k == 5 && !memcmp(line, "msgid", 5));
    if (starts_entry && st->nstr > 0 && !flush(st, fn, ctx, err, errlen)) { *stop = true; return NULL; }
    if (k == 7 && !memcmp(line, "msgctxt", 7)) {
        if (st->has_ctxt || st->has_id) return "msgctxt in the wrong place";
        st->has_ctxt = true;
        st->cur = &st->ctxt;
    } else if (k == 5 && !memcmp(line, "msgid", 5)) {
        if (st->has_id) return "msgid without msgstr";
        st->has_id = true;
        st->line = lineno;
        st->cur = &st->id;
    } else if (k == 12 && !memcmp(line, "msgid_plural", 12)) {
        if (!st->has_id || st->has_idp || st->nstr > 0) return "msgid_plural in the wrong place";
        st->has_idp = true;
        st->cur = &st->idp;
    } else if (k == 6 && !memcmp(line, "msgstr", 6)) {
        if (!st->has_id || st->has_idp || st->nstr > 0) return "msgstr in the wrong place";
        st->nstr = 1;
        st->cur = &st->str[0];
    } else if (k == 9 && !memcmp(line, "msgstr[", 7) && line[8] == ']' &&
               line[7] >= '0' && line[7] <= '9') {
        int idx = line[7] - '0';
        if (!st->has_idp) return "msgstr[n] without msgid_plural";
        if (idx != st->nstr) return "msgstr[n] out of order";
        if (idx >= PO_MAX_FORMS) return "too many plural forms";
        st->nstr = idx + 1;
        st->plural_str = true;
        st->cur = &st->str[idx];
    } else {
        return "unknown keyword";
    }
    return parse_string(rest, rn, st->cur);
}

/* Handles a comment line: "#," flags may mark the next entry fuzzy; "#~" (obsolete
 * entries) and every other comment are skipped. */
static bool comment_line(po_state *st, const char *line, size_t n,
                         po_entry_fn fn, void *ctx, char *err, int errlen)
{
    if (st->nstr > 0 && !flush(st, fn, ctx, err, errlen)) return false;
    st->cur = NULL;
    if (n >= 2 && line[1] == ',') {
        for (size_t i = 2; i + 5 <= n; i++)
            if (!memcmp(line + i, "fuzzy", 5)) st->fuzzy = true;
    }
    return true;
}

bool i18n_po_parse(const char *data, size_t len, po_entry_fn fn, void *ctx,
                   char *err, int errlen)
{
    po_state st;
    memset(&st, 0, sizeof st);
    buf_init(&st.ctxt, PO_MAX_STRING);
    buf_init(&st.id, PO_MAX_STRING);
    buf_init(&st.idp, PO_MAX_STRING);
    for (int i = 0; i < PO_MAX_FORMS; i++) buf_init(&st.str[i], PO_MAX_STRING);
    state_reset(&st);
    const char *why = NULL;
    bool stop = false;
    int lineno = 0;
    size_t pos = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) pos = 3; /* BOM */
    while (pos < len && !why && !stop) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        lineno++;
        if (memchr(line, '\0', n)) { why = "NUL byte"; break; }
        if (n > 0 && line[n - 1] == '\r') n--;
        while (n > 0 && (line[0] == ' ' || line[0] == '\t')) { line++; n--; }
        if (n == 0) {
            if (st.nstr > 0 && !flush(&st, fn, ctx, err, errlen)) stop = true;
            st.cur = NULL;
        } else if (line[0] == '#') {
            if (!comment_line(&st, line, n, fn, ctx, err, errlen)) stop = true;
        } else if (line[0] == '"') {
            why = st.cur ? parse_string(line, n, st.cur) : "string without a keyword";
        } else {
            why = keyword_line(&st, line, n, lineno, fn, ctx, err, errlen, &stop);
        }
    }
    if (!why && !stop) {
        if (st.has_id && st.nstr == 0) why = "msgid without msgstr";
        else if (st.has_idp && !st.plural_str) why = "msgid_plural without msgstr[n]";
        else if (st.nstr > 0 && !flush(&st, fn, ctx, err, errlen)) stop = true;
        else if (st.has_ctxt && !st.has_id) why = "msgctxt without msgid";
    }
    if (why && err && errlen > 0) snprintf(err, (size_t)errlen, "line %d: %s", lineno, why);
    state_free(&st);
    return !why && !stop;
}
