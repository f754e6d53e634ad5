/* sched_internal.h — helpers shared by the scheduler's own files (readers, checker,
 * heuristic, bounds): input limits, error formatting, slot-mask arithmetic, clocks.
 * Not part of the public API in sched.h. */
#ifndef KOPIR_SCHED_INTERNAL_H
#define KOPIR_SCHED_INTERNAL_H
#include "sched/sched.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

/* Input bounds: every reader refuses anything larger, so sizes fit in int arithmetic
 * (participants * slots, slots * tables) without overflow. */
#define SCHED_MAX_PARTICIPANTS 100000
#define SCHED_MAX_MEETINGS 100000
#define SCHED_MAX_TABLES 100000
#define SCHED_MAX_INTERPRETERS 10000
#define SCHED_MAX_PAIRS 64          /* language pairs per interpreter */
#define SCHED_MAX_PRECS 100000      /* precedence entries over the whole problem */
#define SCHED_MAX_NAME 200          /* bytes of a participant or interpreter name */
#define SCHED_MAX_INPUT (64 * 1024 * 1024)

/* snprintf into err (when err && errlen > 0). */
void sched_errf(char *err, int errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Readers behind sched_problem_read_buffer, chosen by the first non-blank byte. */
bool sched_dzn_read(const char *name, const char *data, int len, sched_problem *out,
                    char *err, int errlen);
bool sched_json_read(const char *name, const char *data, int len, sched_problem *out,
                     char *err, int errlen);

/* Breaks of a participant whose busy slots are the bits of m: the number of runs of
 * ones minus one (a run ends at bit i when bit i is set and bit i+1 is not). */
static inline int sched_mask_breaks(uint64_t m)
{
    return m ? __builtin_popcountll(m & ~(m >> 1)) - 1 : 0;
}

/* Idle slots of a participant between its first and last meeting (the total length
 * of its breaks). */
static inline int sched_mask_idle(uint64_t m)
{
    return m ? 64 - __builtin_clzll(m) - __builtin_ctzll(m) - __builtin_popcountll(m) : 0;
}

/* All-ones mask of the first n slots (n <= 64). */
static inline uint64_t sched_mask_first(int n)
{
    return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1);
}

/* Slots meeting m may take by its own unary constraints: session, both sides'
 * forbidden slots and its fixed slot. */
uint64_t sched_meeting_domain(const sched_problem *p, int m);

/* A proven lower bound on total breaks when every meeting is placed: per participant,
 * its meetings must fit in the allowed segments of the union of their domains. */
int sched_lower_bound_breaks(const sched_problem *p);

/* Cheap proofs that no complete schedule exists (empty domain, a participant with more
 * meetings than usable slots, more meetings than table-slots, clashing fixed slots,
 * precedence cycles). True with the reason in err when one applies. */
bool sched_trivially_infeasible(const sched_problem *p, char *err, int errlen);

/* The translated message for a JSON syntax error of jansson's code (json_error_code):
 * jansson's own texts are English only. (json_problem.c) */
const char *sched_json_syntax_text(int code);
/* The start every reader of a text file shares: skips a UTF-8 byte order mark (some
 * editors write one) in *data / *len, and refuses a raw NUL byte with its 1-based line
 * and column (in characters) in err, so the reader does not report a parse error further
 * on ("ends too early"). Returns false on a NUL. */
bool sched_text_begin(const char *name, const char **data, int *len, char *err, int errlen);

/* Slots in which some interpreter able to serve the meeting works, for every meeting
 * (all slots for meetings that need none): out[m]. Computed once per distinct pair of
 * the two sides' language sets, so an event of 100,000 meetings and 10,000
 * interpreters costs pairs x interpreters, not meetings x interpreters. Optionally
 * fills group[m] (-1 when m needs no interpreter, else the index of its language-pair
 * group, the same for meetings with the same sides' languages) and returns the number
 * of groups; first[g] (when not NULL) is a meeting of group g. (problem.c) */
int sched_interpreter_reach(const sched_problem *p, uint64_t *out, int *group, int *first);

/* The heuristic solver (heuristic.c): solves until `deadline` (sched_now() seconds) or
 * until it stagnates. out must be initialised with sched_solution_init. */
sched_status sched_heuristic_solve(const sched_problem *p, const sched_options *o,
                                   double deadline, sched_solution *out);

/* ---- heuristic state (heuristic.c: moves and search; heur_build.c: setup,
 * construction, final repair and reasons) ---- */

typedef struct sched_hmove_buf sched_hmove_buf;

/* The search keeps a partial schedule that always satisfies every hard constraint
 * except "all placed" and fairness, which are penalties: cost = w_un * unplaced +
 * w_ex * excess + breaks, where excess sums max(0, breaks - cap) over participants. */
typedef struct sched_heur {
    const sched_problem *p;
    int n, np, ns, nt, ni;
    int capb;            /* breaks a participant may have without excess (fairness d) */
    int w_un, w_ex;      /* penalty weights */
    double w_idle;       /* weight of idle slots in the annealing's cost */
    bool allow_unplaced;
    uint64_t *dom;       /* [n] allowed slots (unary constraints) */
    int *slot;           /* [n] current slot or -1 */
    int *interp;         /* [n] interpreter serving the meeting or -1 */
    uint64_t *busy;      /* [np] slots where the participant meets */
    int *at;             /* [np * ns] meeting of a participant in a slot, or -1 */
    int *brk;            /* [np] breaks */
    int *cnt;            /* [ns] meetings in each slot (<= nt) */
    int scap;            /* capacity of one slot list = min(nt, n) */
    int *slist, *spos;   /* [ns * scap] meetings per slot; spos[m] = index in its list */
    int *ulist, *upos;   /* unplaced meetings, upos[m] = index or -1 */
    int nu;
    long breaks, excess;
    int *succ_start, *succ;     /* meetings that must come after m */
    unsigned char *needs;       /* [n] 1 when the meeting needs an interpreter */
    int *cgroup;                /* [n] language-pair group of m (-1: needs no interpreter) */
    int *cand_start, *cand;     /* interpreters able to serve the meetings of group g */
    uint64_t *ibusy;            /* [ni] slots where the interpreter works */
    int *iwho;                  /* [ni * ns] meeting an interpreter serves, or -1 */
    unsigned *stamp;            /* [ni] visit marks for augmenting paths */
    unsigned stampv;
    sched_hmove_buf *chain;     /* scratch for Kempe chains (heur_kempe.c) */
    uint64_t rng;
    double started, deadline;   /* sched_now() at the start, and the time limit */
    bool cut;                   /* construction or repair ran out of time: some meetings never tried */
    long iterations;
} sched_heur;

/* One meeting to move: to = new slot, -1 = unplace. */
typedef struct sched_hmove {
    int m, to;
} sched_hmove;

/* Change of the cost parts a move would cause. */
typedef struct sched_hdelta {
    int unplaced, excess, breaks;
    int idle;            /* change of the idle slots inside breaks (a finer guide than breaks) */
} sched_hdelta;

void sched_heur_init(sched_heur *h, const sched_problem *p, const sched_options *o);
void sched_heur_free(sched_heur *h);
uint64_t sched_heur_rand(sched_heur *h);
/* Places m in slot t (participants free, a table left, interpreter found); false,
 * with nothing changed, when no interpreter can be matched. */
bool sched_heur_place(sched_heur *h, int m, int t);
void sched_heur_remove(sched_heur *h, int m);
/* Adds to *d what giving participant q the busy slots `mask` changes (breaks, fairness
 * excess, idle slots); the one place both kinds of move evaluation count it. */
void sched_heur_delta_add(const sched_heur *h, int q, uint64_t mask, sched_hdelta *d);
/* False when the moves break a hard constraint; else their cost change in *d. */
bool sched_heur_eval(const sched_heur *h, const sched_hmove *mv, int k, sched_hdelta *d);
/* Applies evaluated moves; false (and state unchanged) when interpreters do not fit. */
bool sched_heur_apply(sched_heur *h, const sched_hmove *mv, int k);
/* True when the placed preds of m are before t and its placed successors after t. */
bool sched_heur_prec_ok(const sched_heur *h, int m, int t);
/* Kempe chain between m's slot and t: m moves to t, every meeting sharing a participant
 * with a mover in the other slot moves the other way, closed transitively (and grown
 * by meetings of a full slot). Builds it, evaluates it and, when accept(d) agrees,
 * applies it. Returns 1 applied, 0 rejected or impossible. */
typedef bool (*sched_haccept)(sched_heur *h, const sched_hdelta *d, void *arg);
int sched_heur_kempe(sched_heur *h, int m, int t, sched_haccept accept, void *arg);
/* Swaps the whole contents of slots s and t the same way. */
int sched_heur_swap_slots(sched_heur *h, int s, int t, sched_haccept accept, void *arg);
void sched_heur_kempe_init(sched_heur *h);
void sched_heur_kempe_free(sched_heur *h);

/* Greedy construction, local search, final repair; fills out. */
void sched_heur_construct(sched_heur *h);
void sched_heur_search(sched_heur *h, long target_breaks);
void sched_heur_finish(sched_heur *h, sched_solution *out);
/* Gives each unplaced meeting of s without a reason (a schedule of the exact solver)
 * the reason the heuristic would: calendars, tables, precedences, interpreters, or
 * fairness (max <= s's min + d). */
void sched_heur_explain(const sched_problem *p, const sched_options *o, sched_solution *s);

/* Monotonic clock in seconds. */
double sched_now(void);

#endif
