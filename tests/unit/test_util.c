/* test_util.c — unit tests for src/util (arena, buf) and the CLI option parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "util/arena.h"
#include "util/buf.h"

static void arena_allocations_are_aligned_and_distinct(void **state)
{
    (void)state;
    arena *a = arena_new();
    char *p = arena_alloc(a, 3), *q = arena_alloc(a, 5);
    assert_true(((uintptr_t)p % 16) == 0);
    assert_true(((uintptr_t)q % 16) == 0);
    assert_ptr_not_equal(p, q);
    char *big = arena_alloc(a, 100000); /* larger than a block */
    memset(big, 'x', 100000);
    char *s = arena_printf(a, "%s-%d", "kopir", 42);
    assert_string_equal(s, "kopir-42");
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_null(arena_strdup(a, NULL));
    assert_true(arena_used(a) >= 100000 + 16 * 3);
    arena_free(a);
}

static void buf_grows_and_stops_at_limit(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 10);
    assert_string_equal(buf_str(&b), "");
    buf_puts(&b, "hello");
    buf_printf(&b, "%d", 1234);
    assert_string_equal(buf_str(&b), "hello1234");
    assert_false(b.overflow);
    buf_puts(&b, "xy"); /* 11 bytes would pass the limit of 10 */
    assert_true(b.overflow);
    assert_string_equal(buf_str(&b), "hello1234");
    buf_putc(&b, 'z'); /* refused too: overflow is sticky */
    assert_int_equal(b.len, 9);
    char *s = buf_detach(&b);
    assert_string_equal(s, "hello1234");
    free(s);
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

static void cli_parse_reads_options_and_positionals(void **state)
{
    (void)state;
    cli_opt opts[] = {
        { "db", CLI_STRING, "PATH", "database", NULL, false },
        { "time-limit", CLI_NUMBER, "S", "seconds", NULL, false },
        { "json", CLI_FLAG, NULL, "json", NULL, false },
        { 0 },
    };
    char *argv[] = { "x", "file.dzn", "--db=a.db", "--time-limit", "2.5", "--json", NULL };
    char *pos[4];
    int npos = 0;
    unsetenv("KOPIR_DB");
    assert_int_equal(cli_parse(6, argv, opts, "x", pos, 4, &npos), 0);
    assert_int_equal(npos, 1);
    assert_string_equal(pos[0], "file.dzn");
    assert_string_equal(cli_str(opts, "db", "none"), "a.db");
    assert_true(cli_number(opts, "time-limit", 0) == 2.5);
    assert_true(cli_flag(opts, "json"));
}

static void cli_parse_rejects_bad_numbers_and_unknown_options(void **state)
{
    (void)state;
    cli_opt opts[] = { { "fairness", CLI_INT, "D", "d", NULL, false }, { 0 } };
    char *bad[] = { "x", "--fairness", "two", NULL };
    assert_int_equal(cli_parse(3, bad, opts, "x", NULL, 0, NULL), 2);
    cli_opt opts2[] = { { "fairness", CLI_INT, "D", "d", NULL, false }, { 0 } };
    char *unknown[] = { "x", "--nope", NULL };
    assert_int_equal(cli_parse(2, unknown, opts2, "x", NULL, 0, NULL), 2);
}

static void cli_command_line_wins_over_environment(void **state)
{
    (void)state;
    setenv("KOPIR_DB", "env.db", 1);
    cli_opt opts[] = { { "db", CLI_STRING, "PATH", "database", NULL, false }, { 0 } };
    char *none[] = { "x", NULL };
    assert_int_equal(cli_parse(1, none, opts, "x", NULL, 0, NULL), 0);
    assert_string_equal(cli_str(opts, "db", "default"), "env.db");
    cli_opt opts2[] = { { "db", CLI_STRING, "PATH", "database", NULL, false }, { 0 } };
    char *given[] = { "x", "--db", "cli.db", NULL };
    assert_int_equal(cli_parse(3, given, opts2, "x", NULL, 0, NULL), 0);
    assert_string_equal(cli_str(opts2, "db", "default"), "cli.db");
    unsetenv("KOPIR_DB");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocations_are_aligned_and_distinct),
        cmocka_unit_test(buf_grows_and_stops_at_limit),
        cmocka_unit_test(cli_parse_reads_options_and_positionals),
        cmocka_unit_test(cli_parse_rejects_bad_numbers_and_unknown_options),
        cmocka_unit_test(cli_command_line_wins_over_environment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
