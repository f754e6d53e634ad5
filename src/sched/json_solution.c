/* json_solution.c — the solution's JSON form: writing it (the CLI's --json output)
 * and reading it back for `kopir schedule --check`. Numbers are 1-based, meetings in
 * input order; see docs/sched-json.md. */
#include "sched/sched.h"
#include "sched/sched_internal.h"

#include <jansson.h>
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
    char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
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

static bool read_entry(const sched_problem *p, const json_t *e, sched_solution *out, char *msg, int msglen)
{
    int m, a, b, slot, table, interp;
    if (!json_is_object(e) || !member_index(e, "meeting", p->nmeetings, &m) || m < 0) {
        sched_errf(msg, msglen, _("each meeting needs \"meeting\" in 1..%d"), p->nmeetings);
        return false;
    }
    if (out->slot[m] != -1) {
        sched_errf(msg, msglen, _("meeting %d listed twice"), m + 1);
        return false;
    }
    if (!member_index(e, "a", p->nparticipants, &a) || !member_index(e, "b", p->nparticipants, &b) ||
        (a >= 0 && a != p->meetings[m].a) || (b >= 0 && b != p->meetings[m].b)) {
        sched_errf(msg, msglen, _("meeting %d: a/b differ from the problem"), m + 1);
        return false;
    }
    if (!member_index(e, "slot", p->nslots, &slot) || slot < 0 || !member_index(e, "table", p->ntables, &table) ||
        !member_index(e, "interpreter", p->ninterpreters, &interp)) {
        sched_errf(msg, msglen, _("meeting %d: slot, table or interpreter missing or out of range"), m + 1);
        return false;
    }
    out->slot[m] = slot;
    out->table[m] = table;
    out->interpreter[m] = interp;
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

static bool read_root(const sched_problem *p, const json_t *root, sched_solution *out, char *msg, int msglen)
{
    if (!json_is_object(root) || !status_from(json_string_value(json_object_get(root, "status")), &out->status)) {
        sched_errf(msg, msglen, _("expected an object with \"status\" optimal, feasible, infeasible or unknown"));
        return false;
    }
    const json_t *list = json_object_get(root, "meetings");
    if (!json_is_array(list) || json_array_size(list) > (size_t)p->nmeetings) {
        sched_errf(msg, msglen, _("\"meetings\" must be an array of at most %d entries"), p->nmeetings);
        return false;
    }
    size_t i;
    const json_t *e;
    json_array_foreach(list, i, e)
        if (!read_entry(p, e, out, msg, msglen)) return false;
    out->placed = (int)json_array_size(list);
    if (out->status != SCHED_OPTIMAL && out->status != SCHED_FEASIBLE) return true;
    const json_t *pl = json_object_get(root, "placed");
    if (json_is_integer(pl)) out->placed = (int)json_integer_value(pl);
    return read_scores(root, out, msg, msglen);
}

bool sched_solution_read_json(const sched_problem *p, const char *name, const char *data, int len,
                              sched_solution *out, char *err, int errlen)
{
    sched_solution_init(out, p);
    json_error_t e;
    json_t *root = json_loadb(data, (size_t)(len > 0 ? len : 0), JSON_REJECT_DUPLICATES, &e);
    if (!root) {
        sched_errf(err, errlen, "%s:%d:%d: %s", name, e.line > 0 ? e.line : 1, e.column > 0 ? e.column : 1, e.text);
        return false;
    }
    char msg[512]; /* room for a translated message */
    bool ok = read_root(p, root, out, msg, sizeof msg);
    json_decref(root);
    if (!ok) sched_errf(err, errlen, "%s:1:1: %s", name, msg);
    return ok;
}
