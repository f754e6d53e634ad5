/* test_sched_read.c — the scheduler's readers: .dzn (benchmark format, all variant
 * fields, consistency cross-checks, errors with line:column) and the JSON problem
 * format (languages, interpreters, errors located by line:column). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "sched/sched.h"

static const char *small_dzn =
    "% a tiny event\n"
    "nBusiness = 4;\nnMeetings = 3;\nnTables = 2;\nnTotalSlots = 4;\nnMorningSlots = 2;\n"
    "requested = [|1, 2, 1,\n|1, 3, 3,\n|4, 2, 2,\n|];\n"
    "meetingsxBusiness = [{1,2,3},{1,2,4},{1,3},{1,4}];\n"
    "nMeetingsBusiness = [2,2,1,1];\n"
    "forbidden = [{0},{0,4},{0},{1,2}];\n"
    "fixed = [0,2,0];\n"
    "precedences = [{},{1},{}];\n";

static bool read_text(const char *text, sched_problem *p, char *err, int errlen)
{
    return sched_problem_read_buffer("t.dzn", text, (int)strlen(text), p, err, errlen);
}

static void dzn_small(void **state)
{
    (void)state;
    sched_problem p;
    char err[256] = "";
    assert_true(read_text(small_dzn, &p, err, sizeof err));
    assert_int_equal(p.nparticipants, 4);
    assert_int_equal(p.nmeetings, 3);
    assert_int_equal(p.ntables, 2);
    assert_int_equal(p.nslots, 4);
    assert_int_equal(p.nmorning, 2);
    assert_int_equal(p.meetings[2].a, 3);
    assert_int_equal(p.meetings[2].b, 1);
    assert_int_equal(p.meetings[2].session, SCHED_SESSION_AFTERNOON);
    assert_int_equal(p.meetings[1].fixed_slot, 1);
    assert_int_equal(p.meetings[0].fixed_slot, -1);
    assert_int_equal(p.meetings[1].nprec, 1);
    assert_int_equal(p.meetings[1].prec[0], 0);
    assert_true(p.participants[1].forbidden == (uint64_t)1 << 3);
    assert_true(p.participants[3].forbidden == 3);
    assert_false(sched_meeting_needs_interpreter(&p, 0));
    sched_problem_free(&p);
}

/* Each bad input and the exact message it must produce. */
static void dzn_errors(void **state)
{
    (void)state;
    static const struct { const char *text, *msg; } cases[] = {
        { "nBusiness = 2;\nnMeetings = 1\nnTables = 1;", "t.dzn:3:1: expected ';', got 'n'" },
        { "nBusiness = 2;\nforbiden = [{0}, {0}];\n",
          "t.dzn:2:1: unknown name 'forbiden' (expected one of: nBusiness, nMeetings, nTables, nTotalSlots, "
          "nMorningSlots, requested, meetingsxBusiness, nMeetingsBusiness, forbidden, fixed, precedences)" },
        { "nBusiness = 2;\nnMeetings = 1;\nnTables = 1;\nnTotalSlots = 65;\n",
          "t.dzn:4:15: 'nTotalSlots' = 65 is out of range 1..64" },
        { "nBusiness = 2;\nnMeetings = 1;\nnTables = 1;\nnTotalSlots = 2;\nnMorningSlots = 1;\n"
          "requested = [|1, 3, 1|];\n", "t.dzn:6:15: meeting 1: participant out of range 1..2" },
        { "nBusiness = 2;\nnMeetings = 2;\nnTables = 1;\nnTotalSlots = 2;\nnMorningSlots = 1;\n"
          "requested = [|1, 2, 1|];\n", "t.dzn:6:13: 'requested': rows 1, but nMeetings = 2" },
        { "nBusiness = 2;\nnMeetings = 1;\nnTables = 1;\nnTotalSlots = 2;\nnMorningSlots = 1;\n"
          "requested = [|1, 2, 1|];\nnMeetingsBusiness = [1, 2];\n",
          "t.dzn:7:25: inconsistent: participant 2, meetings by nMeetingsBusiness: 2, by requested: 1" },
        { "nBusiness = 2;\nnMeetings = 1;\nnTables = 1;\nnTotalSlots = 2;\nnMorningSlots = 1;\n"
          "requested = [|1, 2, 1|];\nmeetingsxBusiness = [{1,2},{1}];\n",
          "t.dzn:7:28: inconsistent: meetings listed by meetingsxBusiness: 0 for participant 2, by requested: 1" },
        { "nBusiness = 2;\nnMeetings = 1;\nnTables = 1;\nnTotalSlots = 2;\nnMorningSlots = 1;\n"
          "requested = [|1, 2, 1|];\nforbidden = [{0},{3}];\n",
          "t.dzn:7:18: forbidden slot 3 of participant 2 out of range 1..2" },
        { "nBusiness = 2;\nnMeetings = 1;\nnTables = 1;\nnTotalSlots = 2;\nnMorningSlots = 1;\n"
          "requested = [|1, 2, 1|];\nprecedences = [{1}];\n",
          "t.dzn:7:16: precedence 1 of meeting 1 out of range or itself" },
        { "nBusiness = 2;\nnBusiness = 3;\n", "t.dzn:2:1: 'nBusiness' assigned twice" },
        { "nBusiness = 99999999999;\n", "t.dzn:1:13: number too large" },
        { "nBusiness = 2;\n", "t.dzn:2:1: missing 'nMeetings'" },
        { "requested = [|1, 2, 1|", "t.dzn:1:23: expected a number but the file ends" },
        { "fixed = [1, {2, 3}, ;", "t.dzn:1:21: expected a number" },
        { "nBusiness = 2;\nnMeetings = 1;\nnTables = 1;\nnTotalSlots = 2;\nnMorningSlots = 1;\n"
          "requested = [|1, 2, 1|];\nforbidden = [{0}];\n",
          "t.dzn:7:13: 'forbidden' has 1 element, expected 2" }, /* the singular */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sched_problem p;
        char err[256] = "";
        assert_false(read_text(cases[i].text, &p, err, sizeof err));
        assert_string_equal(err, cases[i].msg);
        assert_int_equal(p.nmeetings, 0);
    }
}

static void dzn_benchmark_file(void **state)
{
    (void)state;
    sched_problem p;
    char err[256] = "";
    const char *path = "../shared/benchmarks/b2bsp/data_table08_prec/forum-13.prec15.dzn";
    FILE *f = fopen(path, "r");
    if (!f) skip();
    fclose(f);
    assert_true(sched_problem_read_file(path, &p, err, sizeof err));
    assert_int_equal(p.nparticipants, 70);
    assert_int_equal(p.nmeetings, 154);
    assert_int_equal(p.ntables, 14);
    assert_int_equal(p.nslots, 21);
    assert_int_equal(p.nmorning, 13);
    assert_int_equal(p.meetings[3].nprec, 1);
    assert_int_equal(p.meetings[3].prec[0], 8);
    sched_problem_free(&p);
    assert_false(sched_problem_read_file("no/such/file.dzn", &p, err, sizeof err));
    assert_string_equal(err, "no/such/file.dzn: cannot open: no such file or directory");
}

/* Which reader a buffer goes to: a byte order mark is skipped, an empty file is said
 * to be empty, text that starts like a JSON value gets the JSON reader's messages
 * (before, these went to the .dzn reader: "expected a name"), text that starts like
 * a .dzn gets the .dzn reader whatever the file's name, and only text that looks like
 * neither goes by the name. */
static void reader_choice(void **state)
{
    (void)state;
    static const struct { const char *name, *text, *msg; } cases[] = {
        { "e.json", " \n\t ", "e.json: the file is empty" },
        { "e.dzn", "", "e.dzn: the file is empty" },
        { "e.txt", "[1, 2]", "e.txt:1:1: expected an object" },
        { "e.txt", "null", "e.txt:1:1: expected an object" },
        { "e.dzn", "42", "e.dzn:1:1: expected an object" },
        { "e.json", "nBusiness = 2;", "e.json:1:15: missing 'nMeetings'" },
        { "E.JSON", "@slots", "E.JSON:1:1: invalid JSON syntax" },
        { "e.dzn", "@slots", "e.dzn:1:1: expected a name" },
    };
    sched_problem p;
    char err[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        err[0] = '\0';
        assert_false(sched_problem_read_buffer(cases[i].name, cases[i].text, (int)strlen(cases[i].text), &p, err,
                                               sizeof err));
        assert_string_equal(err, cases[i].msg);
    }
    const char *bom = "\xEF\xBB\xBF{\"slots\": 2, \"tables\": 1, \"participants\": [{}, {}], \"meetings\": [{\"a\": 1, \"b\": 2}]}";
    assert_true(sched_problem_read_buffer("bom.json", bom, (int)strlen(bom), &p, err, sizeof err));
    assert_int_equal(p.nmeetings, 1);
    sched_problem_free(&p);
    /* A raw NUL byte is named where it is (columns in characters), in both readers. */
    static const char nul[] = "nBusiness = 2;\nnÄ\0 = 1;";
    assert_false(sched_problem_read_buffer("n.dzn", nul, (int)sizeof nul - 1, &p, err, sizeof err));
    assert_string_equal(err, "n.dzn:2:3: the text contains a NUL character");
    static const char nul_json[] = "{\"slots\": 2\0}";
    assert_false(sched_problem_read_buffer("n.json", nul_json, (int)sizeof nul_json - 1, &p, err, sizeof err));
    assert_string_equal(err, "n.json:1:12: the text contains a NUL character");
    const char *dzn = "% a benchmark file saved as .json\nnBusiness = 2;\nnMeetings = 1;\nnTables = 1;\n"
                      "nTotalSlots = 3;\nnMorningSlots = 3;\nrequested = [| 1, 2, 3 |];\n";
    assert_true(sched_problem_read_buffer("saved.json", dzn, (int)strlen(dzn), &p, err, sizeof err));
    assert_int_equal(p.nmeetings, 1);
    sched_problem_free(&p);
}

static const char *small_json =
    "{\"slots\": 4, \"morning\": 2, \"tables\": 3, \"languages\": [\"kk\", \"ru\", \"zh\"],\n"
    " \"participants\": [{\"name\": \"Aqtobe Oil\", \"languages\": [\"kk\", \"ru\"], \"forbidden\": [4]},\n"
    "                  {\"name\": \"Qingdao Port\", \"languages\": [\"zh\"]}, {}],\n"
    " \"meetings\": [{\"a\": 1, \"b\": 2, \"session\": \"morning\"}, {\"a\": 3, \"b\": 2, \"fixed\": 3, \"after\": [1]}],\n"
    " \"interpreters\": [{\"name\": \"Aigerim\", \"pairs\": [[\"kk\", \"zh\"]], \"available\": [1, 2]}]}\n";

static void json_small(void **state)
{
    (void)state;
    sched_problem p;
    char err[256] = "";
    assert_true(sched_problem_read_buffer("e.json", small_json, (int)strlen(small_json), &p, err, sizeof err));
    assert_int_equal(p.nslots, 4);
    assert_int_equal(p.nmorning, 2);
    assert_int_equal(p.ntables, 3);
    assert_int_equal(p.nparticipants, 3);
    assert_int_equal(p.nmeetings, 2);
    assert_int_equal(p.nlanguages, 3);
    assert_string_equal(p.language_names[2], "zh");
    assert_string_equal(p.participants[0].name, "Aqtobe Oil");
    assert_null(p.participants[2].name);
    assert_int_equal(p.participants[0].languages, 3);
    assert_true(p.participants[0].forbidden == 8);
    assert_int_equal(p.meetings[0].session, SCHED_SESSION_MORNING);
    assert_int_equal(p.meetings[1].fixed_slot, 2);
    assert_int_equal(p.meetings[1].prec[0], 0);
    assert_int_equal(p.ninterpreters, 1);
    assert_true(p.interpreters[0].available == 3);
    assert_true(sched_meeting_needs_interpreter(&p, 0));
    assert_false(sched_meeting_needs_interpreter(&p, 1)); /* participant 3 has no languages */
    assert_true(sched_interpreter_can_serve(&p, 0, 0));
    sched_problem_free(&p);
}

static void json_errors(void **state)
{
    (void)state;
    static const struct { const char *text, *msg; } cases[] = {
        { "{\"slots\": 4,\n \"tables\": }", "e.json:2:12: invalid JSON syntax" },
        { "{\"slots\": 4, \"tables\": 1,\n \"participants\": [{}, {}],\n \"meetings\": [{\"a\": 1, \"b\": 3}]}",
          "e.json:3:29: meetings[1].b: expected an integer in 1..2" },
        { "{\"slots\": 4, \"tables\": 1, \"participants\": [{}], \"meetings\": [], \"colour\": 1}",
          "e.json:1:75: colour: unknown member \"colour\"" },
        { "{\"slots\": 70, \"tables\": 1, \"participants\": [], \"meetings\": []}",
          "e.json:1:11: slots: expected an integer in 1..64" },
        { "{\"slots\": 4, \"tables\": 1, \"participants\": [{\"languages\": [\"k k\"]}], \"meetings\": []}",
          "e.json:1:59: participants[1].languages[1]: expected a language code such as \"kk\"" },
        { "{\"slots\": 4, \"tables\": 1, \"participants\": [{}, {}],\n"
          " \"meetings\": [{\"a\": 1, \"b\": 2, \"session\": \"evening\"}]}",
          "e.json:2:43: meetings[1].session: expected \"morning\", \"afternoon\", \"any\" or 1..3" },
        { "{\"slots\": 4, \"tables\": 1, \"participants\": [{}, {}], \"meetings\": [{\"a\": 2, \"b\": 2}]}",
          "e.json:1:66: meetings[1]: participant 2 cannot meet itself" },
        { "{\"tables\": 1, \"participants\": [], \"meetings\": []}", "e.json:1:1: missing \"slots\"" },
        { "{\"slots\": 2, \"tables\": 1, \"participants\": [], \"meetings\": [], \"slots\": 3}",
          "e.json:1:69: a key appears twice in the same object" },
        { "{\"slots\": 2, \"tables\": 1,", "e.json:1:25: the JSON text ends too early" },
        { "{\"slots\": 2} x", "e.json:1:14: unexpected text after the end of the JSON value" },
        { "{\"slots\": 99999999999999999999}", "e.json:1:30: a number is too large" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sched_problem p;
        char err[256] = "";
        assert_false(sched_problem_read_buffer("e.json", cases[i].text, (int)strlen(cases[i].text), &p, err, sizeof err));
        assert_string_equal(err, cases[i].msg);
    }
}

int main(void)
{
    i18n_set_lang(LANG_EN); /* the messages asserted here are the English msgids */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dzn_small),
        cmocka_unit_test(dzn_errors),
        cmocka_unit_test(dzn_benchmark_file),
        cmocka_unit_test(json_small),
        cmocka_unit_test(json_errors),
        cmocka_unit_test(reader_choice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
