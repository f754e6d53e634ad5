/* test_text.c — unit tests for src/util/text.c: UTF-8 validation edge cases, character
 * count, trimming of ASCII and Unicode spaces, and the Kazakh/Russian search folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/text.h"

static bool valid(const char *s)
{
    return text_valid_utf8(s, strlen(s));
}

static void utf8_accepts_text_in_four_languages(void **state)
{
    (void)state;
    assert_true(valid(""));
    assert_true(valid("kopir"));
    assert_true(valid("Батыс Қазақстан облысы"));
    assert_true(valid("Западно-Казахстанская область"));
    assert_true(valid("山东省商务厅"));
    assert_true(valid("tab\there\r\nnext line"));
    assert_true(valid("\xF0\x9F\x8C\x89"));         /* U+1F309 bridge at night */
    assert_true(valid("\xF4\x8F\xBF\xBF"));         /* U+10FFFF, the last code point */
    assert_true(valid("\xEF\xBF\xBD"));             /* U+FFFD */
    assert_true(valid("\xED\x9F\xBF"));             /* U+D7FF, just before surrogates */
    assert_true(valid("\xC2\x80"));                 /* U+0080, first 2-byte (C1 control allowed) */
}

static void utf8_rejects_malformed_and_controls(void **state)
{
    (void)state;
    assert_false(valid("\xC0\xAF"));                /* overlong '/' */
    assert_false(valid("\xC1\xBF"));                /* overlong */
    assert_false(valid("\xE0\x80\xAF"));            /* overlong 3-byte */
    assert_false(valid("\xE0\x9F\xBF"));            /* overlong U+07FF */
    assert_false(valid("\xF0\x80\x80\xAF"));        /* overlong 4-byte */
    assert_false(valid("\xF0\x8F\xBF\xBF"));        /* overlong U+FFFF */
    assert_false(valid("\xED\xA0\x80"));            /* U+D800 surrogate */
    assert_false(valid("\xED\xBF\xBF"));            /* U+DFFF surrogate */
    assert_false(valid("\xF4\x90\x80\x80"));        /* U+110000 */
    assert_false(valid("\xF5\x80\x80\x80"));
    assert_false(valid("\xFF"));
    assert_false(valid("\x80"));                    /* lone continuation */
    assert_false(valid("\xD0"));                    /* truncated */
    assert_false(valid("\xE5\xB1"));                /* truncated 3-byte */
    assert_false(valid("\xD0\x41"));                /* bad continuation */
    assert_false(valid("a\x01z"));
    assert_false(valid("\x1B[31m"));
    assert_false(valid("\x0B"));
    assert_false(text_valid_utf8("a\0b", 3));       /* embedded NUL */
    assert_true(text_valid_utf8("a\0b", 1));        /* only len bytes are looked at */
    assert_false(text_valid_utf8("\xD0\x91", 1));   /* len cuts a character */
}

static void char_count_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(text_char_count(""), 0);
    assert_int_equal(text_char_count("abc"), 3);
    assert_int_equal(text_char_count("Бәйтерек"), 8);
    assert_int_equal(text_char_count("山东省"), 3);
    assert_int_equal(text_char_count("\xF0\x9F\x8C\x89!"), 2);
}

static void display_width_counts_terminal_columns(void **state)
{
    (void)state;
    assert_int_equal(text_display_width(""), 0);
    assert_int_equal(text_display_width("NAME"), 4);
    assert_int_equal(text_display_width("Атауы"), 5);
    assert_int_equal(text_display_width("Қазақстан"), 9);
    assert_int_equal(text_display_width("名称"), 4);            /* wide */
    assert_int_equal(text_display_width("ＡＢ"), 4);            /* full-width Latin */
    assert_int_equal(text_display_width("e\xCC\x81"), 1);     /* e + combining acute */
    assert_int_equal(text_display_width("a\xFF" "b"), 3);     /* a stray byte is one column */
}

static void trim_removes_ascii_and_unicode_spaces(void **state)
{
    (void)state;
    arena *a = arena_new();
    assert_string_equal(text_trim(a, "  Орал \t\r\n"), "Орал");
    assert_string_equal(text_trim(a, "\xC2\xA0Тасқала\xC2\xA0"), "Тасқала");  /* U+00A0 */
    assert_string_equal(text_trim(a, "\xE3\x80\x80山东省\xE3\x80\x80"), "山东省"); /* U+3000 */
    assert_string_equal(text_trim(a, "\xE2\x80\x83x y\xE2\x80\xAF"), "x y");     /* U+2003, U+202F */
    assert_string_equal(text_trim(a, "\xEF\xBB\xBF" "BOM"), "BOM");                 /* U+FEFF */
    assert_string_equal(text_trim(a, "a  b"), "a  b");
    assert_string_equal(text_trim(a, " \xC2\xA0 \xE3\x80\x80 "), "");
    assert_string_equal(text_trim(a, ""), "");
    assert_string_equal(text_trim(a, NULL), "");
    assert_string_equal(text_trim(a, " \xFF "), "\xFF");
    arena_free(a);
}

static void fold_meets_kazakh_and_russian_spellings(void **state)
{
    (void)state;
    arena *a = arena_new();
    assert_string_equal(text_fold(a, "Бәйтерек"), "байтерек");
    assert_string_equal(text_fold(a, "Байтерек"), "байтерек");
    assert_string_equal(text_fold(a, "Атқарушы"), "аткарушы");
    assert_string_equal(text_fold(a, "Аткарушы"), "аткарушы");
    assert_string_equal(text_fold(a, "ҚАЗАҚСТАН"), "казакстан");
    assert_string_equal(text_fold(a, "ӘҒҚҢӨҰҮҺІ"), "агкноуухи");
    assert_string_equal(text_fold(a, "әғқңөұүһі"), "агкноуухи");
    assert_string_equal(text_fold(a, "Ёлка ёж"), "елка еж");
    assert_string_equal(text_fold(a, "ЗАПАДНО-Казахстанская"), "западно-казахстанская");
    assert_string_equal(text_fold(a, "Shandong COMMERCE 2024"), "shandong commerce 2024");
    assert_string_equal(text_fold(a, "山东测试商务有限公司"), "山东测试商务有限公司");
    assert_string_equal(text_fold(a, "Ұлттық кәсіпкерлер палатасы"), "улттык касипкерлер палатасы");
    assert_string_equal(text_fold(a, ""), "");
    assert_string_equal(text_fold(a, "a\xFF" "B"), "a\xFF" "b"); /* invalid bytes kept */
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_accepts_text_in_four_languages),
        cmocka_unit_test(utf8_rejects_malformed_and_controls),
        cmocka_unit_test(char_count_counts_code_points),
        cmocka_unit_test(display_width_counts_terminal_columns),
        cmocka_unit_test(trim_removes_ascii_and_unicode_spaces),
        cmocka_unit_test(fold_meets_kazakh_and_russian_spellings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
