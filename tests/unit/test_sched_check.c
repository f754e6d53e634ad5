/* test_sched_check.c — the independent checker: a valid hand-made schedule passes,
 * and each kind of violation, crafted one at a time, is caught with its message;
 * breaks and scores recomputed exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "sched_fixture.h"

static void breaks_and_score(void **state)
{
    (void)state;
    sched_problem p;
    sched_solution s;
    fixture_problem(&p);
    assert_int_equal(p.nmeetings, 5);
    fixture_solution(&p, &s);
    assert_int_equal(sched_breaks_of(&p, &s, 2), 1);
    assert_int_equal(sched_breaks_of(&p, &s, 0), 0);
    s.slot[4] = 3; /* P1 then meets in slots 1, 3 and 4: one break; P5 alone: none */
    assert_int_equal(sched_breaks_of(&p, &s, 0), 1);
    s.slot[2] = -1; /* P1: 3, 4 */
    assert_int_equal(sched_breaks_of(&p, &s, 0), 0);
    sched_solution_score(&p, &s);
    assert_int_equal(s.placed, 4);
    assert_int_equal(s.total_breaks, 0);
    assert_int_equal(s.max_breaks, 0);
    sched_solution_free(&s);
    sched_problem_free(&p);
}

/* Applies one edit to the valid schedule and expects exactly `msg`. */
typedef struct violation {
    int m, slot, table, interp; /* meeting to edit (-1: none), new values (-9: keep) */
    int fairness;
    int total_breaks;           /* -9: keep */
    const char *msg;
} violation;

static void each_violation(void **state)
{
    (void)state;
    static const violation cases[] = {
        { -1, -9, -9, -9, 2, -9, NULL },
        { 4, 0, 1, -9, 2, -9, "participant 1 has two meetings in slot 1 (meeting 5 among them)" },
        { 4, -9, 0, -9, 2, -9, "table 1 is used twice in slot 2 (meeting 5 among them)" },
        { 4, -9, 2, -9, 2, -9, "meeting 5: table 3 out of range 1..2" },
        { 2, 3, -9, -9, 2, -9, "meeting 3: slot 4 is outside its session" },
        { 1, 3, -9, -9, 2, -9, "meeting 2: slot 4 is forbidden for participant 3" },
        { 3, 0, 1, -9, 2, -9, "meeting 4: fixed to slot 2 but placed in slot 1" },
        { 0, -9, -9, -1, 2, -9, "meeting 1 needs an interpreter and has none" },
        { 2, -9, -9, 0, 2, -9, "meeting 3 needs no interpreter but has interpreter 1" },
        { 0, -9, -9, 0, 2, -9, "interpreter 1 has two meetings in slot 3 (meeting 2 among them)" },
        { 0, -9, -9, 2, 2, -9, "interpreter 3 is not available in slot 3 (meeting 1)" },
        { 0, -9, -9, 3, 2, -9, "interpreter 4 cannot serve meeting 1 (no language pair)" },
        { 0, 4, -9, -9, 2, -9, "meeting 1: slot 5 out of range 1..4" },
        { -1, -9, -9, -9, 0, -9, "unfair: breaks range from 0 to 1, more than 0 apart" },
        { -1, -9, -9, -9, 2, 2, "reported scores (placed 5, breaks 2, max 1, min 0) differ from recomputed "
                                "(placed 5, breaks 1, max 1, min 0)" },
        { 4, -1, -1, -9, 2, -9, "meeting 5 is not placed" },
    };
    sched_problem p;
    fixture_problem(&p);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const violation *v = &cases[i];
        sched_solution s;
        fixture_solution(&p, &s);
        if (v->m >= 0 && v->slot != -9) s.slot[v->m] = v->slot;
        if (v->m >= 0 && v->table != -9) s.table[v->m] = v->table;
        if (v->m >= 0 && v->interp != -9) s.interpreter[v->m] = v->interp;
        if (v->total_breaks != -9) s.total_breaks = v->total_breaks;
        char err[256] = "";
        bool ok = sched_check(&p, &s, v->fairness, false, err, sizeof err);
        if (v->msg) {
            assert_false(ok);
            assert_string_equal(err, v->msg);
        } else {
            assert_true(ok);
        }
        sched_solution_free(&s);
    }
    sched_problem_free(&p);
}

static void precedence_and_unplaced(void **state)
{
    (void)state;
    sched_problem p;
    sched_solution s;
    char err[256] = "";
    fixture_problem(&p);
    fixture_solution(&p, &s);
    /* Meeting 5 in slot 1 and meeting 3 in slot 2 (table 2): before its predecessor. */
    s.slot[4] = 0;
    s.table[4] = 0;
    s.slot[2] = 1;
    s.table[2] = 1;
    assert_false(sched_check(&p, &s, 2, false, err, sizeof err));
    assert_string_equal(err, "meeting 5 (slot 1) must come after meeting 3 (slot 2)");
    sched_solution_free(&s);

    fixture_solution(&p, &s);
    s.slot[4] = s.table[4] = -1;
    sched_solution_score(&p, &s);
    assert_true(sched_check(&p, &s, 2, true, err, sizeof err));
    s.status = SCHED_UNKNOWN;
    assert_false(sched_check(&p, &s, 2, true, err, sizeof err));
    assert_string_equal(err, "no schedule to check (status unknown)");
    sched_solution_free(&s);
    sched_problem_free(&p);
}

static void json_round_trip(void **state)
{
    (void)state;
    sched_problem p;
    sched_solution s, back;
    char err[256] = "";
    fixture_problem(&p);
    fixture_solution(&p, &s);
    char *text = sched_solution_to_json(&p, &s);
    assert_true(sched_solution_read_json(&p, "r.json", text, (int)strlen(text), &back, err, sizeof err));
    assert_true(sched_check(&p, &back, 2, false, err, sizeof err));
    for (int m = 0; m < 5; m++) {
        assert_int_equal(back.slot[m], s.slot[m]);
        assert_int_equal(back.table[m], s.table[m]);
        assert_int_equal(back.interpreter[m], s.interpreter[m]);
    }
    free(text);
    sched_solution_free(&back);
    /* With a byte order mark, as some editors save it. */
    text = sched_solution_to_json(&p, &s);
    size_t n = strlen(text);
    char *bom = malloc(n + 4);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, text, n + 1);
    assert_true(sched_solution_read_json(&p, "r.json", bom, (int)(n + 3), &back, err, sizeof err));
    free(bom);
    free(text);
    sched_solution_free(&back);
    sched_solution_free(&s);
    sched_problem_free(&p);
}

/* Reads the fixture's valid result after one edit made with jansson; expects `msg`. */
static void expect_rejected(const sched_problem *p, json_t *root, const char *msg)
{
    char err[512] = "", *text = json_dumps(root, 0);
    sched_solution back;
    assert_false(sched_solution_read_json(p, "r.json", text, (int)strlen(text), &back, err, sizeof err));
    assert_string_equal(err, msg);
    sched_solution_free(&back);
    free(text);
    json_decref(root);
}

static json_t *valid_result(const sched_problem *p)
{
    sched_solution s;
    fixture_solution(p, &s);
    char *text = sched_solution_to_json(p, &s);
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    sched_solution_free(&s);
    return root;
}

/* Claims that contradict the schedule or the format are rejected with the entry they
 * are in (found by a black-box review: a wrapped "placed", an "unplaced" list naming a
 * placed meeting and unknown members were accepted, and every message said 1:1). */
static void json_claims_checked(void **state)
{
    (void)state;
    sched_problem p;
    fixture_problem(&p);
    json_t *r = valid_result(&p), *list = json_object_get(r, "meetings");
    json_array_set(list, 1, json_array_get(list, 0));
    expect_rejected(&p, r, "r.json: meetings[1]: meeting 1 listed twice");

    r = valid_result(&p);
    json_object_set_new(r, "placed", json_integer(4294967300LL));
    expect_rejected(&p, r, "r.json: \"placed\" must be an integer 0..5");
    r = valid_result(&p);
    json_object_set_new(r, "placed", json_string("5"));
    expect_rejected(&p, r, "r.json: \"placed\" must be an integer 0..5");
    r = valid_result(&p);
    json_object_set_new(r, "upper_bound_placed", json_integer(1));
    expect_rejected(&p, r, "r.json: \"upper_bound_placed\" 1 is below the 5 meetings the schedule places");

    r = valid_result(&p);
    json_object_set_new(r, "seconds", json_string("x"));
    expect_rejected(&p, r, "r.json: \"seconds\" must be a non-negative number");

    r = valid_result(&p);
    json_object_set_new(r, "foo", json_integer(1));
    expect_rejected(&p, r, "r.json: unknown member \"foo\"");
    r = valid_result(&p);
    json_object_set_new(json_array_get(json_object_get(r, "meetings"), 2), "foo", json_true());
    expect_rejected(&p, r, "r.json: meetings[2]: unknown member \"foo\"");

    r = valid_result(&p);
    json_array_remove(json_object_get(r, "meetings"), 4);
    expect_rejected(&p, r, "r.json: meeting 5 is in neither \"meetings\" nor \"unplaced\"");
    r = valid_result(&p);
    json_object_del(json_array_get(json_object_get(r, "meetings"), 0), "a");
    char msg[256];
    snprintf(msg, sizeof msg, "r.json: meetings[0]: meeting 1: \"a\" and \"b\" must be %d and %d, as in the problem",
             p.meetings[0].a + 1, p.meetings[0].b + 1);
    expect_rejected(&p, r, msg);
    r = valid_result(&p);
    json_object_set_new(json_array_get(json_object_get(r, "meetings"), 0), "table", json_integer(99));
    snprintf(msg, sizeof msg, "r.json: meetings[0]: meeting 1: \"table\" must be 1..%d", p.ntables);
    expect_rejected(&p, r, msg);

    r = valid_result(&p);
    json_t *u = json_deep_copy(json_array_get(json_object_get(r, "meetings"), 0));
    json_object_del(u, "slot");
    json_object_del(u, "table");
    json_object_del(u, "interpreter");
    json_object_set_new(u, "reason", json_string("tables"));
    json_object_set_new(u, "participant", json_null());
    json_array_append_new(json_object_get(r, "unplaced"), u);
    expect_rejected(&p, r, "r.json: unplaced[0]: meeting 1 listed twice");

    /* A result without a schedule reads back (both lists empty) and the checker says so. */
    sched_solution none, back;
    sched_solution_init(&none, &p);
    none.status = SCHED_INFEASIBLE;
    char *text = sched_solution_to_json(&p, &none), err[256] = "";
    assert_true(sched_solution_read_json(&p, "r.json", text, (int)strlen(text), &back, err, sizeof err));
    assert_false(sched_check(&p, &back, 2, false, err, sizeof err));
    assert_string_equal(err, "no schedule to check (status infeasible)");
    free(text);
    sched_solution_free(&back);
    sched_solution_free(&none);
    sched_problem_free(&p);
}

int main(void)
{
    i18n_set_lang(LANG_EN); /* the messages asserted here are the English msgids */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(breaks_and_score),
        cmocka_unit_test(each_violation),
        cmocka_unit_test(precedence_and_unplaced),
        cmocka_unit_test(json_round_trip),
        cmocka_unit_test(json_claims_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
