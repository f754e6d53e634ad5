/* json_problem.c — reader for kopir's JSON problem format (docs/sched-json.md).
 * jansson parses and reports syntax errors with line and column; semantic errors are
 * located by walking the text along the JSON path of the offending value. */
#include "sched/sched.h"
#include "sched/sched_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/arena.h"

#define JP_MAX_DEPTH 6
#define JP_MAX_CODE 16

typedef struct jp_step {
    const char *key;  /* member name, or NULL for an array index */
    int index;
} jp_step;

typedef struct jp {
    const char *name, *text;
    int len;
    jp_step path[JP_MAX_DEPTH];
    int depth;
    char *err;
    int errlen;
    arena *a;
    sched_problem *p;
} jp;

/* ---- locating a path in the text (the text is known to be valid JSON) ---- */

static int jp_ws(const char *s, int len, int i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    return i;
}

static int jp_skip_string(const char *s, int len, int i)
{
    for (i++; i < len && s[i] != '"'; i++)
        if (s[i] == '\\') i++;
    return i + 1;
}

/* Index just past the value starting at i; nesting is counted, not recursed. */
static int jp_skip_value(const char *s, int len, int i)
{
    int depth = 0;
    do {
        if (i >= len) return len;
        char c = s[i];
        if (c == '"') {
            i = jp_skip_string(s, len, i);
        } else if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            depth--;
            i++;
        } else if (depth > 0) {
            i++;
        } else {
            while (i < len && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\n' &&
                   s[i] != '\r' && s[i] != '\t')
                i++;
        }
    } while (depth > 0);
    return i;
}

/* Offset of the value at steps[0..n-1], or of the deepest container found. */
static int jp_locate(const char *s, int len, const jp_step *steps, int n)
{
    int i = jp_ws(s, len, 0);
    for (int d = 0; d < n && i < len; d++) {
        bool obj = s[i] == '{';
        if (!obj && s[i] != '[') return i;
        int container = i, k = 0;
        i = jp_ws(s, len, i + 1);
        for (;;) {
            if (i >= len || s[i] == '}' || s[i] == ']') return container;
            bool match = false;
            if (obj) {
                int kstart = i + 1;
                i = jp_skip_string(s, len, i);
                size_t klen = (size_t)(i - 1 - kstart);
                match = steps[d].key && strlen(steps[d].key) == klen && memcmp(s + kstart, steps[d].key, klen) == 0;
                i = jp_ws(s, len, i);
                i = jp_ws(s, len, i + 1); /* ':' */
            } else {
                match = !steps[d].key && k == steps[d].index;
            }
            if (match) break;
            i = jp_ws(s, len, jp_skip_value(s, len, i));
            if (i < len && s[i] == ',') i = jp_ws(s, len, i + 1);
            k++;
        }
    }
    return i;
}

static bool jp_fail(jp *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool jp_fail(jp *j, const char *fmt, ...)
{
    int depth = j->depth < JP_MAX_DEPTH ? j->depth : JP_MAX_DEPTH;
    int off = jp_locate(j->text, j->len, j->path, depth), line = 1, col = 1;
    for (int i = 0; i < off && i < j->len; i++) {
        if (j->text[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    char msg[512], where[64] = ""; /* msg: room for a translated message */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t w = 0;
    for (int d = 0; d < depth && w < sizeof where - 24; d++) {
        if (j->path[d].key)
            w += (size_t)snprintf(where + w, sizeof where - w, "%s%.16s", d ? "." : "", j->path[d].key);
        else
            w += (size_t)snprintf(where + w, sizeof where - w, "[%d]", j->path[d].index + 1);
    }
    sched_errf(j->err, j->errlen, "%s:%d:%d: %s%s%s", j->name, line, col, where, *where ? ": " : "", msg);
    return false;
}

/* Path steps name what is being read so errors can point at it. Indices shown and
 * located are 0-based internally; messages show them 1-based like the format. */
static void jp_key(jp *j, const char *key)
{
    if (j->depth < JP_MAX_DEPTH) j->path[j->depth] = (jp_step){ key, -1 };
    j->depth++;
}

static void jp_index(jp *j, int index)
{
    if (j->depth < JP_MAX_DEPTH) j->path[j->depth] = (jp_step){ NULL, index };
    j->depth++;
}

static void jp_pop(jp *j)
{
    j->depth--;
}

static bool jp_int(jp *j, const json_t *v, long lo, long hi, int *out)
{
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return jp_fail(j, _("expected an integer in %ld..%ld"), lo, hi);
    *out = (int)json_integer_value(v);
    return true;
}

/* Rejects members not in `allowed` (NULL-terminated), so a typo is an error. */
static bool jp_keys(jp *j, json_t *obj, const char *const *allowed)
{
    if (!json_is_object(obj)) return jp_fail(j, _("expected an object"));
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int k = 0;
        while (allowed[k] && strcmp(allowed[k], key) != 0) k++;
        if (!allowed[k]) {
            jp_key(j, key);
            return jp_fail(j, _("unknown member \"%.40s\""), key);
        }
    }
    return true;
}

static bool jp_array(jp *j, const json_t *v, size_t max)
{
    if (!json_is_array(v)) return jp_fail(j, _("expected an array"));
    if (json_array_size(v) > max) return jp_fail(j, _("more than %zu elements"), max);
    return true;
}

/* Index of a language code, registering a new one; -1 after an error. */
static int jp_lang(jp *j, const json_t *v)
{
    const char *code = json_string_value(v);
    size_t n = code ? strlen(code) : 0;
    bool valid = n >= 1 && n <= JP_MAX_CODE;
    for (size_t i = 0; valid && i < n; i++)
        valid = (code[i] >= 'a' && code[i] <= 'z') || (code[i] >= 'A' && code[i] <= 'Z') ||
                (code[i] >= '0' && code[i] <= '9') || code[i] == '-';
    if (!valid) return jp_fail(j, _("expected a language code such as \"kk\"")), -1;
    sched_problem *p = j->p;
    for (int l = 0; l < p->nlanguages; l++)
        if (strcmp(p->language_names[l], code) == 0) return l;
    if (p->nlanguages >= SCHED_MAX_LANGUAGES)
        return jp_fail(j, _("more than %d languages"), SCHED_MAX_LANGUAGES), -1;
    p->language_names[p->nlanguages] = arena_strdup(j->a, code);
    return p->nlanguages++;
}

/* The optional key of o holding a list of 1-based slot numbers, as a mask; absent
 * leaves *mask as it is (the caller's default). */
static bool jp_opt_slots(jp *j, json_t *o, const char *key, uint64_t *mask)
{
    json_t *v = json_object_get(o, key), *e;
    if (!v) return true;
    jp_key(j, key);
    if (!jp_array(j, v, SCHED_MAX_SLOTS)) return false;
    *mask = 0;
    size_t i;
    json_array_foreach(v, i, e) {
        int s;
        jp_index(j, (int)i);
        if (!jp_int(j, e, 1, j->p->nslots, &s)) return false;
        jp_pop(j);
        *mask |= (uint64_t)1 << (s - 1);
    }
    jp_pop(j);
    return true;
}

/* The optional "name" of a participant or interpreter (absent: *out unchanged). */
static bool jp_opt_name(jp *j, json_t *o, const char **out)
{
    json_t *v = json_object_get(o, "name");
    if (!v) return true;
    jp_key(j, "name");
    if (!json_is_string(v)) return jp_fail(j, _("expected a string"));
    if (strlen(json_string_value(v)) > SCHED_MAX_NAME) return jp_fail(j, _("longer than %d bytes"), SCHED_MAX_NAME);
    *out = arena_strdup(j->a, json_string_value(v));
    jp_pop(j);
    return true;
}

static bool jp_participant(jp *j, json_t *o, sched_participant *pt)
{
    static const char *const keys[] = { "name", "languages", "forbidden", NULL };
    if (!jp_keys(j, o, keys) || !jp_opt_name(j, o, &pt->name)) return false;
    json_t *v;
    if ((v = json_object_get(o, "languages"))) {
        jp_key(j, "languages");
        if (!jp_array(j, v, SCHED_MAX_LANGUAGES)) return false;
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            jp_index(j, (int)i);
            int l = jp_lang(j, e);
            if (l < 0) return false;
            pt->languages |= (uint32_t)1 << l;
            jp_pop(j);
        }
        jp_pop(j);
    }
    return jp_opt_slots(j, o, "forbidden", &pt->forbidden);
}

static bool jp_session(jp *j, const json_t *v, sched_session *out)
{
    static const char *const names[] = { "morning", "afternoon", "any" };
    for (int k = 0; k < 3; k++)
        if (json_is_string(v) && strcmp(json_string_value(v), names[k]) == 0) {
            *out = (sched_session)(k + 1);
            return true;
        }
    int s;
    if (json_is_string(v) || !jp_int(j, v, 1, 3, &s))
        return jp_fail(j, _("expected \"morning\", \"afternoon\", \"any\" or 1..3"));
    *out = (sched_session)s;
    return true;
}

static bool jp_after(jp *j, const json_t *v, int m, sched_meeting *mt, long *total)
{
    if (!jp_array(j, v, (size_t)j->p->nmeetings)) return false;
    *total += (long)json_array_size(v);
    if (*total > SCHED_MAX_PRECS) return jp_fail(j, _("more than %d precedences in all"), SCHED_MAX_PRECS);
    mt->prec = arena_calloc(j->a, json_array_size(v) + 1, sizeof(int));
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        int q;
        jp_index(j, (int)i);
        if (!jp_int(j, e, 1, j->p->nmeetings, &q)) return false;
        if (q == m + 1) return jp_fail(j, _("a meeting cannot come after itself"));
        jp_pop(j);
        mt->prec[mt->nprec++] = q - 1;
    }
    return true;
}

static bool jp_meeting(jp *j, json_t *o, int m, long *total)
{
    static const char *const keys[] = { "a", "b", "session", "fixed", "after", NULL };
    sched_meeting *mt = &j->p->meetings[m];
    mt->session = SCHED_SESSION_ANY;
    mt->fixed_slot = -1;
    if (!jp_keys(j, o, keys)) return false;
    const char *side[2] = { "a", "b" };
    int who[2];
    for (int k = 0; k < 2; k++) {
        json_t *v = json_object_get(o, side[k]);
        if (!v) return jp_fail(j, _("missing \"%s\""), side[k]);
        jp_key(j, side[k]);
        if (!jp_int(j, v, 1, j->p->nparticipants, &who[k])) return false;
        jp_pop(j);
    }
    if (who[0] == who[1]) return jp_fail(j, _("participant %d cannot meet itself"), who[0]);
    mt->a = who[0] - 1;
    mt->b = who[1] - 1;
    json_t *v;
    if ((v = json_object_get(o, "session"))) {
        jp_key(j, "session");
        if (!jp_session(j, v, &mt->session)) return false;
        jp_pop(j);
    }
    if ((v = json_object_get(o, "fixed")) && !json_is_null(v)) {
        jp_key(j, "fixed");
        if (!jp_int(j, v, 1, j->p->nslots, &mt->fixed_slot)) return false;
        mt->fixed_slot--;
        jp_pop(j);
    }
    if ((v = json_object_get(o, "after"))) {
        jp_key(j, "after");
        if (!jp_after(j, v, m, mt, total)) return false;
        jp_pop(j);
    }
    return true;
}

static bool jp_pairs(jp *j, const json_t *v, sched_interpreter *in)
{
    if (!jp_array(j, v, SCHED_MAX_PAIRS)) return false;
    in->pairs = arena_calloc(j->a, json_array_size(v) + 1, sizeof(sched_lang_pair));
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        jp_index(j, (int)i);
        if (!json_is_array(e) || json_array_size(e) != 2) return jp_fail(j, _("expected a pair [\"kk\", \"zh\"]"));
        for (int k = 0; k < 2; k++) {
            jp_index(j, k);
            int l = jp_lang(j, json_array_get(e, (size_t)k));
            if (l < 0) return false;
            if (k == 0) in->pairs[in->npairs].l1 = l;
            else in->pairs[in->npairs].l2 = l;
            jp_pop(j);
        }
        in->npairs++;
        jp_pop(j);
    }
    return true;
}

static bool jp_interpreter(jp *j, json_t *o, sched_interpreter *in)
{
    static const char *const keys[] = { "name", "pairs", "available", NULL };
    if (!jp_keys(j, o, keys) || !jp_opt_name(j, o, &in->name)) return false;
    json_t *v;
    if (!(v = json_object_get(o, "pairs"))) return jp_fail(j, _("missing \"pairs\""));
    jp_key(j, "pairs");
    if (!jp_pairs(j, v, in)) return false;
    jp_pop(j);
    in->available = sched_mask_first(j->p->nslots);
    return jp_opt_slots(j, o, "available", &in->available);
}

static bool jp_sizes(jp *j, json_t *root)
{
    static const char *const keys[] = { "format", "slots", "morning", "tables", "languages",
                                        "participants", "meetings", "interpreters", NULL };
    if (!jp_keys(j, root, keys)) return false;
    sched_problem *p = j->p;
    const char *req[2] = { "slots", "tables" };
    int *dst[2] = { &p->nslots, &p->ntables };
    long hi[2] = { SCHED_MAX_SLOTS, SCHED_MAX_TABLES };
    for (int k = 0; k < 2; k++) {
        json_t *v = json_object_get(root, req[k]);
        if (!v) return jp_fail(j, _("missing \"%s\""), req[k]);
        jp_key(j, req[k]);
        if (!jp_int(j, v, 1, hi[k], dst[k])) return false;
        jp_pop(j);
    }
    p->nmorning = p->nslots;
    json_t *v = json_object_get(root, "morning");
    if (v) {
        jp_key(j, "morning");
        if (!jp_int(j, v, 0, p->nslots, &p->nmorning)) return false;
        jp_pop(j);
    }
    if ((v = json_object_get(root, "languages"))) {
        jp_key(j, "languages");
        if (!jp_array(j, v, SCHED_MAX_LANGUAGES)) return false;
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            jp_index(j, (int)i);
            if (jp_lang(j, e) < 0) return false;
            jp_pop(j);
        }
        jp_pop(j);
    }
    return true;
}

/* Reads root[key], an array of at most max objects, calling one() on each. */
static bool jp_list(jp *j, json_t *root, const char *key, size_t max, bool required, int *count,
                    bool (*one)(jp *, json_t *, int, void *), void *arg)
{
    json_t *v = json_object_get(root, key);
    if (!v) {
        *count = 0;
        return required ? jp_fail(j, _("missing \"%s\""), key) : true;
    }
    jp_key(j, key);
    if (!jp_array(j, v, max)) return false;
    *count = (int)json_array_size(v);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        jp_index(j, (int)i);
        if (!one(j, e, (int)i, arg)) return false;
        jp_pop(j);
    }
    jp_pop(j);
    return true;
}

static bool one_participant(jp *j, json_t *e, int i, void *arg)
{
    (void)arg;
    return jp_participant(j, e, &j->p->participants[i]);
}

static bool one_meeting(jp *j, json_t *e, int i, void *arg)
{
    return jp_meeting(j, e, i, arg);
}

static bool one_interpreter(jp *j, json_t *e, int i, void *arg)
{
    (void)arg;
    return jp_interpreter(j, e, &j->p->interpreters[i]);
}

static size_t jp_count(json_t *root, const char *key, size_t max)
{
    json_t *v = json_object_get(root, key);
    size_t n = json_is_array(v) ? json_array_size(v) : 0;
    return (n > max ? max : n) + 1;
}

const char *sched_json_syntax_text(int code)
{
    switch (code) {
    case json_error_premature_end_of_input: return _("the JSON text ends too early");
    case json_error_end_of_input_expected: return _("unexpected text after the end of the JSON value");
    case json_error_invalid_utf8: return _("the text is not valid UTF-8");
    case json_error_stack_overflow: return _("the JSON is nested too deeply");
    case json_error_duplicate_key: return _("a key appears twice in the same object");
    case json_error_numeric_overflow: return _("a number is too large");
    case json_error_null_character:
    case json_error_null_byte_in_key: return _("the text contains a NUL character");
    default: return _("invalid JSON syntax");
    }
}

bool sched_json_read(const char *name, const char *data, int len, sched_problem *out,
                     char *err, int errlen)
{
    json_error_t e;
    json_t *root = json_loadb(data, (size_t)len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    if (!root) {
        sched_errf(err, errlen, "%s:%d:%d: %s", name, e.line > 0 ? e.line : 1, e.column > 0 ? e.column : 1,
                   sched_json_syntax_text(json_error_code(&e)));
        return false;
    }
    jp j = { .name = name, .text = data, .len = len, .err = err, .errlen = errlen, .p = out };
    j.a = arena_new();
    out->owner = j.a;
    out->language_names = arena_calloc(j.a, SCHED_MAX_LANGUAGES, sizeof(char *));
    /* Arrays are sized before reading so each element reader can fill its slot. */
    out->participants = arena_calloc(j.a, jp_count(root, "participants", SCHED_MAX_PARTICIPANTS), sizeof(sched_participant));
    out->meetings = arena_calloc(j.a, jp_count(root, "meetings", SCHED_MAX_MEETINGS), sizeof(sched_meeting));
    out->interpreters = arena_calloc(j.a, jp_count(root, "interpreters", SCHED_MAX_INTERPRETERS), sizeof(sched_interpreter));
    json_t *mv = json_object_get(root, "meetings");
    out->nmeetings = json_is_array(mv) && json_array_size(mv) <= SCHED_MAX_MEETINGS ? (int)json_array_size(mv) : 0;
    long total = 0;
    bool ok = jp_sizes(&j, root) &&
              jp_list(&j, root, "participants", SCHED_MAX_PARTICIPANTS, true, &out->nparticipants, one_participant, NULL) &&
              jp_list(&j, root, "meetings", SCHED_MAX_MEETINGS, true, &out->nmeetings, one_meeting, &total) &&
              jp_list(&j, root, "interpreters", SCHED_MAX_INTERPRETERS, false, &out->ninterpreters, one_interpreter, NULL);
    json_decref(root);
    return ok;
}
