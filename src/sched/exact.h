/* exact.h — the exact B2B scheduler: a SAT encoding solved with CaDiCaL that proves
 * optimality (minimum total breaks under fairness d) or infeasibility.
 * docs/sched-exact.md describes the encoding and the optimisation loop.
 * sched_solve() calls sched_exact_solve in SCHED_MODE_EXACT after a short heuristic run.
 * The rest of this header is shared by exact*.c only (encoder, cardinality helpers). */
#ifndef KOPIR_SCHED_EXACT_H
#define KOPIR_SCHED_EXACT_H
#include "sched/sched.h"
#include "sched/sched_internal.h" /* sched_now, the scheduler's one monotonic clock */

/* Solves p exactly under o: every hard constraint (sessions, forbidden and fixed slots,
 * precedences, tables, interpreters), fairness o->fairness (d; -1 = none), all meetings
 * placed unless o->allow_unplaced (then: maximise placed meetings, then minimise breaks),
 * within o->time_limit wall seconds for the whole call. `initial` is a feasible schedule
 * (e.g. from the heuristic) or NULL; it seeds the incumbent and is the fallback answer.
 * `out` must be initialised by sched_solution_init; on return it holds the best schedule
 * found (slots, tables, interpreters, scores), out->lower_bound the proven lower bound on
 * total breaks and out->status: OPTIMAL, FEASIBLE (time ran out; best found), INFEASIBLE
 * (proven) or UNKNOWN (nothing found, nothing proven). Returns out->status. */
sched_status sched_exact_solve(const sched_problem *p, const sched_options *o,
                               const sched_solution *initial /* feasible schedule from the heuristic or NULL */,
                               sched_solution *out /* initialised by sched_solution_init */);

/* ---------------------------------------------------------------------------------
 * Internal to exact*.c (defined SCHED_EXACT_INTERNAL before including this header)
 * --------------------------------------------------------------------------------- */
#ifdef SCHED_EXACT_INTERNAL
#include <ccadical.h>
#include <stdbool.h>
#include <stdint.h>

/* A number in unary: lit[j] true iff the counted sum is >= j+1, for j < n. When the
 * counter was truncated, lit[n-1] stands for "n or more". */
typedef struct sched_xunary {
    int *lit;
    int n;
} sched_xunary;

/* The SAT instance and every variable of the model. Literals are CaDiCaL ints; the
 * variable `ltrue` is fixed true so that constant literals are ltrue / -ltrue. */
typedef struct sched_xenc {
    const sched_problem *p;
    CCaDiCaL *sat;
    int nvars;               /* variables created so far */
    int ltrue;               /* literal fixed true */
    int T;                   /* slots */
    int fairness_min;        /* L: this encoding requires L <= breaks(q) <= L + d for all q */
    int fair_d;              /* d, or -1 */
    bool unplaced;           /* allow_unplaced */
    int *pm_off, *pm;        /* meetings of participant q: pm[pm_off[q] .. pm_off[q+1]-1] */
    uint64_t *dom;           /* [nmeetings] slots each meeting may take */
    uint64_t *pdom;          /* [nparticipants] slots where the participant may be busy */
    int *x;                  /* [nmeetings*T] meeting m in slot s, 0 when outside dom */
    int *placed;             /* [nmeetings] meeting is placed (ltrue unless unplaced mode) */
    int *le;                 /* [nmeetings*T] slot(m) <= s, for meetings in an order relation, else 0 */
    int *busy;               /* [nparticipants*T] participant has a meeting in slot s */
    int *gap;                /* [nparticipants*T] a break starts at s (idle s, busy s-1, busy later); 0 if impossible */
    sched_xunary *brk;       /* [nparticipants] per-participant break count (unary) */
    int *lbp;                /* [nparticipants] proven lower bound on each participant's breaks */
    int *aft, *bef;          /* [nparticipants*T] busy at s or later / at s or earlier; 0 when not built */
    int *ivm, *ivi, *ivs, *ivv; /* interpreter assignment vars: meeting, interpreter, slot, var */
    int niv, capiv;
    bool *sym;               /* [nmeetings] ordered by symmetry breaking (a schedule may need them swapped) */
    double deadline;         /* monotonic seconds (sched_now) at which adding clauses and solving stop; 0: never */
    long nclauses;           /* clauses added so far */
    double build_start;      /* sched_now() when sched_xenc_build began, 0 once it returned */
    bool stopped;            /* the deadline passed while encoding: the model is incomplete, not to be solved */
    bool infeasible;         /* proven infeasible while encoding (empty domain, cycle, ...) */
    bool too_big;            /* not built: the encoding would exceed SCHED_XMAX_CLAUSES */
} sched_xenc;

/* The model's variable tables by meeting or participant and slot, and slot bits. */
#define BIT(s) ((uint64_t)1 << (s))
#define X(e, m, s) ((e)->x[(size_t)(m) * (size_t)(e)->T + (size_t)(s)])
#define BUSY(e, q, s) ((e)->busy[(size_t)(q) * (size_t)(e)->T + (size_t)(s)])
#define LE(e, m, s) ((e)->le[(size_t)(m) * (size_t)(e)->T + (size_t)(s)])

/* How many meetings participant q has (its slice of e->pm). */
static inline int sched_xnmeet(const sched_xenc *e, int q)
{
    return e->pm_off[q + 1] - e->pm_off[q];
}

/* How many of q's meetings are confined to the slots D (Hall's condition: q needs at
 * least that many busy slots within D). */
static inline int sched_xconfined(const sched_xenc *e, int q, uint64_t D)
{
    int n = 0;
    for (int j = e->pm_off[q]; j < e->pm_off[q + 1]; j++)
        n += (e->dom[e->pm[j]] & ~D) == 0;
    return n;
}

/* State of one sched_exact_solve call, shared by exact.c and exact_opt.c. */
typedef struct sched_xrun {
    const sched_problem *p;
    const sched_options *o;
    double t0, deadline;    /* monotonic seconds */
    int search;             /* KOPIR_EXACT_SEARCH: 0 portfolio (default), 1 asc, 2 desc, 3 core, 4 portfolio-desc */
    int engines;            /* engines in the portfolio (KOPIR_EXACT_ENGINES, 2 or 3) */
    int linmax;             /* rounds with budget > linmax run the core engine alone, unbudgeted (KOPIR_EXACT_LINMAX; default 4000; 0 = never) */
    int lns;                /* large-neighbourhood steps per round (KOPIR_EXACT_LNS; default 0 with an initial schedule, else 2) */
    bool cubes;             /* one break left: split by who takes it (KOPIR_EXACT_CUBES=0 turns off) */
    sched_solution best;    /* best schedule so far (valid when have) */
    bool have;
    sched_solution cur;     /* schedule of the last model */
    bool timed_out;
} sched_xrun;

/* exact.c: one SAT call under assumptions with a conflict budget (< 0: none); returns
 * 10 SAT (model read into r->cur and offered to r->best), 20 UNSAT, 0 stopped (budget
 * or time limit; r->timed_out tells which). */
int sched_xsolve(sched_xrun *r, sched_xenc *e, const int *assume, int n, int budget);
/* Builds the encoding of level L with the run's time limit attached; flavour 1 sets
 * CaDiCaL options that favour finding models further (target phases on every
 * variable, another seed). */
void sched_xlevel_build(sched_xrun *r, sched_xenc *e, int L, int flavour);

/* exact_opt.c: minimises total breaks at level L from a proven *lb; *ub is the best
 * cost known for the level (INT_MAX when none). Returns 20 when the level is infeasible,
 * 10 when lb >= ub was reached, 0 when time ran out. */
int sched_xopt_level(sched_xrun *r, int L, int *lb, int *ub);

/* Largest encoding (estimated clauses) the exact solver builds; above it (thousands of
 * meetings: the table counters grow with meetings x tables) it answers with the
 * incumbent only. */
#define SCHED_XMAX_CLAUSES 1e7
/* Above this estimate (about 1,000 meetings) the solver runs without its elimination,
 * subsumption and vivification rounds, which ignore the time limit on such sizes. */
#define SCHED_XBIG_CLAUSES 1e6

/* exact_card.c: variables, clauses, cardinality encodings. */
int sched_xnew(sched_xenc *e);
void sched_xclause(sched_xenc *e, const int *lits, int n);
void sched_xc2(sched_xenc *e, int a, int b);
void sched_xc3(sched_xenc *e, int a, int b, int c);
void sched_xamo(sched_xenc *e, const int *lits, int n);
sched_xunary sched_xcount(sched_xenc *e, const int *lits, int n, int cap);
sched_xunary sched_xsum(sched_xenc *e, const sched_xunary *items, int n, int cap);
void sched_xunary_free(sched_xunary *u);
/* Estimated clauses of a totalizer over n literals truncated at K outputs. */
double sched_xtotalizer_cost(double n, double K);

/* exact_model.c: the encoding for one fairness level L. Encoding stops (e->stopped)
 * when the monotonic clock passes deadline (0: no deadline): events of thousands of
 * meetings take seconds to encode. */
void sched_xenc_build(sched_xenc *e, const sched_problem *p, const sched_options *o, int L, int flavour,
                      double deadline);
void sched_xenc_free(sched_xenc *e);
/* Splits the participants into two sides (side[q] 0 or 1, side has nparticipants
 * entries) cutting as many meetings as a greedy 2-colouring can; returns the meetings
 * left inside a side (0 when the meeting graph is bipartite). */
int sched_xenc_sides(const sched_xenc *e, char *side);
/* Lower bound on each participant's breaks from its possible slots alone. */
int sched_xenc_participant_lb(const sched_xenc *e, int q);
/* Order variables le[m][s] <-> slot(m) <= s for meeting m (once; no-op when they exist). */
void sched_xenc_order(sched_xenc *e, int m);

/* exact_days.c: implied constraints on the participants' days (every meeting placed).
 * Blocks of q given after[s] (busy at s or later) and nb (q has a break); fills e->bef
 * and e->aft for q. */
void sched_xdays_blocks(sched_xenc *e, int q, const int *after, int nb);
/* Whether q's day is tight: at least two meetings and exactly as many possible slots,
 * so it is busy in all of them (exact counts per slot, costed in estimate_clauses). */
bool sched_xdays_tight(const sched_xenc *e, int q);
/* Interval links of every meeting to both days, the span of break-free days and the
 * counts of tight days. */
void sched_xdays_intervals(sched_xenc *e);
#endif

#endif
