/* dzn.c — reader for the benchmark's MiniZinc data files (.dzn): a tokenizer and a
 * generic parser for `name = value;` (integers, 1-D arrays of integers or sets, 2-D
 * `[| ... |]` arrays), then the mapping of the known names onto a sched_problem.
 * Errors are "FILE:LINE:COL: message", the message in the thread's language (_()). */
#include "sched/sched.h"
#include "sched/sched_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/mem.h"

#define DZN_MAX_NUMBER 1000000000L
#define DZN_MAX_IDENT 64

/* One element of an array: an integer, a set {..} or a row of a 2-D array; its
 * integers are nums[start .. start+n-1]. */
typedef struct dzn_item {
    int start, n;
    int line, col;
    bool is_set;
} dzn_item;

typedef struct dzn_value {
    bool present;
    bool is_array, is_2d;
    long ival;
    dzn_item *items;
    int nitems, capitems;
    int line, col;     /* where the value starts, for semantic errors */
} dzn_value;

typedef struct dzn {
    const char *name, *s;
    int len, i, line, col;
    int *nums;
    int nnums, capnums;
    char *err;
    int errlen;
    bool failed;
} dzn;

enum { V_NBUS, V_NMEET, V_NTAB, V_NSLOT, V_NMORN, V_REQ, V_MXB, V_NMB, V_FORB, V_FIXED, V_PREC, V_COUNT };
static const char *const dzn_names[V_COUNT] = {
    "nBusiness", "nMeetings", "nTables", "nTotalSlots", "nMorningSlots", "requested",
    "meetingsxBusiness", "nMeetingsBusiness", "forbidden", "fixed", "precedences",
};

static bool fail_at(dzn *d, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static bool fail_at(dzn *d, int line, int col, const char *fmt, ...)
{
    if (d->failed) return false;
    d->failed = true;
    char msg[512]; /* room for a translated message (Cyrillic takes two bytes a letter) */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sched_errf(d->err, d->errlen, "%s:%d:%d: %s", d->name, line, col, msg);
    return false;
}

static void advance(dzn *d)
{
    if (d->s[d->i] == '\n') {
        d->line++;
        d->col = 1;
    } else {
        d->col++;
    }
    d->i++;
}

/* Skips blanks and `%` comments; returns the next byte or -1 at the end. */
static int peek(dzn *d)
{
    while (d->i < d->len) {
        char c = d->s[d->i];
        if (c == '%') {
            while (d->i < d->len && d->s[d->i] != '\n') advance(d);
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            advance(d);
        } else {
            return (unsigned char)c;
        }
    }
    return -1;
}

static bool expect(dzn *d, char c)
{
    int got = peek(d);
    if (got != c) {
        if (got < 0) return fail_at(d, d->line, d->col, _("expected '%c' but the file ends"), c);
        if (got < 32 || got > 126) return fail_at(d, d->line, d->col, _("expected '%c', got byte 0x%02x"), c, got);
        return fail_at(d, d->line, d->col, _("expected '%c', got '%c'"), c, got);
    }
    advance(d);
    return true;
}

static bool read_number(dzn *d, long *out)
{
    int line = d->line, col = d->col;
    bool neg = false;
    if (peek(d) == '-') {
        neg = true;
        advance(d);
    }
    if (d->i >= d->len) return fail_at(d, line, col, _("expected a number but the file ends"));
    if (!isdigit((unsigned char)d->s[d->i])) return fail_at(d, line, col, _("expected a number"));
    long v = 0;
    while (d->i < d->len && isdigit((unsigned char)d->s[d->i])) {
        v = v * 10 + (d->s[d->i] - '0');
        if (v > DZN_MAX_NUMBER) return fail_at(d, line, col, _("number too large"));
        advance(d);
    }
    *out = neg ? -v : v;
    return true;
}

static void push_num(dzn *d, long v)
{
    if (d->nnums == d->capnums) {
        d->capnums = d->capnums ? d->capnums * 2 : 1024;
        d->nums = mem_realloc(d->nums, sizeof(int) * (size_t)d->capnums);
    }
    d->nums[d->nnums++] = (int)v;
}

static dzn_item *push_item(dzn_value *v, int line, int col, bool is_set, int start)
{
    if (v->nitems == v->capitems) {
        v->capitems = v->capitems ? v->capitems * 2 : 64;
        v->items = mem_realloc(v->items, sizeof(dzn_item) * (size_t)v->capitems);
    }
    dzn_item *it = &v->items[v->nitems++];
    it->start = start;
    it->n = 0;
    it->line = line;
    it->col = col;
    it->is_set = is_set;
    return it;
}

/* Integers separated by commas (a trailing comma allowed) up to `close`, which is consumed. */
static bool read_int_list(dzn *d, dzn_item *it, char close)
{
    for (;;) {
        int c = peek(d);
        if (c == close) {
            advance(d);
            return true;
        }
        long v;
        if (!read_number(d, &v)) return false;
        push_num(d, v);
        it->n++;
        c = peek(d);
        if (c == ',') advance(d);
        else if (c != close) return expect(d, close);
    }
}

static bool read_2d(dzn *d, dzn_value *v)
{
    v->is_2d = true;
    advance(d); /* the '|' after '[' */
    if (peek(d) == '|') { /* "[||]": no rows */
        advance(d);
        return expect(d, ']');
    }
    for (;;) {
        dzn_item *it = push_item(v, d->line, d->col, false, d->nnums);
        if (!read_int_list(d, it, '|')) return false;
        if (it->n == 0) return fail_at(d, it->line, it->col, _("empty row"));
        if (peek(d) == ']') { /* "|]" closes the array after the last row */
            advance(d);
            return true;
        }
    }
}

static bool read_array(dzn *d, dzn_value *v)
{
    v->is_array = true;
    advance(d); /* '[' */
    if (peek(d) == '|') return read_2d(d, v);
    for (;;) {
        int c = peek(d);
        if (c == ']') {
            advance(d);
            return true;
        }
        dzn_item *it = push_item(v, d->line, d->col, c == '{', d->nnums);
        if (c == '{') {
            advance(d);
            if (!read_int_list(d, it, '}')) return false;
        } else {
            long x;
            if (!read_number(d, &x)) return false;
            push_num(d, x);
            it->n = 1;
        }
        c = peek(d);
        if (c == ',') advance(d);
        else if (c != ']') return expect(d, ']');
    }
}

static bool read_ident(dzn *d, char *id)
{
    int n = 0, c = peek(d);
    if (c < 0 || !(isalpha(c) || c == '_'))
        return fail_at(d, d->line, d->col, _("expected a name"));
    while (d->i < d->len && (isalnum((unsigned char)d->s[d->i]) || d->s[d->i] == '_')) {
        if (n >= DZN_MAX_IDENT) return fail_at(d, d->line, d->col, _("name too long"));
        id[n++] = d->s[d->i];
        advance(d);
    }
    id[n] = '\0';
    return true;
}

static bool read_assignment(dzn *d, dzn_value *vals)
{
    char id[DZN_MAX_IDENT + 1];
    int line = d->line, col = d->col;
    if (!read_ident(d, id) || !expect(d, '=')) return false;
    int k = 0;
    while (k < V_COUNT && strcmp(dzn_names[k], id) != 0) k++;
    if (k == V_COUNT) {
        /* A misspelt "forbiden" would otherwise drop the constraints silently. */
        char known[256] = "";
        for (int j = 0; j < V_COUNT; j++)
            snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", j ? ", " : "", dzn_names[j]);
        return fail_at(d, line, col, _("unknown name '%s' (expected one of: %s)"), id, known);
    }
    dzn_value *v = &vals[k];
    if (v->present) return fail_at(d, line, col, _("'%s' assigned twice"), id);
    v->present = true;
    peek(d);
    v->line = d->line;
    v->col = d->col;
    bool ok;
    if (peek(d) == '[') ok = read_array(d, v);
    else ok = read_number(d, &v->ival);
    return ok && expect(d, ';');
}

static bool parse_all(dzn *d, dzn_value *vals)
{
    while (peek(d) >= 0)
        if (!read_assignment(d, vals)) return false;
    return true;
}

/* ---- mapping the parsed values onto the problem ---- */

static bool need_scalar(dzn *d, const dzn_value *v, int k, long lo, long hi, int *out)
{
    if (!v->present)
        return fail_at(d, d->line, d->col, _("missing '%s'"), dzn_names[k]);
    if (v->is_array) return fail_at(d, v->line, v->col, _("'%s' must be a number"), dzn_names[k]);
    if (v->ival < lo || v->ival > hi)
        return fail_at(d, v->line, v->col, _("'%s' = %ld is out of range %ld..%ld"), dzn_names[k], v->ival, lo, hi);
    *out = (int)v->ival;
    return true;
}

/* An optional 1-D array with exactly n elements, all sets (sets) or all integers. */
static bool check_array(dzn *d, const dzn_value *v, int k, int n, bool sets)
{
    if (!v->is_array || v->is_2d)
        return fail_at(d, v->line, v->col, _("'%s' must be a one-dimensional array"), dzn_names[k]);
    if (v->nitems != n)
        return fail_at(d, v->line, v->col,
                       ngettext_("'%s' has %d element, expected %d", "'%s' has %d elements, expected %d",
                                 (unsigned long)v->nitems),
                       dzn_names[k], v->nitems, n);
    for (int i = 0; i < n; i++)
        if (v->items[i].is_set != sets)
            return fail_at(d, v->items[i].line, v->items[i].col,
                           sets ? _("'%s': expected a set {...}") : _("'%s': expected a number"), dzn_names[k]);
    return true;
}

static bool map_requested(dzn *d, const dzn_value *v, sched_problem *p, int *deg)
{
    if (!v->present) return fail_at(d, d->line, d->col, _("missing 'requested'"));
    if (!v->is_2d) return fail_at(d, v->line, v->col, _("'requested' must be a 2-D array [| a, b, session | ... |]"));
    if (v->nitems != p->nmeetings)
        return fail_at(d, v->line, v->col, _("'requested': rows %d, but nMeetings = %d"), v->nitems, p->nmeetings);
    for (int m = 0; m < p->nmeetings; m++) {
        const dzn_item *it = &v->items[m];
        const int *x = d->nums + it->start;
        if (it->n != 3) return fail_at(d, it->line, it->col, _("meeting %d: expected 3 values (a, b, session), got %d"), m + 1, it->n);
        if (x[0] < 1 || x[0] > p->nparticipants || x[1] < 1 || x[1] > p->nparticipants)
            return fail_at(d, it->line, it->col, _("meeting %d: participant out of range 1..%d"), m + 1, p->nparticipants);
        if (x[0] == x[1]) return fail_at(d, it->line, it->col, _("meeting %d: participant %d meets itself"), m + 1, x[0]);
        if (x[2] < 1 || x[2] > 3) return fail_at(d, it->line, it->col, _("meeting %d: session must be 1, 2 or 3"), m + 1);
        sched_meeting *mt = &p->meetings[m];
        mt->a = x[0] - 1;
        mt->b = x[1] - 1;
        mt->session = (sched_session)x[2];
        mt->fixed_slot = -1;
        deg[mt->a]++;
        deg[mt->b]++;
    }
    return true;
}

/* meetingsxBusiness lists each participant's meetings shifted by +1 (1 = "none");
 * it must name exactly the meetings `requested` gives that participant. */
static bool cross_check(dzn *d, const dzn_value *vals, const sched_problem *p, const int *deg)
{
    const dzn_value *mx = &vals[V_MXB], *nb = &vals[V_NMB];
    if (nb->present) {
        if (!check_array(d, nb, V_NMB, p->nparticipants, false)) return false;
        for (int q = 0; q < p->nparticipants; q++)
            if (d->nums[nb->items[q].start] != deg[q])
                return fail_at(d, nb->items[q].line, nb->items[q].col,
                               _("inconsistent: participant %d, meetings by nMeetingsBusiness: %d, by requested: %d"),
                               q + 1, d->nums[nb->items[q].start], deg[q]);
    }
    if (!mx->present) return true;
    if (!check_array(d, mx, V_MXB, p->nparticipants, true)) return false;
    for (int q = 0; q < p->nparticipants; q++) {
        const dzn_item *it = &mx->items[q];
        int listed = 0;
        for (int k = 0; k < it->n; k++) {
            int v = d->nums[it->start + k];
            if (v == 1) continue;
            int m = v - 2;
            if (m < 0 || m >= p->nmeetings || (p->meetings[m].a != q && p->meetings[m].b != q))
                return fail_at(d, it->line, it->col,
                               _("inconsistent: meetingsxBusiness lists %d for participant %d, not one of its meetings"), v, q + 1);
            for (int j = 0; j < k; j++)
                if (d->nums[it->start + j] == v)
                    return fail_at(d, it->line, it->col, _("meetingsxBusiness: %d listed twice for participant %d"), v, q + 1);
            listed++;
        }
        if (listed != deg[q])
            return fail_at(d, it->line, it->col,
                           _("inconsistent: meetings listed by meetingsxBusiness: %d for participant %d, by requested: %d"),
                           listed, q + 1, deg[q]);
    }
    return true;
}

static bool map_forbidden(dzn *d, const dzn_value *v, sched_problem *p)
{
    if (!v->present) return true;
    if (!check_array(d, v, V_FORB, p->nparticipants, true)) return false;
    for (int q = 0; q < p->nparticipants; q++) {
        const dzn_item *it = &v->items[q];
        for (int k = 0; k < it->n; k++) {
            int s = d->nums[it->start + k];
            if (s == 0) continue; /* {0} means "none" */
            if (s < 1 || s > p->nslots)
                return fail_at(d, it->line, it->col, _("forbidden slot %d of participant %d out of range 1..%d"), s, q + 1, p->nslots);
            p->participants[q].forbidden |= (uint64_t)1 << (s - 1);
        }
    }
    return true;
}

static bool map_fixed(dzn *d, const dzn_value *v, sched_problem *p)
{
    if (!v->present) return true;
    if (!check_array(d, v, V_FIXED, p->nmeetings, false)) return false;
    for (int m = 0; m < p->nmeetings; m++) {
        int s = d->nums[v->items[m].start];
        if (s < 0 || s > p->nslots)
            return fail_at(d, v->items[m].line, v->items[m].col, _("fixed slot %d of meeting %d out of range 0..%d"), s, m + 1, p->nslots);
        p->meetings[m].fixed_slot = s - 1;
    }
    return true;
}

static bool map_prec(dzn *d, const dzn_value *v, sched_problem *p, arena *a)
{
    if (!v->present) return true;
    if (!check_array(d, v, V_PREC, p->nmeetings, true)) return false;
    long total = 0;
    for (int m = 0; m < p->nmeetings; m++) {
        const dzn_item *it = &v->items[m];
        total += it->n;
        if (total > SCHED_MAX_PRECS)
            return fail_at(d, it->line, it->col, _("more than %d precedences"), SCHED_MAX_PRECS);
        sched_meeting *mt = &p->meetings[m];
        mt->prec = it->n ? arena_calloc(a, (size_t)it->n, sizeof(int)) : NULL;
        for (int k = 0; k < it->n; k++) {
            int q = d->nums[it->start + k];
            if (q < 1 || q > p->nmeetings || q == m + 1)
                return fail_at(d, it->line, it->col, _("precedence %d of meeting %d out of range or itself"), q, m + 1);
            mt->prec[mt->nprec++] = q - 1;
        }
    }
    return true;
}

static bool dzn_map(dzn *d, const dzn_value *vals, sched_problem *p)
{
    if (!need_scalar(d, &vals[V_NBUS], V_NBUS, 0, SCHED_MAX_PARTICIPANTS, &p->nparticipants) ||
        !need_scalar(d, &vals[V_NMEET], V_NMEET, 0, SCHED_MAX_MEETINGS, &p->nmeetings) ||
        !need_scalar(d, &vals[V_NTAB], V_NTAB, 1, SCHED_MAX_TABLES, &p->ntables) ||
        !need_scalar(d, &vals[V_NSLOT], V_NSLOT, 1, SCHED_MAX_SLOTS, &p->nslots) ||
        !need_scalar(d, &vals[V_NMORN], V_NMORN, 0, p->nslots, &p->nmorning))
        return false;
    arena *a = arena_new();
    p->owner = a;
    p->participants = arena_calloc(a, (size_t)p->nparticipants + 1, sizeof(sched_participant));
    p->meetings = arena_calloc(a, (size_t)p->nmeetings + 1, sizeof(sched_meeting));
    int *deg = mem_calloc((size_t)p->nparticipants + 1, sizeof(int));
    bool ok = map_requested(d, &vals[V_REQ], p, deg) && cross_check(d, vals, p, deg) &&
              map_forbidden(d, &vals[V_FORB], p) && map_fixed(d, &vals[V_FIXED], p) &&
              map_prec(d, &vals[V_PREC], p, a);
    free(deg);
    return ok;
}


bool sched_dzn_read(const char *name, const char *data, int len, sched_problem *out,
                    char *err, int errlen)
{
    dzn d = { .name = name, .s = data, .len = len, .line = 1, .col = 1, .err = err, .errlen = errlen };
    dzn_value vals[V_COUNT];
    memset(vals, 0, sizeof vals);
    bool ok = parse_all(&d, vals) && dzn_map(&d, vals, out);
    for (int k = 0; k < V_COUNT; k++) free(vals[k].items);
    free(d.nums);
    return ok;
}
