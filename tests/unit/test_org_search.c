/* test_org_search.c — organisation lists: folded trigram search in Russian, Kazakh (with
 * and without Kazakh letters) and Chinese (2-character and longer substrings), people's
 * names in the index, filters, sorting and pagination with totals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/person.h"
#include "test_org_util.h"

typedef struct ids {
    int64_t kk, ru, zh, zh2, archived, branch, chamber;
} ids;
static ids g;

static int64_t add(org_fixture *f, org o)
{
    org_errors errs = { 0 };
    int64_t id = org_create(f->d, f->a, 0, &o, &errs);
    if (!id) fail_msg("create failed: %s %s", errs.n ? errs.e[0].field : "", errs.n ? errs.e[0].message : "");
    return id;
}

static int setup(void **state)
{
    if (org_fixture_setup(state)) return -1;
    org_fixture *f = *state;
    org o = test_org("training_centre", "KZ", LANG_KK, "Бәйтерек оқу орталығы");
    o.district = "Бәйтерек ауданы";
    o.nsectors = 1;
    o.sectors[0] = "P";
    g.kk = add(f, o);
    o = test_org("company", "KZ", LANG_RU, "Байтерек Водоканал");
    o.district = "Бәйтерек ауданы";
    o.identifier = test_bin(f->a, 1);
    o.nsectors = 2;
    o.sectors[0] = "E";
    o.sectors[1] = "C";
    g.ru = add(f, o);
    o = test_org("company", "CN", LANG_ZH, "山东测试商务有限公司");
    o.name[LANG_EN] = "Shandong Test Commerce Co.";
    o.identifier = test_uscc(f->a, 1);
    o.nsectors = 1;
    o.sectors[0] = "G";
    g.zh = add(f, o);
    o = test_org("company", "CN", LANG_ZH, "济南建材贸易有限公司");
    o.description[LANG_RU] = "Производство цемента и кирпича";
    g.zh2 = add(f, o);
    o = test_org("company", "KZ", LANG_RU, "ТОО Архивное");
    g.archived = add(f, o);
    assert_true(org_archive(f->d, 0, g.archived));
    o = test_org("chamber", "KZ", LANG_RU, "Региональная палата предпринимателей «Атамекен»");
    o.name[LANG_KK] = "«Атамекен» өңірлік кәсіпкерлер палатасы";
    g.chamber = add(f, o);
    o = test_org("chamber", "KZ", LANG_KK, "«Атамекен» Бәйтерек аудандық филиалы");
    o.parent_id = g.chamber;
    o.district = "Бәйтерек ауданы";
    g.branch = add(f, o);
    person p = { 0 };
    p.org_id = g.branch;
    p.name[LANG_KK] = "Гүлнар Сәрсенова";
    p.name[LANG_RU] = "Гульнар Сарсенова";
    org_errors errs = { 0 };
    assert_true(person_create(f->d, f->a, 0, &p, &errs) > 0);
    return 0;
}

/* Runs a search and returns the ids found as "id,id,..." sorted by id. */
static const char *found(org_fixture *f, const char *q, org_state state)
{
    org_filter flt = { .q = q, .state = state, .sort = ORG_SORT_CREATED, .per_page = 100 };
    org_list_result r;
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.total, r.n);
    int64_t v[100];
    for (int i = 0; i < r.n; i++) v[i] = r.items[r.n - 1 - i].id; /* created newest first: reverse */
    const char *s = "";
    for (int i = 0; i < r.n; i++) s = arena_printf(f->a, "%s%s%lld", s, i ? "," : "", (long long)v[i]);
    return s;
}

static const char *idl(org_fixture *f, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    const char *s = "";
    for (int i = 0; i < n; i++) s = arena_printf(f->a, "%s%s%lld", s, i ? "," : "", (long long)va_arg(ap, int64_t));
    va_end(ap);
    return s;
}

static void test_search_kazakh_russian(void **state)
{
    org_fixture *f = *state;
    /* Russian keyboard spelling finds Kazakh spelling and vice versa, any case */
    assert_string_equal(found(f, "Байтерек", ORG_ACTIVE), idl(f, 3, g.kk, g.ru, g.branch));
    assert_string_equal(found(f, "бӘЙТЕРЕК", ORG_ACTIVE), idl(f, 3, g.kk, g.ru, g.branch));
    assert_string_equal(found(f, "орталыгы", ORG_ACTIVE), idl(f, 1, g.kk));
    assert_string_equal(found(f, "оқу Байтерек", ORG_ACTIVE), idl(f, 1, g.kk));
    assert_string_equal(found(f, "оқу Водоканал", ORG_ACTIVE), "");
    assert_string_equal(found(f, "цемент", ORG_ACTIVE), idl(f, 1, g.zh2));
    assert_string_equal(found(f, "АТАМЕКЕН", ORG_ACTIVE), idl(f, 2, g.chamber, g.branch));
    /* people's names, both spellings */
    assert_string_equal(found(f, "Сарсенова", ORG_ACTIVE), idl(f, 1, g.branch));
    assert_string_equal(found(f, "Сәрсенова", ORG_ACTIVE), idl(f, 1, g.branch));
    assert_string_equal(found(f, "несуществующее", ORG_ACTIVE), "");
}

static void test_search_chinese_and_identifier(void **state)
{
    org_fixture *f = *state;
    assert_string_equal(found(f, "商务", ORG_ACTIVE), idl(f, 1, g.zh));
    assert_string_equal(found(f, "建材", ORG_ACTIVE), idl(f, 1, g.zh2));
    assert_string_equal(found(f, "有限公司", ORG_ACTIVE), idl(f, 2, g.zh, g.zh2));
    assert_string_equal(found(f, "贸易有限", ORG_ACTIVE), idl(f, 1, g.zh2));
    assert_string_equal(found(f, "济南贸易", ORG_ACTIVE), "");
    assert_string_equal(found(f, "商 山东", ORG_ACTIVE), idl(f, 1, g.zh));
    assert_string_equal(found(f, "shandong test", ORG_ACTIVE), idl(f, 1, g.zh));
    assert_string_equal(found(f, test_uscc(f->a, 1), ORG_ACTIVE), idl(f, 1, g.zh));
    assert_string_equal(found(f, test_bin(f->a, 1), ORG_ACTIVE), idl(f, 1, g.ru));
    /* FTS syntax in the query is plain text; quotes and * separate words (a quoted
     * phrase or a wildcard typed out of habit finds what the words find) */
    assert_string_equal(found(f, "\"Атамекен\"", ORG_ACTIVE), idl(f, 2, g.chamber, g.branch));
    assert_string_equal(found(f, "Атамек*", ORG_ACTIVE), idl(f, 2, g.chamber, g.branch));
    assert_string_equal(found(f, "\"\"\" * \"", ORG_ACTIVE), idl(f, 6, g.kk, g.ru, g.zh, g.zh2, g.chamber, g.branch));
    assert_string_equal(found(f, "-Атамекен", ORG_ACTIVE), "");
    assert_string_equal(found(f, "name:Атамекен", ORG_ACTIVE), "");
    assert_string_equal(found(f, "Атамекен NOT Бәйтерек", ORG_ACTIVE), "");
    assert_string_equal(found(f, "^Атамекен", ORG_ACTIVE), "");
    assert_string_equal(found(f, "Атамекен Shandong", ORG_ACTIVE), "");
    assert_string_equal(found(f, "атамекен бәйтерек", ORG_ACTIVE), idl(f, 1, g.branch));
    assert_string_equal(found(f, "«Атамекен» OR", ORG_ACTIVE), "");
    assert_string_equal(found(f, "NEAR(", ORG_ACTIVE), "");
    assert_string_equal(found(f, "«Атамекен»", ORG_ACTIVE), idl(f, 2, g.chamber, g.branch));
    /* invalid UTF-8 matches nothing; blank matches everything active */
    assert_string_equal(found(f, "\xc3\x28", ORG_ACTIVE), "");
    assert_string_equal(found(f, "  ", ORG_ACTIVE), idl(f, 6, g.kk, g.ru, g.zh, g.zh2, g.chamber, g.branch));
}

static void test_search_follows_changes(void **state)
{
    org_fixture *f = *state;
    assert_string_equal(found(f, "Архивное", ORG_ACTIVE), "");
    assert_string_equal(found(f, "Архивное", ORG_ARCHIVED), idl(f, 1, g.archived));
    assert_string_equal(found(f, "Архивное", ORG_ALL), idl(f, 1, g.archived));
    org o;
    assert_true(org_get(f->d, f->a, g.zh2, &o));
    o.name[LANG_ZH] = "济南水泥有限公司";
    org_errors errs = { 0 };
    assert_true(org_update(f->d, f->a, 0, &o, &errs));
    assert_string_equal(found(f, "建材", ORG_ACTIVE), "");
    assert_string_equal(found(f, "水泥", ORG_ACTIVE), idl(f, 1, g.zh2));
    int n;
    person *p = person_list(f->d, f->a, g.branch, false, &n);
    assert_int_equal(n, 1);
    assert_true(person_archive(f->d, 0, p[0].id));
    assert_string_equal(found(f, "Сарсенова", ORG_ACTIVE), "");
}

static void test_filters(void **state)
{
    org_fixture *f = *state;
    org_filter flt = { .kind = "company", .per_page = 100, .sort = ORG_SORT_CREATED };
    org_list_result r;
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.total, 3);
    flt.country = "CN";
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.total, 2);
    assert_int_equal(r.items[0].id, g.zh2);
    flt = (org_filter){ .sector = "C", .per_page = 100 };
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.total, 1);
    assert_int_equal(r.items[0].id, g.ru);
    assert_int_equal(r.items[0].nsectors, 2);
    assert_string_equal(r.items[0].sectors[0], "C");
    flt = (org_filter){ .district = "Бәйтерек ауданы", .per_page = 100 };
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.total, 3);
    flt = (org_filter){ .parent_id = g.chamber, .per_page = 100 };
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.total, 1);
    assert_int_equal(r.items[0].id, g.branch);
    flt = (org_filter){ .state = ORG_ALL, .kind = "company", .q = "тоо", .per_page = 100 };
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.total, 1);
    int n;
    const char **d = org_districts(f->d, f->a, &n);
    assert_int_equal(n, 1);
    assert_string_equal(d[0], "Бәйтерек ауданы");
}

static void test_sort_and_pages(void **state)
{
    org_fixture *f = *state;
    org_filter flt = { .sort = ORG_SORT_NAME, .lang = LANG_RU, .per_page = 2, .page = 1 };
    org_list_result r;
    const char *names = "";
    for (int page = 1; page <= 4; page++) {
        flt.page = page;
        assert_true(org_list(f->d, f->a, &flt, &r));
        assert_int_equal(r.total, 6);
        assert_int_equal(r.page, page);
        assert_int_equal(r.per_page, 2);
        assert_int_equal(r.n, page <= 3 ? 2 : 0);
        for (int i = 0; i < r.n; i++) names = arena_printf(f->a, "%s%s|", names, org_display_name(&r.items[i], LANG_RU));
    }
    /* by the name a Russian reader sees (ru, kk, en, zh), folded so that Бәйтерек sorts as
     * Байтерек; Latin before Cyrillic before Han (code point order) */
    assert_string_equal(names, "Shandong Test Commerce Co.|«Атамекен» Бәйтерек аудандық филиалы|"
                               "Байтерек Водоканал|Бәйтерек оқу орталығы|"
                               "Региональная палата предпринимателей «Атамекен»|济南建材贸易有限公司|");
    /* a Chinese reader: the zh names sort first among Han, by code point */
    flt = (org_filter){ .sort = ORG_SORT_NAME, .lang = LANG_ZH, .per_page = 100 };
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.items[4].id, g.zh);
    assert_int_equal(r.items[5].id, g.zh2);
    flt = (org_filter){ .sort = ORG_SORT_CREATED, .per_page = 1000, .page = -5 };
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.per_page, ORG_PER_PAGE_MAX);
    assert_int_equal(r.page, 1);
    assert_int_equal(r.items[0].id, g.branch);
    assert_int_equal(r.items[5].id, g.kk);
    flt.sort = ORG_SORT_UPDATED;
    /* everything was created within a second: make the order by update unambiguous */
    assert_true(db_exec(f->d, "UPDATE organisations SET updated_at = '2020-01-01T00:00:00Z'"));
    org o;
    assert_true(org_get(f->d, f->a, g.kk, &o));
    o.address = "Бәйтерек ауданы, Переметное ауылы";
    org_errors errs = { 0 };
    assert_true(org_update(f->d, f->a, 0, &o, &errs));
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.items[0].id, g.kk);
    org_sort s;
    assert_true(org_sort_parse("updated", &s));
    assert_int_equal(s, ORG_SORT_UPDATED);
    assert_false(org_sort_parse("id; DROP TABLE", &s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_search_kazakh_russian, setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_search_chinese_and_identifier, setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_search_follows_changes, setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_filters, setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_sort_and_pages, setup, org_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
