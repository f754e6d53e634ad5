/* json_solution.c — the solution's JSON form: writing it (the CLI's --json output)
 * and reading it back for `kopir schedule --check`. Numbers are 1-based, meetings in
 * input order; see docs/sched-json.md. */
#include "sched/sched.h"
#include "sched/sched_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/buf.h"
#include "util/mem.h"

static json_t *one_based(int v)
{
    return v >= 0 ? json_integer(v + 1) : json_null();
}

/* Appends v compactly (it is freed). */
static void put_json(buf *b, json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(9));
    if (!text) mem_oom();
    buf_puts(b, text);
    free(text);
    json_decref(v);
}

static json_t *meeting_entry(const sched_problem *p, const sched_solution *s, int m)
{
    const sched_meeting *mt = &p->meetings[m];
    json_t *e = json_object();
    json_object_set_new(e, "meeting", json_integer(m + 1));
    json_object_set_new(e, "a", json_integer(mt->a + 1));
    json_object_set_new(e, "b", json_integer(mt->b + 1));
    if (s->slot[m] >= 0) {
        json_object_set_new(e, "slot", json_integer(s->slot[m] + 1));
        json_object_set_new(e, "table", one_based(s->table[m]));
        json_object_set_new(e, "interpreter", one_based(s->interpreter[m]));
    } else {
        json_object_set_new(e, "reason", json_string(sched_why_name(s->why[m])));
        json_object_set_new(e, "participant", one_based(s->why_who[m]));
    }
    return e;
}

/* One header object, then one line per meeting, so large results stay readable. */
char *sched_solution_to_json(const sched_problem *p, const sched_solution *s)
{
    bool have = s->status == SCHED_OPTIMAL || s->status == SCHED_FEASIBLE;
    json_t *o = json_object();
    json_object_set_new(o, "status", json_string(sched_status_name(s->status)));
    json_object_set_new(o, "placed", json_integer(have ? s->placed : 0));
    json_object_set_new(o, "total_breaks", have ? json_integer(s->total_breaks) : json_null());
    json_object_set_new(o, "lower_bound", json_integer(s->lower_bound));
    json_object_set_new(o, "upper_bound_placed", json_integer(sched_upper_bound_placed(p)));
    json_object_set_new(o, "max_breaks", have ? json_integer(s->max_breaks) : json_null());
    json_object_set_new(o, "min_breaks", have ? json_integer(s->min_breaks) : json_null());
    json_object_set_new(o, "seconds", json_real((double)(long)(s->seconds * 1000) / 1000.0));
    buf b = BUF_INIT;
    buf_init(&b, (size_t)1 << 30);
    put_json(&b, o);
    b.len--; /* reopen the header object */
    for (int pass = 0; pass < 2; pass++) {
        buf_puts(&b, pass ? ",\n \"unplaced\": [" : ",\n \"meetings\": [");
        int k = 0;
        for (int m = 0; have && m < p->nmeetings && m < s->nmeetings; m++) {
            if ((s->slot[m] < 0) != pass) continue;
            buf_puts(&b, k++ ? ",\n  " : "\n  ");
            put_json(&b, meeting_entry(p, s, m));
        }
        buf_puts(&b, k ? "\n ]" : "]");
    }
    buf_puts(&b, "}");
    if (b.overflow) mem_oom();
    return buf_detach(&b);
}

static bool status_from(const char *name, sched_status *st)
{
    static const sched_status all[] = { SCHED_OPTIMAL, SCHED_FEASIBLE, SCHED_INFEASIBLE, SCHED_UNKNOWN };
    for (int k = 0; k < 4; k++)
        if (name && strcmp(name, sched_status_name(all[k])) == 0) {
            *st = all[k];
            return true;
        }
    return false;
}

/* Optional 1-based integer member (null or absent = -1); false when malformed. */
static bool member_index(const json_t *e, const char *key, int hi, int *out)
{
    const json_t *v = json_object_get(e, key);
    *out = -1;
    if (!v || json_is_null(v)) return true;
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > hi) return false;
    *out = (int)json_integer_value(v) - 1;
    return true;
}

/* The first member of o not named in keys (NULL-terminated), or NULL: a result file
 * with a misspelt or foreign member is not the format the checker vouches for. */
static const char *unknown_key(const json_t *o, const char *const *keys)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v) {
        bool known = false;
        for (int i = 0; keys[i] && !known; i++)
            known = strcmp(k, keys[i]) == 0;
        if (!known) return k;
    }
    return NULL;
}

/* The part both lists share: an object with only the members in keys, whose
 * "meeting", "a" and "b" are as in the problem. */
static bool read_head(const sched_problem *p, const json_t *e, const char *const *keys, int *m, char *msg,
                      int msglen)
{
    int a, b;
    const char *bad = json_is_object(e) ? unknown_key(e, keys) : NULL;
    if (bad) {
        sched_errf(msg, msglen, _("unknown member \"%s\""), bad);
        return false;
    }
    if (!json_is_object(e) || !member_index(e, "meeting", p->nmeetings, m) || *m < 0) {
        sched_errf(msg, msglen, _("each meeting needs \"meeting\" in 1..%d"), p->nmeetings);
        return false;
    }
    if (!member_index(e, "a", p->nparticipants, &a) || !member_index(e, "b", p->nparticipants, &b) ||
        a != p->meetings[*m].a || b != p->meetings[*m].b) {
        sched_errf(msg, msglen, _("meeting %d: \"a\" and \"b\" must be %d and %d, as in the problem"), *m + 1,
                   p->meetings[*m].a + 1, p->meetings[*m].b + 1);
        return false;
    }
    return true;
}

static bool read_entry(const sched_problem *p, const json_t *e, sched_solution *out, char *msg, int msglen)
{
    static const char *const keys[] = { "meeting", "a", "b", "slot", "table", "interpreter", NULL };
    int m, slot, table, interp;
    if (!read_head(p, e, keys, &m, msg, msglen))
        return false;
    if (out->slot[m] != -1) {
        sched_errf(msg, msglen, _("meeting %d listed twice"), m + 1);
        return false;
    }
    if (!member_index(e, "slot", p->nslots, &slot) || slot < 0) {
        sched_errf(msg, msglen, _("meeting %d: \"slot\" must be 1..%d"), m + 1, p->nslots);
        return false;
    }
    if (!member_index(e, "table", p->ntables, &table) || table < 0) {
        sched_errf(msg, msglen, _("meeting %d: \"table\" must be 1..%d"), m + 1, p->ntables);
        return false;
    }
    if (!member_index(e, "interpreter", p->ninterpreters, &interp)) {
        sched_errf(msg, msglen, _("meeting %d: \"interpreter\" must be null or 1..%d"), m + 1, p->ninterpreters);
        return false;
    }
    out->slot[m] = slot;
    out->table[m] = table;
    out->interpreter[m] = interp;
    return true;
}

/* One entry of "unplaced": a meeting absent from "meetings", with a known reason. */
static bool read_unplaced(const sched_problem *p, const json_t *e, bool *seen, const sched_solution *out,
                          char *msg, int msglen)
{
    static const char *const keys[] = { "meeting", "a", "b", "reason", "participant", NULL };
    int m, who;
    if (!read_head(p, e, keys, &m, msg, msglen))
        return false;
    if (out->slot[m] != -1 || seen[m]) {
        sched_errf(msg, msglen, _("meeting %d listed twice"), m + 1);
        return false;
    }
    const char *reason = json_string_value(json_object_get(e, "reason"));
    bool known = false;
    for (int w = SCHED_WHY_NONE; reason && w <= SCHED_WHY_FAIRNESS && !known; w++)
        known = strcmp(reason, sched_why_name((sched_why)w)) == 0;
    if (!known || !member_index(e, "participant", p->nparticipants, &who)) {
        sched_errf(msg, msglen, _("unplaced meeting %d: \"reason\" or \"participant\" is not valid"), m + 1);
        return false;
    }
    seen[m] = true;
    return true;
}

static bool read_scores(const json_t *root, sched_solution *out, char *msg, int msglen)
{
    const char *keys[4] = { "total_breaks", "max_breaks", "min_breaks", "lower_bound" };
    int *dst[4] = { &out->total_breaks, &out->max_breaks, &out->min_breaks, &out->lower_bound };
    for (int k = 0; k < 4; k++) {
        const json_t *v = json_object_get(root, keys[k]);
        if (k == 3 && (!v || json_is_null(v))) continue;
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000000) {
            sched_errf(msg, msglen, _("\"%s\" must be a non-negative integer"), keys[k]);
            return false;
        }
        *dst[k] = (int)json_integer_value(v);
    }
    return true;
}

/* "placed" and "upper_bound_placed": integers 0..nmeetings, the bound not below the
 * count (a bound below what the schedule itself places is false). */
static bool read_counts(const sched_problem *p, const json_t *root, sched_solution *out, char *msg, int msglen)
{
    const json_t *pl = json_object_get(root, "placed"), *ub = json_object_get(root, "upper_bound_placed");
    if (!json_is_integer(pl) || json_integer_value(pl) < 0 || json_integer_value(pl) > p->nmeetings) {
        sched_errf(msg, msglen, _("\"%s\" must be an integer 0..%d"), "placed", p->nmeetings);
        return false;
    }
    out->placed = (int)json_integer_value(pl);
    if (ub && !json_is_null(ub) &&
        (!json_is_integer(ub) || json_integer_value(ub) < 0 || json_integer_value(ub) > p->nmeetings)) {
        sched_errf(msg, msglen, _("\"%s\" must be an integer 0..%d"), "upper_bound_placed", p->nmeetings);
        return false;
    }
    int listed = (int)json_array_size(json_object_get(root, "meetings"));
    if (ub && json_is_integer(ub) && json_integer_value(ub) < listed) {
        sched_errf(msg, msglen, _("\"upper_bound_placed\" %d is below the %d meetings the schedule places"),
                   (int)json_integer_value(ub), listed);
        return false;
    }
    return true;
}

/* The two lists: every meeting of the problem exactly once, in "meetings" with its
 * slot or in "unplaced" with a reason. path names the failing entry for the message. */
static bool read_lists(const sched_problem *p, const json_t *root, sched_solution *out, char *path, int pathlen,
                       char *msg, int msglen)
{
    const json_t *list = json_object_get(root, "meetings"), *un = json_object_get(root, "unplaced");
    if (!json_is_array(list) || json_array_size(list) > (size_t)p->nmeetings) {
        sched_errf(msg, msglen, _("\"meetings\" must be an array of at most %d entries"), p->nmeetings);
        return false;
    }
    if (!json_is_array(un)) {
        sched_errf(msg, msglen, _("\"%s\" must be an array"), "unplaced");
        return false;
    }
    size_t i;
    const json_t *e;
    json_array_foreach(list, i, e) {
        snprintf(path, (size_t)pathlen, "meetings[%zu]: ", i);
        if (!read_entry(p, e, out, msg, msglen)) return false;
    }
    bool *seen = mem_calloc((size_t)p->nmeetings + 1, sizeof(bool));
    bool ok = true;
    json_array_foreach(un, i, e) {
        snprintf(path, (size_t)pathlen, "unplaced[%zu]: ", i);
        if (!(ok = read_unplaced(p, e, seen, out, msg, msglen))) break;
    }
    if (ok) path[0] = '\0';
    bool schedule = out->status == SCHED_OPTIMAL || out->status == SCHED_FEASIBLE; /* else both lists are empty */
    for (int m = 0; ok && schedule && m < p->nmeetings; m++)
        if (out->slot[m] == -1 && !seen[m]) {
            sched_errf(msg, msglen, _("meeting %d is in neither \"meetings\" nor \"unplaced\""), m + 1);
            ok = false;
        }
    free(seen);
    return ok;
}

static bool read_root(const sched_problem *p, const json_t *root, sched_solution *out, char *path, int pathlen,
                      char *msg, int msglen)
{
    static const char *const keys[] = { "status", "placed", "upper_bound_placed", "total_breaks", "lower_bound",
                                        "max_breaks", "min_breaks", "seconds", "meetings", "unplaced", NULL };
    if (!json_is_object(root) || !status_from(json_string_value(json_object_get(root, "status")), &out->status)) {
        sched_errf(msg, msglen, _("expected an object with \"status\" optimal, feasible, infeasible or unknown"));
        return false;
    }
    const char *bad = unknown_key(root, keys);
    if (bad) {
        sched_errf(msg, msglen, _("unknown member \"%s\""), bad);
        return false;
    }
    const json_t *sec = json_object_get(root, "seconds");
    if (sec && (!json_is_number(sec) || json_number_value(sec) < 0)) {
        sched_errf(msg, msglen, _("\"%s\" must be a non-negative number"), "seconds");
        return false;
    }
    if (!read_lists(p, root, out, path, pathlen, msg, msglen)) return false;
    out->placed = (int)json_array_size(json_object_get(root, "meetings"));
    if (out->status != SCHED_OPTIMAL && out->status != SCHED_FEASIBLE) return true;
    return read_counts(p, root, out, msg, msglen) && read_scores(root, out, msg, msglen);
}

bool sched_solution_read_json(const sched_problem *p, const char *name, const char *data, int len,
                              sched_solution *out, char *err, int errlen)
{
    sched_solution_init(out, p);
    if (len < 0) len = 0;
    if (!sched_text_begin(name, &data, &len, err, errlen)) return false;
    json_error_t e;
    json_t *root = json_loadb(data, (size_t)len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    if (!root) {
        sched_errf(err, errlen, "%s:%d:%d: %s", name, e.line > 0 ? e.line : 1, e.column > 0 ? e.column : 1,
                   sched_json_syntax_text(json_error_code(&e)));
        return false;
    }
    char msg[512], path[64] = ""; /* room for a translated message; the failing entry */
    bool ok = read_root(p, root, out, path, (int)sizeof path, msg, sizeof msg);
    json_decref(root);
    /* jansson keeps no positions for values, so semantic errors name the entry
     * ("meetings[3]") instead of a line and column. */
    if (!ok) sched_errf(err, errlen, "%s: %s%s", name, path, msg);
    return ok;
}
