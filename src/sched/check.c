/* check.c — the independent checker and the scoring of a solution. It recomputes
 * everything from the slot/table/interpreter arrays with plain loops and shares no
 * state with the solvers, so a solver bug cannot hide behind a shared structure. */
#include "sched/sched.h"
#include "sched/sched_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/mem.h"

int sched_breaks_of(const sched_problem *p, const sched_solution *s, int q)
{
    uint64_t mask = 0;
    for (int m = 0; m < p->nmeetings && m < s->nmeetings; m++) {
        const sched_meeting *mt = &p->meetings[m];
        int t = s->slot[m];
        if ((mt->a == q || mt->b == q) && t >= 0 && t < SCHED_MAX_SLOTS) mask |= (uint64_t)1 << t;
    }
    return sched_mask_breaks(mask);
}

/* Busy masks of every participant from s's slots (double bookings collapse). */
static uint64_t *busy_masks(const sched_problem *p, const sched_solution *s)
{
    uint64_t *busy = mem_calloc((size_t)p->nparticipants + 1, sizeof(uint64_t));
    for (int m = 0; m < p->nmeetings && m < s->nmeetings; m++) {
        int t = s->slot[m];
        if (t < 0 || t >= SCHED_MAX_SLOTS) continue;
        busy[p->meetings[m].a] |= (uint64_t)1 << t;
        busy[p->meetings[m].b] |= (uint64_t)1 << t;
    }
    return busy;
}

void sched_solution_score(const sched_problem *p, sched_solution *s)
{
    uint64_t *busy = busy_masks(p, s);
    s->placed = 0;
    for (int m = 0; m < p->nmeetings && m < s->nmeetings; m++)
        if (s->slot[m] >= 0) s->placed++;
    int total = 0, mx = 0, mn = p->nparticipants ? INT_MAX : 0;
    for (int q = 0; q < p->nparticipants; q++) {
        int b = sched_mask_breaks(busy[q]);
        total += b;
        if (b > mx) mx = b;
        if (b < mn) mn = b;
    }
    s->total_breaks = total;
    s->max_breaks = mx;
    s->min_breaks = mn;
    free(busy);
}

/* Slot, table, session, forbidden and fixed of one meeting. */
static bool check_meeting(const sched_problem *p, const sched_solution *s, int m,
                          bool allow_unplaced, char *err, int errlen)
{
    const sched_meeting *mt = &p->meetings[m];
    int t = s->slot[m];
    if (t < 0) {
        if (t != -1 || !allow_unplaced) {
            sched_errf(err, errlen, _("meeting %d is not placed"), m + 1);
            return false;
        }
        if (s->table[m] != -1 || s->interpreter[m] != -1) {
            sched_errf(err, errlen, _("meeting %d is unplaced but has a table or interpreter"), m + 1);
            return false;
        }
        return true;
    }
    if (t >= p->nslots) {
        sched_errf(err, errlen, _("meeting %d: slot %d out of range 1..%d"), m + 1, t + 1, p->nslots);
        return false;
    }
    if (s->table[m] < 0 || s->table[m] >= p->ntables) {
        sched_errf(err, errlen, _("meeting %d: table %d out of range 1..%d"), m + 1, s->table[m] + 1, p->ntables);
        return false;
    }
    bool morning = t < p->nmorning;
    if ((mt->session == SCHED_SESSION_MORNING && !morning) || (mt->session == SCHED_SESSION_AFTERNOON && morning)) {
        sched_errf(err, errlen, _("meeting %d: slot %d is outside its session"), m + 1, t + 1);
        return false;
    }
    int who[2] = { mt->a, mt->b };
    for (int k = 0; k < 2; k++)
        if (p->participants[who[k]].forbidden & ((uint64_t)1 << t)) {
            sched_errf(err, errlen, _("meeting %d: slot %d is forbidden for participant %d"), m + 1, t + 1, who[k] + 1);
            return false;
        }
    if (mt->fixed_slot >= 0 && mt->fixed_slot != t) {
        sched_errf(err, errlen, _("meeting %d: fixed to slot %d but placed in slot %d"), m + 1, mt->fixed_slot + 1, t + 1);
        return false;
    }
    return true;
}

/* Nobody twice in a slot; no table used twice in a slot. */
static bool check_clashes(const sched_problem *p, const sched_solution *s, char *err, int errlen)
{
    uint64_t *busy = mem_calloc((size_t)p->nparticipants + 1, sizeof(uint64_t));
    unsigned char *used = mem_calloc((size_t)p->nslots * (size_t)p->ntables, 1);
    bool ok = true;
    for (int m = 0; ok && m < p->nmeetings; m++) {
        int t = s->slot[m];
        if (t < 0) continue;
        int who[2] = { p->meetings[m].a, p->meetings[m].b };
        for (int k = 0; ok && k < 2; k++) {
            if (busy[who[k]] & ((uint64_t)1 << t)) {
                sched_errf(err, errlen, _("participant %d has two meetings in slot %d (meeting %d among them)"),
                           who[k] + 1, t + 1, m + 1);
                ok = false;
            }
            busy[who[k]] |= (uint64_t)1 << t;
        }
        size_t cell = (size_t)t * (size_t)p->ntables + (size_t)s->table[m];
        if (ok && used[cell]) {
            sched_errf(err, errlen, _("table %d is used twice in slot %d (meeting %d among them)"), s->table[m] + 1, t + 1, m + 1);
            ok = false;
        }
        used[cell] = 1;
    }
    free(busy);
    free(used);
    return ok;
}

static bool check_precedences(const sched_problem *p, const sched_solution *s, char *err, int errlen)
{
    for (int m = 0; m < p->nmeetings; m++) {
        const sched_meeting *mt = &p->meetings[m];
        for (int k = 0; k < mt->nprec; k++) {
            int q = mt->prec[k];
            /* With unplaced meetings allowed, a precedence binds only two placed meetings. */
            if (s->slot[m] < 0 || s->slot[q] < 0) continue;
            if (s->slot[q] >= s->slot[m]) {
                sched_errf(err, errlen, _("meeting %d (slot %d) must come after meeting %d (slot %d)"),
                           m + 1, s->slot[m] + 1, q + 1, s->slot[q] + 1);
                return false;
            }
        }
    }
    return true;
}

static bool check_interpreters(const sched_problem *p, const sched_solution *s, char *err, int errlen)
{
    uint64_t *busy = mem_calloc((size_t)p->ninterpreters + 1, sizeof(uint64_t));
    bool ok = true;
    for (int m = 0; ok && m < p->nmeetings; m++) {
        int t = s->slot[m], i = s->interpreter[m];
        if (t < 0) continue;
        bool needs = sched_meeting_needs_interpreter(p, m);
        if (!needs && i != -1) {
            sched_errf(err, errlen, _("meeting %d needs no interpreter but has interpreter %d"), m + 1, i + 1);
            ok = false;
        } else if (needs && (i < 0 || i >= p->ninterpreters)) {
            sched_errf(err, errlen, _("meeting %d needs an interpreter and has none"), m + 1);
            ok = false;
        } else if (needs && !sched_interpreter_can_serve(p, i, m)) {
            sched_errf(err, errlen, _("interpreter %d cannot serve meeting %d (no language pair)"), i + 1, m + 1);
            ok = false;
        } else if (needs && !(p->interpreters[i].available & ((uint64_t)1 << t))) {
            sched_errf(err, errlen, _("interpreter %d is not available in slot %d (meeting %d)"), i + 1, t + 1, m + 1);
            ok = false;
        } else if (needs && (busy[i] & ((uint64_t)1 << t))) {
            sched_errf(err, errlen, _("interpreter %d has two meetings in slot %d (meeting %d among them)"), i + 1, t + 1, m + 1);
            ok = false;
        }
        if (ok && needs) busy[i] |= (uint64_t)1 << t;
    }
    free(busy);
    return ok;
}

/* Fairness and the reported scores against recomputed ones. */
static bool check_scores(const sched_problem *p, const sched_solution *s, int fairness, char *err, int errlen)
{
    sched_solution r = *s;
    sched_solution_score(p, &r);
    if (fairness >= 0 && r.max_breaks - r.min_breaks > fairness) {
        sched_errf(err, errlen, _("unfair: breaks range from %d to %d, more than %d apart"),
                   r.min_breaks, r.max_breaks, fairness);
        return false;
    }
    if (r.placed != s->placed || r.total_breaks != s->total_breaks || r.max_breaks != s->max_breaks ||
        r.min_breaks != s->min_breaks) {
        sched_errf(err, errlen, _("reported scores (placed %d, breaks %d, max %d, min %d) differ from recomputed "
                   "(placed %d, breaks %d, max %d, min %d)"), s->placed, s->total_breaks, s->max_breaks,
                   s->min_breaks, r.placed, r.total_breaks, r.max_breaks, r.min_breaks);
        return false;
    }
    if (s->lower_bound > s->total_breaks) {
        sched_errf(err, errlen, _("lower bound %d exceeds total breaks %d"), s->lower_bound, s->total_breaks);
        return false;
    }
    return true;
}

bool sched_check(const sched_problem *p, const sched_solution *s, int fairness,
                 bool allow_unplaced, char *err, int errlen)
{
    if (s->status != SCHED_OPTIMAL && s->status != SCHED_FEASIBLE) {
        sched_errf(err, errlen, _("no schedule to check (status %s)"), sched_status_name(s->status));
        return false;
    }
    if (s->nmeetings != p->nmeetings || !s->slot || !s->table || !s->interpreter) {
        sched_errf(err, errlen, _("meetings in the solution: %d, in the problem: %d"), s->nmeetings, p->nmeetings);
        return false;
    }
    for (int m = 0; m < p->nmeetings; m++)
        if (!check_meeting(p, s, m, allow_unplaced, err, errlen)) return false;
    return check_clashes(p, s, err, errlen) && check_precedences(p, s, err, errlen) &&
           check_interpreters(p, s, err, errlen) && check_scores(p, s, fairness, err, errlen);
}
