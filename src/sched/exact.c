/* exact.c — the exact scheduler's search: for each fairness minimum L it builds the SAT
 * model (exact_model.c), finds a first schedule, then tightens a totalizer bound on the
 * objective with incremental CaDiCaL calls under assumptions until optimality is proven
 * or the time limit cuts it short. See docs/sched-exact.md. */
#define SCHED_EXACT_INTERNAL
#include "sched/exact.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/mem.h"

#define BIT(s) ((uint64_t)1 << (s))

/* State of one sched_exact_solve call. */
typedef struct xrun {
    const sched_problem *p;
    const sched_options *o;
    double t0, deadline;    /* monotonic seconds */
    bool desc;              /* descending search (KOPIR_EXACT_SEARCH=desc) instead of ascending */
    sched_solution best;    /* best schedule so far (valid when have) */
    bool have;
    sched_solution cur;     /* schedule of the last model of the current level */
    bool timed_out;
} xrun;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int terminate_cb(void *state)
{
    const xrun *r = state;
    return now() >= r->deadline;
}

static int unplaced_of(const sched_solution *s)
{
    return s->nmeetings - s->placed;
}

/* Lexicographic (unplaced, breaks): is a better than b? */
static bool better(const sched_solution *a, const sched_solution *b)
{
    if (unplaced_of(a) != unplaced_of(b))
        return unplaced_of(a) < unplaced_of(b);
    return a->total_breaks < b->total_breaks;
}

/* Tables 0..k-1 within each slot, in meeting order. */
static void number_tables(const sched_problem *p, sched_solution *s)
{
    int used[SCHED_MAX_SLOTS] = { 0 };
    for (int m = 0; m < p->nmeetings; m++)
        s->table[m] = s->slot[m] >= 0 ? used[s->slot[m]]++ : -1;
}

/* Reads the current model into r->cur (slots, interpreters, tables, scores). */
static void extract(xrun *r, const sched_xenc *e)
{
    const sched_problem *p = r->p;
    sched_solution *s = &r->cur;
    for (int m = 0; m < p->nmeetings; m++) {
        s->slot[m] = -1;
        s->interpreter[m] = -1;
        s->why[m] = SCHED_WHY_NONE;
        s->why_who[m] = -1;
        for (int t = 0; t < e->T && s->slot[m] < 0; t++) {
            int v = e->x[(size_t)m * (size_t)e->T + (size_t)t];
            if (v && ccadical_val(e->sat, v) > 0)
                s->slot[m] = t;
        }
    }
    for (int k = 0; k < e->niv; k++)
        if (s->interpreter[e->ivm[k]] < 0 && ccadical_val(e->sat, e->ivv[k]) > 0)
            s->interpreter[e->ivm[k]] = e->ivi[k];
    number_tables(p, s);
    sched_solution_score(p, s);
    if (!r->have || better(s, &r->best)) {
        sched_solution_free(&r->best);
        sched_solution_copy(&r->best, s);
        r->have = true;
    }
}

/* One SAT call under assumptions: 10 SAT (model read into r->cur), 20 UNSAT, 0 when
 * the time limit stopped it. */
static int solve(xrun *r, sched_xenc *e, const int *assume, int n)
{
    if (now() >= r->deadline) {
        r->timed_out = true;
        return 0;
    }
    for (int i = 0; i < n; i++)
        ccadical_assume(e->sat, assume[i]);
    int res = ccadical_solve(e->sat);
    if (res == 10)
        extract(r, e);
    else if (res != 20)
        r->timed_out = true;
    if (r->o->verbose > 0)
        fprintf(stderr, "exact: %.2fs solve -> %d\n", now() - r->t0, res);
    return res;
}

/* Minimises sum(items) between a proven lower bound *lb and the cost *ub of the last
 * model, with one totalizer (capped at *ub) and one assumption per bound. Ascending by
 * default: most events have an optimum of 0 or a few breaks, so proving "<= lb" false
 * a few times is cheaper than walking down from a poor first schedule. `phase` says how
 * to read a model's cost: 0 unplaced meetings, 1 total breaks. Returns the totalizer
 * (caller frees) so the optimum can be fixed for a later phase. */
static sched_xunary minimise(xrun *r, sched_xenc *e, const sched_xunary *items, int n,
                             int *lb, int *ub, int phase)
{
    sched_xunary sum = sched_xsum(e, items, n, *ub > 0 ? *ub : 1);
    while (*lb < *ub) {
        int B = r->desc ? *ub - 1 : *lb;
        int a = -sum.lit[B];
        int res = solve(r, e, &a, B < sum.n ? 1 : 0);
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

/* Unary "1" items for the unplaced meetings: one literal ~placed[m] each. */
static sched_xunary *unplaced_items(const sched_xenc *e, int *n)
{
    int nm = e->p->nmeetings;
    sched_xunary *it = mem_alloc(sizeof(*it) * (size_t)(nm + 1));
    for (int m = 0; m < nm; m++) {
        it[m].lit = mem_alloc(sizeof(int));
        it[m].lit[0] = -e->placed[m];
        it[m].n = 1;
    }
    *n = nm;
    return it;
}

/* allow_unplaced: first the fewest unplaced meetings, which then becomes a hard bound.
 * Returns false when time ran out. */
static bool fix_unplaced(xrun *r, sched_xenc *e)
{
    int n, lb = 0, ub = unplaced_of(&r->cur);
    sched_xunary *it = unplaced_items(e, &n);
    sched_xunary sum = minimise(r, e, it, n, &lb, &ub, 0);
    for (int m = 0; m < n; m++)
        sched_xunary_free(&it[m]);
    free(it);
    bool done = lb >= ub;
    if (done && ub < sum.n)
        sched_xc2(e, -sum.lit[ub], -sum.lit[ub]);
    sched_xunary_free(&sum);
    return done;
}

/* Result of one fairness level. */
typedef struct xlevel {
    int status; /* 10 solved to optimality, 20 infeasible, 0 unfinished */
    int lb;     /* proven lower bound on breaks at this level */
} xlevel;

/* Solves the level "min breaks = L" (for d >= 0) or the whole problem (d < 0). */
static xlevel solve_level(xrun *r, int L)
{
    xlevel res = { 0, 0 };
    sched_xenc e;
    sched_xenc_build(&e, r->p, r->o, L);
    ccadical_set_terminate(e.sat, r, terminate_cb);
    int first = e.infeasible ? 20 : solve(r, &e, NULL, 0);
    if (first != 10) {
        res.status = first == 20 ? 20 : 0;
        res.lb = INT_MAX;
        if (first != 20)
            res.lb = L * r->p->nparticipants;
        sched_xenc_free(&e);
        return res;
    }
    if (e.unplaced && !fix_unplaced(r, &e)) {
        sched_xenc_free(&e);
        return res;
    }
    int lb = 0, ub = r->cur.total_breaks;
    for (int q = 0; q < r->p->nparticipants; q++)
        lb += e.lbp[q] > L ? e.lbp[q] : L;
    sched_xunary sum = minimise(r, &e, e.brk, r->p->nparticipants, &lb, &ub, 1);
    sched_xunary_free(&sum);
    res.lb = lb;
    res.status = lb >= ub ? 10 : 0;
    sched_xenc_free(&e);
    return res;
}

/* Largest fairness minimum L worth a level: every participant must be able to have L
 * breaks, so L <= n_q - 1 and L <= (T - 1) / 2 for all q; 0 without fairness. */
static int max_level(const sched_problem *p, const sched_options *o)
{
    if (o->fairness < 0)
        return 0;
    int *nq = mem_calloc((size_t)p->nparticipants + 1, sizeof(int));
    for (int m = 0; m < p->nmeetings; m++) {
        nq[p->meetings[m].a]++;
        nq[p->meetings[m].b]++;
    }
    int L = (p->nslots - 1) / 2;
    for (int q = 0; q < p->nparticipants; q++)
        if (nq[q] - 1 < L)
            L = nq[q] - 1;
    free(nq);
    return L > 0 ? L : 0;
}

/* Takes a valid initial schedule as the incumbent. */
static void take_initial(xrun *r, const sched_solution *initial)
{
    char err[256];
    if (!initial || initial->nmeetings != r->p->nmeetings)
        return;
    sched_solution s;
    sched_solution_copy(&s, initial);
    sched_solution_score(r->p, &s);
    if (sched_check(r->p, &s, r->o->fairness, r->o->allow_unplaced, err, (int)sizeof err)) {
        r->best = s;
        r->have = true;
    } else {
        sched_solution_free(&s);
    }
}

/* Runs the levels L = 0, 1, ... and combines them: the answer is the best schedule of
 * any level; it is optimal when no unfinished level could still beat it. Level L needs
 * every participant to have >= L breaks, so it costs at least L * nparticipants and is
 * skipped once that cannot improve on the incumbent (all-placed mode). */
static sched_status search(xrun *r, int *lower_bound)
{
    int Lmax = max_level(r->p, r->o), lb = INT_MAX;
    bool all_done = true;
    for (int L = 0; L <= Lmax; L++) {
        int floor_l = L * r->p->nparticipants;
        if (!r->o->allow_unplaced && r->have && r->best.placed == r->p->nmeetings &&
            floor_l >= r->best.total_breaks) {
            lb = lb < floor_l ? lb : floor_l;
            break;
        }
        if (r->timed_out || now() >= r->deadline) {
            all_done = false;
            lb = lb < floor_l ? lb : floor_l;
            break;
        }
        xlevel lv = solve_level(r, L);
        lb = lb < lv.lb ? lb : lv.lb;
        all_done &= lv.status != 0;
    }
    *lower_bound = lb == INT_MAX ? 0 : lb;
    if (!r->have)
        return all_done ? SCHED_INFEASIBLE : SCHED_UNKNOWN;
    if (all_done || (!r->o->allow_unplaced && lb >= r->best.total_breaks))
        return SCHED_OPTIMAL;
    return SCHED_FEASIBLE;
}

sched_status sched_exact_solve(const sched_problem *p, const sched_options *o,
                               const sched_solution *initial, sched_solution *out)
{
    xrun r;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.o = o;
    r.t0 = now();
    r.deadline = r.t0 + (o->time_limit > 0 ? o->time_limit : 60.0);
    const char *strategy = getenv("KOPIR_EXACT_SEARCH");
    r.desc = strategy && strcmp(strategy, "desc") == 0;
    sched_solution_init(&r.cur, p);
    take_initial(&r, initial);
    int lb = 0;
    sched_status st = SCHED_INFEASIBLE;
    if (p->nslots <= SCHED_MAX_SLOTS)
        st = search(&r, &lb);
    if (r.have) {
        sched_solution_free(out);
        sched_solution_copy(out, &r.best);
        sched_solution_free(&r.best);
        if (st == SCHED_OPTIMAL)
            lb = out->total_breaks;
    }
    sched_solution_free(&r.cur);
    out->lower_bound = lb;
    out->status = st;
    out->seconds = now() - r.t0;
    return st;
}
