/* bound.c — cheap bounds and proofs used by the heuristic and the CLI: an upper bound
 * on placeable meetings, a lower bound on total breaks, and quick infeasibility proofs
 * (each argument is a necessary condition, so a failure is a proof). */
#include "sched/sched.h"
#include "sched/sched_internal.h"

#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/mem.h"

/* Domains with interpreter needs folded in: 0 for a meeting nobody can interpret. */
static uint64_t *usable_domains(const sched_problem *p)
{
    uint64_t *dom = mem_calloc((size_t)p->nmeetings + 1, sizeof(uint64_t));
    uint64_t *reach = mem_calloc((size_t)p->nmeetings + 1, sizeof(uint64_t));
    sched_interpreter_reach(p, reach, NULL, NULL);
    for (int m = 0; m < p->nmeetings; m++) {
        dom[m] = sched_meeting_domain(p, m);
        if (!(dom[m] & reach[m])) dom[m] = 0;
    }
    free(reach);
    return dom;
}

/* Interpreter-slots on offer: an interpreter serves at most one meeting per slot. */
static long interpreter_slots(const sched_problem *p)
{
    long n = 0;
    for (int i = 0; i < p->ninterpreters; i++)
        n += __builtin_popcountll(p->interpreters[i].available & sched_mask_first(p->nslots));
    return n;
}

int sched_upper_bound_placed(const sched_problem *p)
{
    uint64_t *dom = usable_domains(p);
    int *deg = mem_calloc((size_t)p->nparticipants + 1, sizeof(int));
    uint64_t *uni = mem_calloc((size_t)p->nparticipants + 1, sizeof(uint64_t));
    long usable = 0, plain = 0, needing = 0, interp_slots = interpreter_slots(p), half = 0;
    for (int m = 0; m < p->nmeetings; m++) {
        if (!dom[m]) continue;
        usable++;
        if (sched_meeting_needs_interpreter(p, m)) needing++;
        else plain++;
        int who[2] = { p->meetings[m].a, p->meetings[m].b };
        for (int k = 0; k < 2; k++) {
            deg[who[k]]++;
            uni[who[k]] |= dom[m];
        }
    }
    for (int q = 0; q < p->nparticipants; q++) {
        int free_slots = __builtin_popcountll(uni[q]);
        half += deg[q] < free_slots ? deg[q] : free_slots;
    }
    long ub = usable;
    long tables = (long)p->ntables * p->nslots;
    long interp = plain + (needing < interp_slots ? needing : interp_slots);
    if (tables < ub) ub = tables;
    if (half / 2 < ub) ub = half / 2;
    if (interp < ub) ub = interp;
    free(dom);
    free(deg);
    free(uni);
    return (int)ub;
}

/* Fewest breaks for k meetings inside the allowed slots `allowed`: each run of
 * meetings lies inside one maximal segment of allowed slots, so take the longest
 * segments until they hold k; breaks >= segments used - 1. -1 when they cannot. */
static int min_breaks_in(uint64_t allowed, int k)
{
    if (k <= 1) return 0;
    int len[SCHED_MAX_SLOTS], n = 0;
    while (allowed) {
        allowed >>= __builtin_ctzll(allowed);
        int run = allowed == ~(uint64_t)0 ? 64 : __builtin_ctzll(~allowed);
        len[n++] = run;
        allowed = run >= 64 ? 0 : allowed >> run;
    }
    for (int used = 0, have = 0; used < n; used++) {
        int best = used;
        for (int j = used + 1; j < n; j++)
            if (len[j] > len[best]) best = j;
        int tmp = len[used];
        len[used] = len[best];
        len[best] = tmp;
        have += len[used];
        if (have >= k) return used;
    }
    return -1;
}

int sched_lower_bound_breaks(const sched_problem *p)
{
    int *deg = mem_calloc((size_t)p->nparticipants + 1, sizeof(int));
    uint64_t *uni = mem_calloc((size_t)p->nparticipants + 1, sizeof(uint64_t));
    for (int m = 0; m < p->nmeetings; m++) {
        uint64_t d = sched_meeting_domain(p, m);
        deg[p->meetings[m].a]++;
        deg[p->meetings[m].b]++;
        uni[p->meetings[m].a] |= d;
        uni[p->meetings[m].b] |= d;
    }
    int total = 0;
    for (int q = 0; q < p->nparticipants; q++) {
        int b = min_breaks_in(uni[q], deg[q]);
        if (b > 0) total += b;
    }
    free(deg);
    free(uni);
    return total;
}

/* Earliest slots along precedences (Kahn's order): a cycle, or a chain that runs
 * past a meeting's last allowed slot, proves infeasibility. */
static bool precedence_infeasible(const sched_problem *p, const uint64_t *dom, char *err, int errlen)
{
    int n = p->nmeetings;
    int *indeg = mem_calloc((size_t)n + 1, sizeof(int)), *start = mem_calloc((size_t)n + 2, sizeof(int));
    int *succ = mem_calloc((size_t)SCHED_MAX_PRECS + 1, sizeof(int)), *queue = mem_calloc((size_t)n + 1, sizeof(int));
    int *est = mem_calloc((size_t)n + 1, sizeof(int));
    for (int m = 0; m < n; m++)
        for (int k = 0; k < p->meetings[m].nprec; k++) start[p->meetings[m].prec[k] + 1]++;
    for (int m = 0; m < n; m++) start[m + 1] += start[m];
    int *fill = mem_calloc((size_t)n + 1, sizeof(int));
    for (int m = 0; m < n; m++)
        for (int k = 0; k < p->meetings[m].nprec; k++) {
            int q = p->meetings[m].prec[k];
            if (start[q] + fill[q] < SCHED_MAX_PRECS) succ[start[q] + fill[q]++] = m;
            indeg[m]++;
        }
    int head = 0, tail = 0;
    bool bad = false;
    for (int m = 0; m < n; m++)
        if (!indeg[m]) queue[tail++] = m;
    while (head < tail && !bad) {
        int m = queue[head++];
        uint64_t ok = dom[m] & ~sched_mask_first(est[m]);
        if (!ok) {
            sched_errf(err, errlen, _("meeting %d: its precedences leave no allowed slot"), m + 1);
            bad = true;
            break;
        }
        int at = __builtin_ctzll(ok);
        for (int k = start[m]; k < start[m] + fill[m]; k++) {
            int s = succ[k];
            if (est[s] < at + 1) est[s] = at + 1;
            if (--indeg[s] == 0) queue[tail++] = s;
        }
    }
    if (!bad && tail < n) {
        sched_errf(err, errlen, _("the precedences contain a cycle"));
        bad = true;
    }
    free(indeg); free(start); free(succ); free(queue); free(est); free(fill);
    return bad;
}

/* A participant's meetings need distinct slots among the union of their domains;
 * fixed meetings must not collide or overfill a slot. */
static bool participant_infeasible(const sched_problem *p, const uint64_t *dom, char *err, int errlen)
{
    int *deg = mem_calloc((size_t)p->nparticipants + 1, sizeof(int));
    uint64_t *uni = mem_calloc((size_t)p->nparticipants + 1, sizeof(uint64_t));
    uint64_t *fixed = mem_calloc((size_t)p->nparticipants + 1, sizeof(uint64_t));
    int fixed_per_slot[SCHED_MAX_SLOTS] = { 0 };
    bool bad = false;
    for (int m = 0; m < p->nmeetings && !bad; m++) {
        int who[2] = { p->meetings[m].a, p->meetings[m].b }, f = p->meetings[m].fixed_slot;
        if (f >= 0 && ++fixed_per_slot[f] > p->ntables) {
            sched_errf(err, errlen, _("more meetings fixed to slot %d than there are tables"), f + 1);
            bad = true;
        }
        for (int k = 0; k < 2 && !bad; k++) {
            deg[who[k]]++;
            uni[who[k]] |= dom[m];
            if (f >= 0 && (fixed[who[k]] & ((uint64_t)1 << f))) {
                sched_errf(err, errlen, _("participant %d has two meetings fixed to slot %d"), who[k] + 1, f + 1);
                bad = true;
            }
            if (f >= 0) fixed[who[k]] |= (uint64_t)1 << f;
        }
    }
    for (int q = 0; q < p->nparticipants && !bad; q++)
        if (deg[q] > __builtin_popcountll(uni[q])) {
            /* more meetings than usable slots, and at least one slot (else a meeting of q
             * has none, said above): only the slot count can be 1 */
            sched_errf(err, errlen,
                       ngettext_("participant %d has %d meetings but only %d usable slot",
                                 "participant %d has %d meetings but only %d usable slots",
                                 (unsigned long)__builtin_popcountll(uni[q])),
                       q + 1, deg[q], __builtin_popcountll(uni[q]));
            bad = true;
        }
    free(deg);
    free(uni);
    free(fixed);
    return bad;
}

bool sched_trivially_infeasible(const sched_problem *p, char *err, int errlen)
{
    if ((long)p->nmeetings > (long)p->ntables * p->nslots) {
        /* TRANSLATORS: labels instead of nouns after each number, so no plural forms are needed */
        sched_errf(err, errlen, _("more meetings than places for them: meetings %d, places %ld (slots %d × tables %d)"),
                   p->nmeetings, (long)p->ntables * p->nslots, p->nslots, p->ntables);
        return true;
    }
    uint64_t *dom = usable_domains(p);
    bool bad = false;
    for (int m = 0; m < p->nmeetings && !bad; m++)
        if (!dom[m]) {
            sched_errf(err, errlen, _("meeting %d has no usable slot (session, forbidden, fixed or interpreters)"), m + 1);
            bad = true;
        }
    long needing = 0, offered = interpreter_slots(p);
    for (int m = 0; m < p->nmeetings; m++)
        needing += sched_meeting_needs_interpreter(p, m);
    if (!bad && needing > offered) {
        sched_errf(err, errlen,
                   ngettext_("%ld meeting needs an interpreter, more than the interpreters' free slots in all (%ld)",
                             "%ld meetings need an interpreter, more than the interpreters' free slots in all (%ld)",
                             (unsigned long)needing),
                   needing, offered);
        bad = true;
    }
    bad = bad || participant_infeasible(p, dom, err, errlen) || precedence_infeasible(p, dom, err, errlen);
    free(dom);
    return bad;
}
