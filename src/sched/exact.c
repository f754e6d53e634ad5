/* exact.c — sched_exact_solve: the time limit, the incumbent, the fairness levels
 * (minimum breaks L = 0, 1, ...; each searched by exact_opt.c on the model of
 * exact_model.c), reading SAT models back into schedules, and the final status.
 * See docs/sched-exact.md. */
#define SCHED_EXACT_INTERNAL
#include "sched/exact.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

typedef sched_xrun xrun;

static int terminate_cb(void *state)
{
    const sched_xenc *e = state;
    return sched_now() >= e->deadline;
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

int sched_xsolve(xrun *r, sched_xenc *e, const int *assume, int n, int budget)
{
    if (sched_now() >= e->deadline || e->stopped) { /* stopped: the deadline passed while encoding */
        r->timed_out = true;
        return 0;
    }
    for (int i = 0; i < n; i++)
        ccadical_assume(e->sat, assume[i]);
    if (budget >= 0)
        ccadical_limit(e->sat, "conflicts", budget);
    int res = ccadical_solve(e->sat);
    if (res == 10)
        extract(r, e);
    else if (res != 20 && sched_now() >= e->deadline)
        r->timed_out = true;
    if (r->o->verbose > 1)
        fprintf(stderr, "exact: %.2fs solve(%d assumptions, budget %d) -> %d\n",
                sched_now() - r->t0, n, budget, res);
    return res;
}

void sched_xlevel_build(xrun *r, sched_xenc *e, int L, int flavour)
{
    double start = sched_now();
    sched_xenc_build(e, r->p, r->o, L, flavour, r->deadline);
    /* CaDiCaL's inprocessing makes passes over all clauses without looking at the
     * clock; on models of millions of clauses (thousands of meetings) one pass took
     * about as long as encoding them, so the solver stops that much before the
     * deadline (0.02-0.1 s on the benchmark events, over a second on 3,000 meetings). */
    e->deadline = r->deadline - (sched_now() - start);
    ccadical_set_terminate(e->sat, e, terminate_cb);
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
    int lb = 0, ub = INT_MAX;
    /* A level only matters if it beats the incumbent: once its lower bound reaches the
     * incumbent's cost it is done, whichever level the incumbent came from. */
    if (r->have && r->best.placed == r->p->nmeetings)
        ub = r->best.total_breaks;
    res.status = sched_xopt_level(r, L, &lb, &ub);
    res.lb = res.status == 20 ? INT_MAX : lb;
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
        if (r->timed_out || sched_now() >= r->deadline) {
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
    r.t0 = sched_now();
    r.deadline = r.t0 + (o->time_limit > 0 ? o->time_limit : 60.0);
    const char *strategy = getenv("KOPIR_EXACT_SEARCH");
    static const char *names[] = { "portfolio", "asc", "desc", "core", "portfolio-desc" };
    for (int i = 0; strategy && i < 5; i++)
        if (strcmp(strategy, names[i]) == 0)
            r.search = i;
    const char *lns = getenv("KOPIR_EXACT_LNS");
    /* Measured: with a heuristic incumbent the neighbourhood steps mostly take time from
     * the proofs; from scratch they bring the first poor schedule down fast. */
    r.lns = lns ? atoi(lns) : initial ? 0 : 2;
    const char *lm = getenv("KOPIR_EXACT_LINMAX");
    /* Both engines take turns up to 4000-conflict rounds, then the core engine runs
     * alone, whatever the limit. The switch used to grow with the limit (200 conflicts
     * per second, for two variants that needed the linear engine's 8000 round at
     * 60 s); with the present model that only delays the core engine: at 60 s
     * variants 124 -> 116 s in all, ticf-13crafb 9-11 -> 4.6 s (docs/sched-exact.md,
     * "Warm-up and switch point"). */
    r.linmax = lm ? atoi(lm) : 4000;
    const char *cubes = getenv("KOPIR_EXACT_CUBES");
    r.cubes = !cubes || atoi(cubes) != 0;
    const char *engines = getenv("KOPIR_EXACT_ENGINES");
    r.engines = engines && atoi(engines) == 3 ? 3 : 2;
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
    out->seconds = sched_now() - r.t0;
    return st;
}
