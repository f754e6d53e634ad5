/* cmd_schedule.c — `kopir schedule`: solve a B2B meeting problem (.dzn or JSON) and
 * print the schedule as a grid or as JSON, or check a JSON schedule against a
 * problem with the independent checker (--check). The grid and the messages are in the
 * operator's language; the JSON (keys, status names, reason codes) is not translated. */
#include "cli/cli.h"
#include "i18n/i18n.h"
#include "sched/sched.h"

#include <errno.h>
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
        cli_error("%s", _("--fairness must be -1 (none) or 0..64"));
        return false;
    }
    if (!(limit > 0 && limit <= 86400)) {
        cli_error("%s", _("--time-limit must be more than 0 and at most 86400 seconds"));
        return false;
    }
    if (seed < 0 || seed > 4294967295L) {
        cli_error("%s", _("--seed must be 0..4294967295"));
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

/* Why a meeting stays unplaced, one sentence per reason code (sched_why), each with the
 * meeting number and its two participants; the JSON keeps the code. */
static const char *const why_sentences[] = {
    [SCHED_WHY_NONE] = N_("Meeting %d (%d-%d) is not placed."),
    [SCHED_WHY_PARTICIPANT] =
        N_("Meeting %d (%d-%d) is not placed: its two participants have no free slot in common that the meeting may use."),
    [SCHED_WHY_TABLES] = N_("Meeting %d (%d-%d) is not placed: every slot the two could share has all its tables taken."),
    [SCHED_WHY_INTERPRETER] =
        N_("Meeting %d (%d-%d) is not placed: no interpreter for their languages is free in a slot they share."),
    [SCHED_WHY_PRECEDENCE] =
        N_("Meeting %d (%d-%d) is not placed: the required order of meetings and the fixed slots leave it no slot."),
    [SCHED_WHY_FAIRNESS] = N_("Meeting %d (%d-%d) is not placed: placing it would break the fairness limit on breaks."),
};

/* Why meeting m stays unplaced, for people; names the participant who ran out when known. */
static void print_why(const sched_problem *p, const sched_solution *s, int m)
{
    int a = p->meetings[m].a + 1, b = p->meetings[m].b + 1, who = s->why_who[m] + 1;
    sched_why w = s->why[m];
    if (w == SCHED_WHY_PARTICIPANT && who > 0)
        printf(_("Meeting %d (%d-%d) is not placed: participant %d has no free slot left that the meeting may use."),
               m + 1, a, b, who);
    else
        printf(_(why_sentences[(unsigned)w <= SCHED_WHY_FAIRNESS ? w : SCHED_WHY_NONE]), m + 1, a, b);
}

/* Status of a solution, for people (the JSON keeps sched_status_name). */
static const char *status_text(sched_status st)
{
    switch (st) {
    /* TRANSLATORS: the schedule is proven best. */
    case SCHED_OPTIMAL: return _("optimal");
    /* TRANSLATORS: a valid schedule, not proven best. */
    case SCHED_FEASIBLE: return _("feasible");
    /* TRANSLATORS: proven that no schedule exists. */
    case SCHED_INFEASIBLE: return _("infeasible");
    /* TRANSLATORS: no schedule found within the time limit, nor a proof that none exists. */
    default: return _("unknown");
    }
}

static void print_grid(const sched_problem *p, const sched_solution *s)
{
    for (int t = 0; t < p->nslots; t++) {
        printf(t < p->nmorning ? _("slot %2d (morning):") : _("slot %2d (afternoon):"), t + 1);
        for (int m = 0; m < p->nmeetings; m++) {
            if (s->slot[m] != t) continue;
            printf("  T%d %d-%d", s->table[m] + 1, p->meetings[m].a + 1, p->meetings[m].b + 1);
            if (s->interpreter[m] >= 0) printf("/i%d", s->interpreter[m] + 1);
        }
        putchar('\n');
    }
    for (int m = 0; m < p->nmeetings; m++) {
        if (s->slot[m] >= 0) continue;
        print_why(p, s, m);
        putchar('\n');
    }
}

static void print_summary(const sched_problem *p, const sched_solution *s)
{
    if (s->status == SCHED_OPTIMAL || s->status == SCHED_FEASIBLE)
        /* TRANSLATORS: status: placed/all meetings placed, breaks (lower bound), max and min breaks of a
         * participant, seconds. */
        printf(_("%s: %d/%d meetings placed, breaks: %d (lower bound %d), max %d, min %d, %.2f s"),
               status_text(s->status), s->placed, p->nmeetings, s->total_breaks, s->lower_bound,
               s->max_breaks, s->min_breaks, s->seconds);
    else
        printf(_("%s: no schedule, %.2f s"), status_text(s->status), s->seconds);
    putchar('\n');
    if (s->reason[0]) /* a whole sentence in the operator's language (bound.c) */
        printf("%s\n", s->reason);
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
    if (s.exact_declined)
        cli_error("%s", _("This event is too large for --exact: the heuristic schedules it for the whole time "
                          "limit, without a proof of optimality."));
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
        int at = snprintf(err, (size_t)errlen, "%s: ", path);
        if (at >= 0 && at < errlen) snprintf(err + at, (size_t)(errlen - at), _("cannot open: %s"), i18n_strerror(errno));
        return NULL;
    }
    char *data = mem_alloc(SCHEDULE_MAX_RESULT + 1);
    size_t n = fread(data, 1, SCHEDULE_MAX_RESULT + 1, f);
    int rerr = ferror(f) ? errno : 0;
    fclose(f);
    if (rerr) {
        int at = snprintf(err, (size_t)errlen, "%s: ", path);
        if (at >= 0 && at < errlen) snprintf(err + at, (size_t)(errlen - at), _("cannot read: %s"), i18n_strerror(rerr));
        free(data);
        return NULL;
    }
    if (n > SCHEDULE_MAX_RESULT) {
        int at = snprintf(err, (size_t)errlen, "%s: ", path);
        if (at >= 0 && at < errlen) snprintf(err + at, (size_t)(errlen - at), _("larger than %d bytes"), SCHEDULE_MAX_RESULT);
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
        cli_error(_("check failed: %s"), err);
    } else {
        printf(_("ok: %s, %d/%d meetings placed, breaks: %d, max %d, min %d"), status_text(s.status), s.placed,
               p.nmeetings, s.total_breaks, s.max_breaks, s.min_breaks);
        putchar('\n');
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
        { "fairness", CLI_INT, "D", N_("max - min breaks over participants (default 2, -1 = none)"), NULL, false },
        { "time-limit", CLI_NUMBER, "S", N_("seconds of wall time (default 60)"), NULL, false },
        { "exact", CLI_FLAG, NULL, N_("SAT-based exact solving (proves optimality or infeasibility)"), NULL, false },
        { "allow-unplaced", CLI_FLAG, NULL, N_("place as many meetings as possible instead of all"), NULL, false },
        { "seed", CLI_INT, "N", N_("random seed of the heuristic (default 1)"), NULL, false },
        { "json", CLI_FLAG, NULL, N_("print the result as one JSON object"), NULL, false },
        { "check", CLI_FLAG, NULL, N_("check SCHEDULE.json against PROBLEM instead of solving"), NULL, false },
        { "verbose", CLI_FLAG, NULL, N_("progress on stderr (developer diagnostics, in English)"), NULL, false },
        { NULL, 0, NULL, NULL, NULL, false },
    };
    char *pos[2];
    int npos = 0;
    int rc = cli_parse(argc, argv, opts, usage_line, pos, 2, &npos);
    if (rc) return rc < 0 ? 0 : rc;
    bool check = cli_flag(opts, "check");
    if (npos != (check ? 2 : 1)) {
        cli_error("%s", check ? _("--check needs PROBLEM and SCHEDULE.json (see --help)")
                              : _("expected one PROBLEM file (see --help)"));
        return 2;
    }
    return check ? run_check(pos[0], pos[1], opts) : run_solve(pos[0], opts);
}
