/* exact_opt.c — the optimisation loops of the exact scheduler on top of the model of
 * exact_model.c: a linear ascending search (one totalizer over all break counters, one
 * assumption "total <= B" per call) and a core-guided search (OLL: one assumption per
 * participant counter, cores relaxed by new counters), interleaved with growing
 * conflict budgets on a single core, and cubes on who takes the last break; plus the
 * lexicographic allow_unplaced mode. */
#define SCHED_EXACT_INTERNAL
#include "sched/exact.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

typedef sched_xrun xrun;

/* A term of the core-guided search: a unary counter whose value above v is still
 * unpaid; the assumption ~u.lit[v] asks for "u <= v". */
typedef struct xterm {
    sched_xunary u;
    int v;
} xterm;

/* One search engine with its own SAT instance (learnt clauses are not shared). */
typedef struct xengine {
    sched_xenc e;
    bool core;         /* core-guided; otherwise ascending linear search */
    sched_xunary sum;  /* ascending: totalizer over the break counters */
    xterm *t;          /* core-guided: terms */
    int nt, capt;
    int lb;            /* core-guided: breaks paid for by the cores so far */
    int *as;           /* assumption buffer */
    uint64_t rng;      /* large-neighbourhood search: random state */
    double frac;       /* and share of meetings it frees */
    int lb0;           /* core-guided: the participants' own bounds summed (before cores) */
    int *cube;         /* core-guided: per participant its "one more break" literal, 0 if none or refuted */
    int *cube_order;   /* participants in the order their cubes are tried */
    int cube_budget;   /* conflicts per cube this round */
} xengine;

static unsigned rnd(xengine *g, unsigned n)
{
    g->rng ^= g->rng << 13;
    g->rng ^= g->rng >> 7;
    g->rng ^= g->rng << 17;
    return n ? (unsigned)(g->rng % n) : 0;
}

static void push_term(xengine *g, sched_xunary u, int v)
{
    if (g->nt == g->capt) {
        g->capt = g->capt ? 2 * g->capt : 64;
        g->t = mem_realloc(g->t, sizeof(xterm) * (size_t)g->capt);
    }
    g->t[g->nt].u = u;
    g->t[g->nt].v = v;
    g->nt++;
}

/* Proven lower bound of a level from the participants alone: each one has at least its
 * own bound and at least L breaks. Fills base[q]. */
static int base_bound(const sched_xenc *e, int L, int *base)
{
    int lb = 0;
    for (int q = 0; q < e->p->nparticipants; q++)
        lb += base[q] = e->lbp[q] > L ? e->lbp[q] : L;
    return lb;
}

/* The engine's objective structure, once an upper bound ub is known (the linear
 * search's totalizer is truncated there). */
static void engine_prepare(xrun *r, xengine *g, int L, int ub)
{
    int np = r->p->nparticipants;
    g->as = mem_alloc(sizeof(int) * (size_t)(np + 1));
    if (!g->core) {
        g->sum = sched_xsum(&g->e, g->e.brk, np, ub > 0 ? ub : 1);
        return;
    }
    base_bound(&g->e, L, g->as);
    for (int q = 0; q < np; q++) {
        sched_xunary u = { mem_alloc(sizeof(int) * (size_t)(g->e.brk[q].n + 1)), g->e.brk[q].n };
        memcpy(u.lit, g->e.brk[q].lit, sizeof(int) * (size_t)u.n);
        push_term(g, u, g->as[q]);
        g->lb += g->as[q];
    }
    g->lb0 = g->lb;
}

static void engine_free(xengine *g)
{
    for (int i = 0; i < g->nt; i++)
        sched_xunary_free(&g->t[i].u);
    free(g->t);
    free(g->as);
    free(g->cube);
    free(g->cube_order);
    sched_xunary_free(&g->sum);
    sched_xenc_free(&g->e);
}

/* Terms whose assumption failed in the last UNSAT answer, into idx; returns how many. */
static int failed_terms(xengine *g, int *idx)
{
    int k = 0;
    for (int i = 0; i < g->nt; i++) {
        xterm *t = &g->t[i];
        if (t->v < t->u.n && ccadical_failed(g->e.sat, -t->u.lit[t->v]))
            idx[k++] = i;
    }
    return k;
}

/* Shrinks a core: asks again under its assumptions only, with a small budget, and
 * keeps the solver's new (often smaller) core; twice at most. Small cores give small,
 * strong counters; a 50-participant core gives a weak one. */
static int trim_core(xrun *r, xengine *g, int *idx, int k)
{
    int *as = mem_alloc(sizeof(int) * (size_t)(k + 1));
    for (int round = 0; round < 2 && k > 2; round++) {
        for (int j = 0; j < k; j++)
            as[j] = -g->t[idx[j]].u.lit[g->t[idx[j]].v];
        if (sched_xsolve(r, &g->e, as, k, 1000) != 20)
            break;
        int k2 = failed_terms(g, idx);
        if (k2 >= k) {
            k = k2;
            break;
        }
        k = k2;
    }
    free(as);
    return k;
}

/* Relaxes a core the OLL way: every term in it may now exceed its bound by one (its
 * next output becomes the assumption), and a new counter over the core's "exceeded"
 * literals is allowed 1 (the bound paid for one). */
static void relax_core(xengine *g, const int *idx, int k)
{
    int *lits = mem_alloc(sizeof(int) * (size_t)(k + 1));
    for (int j = 0; j < k; j++) {
        xterm *t = &g->t[idx[j]];
        lits[j] = t->u.lit[t->v];
        t->v++;
    }
    if (k > 1)
        push_term(g, sched_xcount(&g->e, lits, k, k), 1);
    free(lits);
}

/* The core-guided engine's assumptions, "each term <= its bound", into g->as with
 * room for `extra` more; returns how many. */
static int core_assumptions(xengine *g, int extra)
{
    g->as = mem_realloc(g->as, sizeof(int) * (size_t)(g->nt + extra + 1));
    int n = 0;
    for (int i = 0; i < g->nt; i++)
        if (g->t[i].v < g->t[i].u.n)
            g->as[n++] = -g->t[i].u.lit[g->t[i].v];
    return n;
}

/* One core-guided call. A model under all assumptions costs exactly what the cores
 * paid for, which is a lower bound: it is optimal. Returns 20 if infeasible. */
static int step_core(xrun *r, xengine *g, int *lb, int *ub, int budget)
{
    int n = core_assumptions(g, 0);
    int res = sched_xsolve(r, &g->e, g->as, n, budget);
    if (res == 10) {
        *ub = r->cur.total_breaks < *ub ? r->cur.total_breaks : *ub;
        *lb = *ub;
    } else if (res == 20) {
        int *idx = mem_alloc(sizeof(int) * (size_t)(g->nt + 1));
        int k = failed_terms(g, idx);
        if (k == 0) {
            free(idx);
            return 20; /* the hard part alone is unsatisfiable */
        }
        k = trim_core(r, g, idx, k);
        relax_core(g, idx, k);
        if (r->o->verbose > 1)
            fprintf(stderr, "exact: core of %d\n", k);
        free(idx);
        g->lb++;
        *lb = g->lb > *lb ? g->lb : *lb;
    }
    return 0;
}

/* The cubes of the core engine, once: participant q's literal "q has one more break
 * than its own bound", tried first for the incumbent's break holders (they are where
 * the heuristic could not avoid one), then by falling number of meetings. */
static void cubes_prepare(xrun *r, xengine *g, int L)
{
    const sched_problem *p = r->p;
    int np = p->nparticipants, *base = mem_alloc(sizeof(int) * (size_t)(np + 1));
    int *key = mem_calloc((size_t)np + 1, sizeof(int));
    base_bound(&g->e, L, base);
    g->cube = mem_calloc((size_t)np + 1, sizeof(int));
    g->cube_order = mem_alloc(sizeof(int) * (size_t)(np + 1));
    for (int q = 0; q < np; q++) {
        g->cube[q] = base[q] < g->e.brk[q].n ? g->e.brk[q].lit[base[q]] : 0;
        key[q] = sched_xnmeet(&g->e, q);
        if (r->have)
            key[q] += 1000 * sched_breaks_of(p, &r->best, q);
        int j = q; /* insertion by falling key */
        for (; j > 0 && key[g->cube_order[j - 1]] < key[q]; j--)
            g->cube_order[j] = g->cube_order[j - 1];
        g->cube_order[j] = q;
    }
    g->cube_budget = 1000;
    free(key);
    free(base);
}

/* Finding the schedule when exactly one break beyond the participants' own bounds is
 * left (the core engine's bound is theirs plus one): one cube per participant, "q
 * takes it", each under the core engine's assumptions with a small conflict budget
 * that doubles every round. The cubes split the schedules of that cost exactly, and
 * each one pins every other participant to its bound, which the solver propagates far
 * better than a cardinality over all of them: on the two slow originals with optimum
 * 1 the schedule came 10-35 % sooner than from the plain call (docs/sched-exact.md).
 * A refuted cube is dropped; when every cube is refuted, or the solver refutes the
 * bound without the cube's help, returns false and the plain call finds the core.
 * Returns true while cubes remain open (or one gave the optimum). */
static bool step_cubes(xrun *r, xengine *g, int L, int *lb, int *ub)
{
    int np = r->p->nparticipants, open = 0;
    if (!g->cube)
        cubes_prepare(r, g, L);
    int n = core_assumptions(g, 1), *as = g->as;
    for (int k = 0; k < np && *lb < *ub && !r->timed_out; k++) {
        int q = g->cube_order[k];
        if (!g->cube[q])
            continue;
        as[n] = g->cube[q];
        int res = sched_xsolve(r, &g->e, as, n + 1, g->cube_budget);
        if (res == 10) {
            *ub = r->cur.total_breaks < *ub ? r->cur.total_breaks : *ub;
            open++;
        } else if (res == 20 && !ccadical_failed(g->e.sat, as[n])) {
            open = 0; /* refuted without the cube: a core for step_core */
            break;
        } else if (res == 20) {
            g->cube[q] = 0;
        } else {
            open++;
        }
    }
    if (r->o->verbose > 0)
        fprintf(stderr, "exact: %.2fs cubes of %d conflicts, %d open, bounds [%d, %d]\n",
                sched_now() - r->t0, g->cube_budget, open, *lb, *ub);
    g->cube_budget = g->cube_budget < (1 << 28) ? 2 * g->cube_budget : g->cube_budget;
    return open > 0 || *lb >= *ub;
}

/* One call of the linear search: "total <= lb" (or <= ub - 1 when descending). */
static int step_linear(xrun *r, xengine *g, int *lb, int *ub, int budget)
{
    int B = (r->search == 2 || r->search == 4) && *ub != INT_MAX ? *ub - 1 : *lb;
    int a = B < g->sum.n ? -g->sum.lit[B] : 0;
    int res = sched_xsolve(r, &g->e, &a, a != 0, budget);
    if (res == 10) {
        *ub = r->cur.total_breaks < *ub ? r->cur.total_breaks : *ub;
    } else if (res == 20) {
        if (a == 0 || !ccadical_failed(g->e.sat, a))
            return 20;
        *lb = B + 1 > *lb ? B + 1 : *lb;
    }
    return 0;
}

/* Frees the meetings of q (marks q) and returns how many it newly freed. */
static int free_participant(const sched_xenc *e, bool *freep, int q)
{
    if (freep[q])
        return 0;
    freep[q] = true;
    return sched_xnmeet(e, q);
}

/* The neighbourhood: a participant with breaks in the incumbent, then partners of freed
 * participants and random ones until about frac of the meetings are free. */
static void pick_neighbourhood(xrun *r, xengine *g, bool *freep)
{
    const sched_problem *p = r->p;
    int np = p->nparticipants, seen = 0, pick = -1, freed = 0;
    for (int q = 0; q < np; q++)
        if (sched_breaks_of(p, &r->best, q) > 0 && rnd(g, (unsigned)++seen) == 0)
            pick = q;
    freed += free_participant(&g->e, freep, pick >= 0 ? pick : (int)rnd(g, (unsigned)np));
    int target = (int)(g->frac * 2 * p->nmeetings), last = pick >= 0 ? pick : 0;
    for (int tries = 0; freed < target && tries < 4 * np; tries++) {
        int q = (int)rnd(g, (unsigned)np);
        int k = sched_xnmeet(&g->e, last);
        if (k > 0 && rnd(g, 2)) { /* a partner of the last freed participant */
            const sched_meeting *mt = &p->meetings[g->e.pm[g->e.pm_off[last] + (int)rnd(g, (unsigned)k)]];
            q = mt->a == last ? mt->b : mt->a;
        }
        int n = free_participant(&g->e, freep, q);
        freed += n;
        last = n ? q : last;
    }
}

/* Large-neighbourhood step on the linear engine's solver: every meeting outside the
 * neighbourhood keeps its slot in the incumbent (assumptions) and the solver looks for
 * a schedule with fewer breaks. Finds improvements a full search reaches late; the
 * neighbourhood grows when it is too small to improve and shrinks when too hard. */
static void step_lns(xrun *r, xengine *g, const int *lb, int *ub, int budget)
{
    const sched_problem *p = r->p;
    if (!r->have || r->best.placed != p->nmeetings || *ub <= 0 || g->sum.n < *ub)
        return;
    bool *freep = mem_calloc((size_t)p->nparticipants + 1, sizeof(bool));
    pick_neighbourhood(r, g, freep);
    int *as = mem_alloc(sizeof(int) * (size_t)(p->nmeetings + 1)), n = 1, res;
    for (int m = 0; m < p->nmeetings; m++) {
        const sched_meeting *mt = &p->meetings[m];
        int v = g->e.x[(size_t)m * (size_t)g->e.T + (size_t)r->best.slot[m]];
        if (!freep[mt->a] && !freep[mt->b] && !g->e.sym[m] && v)
            as[n++] = v;
    }
    do { /* the same neighbourhood while it keeps improving */
        as[0] = -g->sum.lit[*ub - 1];
        res = sched_xsolve(r, &g->e, as, n, budget);
        if (res == 10 && r->cur.total_breaks < *ub)
            *ub = r->cur.total_breaks;
    } while (res == 10 && *ub > 0 && *ub > *lb);
    if (res == 20)
        g->frac = g->frac * 1.25 < 0.9 ? g->frac * 1.25 : 0.9;
    else if (res == 0)
        g->frac = g->frac * 0.8 > 0.03 ? g->frac * 0.8 : 0.03;
    if (r->o->verbose > 0)
        fprintf(stderr, "exact: lns ub %d, frac %.2f\n", *ub, g->frac);
    free(as);
    free(freep);
}

/* The all-placed search: engines take turns with conflict budgets that double each
 * round, sharing the bounds. The linear search is quick when the optimum is the
 * trivial bound (often 0); the core-guided one proves bounds where a few participants
 * fight over scarce slots. Interleaving keeps the better of the two on each instance
 * at about twice its cost, and evens out the solver's luck. */
static int portfolio(xrun *r, int L, int *lb, int *ub)
{
    int kinds[3] = { r->search == 3 ? 1 : 0, 1, 0 }, ng = r->search == 0 || r->search == 4 ? r->engines : 1;
    xengine g[3];
    int status = 0;
    memset(g, 0, sizeof g);
    for (int i = 0; i < ng && status == 0; i++) {
        g[i].core = kinds[i];
        g[i].rng = 0x9E3779B97F4A7C15ULL * (r->o->seed + 1) | 1;
        g[i].frac = 0.3;
        sched_xlevel_build(r, &g[i].e, L, i == 2);
        status = g[i].e.infeasible ? 20 : g[i].e.too_big ? -1 : 0;
        if (status == 0 && *ub == INT_MAX) /* a first schedule for the linear bound */
            status = sched_xsolve(r, &g[i].e, NULL, 0, -1) == 10 ? 0 : r->timed_out ? -1 : 20;
        if (status == 0 && r->cur.placed == r->p->nmeetings && *ub == INT_MAX)
            *ub = r->cur.total_breaks;
        if (status == 0)
            engine_prepare(r, &g[i], L, *ub);
    }
    if (status == 0) {
        int *b = mem_alloc(sizeof(int) * (size_t)(r->p->nparticipants + 1));
        int blb = base_bound(&g[0].e, L, b);
        *lb = blb > *lb ? blb : *lb;
        free(b);
    }
    for (int budget = 1000; status == 0 && *lb < *ub && !r->timed_out; budget *= 2) {
        /* The linear search finds the easy optima (often 0) in its first rounds; past
         * linmax conflicts it only takes time from the core engine, whose calls, run
         * without a budget, also find the optimal schedule (a model under every
         * participant's bound). Measured on the slow originals: 20-40 s -> 5-15 s. */
        bool solo = r->linmax > 0 && budget > r->linmax;
        for (int i = 0; i < ng && status == 0 && *lb < *ub && !r->timed_out; i++) {
            if (solo && !g[i].core && ng > 1) /* a linear engine alone must keep running */
                continue;
            int bud = ng == 1 || solo ? -1 : budget;
            if (solo && g[i].core && r->cubes && g[i].lb == g[i].lb0 + 1 && step_cubes(r, &g[i], L, lb, ub))
                continue;
            status = g[i].core ? step_core(r, &g[i], lb, ub, bud) : step_linear(r, &g[i], lb, ub, bud);
            if (r->o->verbose > 0)
                fprintf(stderr, "exact: %.2fs %s bounds [%d, %d]\n", sched_now() - r->t0,
                        g[i].core ? "core" : "linear", *lb, *ub == INT_MAX ? -1 : *ub);
        }
        for (int k = 0; k < r->lns && r->search == 0 && *lb < *ub && !r->timed_out; k++)
            step_lns(r, &g[0], lb, ub, 500 + budget / 8);
        if (budget > (1 << 29))
            budget = 1 << 29;
    }
    for (int i = 0; i < ng; i++)
        engine_free(&g[i]);
    return status > 0 ? status : *lb >= *ub ? 10 : 0;
}

static int unplaced_of(const sched_solution *s)
{
    return s->nmeetings - s->placed;
}

/* Linear search on sum(items) between a proven *lb and the cost *ub of the last model
 * (allow_unplaced mode), with one totalizer truncated at *ub. `phase` says how to read
 * a model's cost: 0 unplaced meetings, 1 total breaks. Returns the totalizer (caller
 * frees) so an optimum can be fixed before the next phase. */
static sched_xunary minimise(xrun *r, sched_xenc *e, const sched_xunary *items, int n,
                             int *lb, int *ub, int phase)
{
    /* Thousands of meetings with a cost in the thousands would need a counter larger
     * than the model itself, too slow to build and to search within any limit: the
     * first schedule stays the answer (status feasible). */
    double inputs = 0;
    for (int i = 0; i < n; i++)
        inputs += items[i].n;
    if ((double)e->nclauses + sched_xtotalizer_cost(inputs, *ub > 0 ? *ub : 1) > SCHED_XMAX_CLAUSES) {
        sched_xunary none = { mem_alloc(sizeof(int)), 0 };
        return none;
    }
    sched_xunary sum = sched_xsum(e, items, n, *ub > 0 ? *ub : 1);
    while (*lb < *ub) {
        int B = r->search == 2 ? *ub - 1 : *lb;
        int a = B < sum.n ? -sum.lit[B] : 0;
        int res = sched_xsolve(r, e, &a, a != 0, -1);
        if (res == 10) {
            int c = phase == 0 ? unplaced_of(&r->cur) : r->cur.total_breaks;
            *ub = c < *ub ? c : *ub;
        } else if (res == 20) {
            *lb = B + 1;
        } else {
            break;
        }
        if (r->o->verbose > 0)
            fprintf(stderr, "exact: phase %d bounds [%d, %d]\n", phase, *lb, *ub);
    }
    return sum;
}

/* allow_unplaced: first the fewest unplaced meetings, which then becomes a hard bound.
 * Returns false when time ran out. */
static bool fix_unplaced(xrun *r, sched_xenc *e)
{
    int nm = r->p->nmeetings, lb = 0, ub = unplaced_of(&r->cur);
    sched_xunary *it = mem_alloc(sizeof(*it) * (size_t)(nm + 1));
    int *neg = mem_alloc(sizeof(int) * (size_t)(nm + 1));
    for (int m = 0; m < nm; m++)
        neg[m] = -e->placed[m];
    for (int m = 0; m < nm; m++) {
        it[m].lit = &neg[m]; /* one-literal counters: "meeting m is unplaced" */
        it[m].n = 1;
    }
    sched_xunary sum = minimise(r, e, it, nm, &lb, &ub, 0);
    bool done = lb >= ub;
    if (done && ub < sum.n)
        sched_xc2(e, -sum.lit[ub], -sum.lit[ub]);
    sched_xunary_free(&sum);
    free(neg);
    free(it);
    return done;
}

/* allow_unplaced mode on one encoding: a first model, the fewest unplaced meetings,
 * then the fewest breaks among schedules that place that many. */
static int lexicographic(xrun *r, int L, int *lb, int *ub)
{
    sched_xenc e;
    sched_xlevel_build(r, &e, L, 0);
    int res = e.infeasible ? 20 : e.too_big ? 0 : sched_xsolve(r, &e, NULL, 0, -1);
    int status = res == 20 ? 20 : 0;
    if (res == 10 && fix_unplaced(r, &e)) {
        *ub = r->cur.total_breaks;
        *lb = 0;
        sched_xunary sum = minimise(r, &e, e.brk, r->p->nparticipants, lb, ub, 1);
        sched_xunary_free(&sum);
        status = *lb >= *ub ? 10 : 0;
    }
    sched_xenc_free(&e);
    return status;
}

int sched_xopt_level(xrun *r, int L, int *lb, int *ub)
{
    if (r->o->allow_unplaced)
        return lexicographic(r, L, lb, ub);
    return portfolio(r, L, lb, ub);
}
