/* test_sector.c — unit tests for src/domain/sector.c: the 21 NACE Rev. 2 sections in
 * order, look-up by code, and labels present and well-formed in all four languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/sector.h"
#include "util/text.h"

static void all_sections_a_to_u_in_order(void **state)
{
    (void)state;
    int n = 0;
    const sector *all = sector_all(&n);
    assert_int_equal(n, 21);
    for (int i = 0; i < n; i++) {
        char code[2] = { (char)('A' + i), '\0' };
        assert_string_equal(all[i].code, code);
        assert_ptr_equal(sector_find(code), &all[i]);
        for (int l = 0; l < LANG_COUNT; l++) {
            const char *s = sector_label(&all[i], (lang_id)l);
            assert_true(strlen(s) > 0);
            assert_true(text_valid_utf8(s, strlen(s)));
            assert_true(text_char_count(s) <= 100);
        }
        /* Four distinct labels: no language left as a copy of another. */
        assert_string_not_equal(all[i].label[LANG_KK], all[i].label[LANG_RU]);
        assert_string_not_equal(all[i].label[LANG_ZH], all[i].label[LANG_EN]);
    }
}

static void find_is_exact(void **state)
{
    (void)state;
    assert_null(sector_find(NULL));
    assert_null(sector_find(""));
    assert_null(sector_find("c"));
    assert_null(sector_find("V"));
    assert_null(sector_find("CC"));
    assert_null(sector_find("@"));
    const sector *c = sector_find("C");
    assert_non_null(c);
    assert_string_equal(sector_label(c, LANG_EN), "Manufacturing");
    assert_string_equal(sector_label(c, LANG_RU), "Обрабатывающая промышленность");
    assert_string_equal(sector_label(c, LANG_KK), "Өңдеу өнеркәсібі");
    assert_string_equal(sector_label(c, LANG_ZH), "制造业");
    assert_string_equal(sector_label(sector_find("P"), LANG_KK), "Білім беру");
    assert_string_equal(sector_label(sector_find("A"), LANG_ZH), "农业、林业和渔业");
    /* Out-of-range language falls back to English rather than reading past the array. */
    assert_string_equal(sector_label(c, (lang_id)LANG_COUNT), "Manufacturing");
    assert_string_equal(sector_label(NULL, LANG_EN), "");
}

static void kazakh_labels_use_kazakh_letters(void **state)
{
    (void)state;
    /* Every kk label here has at least one of ә ғ қ ң ө ұ ү һ і: a label typed on a
     * Russian keyboard would have none. */
    static const char *const kz[] = { "ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і", "Ә", "Қ", "Ө", "Ү", "І" };
    int n;
    const sector *all = sector_all(&n);
    for (int i = 0; i < n; i++) {
        bool found = false;
        for (size_t k = 0; k < sizeof kz / sizeof kz[0] && !found; k++)
            found = strstr(all[i].label[LANG_KK], kz[k]) != NULL;
        if (!found) fail_msg("kk label of %s has no Kazakh letter: %s", all[i].code, all[i].label[LANG_KK]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_sections_a_to_u_in_order),
        cmocka_unit_test(find_is_exact),
        cmocka_unit_test(kazakh_labels_use_kazakh_letters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
