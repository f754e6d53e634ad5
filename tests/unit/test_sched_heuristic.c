/* test_sched_heuristic.c — the heuristic on crafted instances: the optimum of the
 * fixture, interpreters shared between meetings of one slot, allow_unplaced with each
 * reason, cheap infeasibility proofs, bounds, and determinism for a seed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "sched_fixture.h"
#include "i18n/i18n.h"
#include "sched/sched_internal.h"

static void read_json(const char *text, sched_problem *p)
{
    char err[256] = "";
    bool ok = sched_problem_read_buffer("t.json", text, (int)strlen(text), p, err, sizeof err);
    if (!ok) fprintf(stderr, "%s\n", err);
    assert_true(ok);
}

static sched_status solve(const sched_problem *p, bool allow_unplaced, sched_solution *s)
{
    sched_options o;
    sched_options_default(&o);
    o.time_limit = 1; /* UNKNOWN cases search until the limit; the others end sooner */
    o.allow_unplaced = allow_unplaced;
    return sched_solve(p, &o, s);
}

static void fixture_optimum(void **state)
{
    (void)state;
    sched_problem p;
    sched_solution s;
    char err[256] = "";
    fixture_problem(&p);
    /* Meeting 3 in slot 2, meeting 2 in slot 3, meeting 1 in slot 1, 5 in slot 3: no breaks. */
    assert_int_equal(solve(&p, false, &s), SCHED_OPTIMAL);
    assert_true(sched_check(&p, &s, 2, false, err, sizeof err));
    assert_int_equal(s.total_breaks, 0);
    assert_int_equal(s.lower_bound, 0);
    assert_int_equal(s.placed, 5);
    assert_int_equal(s.slot[3], 1);
    assert_true(s.interpreter[0] >= 0 && s.interpreter[1] >= 0);
    sched_solution_free(&s);
    sched_problem_free(&p);
}

/* One interpreter, two meetings needing it: they must go to different slots. */
static void one_interpreter_two_meetings(void **state)
{
    (void)state;
    sched_problem p;
    sched_solution s;
    char err[256] = "";
    read_json("{\"slots\": 2, \"tables\": 5, \"participants\": [{\"languages\": [\"kk\"]}, {\"languages\": [\"zh\"]},"
              " {\"languages\": [\"kk\"]}, {\"languages\": [\"zh\"]}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2}, {\"a\": 3, \"b\": 4}],"
              " \"interpreters\": [{\"pairs\": [[\"zh\", \"kk\"]]}]}", &p);
    assert_int_equal(solve(&p, false, &s), SCHED_OPTIMAL);
    assert_true(sched_check(&p, &s, 2, false, err, sizeof err));
    assert_int_not_equal(s.slot[0], s.slot[1]);
    assert_int_equal(s.interpreter[0], 0);
    assert_int_equal(s.interpreter[1], 0);
    sched_solution_free(&s);
    sched_problem_free(&p);
    /* Both fixed to slot 1: only one can be interpreted. */
    read_json("{\"slots\": 2, \"tables\": 5, \"participants\": [{\"languages\": [\"kk\"]}, {\"languages\": [\"zh\"]},"
              " {\"languages\": [\"kk\"]}, {\"languages\": [\"zh\"]}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2, \"fixed\": 1}, {\"a\": 3, \"b\": 4, \"fixed\": 1}],"
              " \"interpreters\": [{\"pairs\": [[\"zh\", \"kk\"]]}]}", &p);
    assert_int_equal(sched_upper_bound_placed(&p), 2);
    assert_int_equal(solve(&p, true, &s), SCHED_FEASIBLE);
    assert_true(sched_check(&p, &s, 2, true, err, sizeof err));
    assert_int_equal(s.placed, 1);
    int lost = s.slot[0] < 0 ? 0 : 1;
    assert_int_equal(s.slot[lost], -1);
    assert_int_equal(s.why[lost], SCHED_WHY_INTERPRETER);
    sched_solution_free(&s);
    assert_int_equal(solve(&p, false, &s), SCHED_UNKNOWN);
    assert_int_equal(s.placed, 0);
    sched_solution_free(&s);
    sched_problem_free(&p);
    /* The interpreter is free in slot 1 only: one interpreter-slot for two meetings that
     * need one is a proof, not a search that runs out of time. */
    read_json("{\"slots\": 2, \"tables\": 2, \"participants\": [{\"languages\": [\"kk\"]}, {\"languages\": [\"zh\"]},"
              " {\"languages\": [\"kk\"]}, {\"languages\": [\"zh\"]}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2}, {\"a\": 3, \"b\": 4}],"
              " \"interpreters\": [{\"pairs\": [[\"kk\", \"zh\"]], \"available\": [1]}]}", &p);
    assert_int_equal(sched_upper_bound_placed(&p), 1);
    assert_true(sched_trivially_infeasible(&p, err, sizeof err));
    assert_non_null(strstr(err, "2 meetings need an interpreter")); /* LANG_EN, set in main */
    assert_int_equal(solve(&p, false, &s), SCHED_INFEASIBLE);
    assert_string_equal(s.reason, err); /* the proof's sentence reaches the caller */
    sched_solution_free(&s);
    sched_problem_free(&p);
}

static void unplaced_reasons(void **state)
{
    (void)state;
    sched_problem p;
    sched_solution s;
    char err[256] = "";
    /* Participant 1 has three meetings in two slots. */
    read_json("{\"slots\": 2, \"tables\": 5, \"participants\": [{}, {}, {}, {}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2}, {\"a\": 1, \"b\": 3}, {\"a\": 1, \"b\": 4}]}", &p);
    assert_int_equal(sched_upper_bound_placed(&p), 2);
    assert_int_equal(solve(&p, false, &s), SCHED_INFEASIBLE);
    assert_string_equal(s.reason, "participant 1 has 3 meetings but only 2 usable slots");
    sched_solution_free(&s);
    sched_problem_free(&p);
    /* The singular, and the table-slot count in labels (no "1 slots of 1 tables"). */
    read_json("{\"slots\": 1, \"tables\": 5, \"participants\": [{}, {}, {}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2}, {\"a\": 1, \"b\": 3}]}", &p);
    assert_true(sched_trivially_infeasible(&p, err, sizeof err));
    assert_string_equal(err, "participant 1 has 2 meetings but only 1 usable slot");
    sched_problem_free(&p);
    read_json("{\"slots\": 1, \"tables\": 1, \"participants\": [{}, {}, {}, {}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2}, {\"a\": 3, \"b\": 4}]}", &p);
    assert_true(sched_trivially_infeasible(&p, err, sizeof err));
    assert_string_equal(err, "more meetings than places for them: meetings 2, places 1 (slots 1 × tables 1)");
    sched_problem_free(&p);
    /* Participant 1 has three meetings in two slots (again, for what follows). */
    read_json("{\"slots\": 2, \"tables\": 5, \"participants\": [{}, {}, {}, {}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2}, {\"a\": 1, \"b\": 3}, {\"a\": 1, \"b\": 4}]}", &p);
    assert_int_equal(solve(&p, true, &s), SCHED_OPTIMAL);
    assert_string_equal(s.reason, ""); /* placing fewer is a schedule, with no such proof */
    assert_true(sched_check(&p, &s, 2, true, err, sizeof err));
    assert_int_equal(s.placed, 2);
    for (int m = 0; m < 3; m++)
        if (s.slot[m] < 0) {
            assert_int_equal(s.why[m], SCHED_WHY_PARTICIPANT);
            assert_int_equal(s.why_who[m], 0);
        }
    sched_solution_free(&s);
    sched_problem_free(&p);
    /* One table, two slots, three separate meetings: two placed is the upper bound and
     * nobody has a break, so that is optimal even with one left out. */
    read_json("{\"slots\": 2, \"tables\": 1, \"participants\": [{}, {}, {}, {}, {}, {}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2}, {\"a\": 3, \"b\": 4}, {\"a\": 5, \"b\": 6}]}", &p);
    assert_int_equal(solve(&p, true, &s), SCHED_OPTIMAL);
    assert_int_equal(s.placed, 2);
    for (int m = 0; m < 3; m++)
        if (s.slot[m] < 0) assert_int_equal(s.why[m], SCHED_WHY_TABLES);
    sched_solution_free(&s);
    sched_problem_free(&p);
    /* Meeting 2 must follow meeting 1, which is fixed to the last slot. */
    read_json("{\"slots\": 2, \"tables\": 3, \"participants\": [{}, {}, {}, {}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2, \"fixed\": 2}, {\"a\": 3, \"b\": 4, \"after\": [1]}]}", &p);
    assert_int_equal(solve(&p, false, &s), SCHED_INFEASIBLE);
    sched_solution_free(&s);
    assert_int_equal(solve(&p, true, &s), SCHED_FEASIBLE);
    assert_int_equal(s.slot[0], 1);
    assert_int_equal(s.slot[1], -1);
    assert_int_equal(s.why[1], SCHED_WHY_PRECEDENCE);
    sched_solution_free(&s);
    sched_problem_free(&p);
}

/* Reasons that hold for every slot the meeting may use (found by a black-box review:
 * the first said "participant 1 has no free slot" although it was free in slot 2). */
static void unplaced_reasons_hold_everywhere(void **state)
{
    (void)state;
    sched_problem p;
    sched_solution s;
    /* One table, two slots: 1-2 and 3-2 fill both; 1 and 3 are free at different times.
     * Every slot's table is taken too, but more tables would not help: the calendars
     * are the reason, with neither side alone named. */
    read_json("{\"slots\": 2, \"tables\": 1, \"participants\": [{}, {}, {}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2}, {\"a\": 3, \"b\": 2}, {\"a\": 1, \"b\": 3}]}", &p);
    assert_int_equal(solve(&p, true, &s), SCHED_OPTIMAL);
    assert_int_equal(s.placed, 2);
    assert_int_equal(s.slot[2], -1);
    assert_int_equal(s.why[2], SCHED_WHY_PARTICIPANT);
    assert_int_equal(s.why_who[2], -1);
    sched_solution_free(&s);
    sched_problem_free(&p);
    /* Five tables: the tables are no longer the reason, the calendars are (1 and 3
     * never free together), and neither side alone is named. */
    read_json("{\"slots\": 2, \"tables\": 5, \"participants\": [{}, {}, {}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2}, {\"a\": 3, \"b\": 2}, {\"a\": 1, \"b\": 3}]}", &p);
    assert_int_equal(solve(&p, true, &s), SCHED_FEASIBLE);
    assert_int_equal(s.placed, 2);
    int lost = s.slot[0] < 0 ? 0 : s.slot[1] < 0 ? 1 : 2;
    assert_int_equal(s.why[lost], SCHED_WHY_PARTICIPANT);
    assert_int_equal(s.why_who[lost], -1);
    sched_solution_free(&s);
    sched_problem_free(&p);
    /* kk meets ru and no interpreter exists; the tables are also full, but the
     * interpreter is the reason that holds whatever else is scheduled. */
    read_json("{\"slots\": 2, \"tables\": 1, \"participants\": [{\"languages\": [\"kk\"]},"
              " {\"languages\": [\"ru\"]}, {}, {}],"
              " \"meetings\": [{\"a\": 3, \"b\": 4}, {\"a\": 3, \"b\": 4}, {\"a\": 1, \"b\": 2}]}", &p);
    assert_int_equal(solve(&p, true, &s), SCHED_OPTIMAL);
    assert_int_equal(s.slot[2], -1);
    assert_int_equal(s.why[2], SCHED_WHY_INTERPRETER);
    sched_solution_free(&s);
    sched_problem_free(&p);
}

/* Fairness 0 forbids a participant with a break when another has none: with meetings
 * fixed to slots 1 and 3 for participant 1, only dropping one makes it fair. */
static void fairness_in_unplaced_mode(void **state)
{
    (void)state;
    sched_problem p;
    sched_solution s;
    char err[256] = "";
    read_json("{\"slots\": 3, \"tables\": 3, \"participants\": [{}, {}, {}],"
              " \"meetings\": [{\"a\": 1, \"b\": 2, \"fixed\": 1}, {\"a\": 1, \"b\": 3, \"fixed\": 3}]}", &p);
    sched_options o;
    sched_options_default(&o);
    o.fairness = 0;
    o.time_limit = 1; /* the complete mode below searches until the limit */
    o.allow_unplaced = true;
    assert_int_equal(sched_solve(&p, &o, &s), SCHED_FEASIBLE);
    assert_true(sched_check(&p, &s, 0, true, err, sizeof err));
    assert_int_equal(s.placed, 1);
    assert_int_equal(s.total_breaks, 0);
    int lost = s.slot[0] < 0 ? 0 : 1;
    assert_int_equal(s.why[lost], SCHED_WHY_FAIRNESS);
    sched_solution_free(&s);
    o.allow_unplaced = false;
    assert_int_equal(sched_solve(&p, &o, &s), SCHED_UNKNOWN);
    sched_solution_free(&s);
    sched_problem_free(&p);
}

static void deterministic_for_seed(void **state)
{
    (void)state;
    sched_problem p;
    char err[256] = "";
    if (!sched_problem_read_file("../shared/benchmarks/b2bsp/data_table03_origin/tic-12.original.dzn", &p, err,
                                 sizeof err))
        skip();
    sched_solution s1, s2;
    assert_int_equal(solve(&p, false, &s1), SCHED_OPTIMAL); /* 0 breaks is reached and proven by the bound */
    assert_int_equal(solve(&p, false, &s2), SCHED_OPTIMAL);
    assert_true(sched_check(&p, &s1, 2, false, err, sizeof err));
    assert_int_equal(s1.total_breaks, 0);
    assert_memory_equal(s1.slot, s2.slot, sizeof(int) * (size_t)p.nmeetings);
    sched_solution_free(&s1);
    sched_solution_free(&s2);
    sched_problem_free(&p);
}

int main(void)
{
    i18n_set_lang(LANG_EN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixture_optimum),
        cmocka_unit_test(one_interpreter_two_meetings),
        cmocka_unit_test(unplaced_reasons),
        cmocka_unit_test(unplaced_reasons_hold_everywhere),
        cmocka_unit_test(fairness_in_unplaced_mode),
        cmocka_unit_test(deterministic_for_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
