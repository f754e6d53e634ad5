/* cmd_schedule.c — `kopir schedule`: solve a B2B meeting problem (.dzn or JSON) and
 * print the schedule as a grid or as JSON, or check a JSON schedule against a
 * problem with the independent checker (--check). */
#include "cli/cli.h"
#include "sched/sched.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

#define SCHEDULE_MAX_RESULT (64 * 1024 * 1024)

static const char *usage_line =
    "kopir schedule PROBLEM [--fairness D] [--time-limit S] [--exact] [--allow-unplaced] [--seed N] [--json]\n"
    "       kopir schedule --check PROBLEM SCHEDULE.json [--fairness D] [--allow-unplaced]";

/* Reads the options into o; false after printing a usage error. */
static bool read_options(cli_opt *opts, sched_options *o)
{
    sched_options_default(o);
    long d = cli_int(opts, "fairness", 2), seed = cli_int(opts, "seed", 1);
    double limit = cli_number(opts, "time-limit", 60);
    if (d < -1 || d > 64) {
        cli_error("--fairness must be -1 (none) or 0..64");
        return false;
    }
    if (!(limit > 0 && limit <= 86400)) {
        cli_error("--time-limit must be more than 0 and at most 86400 seconds");
        return false;
    }
    if (seed < 0 || seed > 4294967295L) {
        cli_error("--seed must be 0..4294967295");
        return false;
    }
    o->fairness = (int)d;
    o->time_limit = limit;
    o->seed = (unsigned)seed;
    o->mode = cli_flag(opts, "exact") ? SCHED_MODE_EXACT : SCHED_MODE_HEURISTIC;
    o->allow_unplaced = cli_flag(opts, "allow-unplaced");
    o->verbose = cli_flag(opts, "verbose");
    return true;
}

static void print_grid(const sched_problem *p, const sched_solution *s)
{
    for (int t = 0; t < p->nslots; t++) {
        printf("slot %2d (%s):", t + 1, t < p->nmorning ? "morning" : "afternoon");
        for (int m = 0; m < p->nmeetings; m++) {
            if (s->slot[m] != t) continue;
            printf("  T%d %d-%d", s->table[m] + 1, p->meetings[m].a + 1, p->meetings[m].b + 1);
            if (s->interpreter[m] >= 0) printf("/i%d", s->interpreter[m] + 1);
        }
        putchar('\n');
    }
    for (int m = 0; m < p->nmeetings; m++) {
        if (s->slot[m] >= 0) continue;
        printf("unplaced meeting %d (%d-%d): %s", m + 1, p->meetings[m].a + 1, p->meetings[m].b + 1,
               sched_why_name(s->why[m]));
        if (s->why_who[m] >= 0) printf(" (participant %d)", s->why_who[m] + 1);
        putchar('\n');
    }
}

static void print_summary(const sched_problem *p, const sched_solution *s)
{
    if (s->status == SCHED_OPTIMAL || s->status == SCHED_FEASIBLE)
        printf("%s: %d/%d meetings placed, %d breaks (lower bound %d), max %d, min %d, %.2f s\n",
               sched_status_name(s->status), s->placed, p->nmeetings, s->total_breaks, s->lower_bound,
               s->max_breaks, s->min_breaks, s->seconds);
    else
        printf("%s: no schedule, %.2f s\n", sched_status_name(s->status), s->seconds);
}

static int run_solve(const char *path, cli_opt *opts)
{
    sched_options o;
    if (!read_options(opts, &o)) return 2;
    sched_problem p;
    char err[512];
    if (!sched_problem_read_file(path, &p, err, sizeof err)) {
        cli_error("%s", err);
        return 1;
    }
    sched_solution s;
    sched_status st = sched_solve(&p, &o, &s);
    if (cli_flag(opts, "json")) {
        char *text = sched_solution_to_json(&p, &s);
        printf("%s\n", text);
        free(text);
    } else {
        if (st == SCHED_OPTIMAL || st == SCHED_FEASIBLE) print_grid(&p, &s);
        print_summary(&p, &s);
    }
    sched_solution_free(&s);
    sched_problem_free(&p);
    /* 3 tells scripts "solved, but no schedule" apart from errors (1, 2). */
    return st == SCHED_OPTIMAL || st == SCHED_FEASIBLE ? 0 : 3;
}

static char *read_text(const char *path, int *len, char *err, int errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, (size_t)errlen, "%s:0:0: cannot open", path);
        return NULL;
    }
    char *data = mem_alloc(SCHEDULE_MAX_RESULT + 1);
    size_t n = fread(data, 1, SCHEDULE_MAX_RESULT + 1, f);
    fclose(f);
    if (n > SCHEDULE_MAX_RESULT) {
        snprintf(err, (size_t)errlen, "%s:0:0: larger than %d bytes", path, SCHEDULE_MAX_RESULT);
        free(data);
        return NULL;
    }
    data[n] = '\0';
    *len = (int)n;
    return data;
}

static int run_check(const char *problem, const char *result, cli_opt *opts)
{
    sched_options o;
    if (!read_options(opts, &o)) return 2;
    sched_problem p;
    char err[512];
    if (!sched_problem_read_file(problem, &p, err, sizeof err)) {
        cli_error("%s", err);
        return 1;
    }
    int len = 0, rc = 1;
    char *text = read_text(result, &len, err, sizeof err);
    sched_solution s = { 0 };
    if (!text || !sched_solution_read_json(&p, result, text, len, &s, err, sizeof err)) {
        cli_error("%s", err);
    } else if (!sched_check(&p, &s, o.fairness, o.allow_unplaced, err, sizeof err)) {
        cli_error("check failed: %s", err);
    } else {
        printf("ok: %s, %d/%d meetings placed, %d breaks, max %d, min %d\n", sched_status_name(s.status), s.placed,
               p.nmeetings, s.total_breaks, s.max_breaks, s.min_breaks);
        rc = 0;
    }
    free(text);
    sched_solution_free(&s);
    sched_problem_free(&p);
    return rc;
}

int cmd_schedule(int argc, char **argv)
{
    cli_opt opts[] = {
        { "fairness", CLI_INT, "D", "max - min breaks over participants (default 2, -1 = none)", NULL, false },
        { "time-limit", CLI_NUMBER, "S", "seconds of wall time (default 60)", NULL, false },
        { "exact", CLI_FLAG, NULL, "SAT-based exact solving (proves optimality or infeasibility)", NULL, false },
        { "allow-unplaced", CLI_FLAG, NULL, "place as many meetings as possible instead of all", NULL, false },
        { "seed", CLI_INT, "N", "random seed of the heuristic (default 1)", NULL, false },
        { "json", CLI_FLAG, NULL, "print the result as one JSON object", NULL, false },
        { "check", CLI_FLAG, NULL, "check SCHEDULE.json against PROBLEM instead of solving", NULL, false },
        { "verbose", CLI_FLAG, NULL, "progress on stderr", NULL, false },
        { NULL, 0, NULL, NULL, NULL, false },
    };
    char *pos[2];
    int npos = 0;
    int rc = cli_parse(argc, argv, opts, usage_line, pos, 2, &npos);
    if (rc) return rc < 0 ? 0 : rc;
    bool check = cli_flag(opts, "check");
    if (npos != (check ? 2 : 1)) {
        cli_error(check ? "--check needs PROBLEM and SCHEDULE.json (see --help)" : "expected one PROBLEM file (see --help)");
        return 2;
    }
    return check ? run_check(pos[0], pos[1], opts) : run_solve(pos[0], opts);
}
