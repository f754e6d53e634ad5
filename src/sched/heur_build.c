/* heur_build.c — the heuristic's setup and ends: state allocation, greedy construction
 * (most pressed participants first, cheapest slot), the final fairness repair and
 * reasons for unplaced meetings, table numbering, and sched_heuristic_solve(). */
#include "sched/sched.h"
#include "sched/sched_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static void *zalloc(size_t count, size_t size)
{
    return mem_calloc(count ? count : 1, size);
}

/* Candidate interpreters per language-pair group (meetings whose sides speak the same
 * languages share one list), and each needing meeting's domain cut to the slots where
 * one of them works. */
static void init_interpreters(sched_heur *h)
{
    const sched_problem *p = h->p;
    h->needs = zalloc((size_t)h->n, 1);
    h->cgroup = zalloc((size_t)h->n + 1, sizeof(int));
    uint64_t *reach = zalloc((size_t)h->n + 1, sizeof(uint64_t));
    int *first = zalloc((size_t)h->n + 1, sizeof(int));
    int ng = sched_interpreter_reach(p, reach, h->cgroup, first), total = 0, cap = 0;
    h->cand_start = zalloc((size_t)ng + 1, sizeof(int));
    h->cand = NULL;
    for (int g = 0; g < ng; g++) {
        h->cand_start[g] = total;
        for (int i = 0; i < h->ni; i++) {
            if (!sched_interpreter_can_serve(p, i, first[g])) continue;
            if (total == cap) {
                cap = cap ? cap * 2 : 256;
                h->cand = mem_realloc(h->cand, sizeof(int) * (size_t)cap);
            }
            h->cand[total++] = i;
        }
    }
    h->cand_start[ng] = total;
    for (int m = 0; m < h->n; m++) {
        h->needs[m] = h->cgroup[m] >= 0;
        h->dom[m] &= reach[m]; /* no slot without an interpreter who could serve it */
    }
    free(first);
    free(reach);
    h->ibusy = zalloc((size_t)h->ni, sizeof(uint64_t));
    h->iwho = zalloc((size_t)h->ni * (size_t)h->ns, sizeof(int));
    memset(h->iwho, 0xff, sizeof(int) * (size_t)h->ni * (size_t)h->ns);
    h->stamp = zalloc((size_t)h->ni, sizeof(unsigned));
}

static void init_successors(sched_heur *h)
{
    const sched_problem *p = h->p;
    h->succ_start = zalloc((size_t)h->n + 2, sizeof(int));
    long total = 0;
    for (int m = 0; m < h->n; m++)
        for (int k = 0; k < p->meetings[m].nprec; k++) {
            h->succ_start[p->meetings[m].prec[k] + 1]++;
            total++;
        }
    for (int m = 0; m < h->n; m++) h->succ_start[m + 1] += h->succ_start[m];
    h->succ = zalloc((size_t)total, sizeof(int));
    int *fill = zalloc((size_t)h->n, sizeof(int));
    for (int m = 0; m < h->n; m++)
        for (int k = 0; k < p->meetings[m].nprec; k++) {
            int q = p->meetings[m].prec[k];
            h->succ[h->succ_start[q] + fill[q]++] = m;
        }
    free(fill);
}

void sched_heur_init(sched_heur *h, const sched_problem *p, const sched_options *o)
{
    memset(h, 0, sizeof *h);
    h->p = p;
    h->n = p->nmeetings;
    h->np = p->nparticipants;
    h->ns = p->nslots;
    h->nt = p->ntables;
    h->ni = p->ninterpreters;
    h->allow_unplaced = o->allow_unplaced;
    h->capb = o->fairness >= 0 ? o->fairness : INT_MAX / 4;
    /* Placing one meeting adds at most one break to each side: with w_ex * 2 > w_un
     * the search never buys a placement with unfairness when unplaced is allowed. */
    h->w_un = 30;
    h->w_ex = o->allow_unplaced ? 40 : 4;
    /* Idle slots inside breaks, weighted 0.3 next to breaks, tell the annealing which
     * schedules are close to losing a break. Measured (1 s, 20 originals x 2 seeds):
     * 114 -> 103 breaks in all (0.07: 110, 0.15: 106, 0.5: 107, 1.0: 114); the
     * 2,000-participant event: 684 -> 553 breaks, all 7,200 placed either way. */
    h->w_idle = 0.3;
    h->dom = zalloc((size_t)h->n, sizeof(uint64_t));
    for (int m = 0; m < h->n; m++) h->dom[m] = sched_meeting_domain(p, m);
    h->slot = zalloc((size_t)h->n, sizeof(int));
    h->interp = zalloc((size_t)h->n, sizeof(int));
    h->spos = zalloc((size_t)h->n, sizeof(int));
    h->ulist = zalloc((size_t)h->n, sizeof(int));
    h->upos = zalloc((size_t)h->n, sizeof(int));
    for (int m = 0; m < h->n; m++) {
        h->slot[m] = h->interp[m] = -1;
        h->ulist[m] = h->upos[m] = m;
    }
    h->nu = h->n;
    h->busy = zalloc((size_t)h->np, sizeof(uint64_t));
    h->brk = zalloc((size_t)h->np, sizeof(int));
    h->at = zalloc((size_t)h->np * (size_t)h->ns, sizeof(int));
    memset(h->at, 0xff, sizeof(int) * (size_t)h->np * (size_t)h->ns);
    h->cnt = zalloc((size_t)h->ns, sizeof(int));
    h->scap = h->nt < h->n ? h->nt : h->n;
    h->slist = zalloc((size_t)h->ns * (size_t)(h->scap ? h->scap : 1), sizeof(int));
    init_interpreters(h);
    init_successors(h);
    /* splitmix64 of the seed, never zero (xorshift's fixed point). */
    uint64_t z = (uint64_t)o->seed + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    h->rng = (z ^ (z >> 31)) | 1;
}

void sched_heur_free(sched_heur *h)
{
    void *ptrs[] = { h->dom, h->slot, h->interp, h->busy, h->at, h->brk, h->cnt, h->slist, h->spos,
                     h->ulist, h->upos, h->succ_start, h->succ, h->needs, h->cgroup, h->cand_start, h->cand,
                     h->ibusy, h->iwho, h->stamp };
    for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++) free(ptrs[i]);
    memset(h, 0, sizeof *h);
}

/* Cost of adding m at t (breaks, excess weighted), or LONG_MAX when t is not possible
 * (interpreters are tried only when placing). */
static long insert_cost(const sched_heur *h, int m, int t, int *dex)
{
    const sched_meeting *mt = &h->p->meetings[m];
    uint64_t bit = (uint64_t)1 << t;
    if (!(h->dom[m] & bit) || ((h->busy[mt->a] | h->busy[mt->b]) & bit) || h->cnt[t] >= h->nt ||
        !sched_heur_prec_ok(h, m, t))
        return LONG_MAX;
    long c = 0;
    *dex = 0;
    int who[2] = { mt->a, mt->b };
    for (int k = 0; k < 2; k++) {
        int ob = h->brk[who[k]], nb = sched_mask_breaks(h->busy[who[k]] | bit);
        int oe = ob > h->capb ? ob - h->capb : 0, ne = nb > h->capb ? nb - h->capb : 0;
        c += (long)h->w_ex * (ne - oe) + (nb - ob);
        *dex += ne - oe;
    }
    return c;
}

/* Places m in its cheapest possible slot (ties broken at random); with no_excess, only
 * where fairness stays intact. False when no slot takes it. */
static bool insert_best(sched_heur *h, int m, bool no_excess)
{
    long cost[SCHED_MAX_SLOTS];
    int order[SCHED_MAX_SLOTS], n = 0;
    for (uint64_t d = h->dom[m]; d; d &= d - 1) {
        int t = __builtin_ctzll(d);
        int dex;
        long c = insert_cost(h, m, t, &dex);
        if (c == LONG_MAX || (no_excess && dex > 0)) continue;
        cost[t] = c * 64 + (long)(sched_heur_rand(h) & 63);
        int j = n++;
        while (j > 0 && cost[order[j - 1]] > cost[t]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = t;
    }
    for (int j = 0; j < n; j++)
        if (sched_heur_place(h, m, order[j])) return true;
    return false;
}

typedef struct order_key {
    double pressure;
    int dom, m;
} order_key;

static int order_cmp(const void *x, const void *y)
{
    const order_key *a = x, *b = y;
    if (a->pressure != b->pressure) return a->pressure > b->pressure ? -1 : 1;
    if (a->dom != b->dom) return a->dom - b->dom;
    return a->m - b->m;
}

/* Greedy construction: fixed meetings first, then meetings of the participants whose
 * meetings fill most of their usable slots, each in its cheapest slot. */
void sched_heur_construct(sched_heur *h)
{
    int *deg = zalloc((size_t)h->np, sizeof(int));
    uint64_t *uni = zalloc((size_t)h->np, sizeof(uint64_t));
    for (int m = 0; m < h->n; m++) {
        const sched_meeting *mt = &h->p->meetings[m];
        deg[mt->a]++;
        deg[mt->b]++;
        uni[mt->a] |= h->dom[m];
        uni[mt->b] |= h->dom[m];
    }
    order_key *ord = zalloc((size_t)h->n, sizeof(order_key));
    for (int m = 0; m < h->n; m++) {
        const sched_meeting *mt = &h->p->meetings[m];
        double pa = (double)deg[mt->a] / (double)(__builtin_popcountll(uni[mt->a]) + 1);
        double pb = (double)deg[mt->b] / (double)(__builtin_popcountll(uni[mt->b]) + 1);
        ord[m] = (order_key){ (mt->fixed_slot >= 0 ? 100.0 : 0.0) + (pa > pb ? pa : pb),
                              __builtin_popcountll(h->dom[m]), m };
    }
    qsort(ord, (size_t)h->n, sizeof *ord, order_cmp);
    /* The time limit holds here too: on events of 100,000 meetings with thousands of
     * interpreters the construction alone can take seconds. */
    for (int k = 0; k < h->n && !h->cut; k++) {
        insert_best(h, ord[k].m, h->allow_unplaced);
        h->cut = (k & 63) == 63 && sched_now() > h->deadline;
    }
    free(ord);
    free(deg);
    free(uni);
}

/* Removes the meetings of q's shorter outer run of meetings: one break fewer for q. */
static void drop_outer_run(sched_heur *h, int q)
{
    uint64_t b = h->busy[q];
    int lo = __builtin_ctzll(b), hi = 63 - __builtin_clzll(b);
    int lo_len = __builtin_ctzll(~(b >> lo)), hi_len = 0;
    while (hi - hi_len >= 0 && (b >> (hi - hi_len) & 1)) hi_len++;
    int from = lo_len <= hi_len ? lo : hi - hi_len + 1, len = lo_len <= hi_len ? lo_len : hi_len;
    for (int t = from; t < from + len; t++) sched_heur_remove(h, h->at[(size_t)q * (size_t)h->ns + (size_t)t]);
}

/* allow_unplaced: fairness must hold exactly, so unplace until no one exceeds, then
 * put back whatever still fits without excess. */
static void repair_fairness(sched_heur *h)
{
    while (h->excess > 0)
        for (int q = 0; q < h->np; q++)
            if (h->brk[q] > h->capb) drop_outer_run(h, q);
    int *todo = zalloc((size_t)h->nu, sizeof(int));
    int n = h->nu;
    memcpy(todo, h->ulist, sizeof(int) * (size_t)n);
    /* Until nothing more fits: a meeting placed later can close a partner's gap, and
     * then an earlier one fits without pushing that partner over the bound (one pass
     * left meetings out that fitted, and "fairness" named as their reason). */
    for (bool more = true; more;) {
        more = false;
        for (int k = 0; k < n; k++) {
            if (h->slot[todo[k]] < 0 && insert_best(h, todo[k], true)) more = true;
            if ((k & 63) == 63 && sched_now() > h->deadline + 0.25 + 0.05 * (h->deadline - h->started)) {
                more = false; /* the time limit holds, with 0.25 s + 5 % for this last pass */
                h->cut = true;    /* some meetings not retried: no reason known for them */
                break;
            }
        }
    }
    free(todo);
}

/* Why unplaced m found no slot, checked in the order a person would: the
 * participants' own calendars, then tables, precedences, interpreters, fairness. */
static void explain(sched_heur *h, int m, sched_why *why, int *who)
{
    const sched_problem *p = h->p;
    const sched_meeting *mt = &p->meetings[m];
    uint64_t d = sched_meeting_domain(p, m);
    *who = -1;
    if (!d) {
        /* Session and fixed slot alone, then each side's forbidden slots. */
        uint64_t base = sched_mask_first(p->nslots), morning = sched_mask_first(p->nmorning);
        if (mt->session == SCHED_SESSION_MORNING) base &= morning;
        if (mt->session == SCHED_SESSION_AFTERNOON) base &= ~morning;
        if (mt->fixed_slot >= 0) base &= (uint64_t)1 << mt->fixed_slot;
        *why = SCHED_WHY_PARTICIPANT;
        if (!(base & ~p->participants[mt->a].forbidden)) *who = mt->a;
        else if (!(base & ~p->participants[mt->b].forbidden)) *who = mt->b;
        else if (mt->fixed_slot >= 0 || !base) *why = SCHED_WHY_PRECEDENCE;
        else *who = mt->a;
        return;
    }
    /* No interpreter who could serve it ever works in an allowed slot: that holds
     * whatever the rest of the schedule, so it comes before full tables or calendars. */
    if (h->needs[m] && !(d & h->dom[m])) {
        *why = SCHED_WHY_INTERPRETER;
        return;
    }
    uint64_t fa = d & ~h->busy[mt->a], fb = d & ~h->busy[mt->b], both = fa & fb;
    if (!fa || !fb) {
        *why = SCHED_WHY_PARTICIPANT;
        *who = !fa ? mt->a : mt->b;
        return;
    }
    if (!both) {
        /* Each side is free somewhere, never at the same time as the other: more tables
         * would not help even where the slots are full, so this is the reason. */
        *why = SCHED_WHY_PARTICIPANT;
        return;
    }
    uint64_t room = 0, ordered = 0, staffed = 0;
    for (uint64_t x = both; x; x &= x - 1) {
        int t = __builtin_ctzll(x);
        if (h->cnt[t] >= h->nt) continue;
        room |= (uint64_t)1 << t;
        if (!sched_heur_prec_ok(h, m, t)) continue;
        ordered |= (uint64_t)1 << t;
        if (h->needs[m]) {
            if (!sched_heur_place(h, m, t)) continue;
            sched_heur_remove(h, m);
        }
        staffed |= (uint64_t)1 << t;
    }
    *why = !room ? SCHED_WHY_TABLES : !ordered ? SCHED_WHY_PRECEDENCE : !staffed ? SCHED_WHY_INTERPRETER
                                                                              : SCHED_WHY_FAIRNESS;
    if (*why != SCHED_WHY_FAIRNESS) return;
    /* Name the side whose breaks the placement would push over the bound. */
    int best = INT_MAX;
    for (uint64_t x = staffed; x; x &= x - 1) {
        uint64_t bit = x & -x;
        int ea = sched_mask_breaks(h->busy[mt->a] | bit) - h->capb, eb = sched_mask_breaks(h->busy[mt->b] | bit) - h->capb;
        int worst = ea > eb ? ea : eb;
        if (worst < best) {
            best = worst;
            *who = ea >= eb ? mt->a : mt->b;
        }
    }
}

void sched_heur_explain(const sched_problem *p, const sched_options *o, sched_solution *s)
{
    sched_heur h;
    sched_heur_init(&h, p, o);
    /* the fairness limit as the schedule has it: max <= min + d */
    if (o->fairness >= 0)
        h.capb = s->min_breaks + o->fairness;
    bool loaded = true;
    for (int m = 0; m < p->nmeetings && loaded; m++)
        if (s->slot[m] >= 0)
            loaded = sched_heur_place(&h, m, s->slot[m]); /* interpreters by matching: never fails on a valid schedule */
    for (int m = 0; m < p->nmeetings && loaded; m++)
        if (s->slot[m] < 0 && s->why[m] == SCHED_WHY_NONE)
            explain(&h, m, &s->why[m], &s->why_who[m]);
    sched_heur_free(&h);
}

void sched_heur_finish(sched_heur *h, sched_solution *out)
{
    if (h->allow_unplaced) repair_fairness(h);
    int next[SCHED_MAX_SLOTS] = { 0 };
    for (int m = 0; m < h->n; m++) {
        out->slot[m] = h->slot[m];
        out->interpreter[m] = h->interp[m];
        out->table[m] = h->slot[m] >= 0 ? next[h->slot[m]]++ : -1;
        out->why[m] = SCHED_WHY_NONE;
        out->why_who[m] = -1;
    }
    if (h->allow_unplaced)
        for (int m = 0; m < h->n; m++)
            if (h->slot[m] < 0 && (!h->cut || sched_now() <= h->deadline))
                explain(h, m, &out->why[m], &out->why_who[m]); /* after a cut: no reason known */
    sched_solution_score(h->p, out);
}

/* Empties a solution that failed, keeping status and bounds. */
static void clear_schedule(const sched_problem *p, sched_solution *out)
{
    for (int m = 0; m < p->nmeetings; m++) {
        out->slot[m] = out->table[m] = out->interpreter[m] = out->why_who[m] = -1;
        out->why[m] = SCHED_WHY_NONE;
    }
    out->placed = out->total_breaks = out->max_breaks = out->min_breaks = 0;
}

sched_status sched_heuristic_solve(const sched_problem *p, const sched_options *o, double deadline,
                                   sched_solution *out)
{
    double start = sched_now();
    long lb = sched_lower_bound_breaks(p);
    if (!o->allow_unplaced && sched_trivially_infeasible(p, out->reason, sizeof out->reason)) {
        /* The --verbose traces are developer diagnostics: English, not translated (only
         * the reason, a message of bound.c, is in the thread's language). */
        if (o->verbose) fprintf(stderr, "kopir: schedule: infeasible: %s\n", out->reason);
        clear_schedule(p, out);
        out->status = SCHED_INFEASIBLE;
        out->seconds = sched_now() - start;
        return out->status;
    }
    sched_heur h;
    sched_heur_init(&h, p, o);
    h.started = start;
    h.deadline = deadline;
    sched_heur_construct(&h);
    if (o->verbose)
        fprintf(stderr, "kopir: schedule: construction: %d unplaced, %ld breaks, %.3f s\n", h.nu, h.breaks,
                sched_now() - start);
    sched_heur_search(&h, lb);
    sched_heur_finish(&h, out);
    if (o->verbose)
        fprintf(stderr, "kopir: schedule: search: %ld moves, %d unplaced, %ld breaks\n", h.iterations, h.nu,
                h.breaks);
    bool fair = o->fairness < 0 || out->max_breaks - out->min_breaks <= o->fairness;
    out->lower_bound = (int)lb;
    if (o->allow_unplaced) {
        /* Optimal when nothing is left out and the breaks meet their bound, or when as
         * many meetings are placed as can be and with no break at all (lexicographic). */
        bool most = h.nu == 0 || (out->total_breaks == 0 && out->placed == sched_upper_bound_placed(p));
        out->status = most && fair && out->total_breaks == (h.nu == 0 ? lb : 0) ? SCHED_OPTIMAL : SCHED_FEASIBLE;
        if (h.nu > 0) out->lower_bound = 0; /* a subset may have fewer breaks */
    } else if (h.nu == 0 && fair) {
        out->status = out->total_breaks == lb ? SCHED_OPTIMAL : SCHED_FEASIBLE;
    } else {
        clear_schedule(p, out);
        out->status = SCHED_UNKNOWN;
    }
    sched_heur_free(&h);
    out->seconds = sched_now() - start;
    return out->status;
}
