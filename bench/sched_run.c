/* sched_run.c — bench driver: solves one problem file in exact mode and prints one line
 * "status breaks lower_bound seconds placed max min cpu=SECONDS". Built by bench/sched against the
 * objects of the normal build (no main.o).
 * usage: sched_run FILE FAIRNESS TIME_LIMIT [--unplaced] [--verbose] [--solve]
 * --solve goes through sched_solve() (the path of `kopir schedule --exact`: a short
 * heuristic run for a first schedule, then sched_exact_solve); otherwise
 * sched_exact_solve is called alone, from scratch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched/exact.h"
#include "sched/sched.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s FILE FAIRNESS TIME_LIMIT [--unplaced] [--verbose]\n", argv[0]);
        return 2;
    }
    char err[512];
    sched_problem p;
    if (!sched_problem_read_file(argv[1], &p, err, (int)sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    sched_options o;
    sched_options_default(&o);
    o.mode = SCHED_MODE_EXACT;
    o.fairness = atoi(argv[2]);
    o.time_limit = atof(argv[3]);
    bool via_solve = false;
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--solve") == 0)
            via_solve = true;
        else if (strcmp(argv[i], "--unplaced") == 0)
            o.allow_unplaced = true;
        else if (strcmp(argv[i], "--verbose") == 0)
            o.verbose = 1;
    }
    sched_solution s;
    if (via_solve) {
        sched_solve(&p, &o, &s);
    } else {
        sched_solution_init(&s, &p);
        sched_exact_solve(&p, &o, NULL, &s);
    }
    bool ok = s.placed == 0 || sched_check(&p, &s, o.fairness, o.allow_unplaced, err, (int)sizeof err);
    printf("%s %d %d %.2f %d %d %d cpu=%.2f%s%s\n", sched_status_name(s.status), s.total_breaks,
           s.lower_bound, s.seconds, s.placed, s.max_breaks, s.min_breaks,
           (double)clock() / CLOCKS_PER_SEC,
           ok ? "" : " CHECK-FAILED: ", ok ? "" : err);
    sched_solution_free(&s);
    sched_problem_free(&p);
    return ok ? 0 : 1;
}
