/* sched.h — the B2B meeting scheduler: problem model, solving, reading back results.
 * A library with no dependency on the web or database code. The problem is the one of
 * ../shared/benchmarks/b2bsp/README.md (Bofill et al., JAIR 2022) plus interpreters:
 * a meeting whose two sides share no language needs an interpreter for one of their
 * language pairs in its slot. All indices in this API are 0-based; file formats and the
 * JSON output are 1-based (meetings, participants, slots, tables), as in the benchmark. */
#ifndef KOPIR_SCHED_H
#define KOPIR_SCHED_H
#include <stdbool.h>
#include <stdint.h>

/* Slots are bits of a uint64_t mask, so an event has at most this many slots. */
#define SCHED_MAX_SLOTS 64
/* Languages are bits of a uint32_t mask. */
#define SCHED_MAX_LANGUAGES 32

typedef enum {
    SCHED_SESSION_MORNING = 1,   /* slot < nmorning */
    SCHED_SESSION_AFTERNOON = 2, /* slot >= nmorning */
    SCHED_SESSION_ANY = 3,
} sched_session;

typedef struct sched_participant {
    const char *name;        /* optional label (NULL when the input has none) */
    uint64_t forbidden;      /* bit s set: no meeting of this participant in slot s */
    uint32_t languages;      /* bit l set: speaks language l (0 = unknown: never needs an interpreter) */
} sched_participant;

typedef struct sched_meeting {
    int a, b;                /* the two participants, a != b */
    sched_session session;
    int fixed_slot;          /* -1 = free, else the slot it must take */
    int nprec;               /* meetings that must be in an earlier slot than this one */
    int *prec;
} sched_meeting;

typedef struct sched_lang_pair {
    int l1, l2;              /* an interpreter for this pair serves a meeting with one side speaking l1 and the other l2 (either order) */
} sched_lang_pair;

typedef struct sched_interpreter {
    const char *name;        /* optional label */
    int npairs;
    sched_lang_pair *pairs;
    uint64_t available;      /* bit s set: can work in slot s */
} sched_interpreter;

typedef struct sched_problem {
    int nparticipants, nmeetings, nslots, nmorning, ntables;
    sched_participant *participants;  /* [nparticipants] */
    sched_meeting *meetings;          /* [nmeetings] */
    int nlanguages;
    const char **language_names;      /* [nlanguages], e.g. "kk", "zh"; may be NULL when nlanguages == 0 */
    int ninterpreters;
    sched_interpreter *interpreters;  /* [ninterpreters] */
    void *owner;                      /* private: storage owned by the reader that built it */
} sched_problem;

typedef enum {
    SCHED_UNKNOWN = 0,     /* nothing found and nothing proven */
    SCHED_OPTIMAL,         /* best possible under the options, proven */
    SCHED_FEASIBLE,        /* a schedule, not proven optimal (time ran out or heuristic mode) */
    SCHED_INFEASIBLE,      /* proven: no schedule satisfies every hard constraint and fairness */
} sched_status;

typedef enum {
    SCHED_MODE_HEURISTIC,  /* fast construction, then local search until the time limit */
    SCHED_MODE_EXACT,      /* SAT-based (CaDiCaL): proves optimality or infeasibility */
} sched_mode;

typedef struct sched_options {
    int fairness;          /* d: max - min breaks over all participants <= d; -1 = no fairness constraint */
    double time_limit;     /* seconds of wall time for the whole solve; <= 0 means 60 */
    sched_mode mode;
    bool allow_unplaced;   /* maximise placed meetings first, then minimise breaks; otherwise every meeting must be placed */
    unsigned seed;         /* for the heuristic's randomness; same seed, same problem -> same result */
    int verbose;           /* 0 quiet; >0 progress lines on stderr */
} sched_options;

/* Why a meeting could not be placed (allow_unplaced mode). */
typedef enum {
    SCHED_WHY_NONE = 0,      /* not known (the time limit ended before it was tried) */
    SCHED_WHY_PARTICIPANT,   /* `who` has no free allowed slot left (its meetings, forbidden slots, session);
                                who = -1: both sides have free slots, never the same one */
    SCHED_WHY_TABLES,        /* every slot the two could share already uses all tables */
    SCHED_WHY_INTERPRETER,   /* no interpreter for the language pair is free in any shared slot */
    SCHED_WHY_PRECEDENCE,    /* its precedences / fixed slots leave no slot */
    SCHED_WHY_FAIRNESS,      /* placing it would break the fairness bound or cost more than it gains */
} sched_why;

typedef struct sched_solution {
    sched_status status;
    int nmeetings;
    int *slot;             /* [nmeetings] slot of each meeting, -1 when unplaced */
    int *table;            /* [nmeetings] table of each meeting (0..ntables-1), -1 when unplaced */
    int *interpreter;      /* [nmeetings] interpreter index, -1 when none needed or unplaced */
    sched_why *why;        /* [nmeetings] reason for each unplaced meeting, SCHED_WHY_NONE otherwise */
    int *why_who;          /* [nmeetings] participant (or -1) the reason names */
    int placed;            /* meetings with a slot */
    int total_breaks, max_breaks, min_breaks;
    int lower_bound;       /* proven lower bound on total breaks (== total_breaks when optimal) */
    double seconds;        /* wall time spent */
    bool exact_declined;   /* exact mode was asked for, but the event is too large for the SAT
                              model (sched_exact_declines): the heuristic had the whole limit */
    char reason[256];      /* status infeasible by a quick check of the problem alone (a participant
                              with more meetings than usable slots, a cycle of precedences, ...):
                              that check's sentence in the thread's language; "" otherwise */
} sched_solution;

/* ---- problem ---- */

/* Reads a problem from a MiniZinc .dzn file of the benchmark format (see
 * ../shared/benchmarks/b2bsp/README.md) or from kopir's JSON problem format
 * (docs/sched-json.md), chosen by content. On error returns false and writes
 * "FILE:LINE:COL: message" into err (errlen bytes). The problem owns its memory. */
bool sched_problem_read_file(const char *path, sched_problem *out, char *err, int errlen);
/* Same from a buffer of len bytes; `name` labels error messages. */
bool sched_problem_read_buffer(const char *name, const char *data, int len,
                               sched_problem *out, char *err, int errlen);
/* Checks the problem's own consistency (indices in range, a != b, fixed slots and
 * sessions in range, nslots <= SCHED_MAX_SLOTS, ...). false with a message otherwise. */
bool sched_problem_validate(const sched_problem *p, char *err, int errlen);
/* Frees what a reader allocated; *p becomes zeroed. */
void sched_problem_free(sched_problem *p);

/* True when meeting m needs an interpreter (both sides have known languages and share none). */
bool sched_meeting_needs_interpreter(const sched_problem *p, int m);
/* True when interpreter i can serve meeting m (one of its pairs bridges the two sides). */
bool sched_interpreter_can_serve(const sched_problem *p, int i, int m);

/* ---- solving ---- */

/* Default options: fairness 2, time limit 60 s, heuristic mode, all meetings required. */
void sched_options_default(sched_options *o);
/* Solves p under o into out (allocated here; free with sched_solution_free).
 * Returns the status, also stored in out->status. In exact mode, an event too large
 * for the SAT model (sched_exact_declines) gets the heuristic for the whole limit. */
sched_status sched_solve(const sched_problem *p, const sched_options *o, sched_solution *out);
/* True when exact mode would not build its SAT model for p under o: the estimated
 * clauses exceed its limit (events of thousands of meetings; the per-slot table
 * counters grow with meetings x tables). */
bool sched_exact_declines(const sched_problem *p, const sched_options *o);
/* Allocates an empty solution for p (every meeting unplaced). */
void sched_solution_init(sched_solution *s, const sched_problem *p);
void sched_solution_free(sched_solution *s);
/* Copies src into dst (dst allocated here). */
void sched_solution_copy(sched_solution *dst, const sched_solution *src);

/* ---- checking ---- */

/* Breaks of participant q in solution s (maximal idle runs strictly between two meetings). */
int sched_breaks_of(const sched_problem *p, const sched_solution *s, int q);
/* Recomputes placed, total/max/min breaks of s from its slots. */
void sched_solution_score(const sched_problem *p, sched_solution *s);
/* Independent checker: verifies every hard constraint (double booking, tables, sessions,
 * forbidden, fixed, precedences, interpreters, fairness d when d >= 0, all placed unless
 * allow_unplaced) and that the reported scores match. false with the first violation in err. */
bool sched_check(const sched_problem *p, const sched_solution *s, int fairness,
                 bool allow_unplaced, char *err, int errlen);

/* An upper bound on how many meetings can be placed at once: the smallest of the
 * meetings with a usable slot, table capacity (ntables * nslots), half the sum over
 * participants of min(meetings, usable slots), and the meetings needing no interpreter
 * plus min(those needing one, interpreter-slots available). */
int sched_upper_bound_placed(const sched_problem *p);

/* ---- output ---- */

/* The solution as one JSON object (docs/sched-json.md, "Result"): status, placed,
 * total/max/min breaks (null without a schedule), lower_bound, seconds, meetings
 * (placed ones, input order, all numbers 1-based) and unplaced (with reasons).
 * Returns a malloc'd NUL-terminated string. */
char *sched_solution_to_json(const sched_problem *p, const sched_solution *s);
/* Reads such an object back for p (len bytes of data; name labels errors, which are
 * "NAME:LINE:COL: message"). Meetings not listed are unplaced. */
bool sched_solution_read_json(const sched_problem *p, const char *name, const char *data, int len,
                              sched_solution *out, char *err, int errlen);

/* The status as "optimal", "feasible", "infeasible" or "unknown". */
const char *sched_status_name(sched_status st);
/* The reason as a short English word ("participant", "tables", ...). */
const char *sched_why_name(sched_why w);

#endif
