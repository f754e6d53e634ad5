/* test_ident.c — unit tests for src/domain/ident.c: KZ IIN/BIN check digit (both weight
 * passes and the never-issued case), USCC check character, normalisation, error kinds.
 * Vectors other than the public examples were derived by hand from the algorithm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/ident.h"

static void kz_public_examples_are_valid(void **state)
{
    (void)state;
    assert_int_equal(ident_kz_check("791028302728"), IDENT_OK);
    assert_int_equal(ident_kz_check("061211600012"), IDENT_OK);
    assert_int_equal(ident_kz_check_digit("79102830272"), 8);
    assert_int_equal(ident_kz_check_digit("06121160001"), 2);
}

static void kz_first_pass_ten_uses_second_weights(void **state)
{
    (void)state;
    /* 85011540091: first pass 1*8+2*5+3*0+4*1+5*1+6*5+7*4+8*0+9*0+10*9+11*1 = 186,
     * 186 mod 11 = 10; second pass 3*8+4*5+...+1*9+2*1 = 144, 144 mod 11 = 1. */
    assert_int_equal(ident_kz_check_digit("85011540091"), 1);
    assert_int_equal(ident_kz_check("850115400911"), IDENT_OK);
    assert_int_equal(ident_kz_check("850115400910"), IDENT_BAD_CHECK);
    assert_int_equal(ident_kz_check_digit("85011540092"), 3);
    assert_int_equal(ident_kz_check("850115400923"), IDENT_OK);
    /* A BIN (registered 2021-03, resident legal entity, head office). */
    assert_int_equal(ident_kz_check_digit("21034000040"), 5);
    assert_int_equal(ident_kz_check("210340000405"), IDENT_OK);
}

static void kz_both_passes_ten_is_never_issued(void **state)
{
    (void)state;
    /* 85011540090: first pass 175 mod 11 = 10, second pass 142 mod 11 = 10. */
    assert_int_equal(ident_kz_check_digit("85011540090"), -1);
    for (char d = '0'; d <= '9'; d++) {
        char s[13] = "85011540090";
        s[11] = d;
        s[12] = '\0';
        assert_int_equal(ident_kz_check(s), IDENT_NEVER_ISSUED);
    }
    assert_int_equal(ident_kz_check("850115401710"), IDENT_NEVER_ISSUED);
}

static void kz_error_kinds(void **state)
{
    (void)state;
    assert_int_equal(ident_kz_check(""), IDENT_EMPTY);
    assert_int_equal(ident_kz_check(NULL), IDENT_EMPTY);
    assert_int_equal(ident_kz_check("79102830272"), IDENT_BAD_LENGTH);
    assert_int_equal(ident_kz_check("7910283027280"), IDENT_BAD_LENGTH);
    assert_int_equal(ident_kz_check("79102830272A"), IDENT_BAD_CHAR);
    assert_int_equal(ident_kz_check("7910 2830 2728"), IDENT_BAD_CHAR);
    assert_int_equal(ident_kz_check("791028302727"), IDENT_BAD_CHECK);
    assert_int_equal(ident_kz_check("791028302729"), IDENT_BAD_CHECK);
    assert_int_equal(ident_kz_check_digit("7910283027x"), -1);
}

static void uscc_public_example_and_derived(void **state)
{
    (void)state;
    assert_int_equal(ident_uscc_check("91110000600037341L"), IDENT_OK);
    assert_int_equal(ident_uscc_check_char("91110000600037341"), 'L');
    /* Derived: Shandong (37) codes, including the check values 0 and Y (30). */
    assert_int_equal(ident_uscc_check_char("91370100MA3C5XY00"), '1');
    assert_int_equal(ident_uscc_check("91370100MA3C5XY001"), IDENT_OK);
    assert_int_equal(ident_uscc_check_char("91370000163044841"), 'F');
    assert_int_equal(ident_uscc_check("913733740681241580"), IDENT_OK);
    assert_int_equal(ident_uscc_check("91379792947822275Y"), IDENT_OK);
}

static void uscc_error_kinds(void **state)
{
    (void)state;
    assert_int_equal(ident_uscc_check(""), IDENT_EMPTY);
    assert_int_equal(ident_uscc_check(NULL), IDENT_EMPTY);
    assert_int_equal(ident_uscc_check("91110000600037341"), IDENT_BAD_LENGTH);
    assert_int_equal(ident_uscc_check("91110000600037341LL"), IDENT_BAD_LENGTH);
    assert_int_equal(ident_uscc_check("91110000600037341M"), IDENT_BAD_CHECK);
    assert_int_equal(ident_uscc_check("91110000600037341l"), IDENT_BAD_CHAR);
    /* I, O, Z, S, V are outside the alphabet wherever they appear. */
    const char *bad = "IOZSV";
    for (int i = 0; bad[i]; i++) {
        char s[19] = "91110000600037341L";
        s[10] = bad[i];
        assert_int_equal(ident_uscc_check(s), IDENT_BAD_CHAR);
        s[10] = '0';
        s[17] = bad[i];
        assert_int_equal(ident_uscc_check(s), IDENT_BAD_CHAR);
        char first17[18] = "9111000060003734X";
        first17[16] = bad[i];
        assert_int_equal(ident_uscc_check_char(first17), 0);
    }
}

static void normalise_strips_and_upper_cases(void **state)
{
    (void)state;
    char out[32];
    assert_true(ident_normalise("9111 0000 6000 3734 1l", out, sizeof out));
    assert_string_equal(out, "91110000600037341L");
    assert_int_equal(ident_uscc_check(out), IDENT_OK);
    assert_true(ident_normalise("91370100ma3c5xy001", out, sizeof out));
    assert_int_equal(ident_uscc_check(out), IDENT_OK);
    assert_true(ident_normalise(" 791028-302728\t", out, sizeof out));
    assert_string_equal(out, "791028302728");
    assert_true(ident_normalise("", out, sizeof out));
    assert_string_equal(out, "");
    assert_int_equal(ident_kz_check(out), IDENT_EMPTY);
    /* Exactly fits: 12 characters need 13 bytes; 12 bytes is too small. */
    char small[13];
    assert_true(ident_normalise("7910 2830 2728", small, sizeof small));
    assert_string_equal(small, "791028302728");
    assert_false(ident_normalise("7910 2830 2728", small, 12));
    assert_false(ident_normalise("x", out, 0));
}

static void error_messages_are_distinct(void **state)
{
    (void)state;
    assert_string_equal(ident_error_message(IDENT_BAD_CHECK),
                        "The check digit does not match: please check the number for typos.");
    for (int a = IDENT_OK; a <= IDENT_NEVER_ISSUED; a++)
        for (int b = a + 1; b <= IDENT_NEVER_ISSUED; b++)
            assert_string_not_equal(ident_error_message((ident_error)a),
                                    ident_error_message((ident_error)b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kz_public_examples_are_valid),
        cmocka_unit_test(kz_first_pass_ten_uses_second_weights),
        cmocka_unit_test(kz_both_passes_ten_is_never_issued),
        cmocka_unit_test(kz_error_kinds),
        cmocka_unit_test(uscc_public_example_and_derived),
        cmocka_unit_test(uscc_error_kinds),
        cmocka_unit_test(normalise_strips_and_upper_cases),
        cmocka_unit_test(error_messages_are_distinct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
