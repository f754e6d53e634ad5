/* solve.c — sched_solve(): the time budget and the choice of solver. Heuristic mode
 * runs the heuristic; exact mode runs it briefly for an initial schedule (an upper
 * bound for the SAT search) and hands the rest of the time to sched_exact_solve(). */
#include "sched/sched.h"
#include "sched/exact.h"
#include "sched/sched_internal.h"

#include <stddef.h>
#include <stdlib.h>

sched_status sched_solve(const sched_problem *p, const sched_options *o, sched_solution *out)
{
    double start = sched_now();
    double limit = o->time_limit > 0 ? o->time_limit : 60;
    sched_solution_init(out, p);
    /* An event too large for the SAT model gets the heuristic's whole limit: a short
     * warm-up followed by a search that declines would waste the rest of the time. */
    bool declined = o->mode == SCHED_MODE_EXACT && sched_exact_declines(p, o);
    if (o->mode != SCHED_MODE_EXACT || declined) {
        sched_heuristic_solve(p, o, start + limit, out);
        /* no note about a missing proof when a quick check proved it infeasible */
        out->exact_declined = declined && out->status != SCHED_INFEASIBLE;
        out->seconds = sched_now() - start;
        return out->status;
    }
    /* A short heuristic run (a four-hundredth of the budget, at most 5 s) gives the SAT
     * search its first upper bound; the search finds better schedules itself, so more
     * warm-up only delays it. Measured (docs/sched-exact.md, "Warm-up and switch
     * point"): a hundredth (0.2 s at 20 s, 0.6 s at 60 s) -> a four-hundredth:
     * variants 175 -> 134 s in all, every status and optimum the same.
     * KOPIR_EXACT_WARM overrides the share. */
    const char *share = getenv("KOPIR_EXACT_WARM");
    double f = share ? atof(share) : 0.0025, warm = limit * f < 5 ? limit * f : 5;
    sched_solution initial;
    sched_solution_init(&initial, p);
    sched_heuristic_solve(p, o, start + warm, &initial);
    sched_options rest = *o;
    rest.time_limit = limit - (sched_now() - start);
    if (rest.time_limit < 0.01) rest.time_limit = 0.01;
    bool have = initial.status == SCHED_FEASIBLE || initial.status == SCHED_OPTIMAL;
    if (initial.status == SCHED_INFEASIBLE && !o->allow_unplaced) {
        /* A cheap proof already settles it; the SAT search would only repeat it. */
        sched_solution_free(out);
        sched_solution_copy(out, &initial);
    } else {
        sched_exact_solve(p, &rest, have ? &initial : NULL, out);
        if (o->allow_unplaced && out->placed < p->nmeetings)
            sched_heur_explain(p, o, out);
    }
    sched_solution_free(&initial);
    out->seconds = sched_now() - start;
    return out->status;
}
