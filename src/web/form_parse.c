/* form_parse.c — the request-input parsers of form_parse.h: percent-decoding,
 * urlencoded pairs, multipart/form-data parts and cookies, all bounded by form_limits.
 * Input is untrusted bytes; every scan is bounded by the given length. */
#include "web/form_parse.h"
#include "util/text.h"

#include <string.h>
#include <strings.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *form_url_decode(arena *a, const char *s, size_t len, bool plus_space, size_t *outlen)
{
    char *out = arena_alloc(a, len + 1);
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= len) return NULL;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0) return NULL;
            out[k++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[k++] = plus_space && c == '+' ? ' ' : c;
        }
    }
    out[k] = '\0';
    if (outlen) *outlen = k;
    return out;
}

/* Adds one decoded pair after the limit and UTF-8 checks. */
static form_status add_pair(arena *a, const form_limits *lim, web_pair **out, int *n,
                            const char *name, size_t nlen, const char *value, size_t vlen,
                            bool check_value, const char **bad)
{
    if (*n >= lim->max_fields) return FORM_TOO_MANY_FIELDS;
    if (bad) *bad = NULL;
    if (nlen > lim->max_name) return FORM_NAME_TOO_LONG;
    if (!text_valid_utf8(name, nlen)) return FORM_BAD_UTF8;
    if (bad) *bad = name;
    if (check_value) {
        if (vlen > lim->max_value) return FORM_VALUE_TOO_LONG;
        if (!text_valid_utf8(value, vlen)) return FORM_BAD_UTF8;
    }
    if (!*out) *out = arena_calloc(a, (size_t)lim->max_fields, sizeof **out);
    (*out)[*n] = (web_pair){ name, value };
    (*n)++;
    if (bad) *bad = NULL;
    return FORM_OK;
}

form_status form_parse_urlencoded(arena *a, const char *s, size_t len, const form_limits *lim,
                                  web_pair **out, int *n, const char **bad)
{
    *out = NULL;
    *n = 0;
    if (bad) *bad = NULL;
    size_t i = 0;
    while (i < len) {
        const char *piece = s + i;
        const char *amp = memchr(piece, '&', len - i);
        size_t plen = amp ? (size_t)(amp - piece) : len - i;
        i += plen + 1;
        if (plen == 0) continue;
        const char *eq = memchr(piece, '=', plen);
        size_t rawn = eq ? (size_t)(eq - piece) : plen;
        /* raw length bounds decoded length from above by 3x: reject early on huge input */
        if (rawn > 3 * lim->max_name) return FORM_NAME_TOO_LONG;
        size_t nlen, vlen = 0;
        char *name = form_url_decode(a, piece, rawn, true, &nlen);
        if (!name) return FORM_MALFORMED;
        char *value = "";
        if (eq) {
            size_t rawv = plen - rawn - 1;
            if (rawv > 3 * lim->max_value) {
                if (bad && text_valid_utf8(name, nlen) && nlen <= lim->max_name) *bad = name;
                return FORM_VALUE_TOO_LONG;
            }
            value = form_url_decode(a, eq + 1, rawv, true, &vlen);
            if (!value) return FORM_MALFORMED;
        }
        form_status st = add_pair(a, lim, out, n, name, nlen, value, vlen, true, bad);
        if (st != FORM_OK) return st;
    }
    return FORM_OK;
}

const char *form_multipart_boundary(arena *a, const char *ct)
{
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0) return NULL;
    const char *p = ct + 19;
    while ((p = strchr(p, ';'))) {
        p++;
        while (*p == ' ' || *p == '\t') p++;
        if (strncasecmp(p, "boundary=", 9) != 0) continue;
        p += 9;
        size_t n;
        if (*p == '"') {
            p++;
            const char *q = strchr(p, '"');
            if (!q) return NULL;
            n = (size_t)(q - p);
        } else {
            n = strcspn(p, "; \t");
        }
        if (n < 1 || n > 70) return NULL;
        return arena_strndup(a, p, n);
    }
    return NULL;
}

/* Finds needle in hay[0..hlen). */
static const char *find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    return memmem(hay, hlen, needle, nlen);
}

/* Value of parameter `key` (e.g. name, filename) in a Content-Disposition line
 * [p, end); quoted-string with backslash escapes or a token. NULL when absent. */
static char *disposition_param(arena *a, const char *p, const char *end, const char *key)
{
    size_t klen = strlen(key);
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        if (!semi) return NULL;
        p = semi + 1;
        while (p < end && (*p == ' ' || *p == '\t')) p++;
        if ((size_t)(end - p) <= klen || strncasecmp(p, key, klen) != 0 || p[klen] != '=') continue;
        p += klen + 1;
        char *out = arena_alloc(a, (size_t)(end - p) + 1);
        size_t k = 0;
        if (p < end && *p == '"') {
            for (p++; p < end && *p != '"'; p++) {
                if (*p == '\\' && p + 1 < end) p++;
                out[k++] = *p;
            }
            if (p >= end) return NULL;   /* unterminated quote */
        } else {
            for (; p < end && *p != ';' && *p != ' ' && *p != '\t'; p++) out[k++] = *p;
        }
        out[k] = '\0';
        return out;
    }
    return NULL;
}

typedef struct part_head {
    char *name, *filename, *ctype;
    size_t name_len;
} part_head;

/* Parses the header block [p, end) of one part (lines separated by CRLF). */
static form_status parse_part_head(arena *a, const char *p, const char *end, part_head *h)
{
    memset(h, 0, sizeof *h);
    while (p < end) {
        const char *eol = find(p, (size_t)(end - p), "\r\n", 2);
        const char *le = eol ? eol : end;
        if ((size_t)(le - p) > 20 && strncasecmp(p, "Content-Disposition:", 20) == 0) {
            const char *v = p + 20;
            while (v < le && (*v == ' ' || *v == '\t')) v++;
            if ((size_t)(le - v) < 9 || strncasecmp(v, "form-data", 9) != 0) return FORM_MALFORMED;
            h->name = disposition_param(a, v, le, "name");
            h->filename = disposition_param(a, v, le, "filename");
        } else if ((size_t)(le - p) > 13 && strncasecmp(p, "Content-Type:", 13) == 0) {
            const char *v = p + 13;
            while (v < le && (*v == ' ' || *v == '\t')) v++;
            h->ctype = arena_strndup(a, v, (size_t)(le - v));
        }
        p = eol ? eol + 2 : end;
    }
    if (!h->name) return FORM_MALFORMED;
    h->name_len = strlen(h->name);
    return FORM_OK;
}

/* Records a file part (the pair was added already). */
static void add_file(arena *a, const form_limits *lim, web_file **files, int *nfiles,
                     const part_head *h, const char *data, size_t len)
{
    if (!*files) *files = arena_calloc(a, (size_t)lim->max_fields, sizeof **files);
    (*files)[*nfiles] = (web_file){ h->name, h->filename,
                                    h->ctype && *h->ctype ? h->ctype : "application/octet-stream",
                                    data, len };
    (*nfiles)++;
}

form_status form_parse_multipart(arena *a, const char *body, size_t len, const char *boundary,
                                 const form_limits *lim, web_pair **out, int *n,
                                 web_file **files, int *nfiles, const char **bad)
{
    *out = NULL;
    *n = 0;
    *files = NULL;
    *nfiles = 0;
    if (bad) *bad = NULL;
    if (!boundary || !*boundary) return FORM_MALFORMED;
    /* delimiter = CRLF "--" boundary; the first may also start the body */
    const char *delim = arena_printf(a, "\r\n--%s", boundary);
    size_t dlen = strlen(delim);
    const char *p;
    if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) p = body + dlen - 2;
    else {
        p = find(body, len, delim, dlen);
        if (!p) return FORM_MALFORMED;
        p += dlen;
    }
    const char *end = body + len;
    for (;;) {
        /* after a delimiter: "--" closes the body, else optional padding then CRLF */
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') return FORM_OK;
        while (p < end && (*p == ' ' || *p == '\t')) p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return FORM_MALFORMED;
        p += 2;
        /* the part's header block ends with an empty line; it may be empty itself */
        const char *hstart = p, *hend, *data;
        if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
            hend = p;
            data = p + 2;
        } else {
            hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
            if (!hend) return FORM_MALFORMED;
            data = hend + 4;
        }
        if (hend - hstart > 8192) return FORM_MALFORMED;
        part_head h;
        form_status st = parse_part_head(a, hstart, hend, &h);
        if (st != FORM_OK) return st;
        const char *next = find(data, (size_t)(end - data), delim, dlen);
        if (!next) return FORM_MALFORMED;
        size_t vlen = (size_t)(next - data);
        char *value = arena_strndup(a, data, vlen);
        st = add_pair(a, lim, out, n, h.name, h.name_len, value, vlen, h.filename == NULL, bad);
        if (st != FORM_OK) return st;
        if (h.filename) add_file(a, lim, files, nfiles, &h, value, vlen);
        p = next + dlen;
    }
}

void form_parse_cookies(arena *a, const char *header, web_pair **out, int *n)
{
    enum { MAX_COOKIES = 64 };
    *out = arena_calloc(a, MAX_COOKIES, sizeof **out);
    *n = 0;
    if (!header) return;
    const char *p = header;
    while (*p && *n < MAX_COOKIES) {
        while (*p == ' ' || *p == '\t' || *p == ';') p++;
        size_t plen = strcspn(p, ";");
        const char *eq = memchr(p, '=', plen);
        if (eq && eq > p) {
            size_t nl = (size_t)(eq - p);
            while (nl && (p[nl - 1] == ' ' || p[nl - 1] == '\t')) nl--;
            const char *v = eq + 1;
            size_t vl = plen - (size_t)(v - p);
            while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t')) vl--;
            if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') { v++; vl -= 2; }
            (*out)[*n] = (web_pair){ arena_strndup(a, p, nl), arena_strndup(a, v, vl) };
            (*n)++;
        }
        p += plen;
    }
}

const char *form_status_message(form_status st)
{
    switch (st) {
    case FORM_TOO_MANY_FIELDS: return _("The form has too many fields.");
    case FORM_NAME_TOO_LONG: return _("A field name in the form is too long.");
    case FORM_VALUE_TOO_LONG: return _("A field value is too long (at most 64 KiB per field).");
    case FORM_BAD_UTF8: return _("The form contains text that is not valid UTF-8.");
    case FORM_MALFORMED: return _("The form data could not be read.");
    default: return _("The form data could not be read.");
    }
}

int form_status_http(form_status st)
{
    switch (st) {
    case FORM_TOO_MANY_FIELDS:
    case FORM_NAME_TOO_LONG:
    case FORM_VALUE_TOO_LONG: return 413;
    default: return 400;
    }
}
