/* test_org.c — the organisations domain: validation of every field, create/update/
 * archive/restore with their audit rows, duplicate identifiers, parents, and people. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/person.h"
#include "test_org_util.h"

/* Validates o and asserts exactly one error, on field. */
static void expect_one_error(arena *a, org o, const char *field)
{
    org_errors errs = { 0 };
    bool ok = org_validate(a, &o, &errs);
    if (ok || errs.n != 1 || strcmp(errs.e[0].field, field) != 0) {
        for (int i = 0; i < errs.n; i++) fprintf(stderr, "  %s: %s\n", errs.e[i].field, errs.e[i].message);
        fail_msg("expected one error on %s, got %d", field, errs.n);
    }
    assert_true(strlen(errs.e[0].message) > 5);
}

static const char *repeat(arena *a, const char *s, int n)
{
    size_t l = strlen(s);
    char *r = arena_alloc(a, l * (size_t)n + 1);
    for (int i = 0; i < n; i++) memcpy(r + l * (size_t)i, s, l);
    r[l * (size_t)n] = '\0';
    return r;
}

static void test_validate_required(void **state)
{
    org_fixture *f = *state;
    org o = { 0 };
    org_errors errs = { 0 };
    assert_false(org_validate(f->a, &o, &errs));
    assert_int_equal(errs.n, 3);
    assert_non_null(org_errors_get(&errs, "kind"));
    assert_non_null(org_errors_get(&errs, "country"));
    assert_non_null(org_errors_get(&errs, "name"));
    /* blank names count as none */
    o = test_org("company", "KZ", LANG_RU, "   ");
    o.name[LANG_ZH] = "";
    expect_one_error(f->a, o, "name");
}

static void test_validate_fields(void **state)
{
    arena *a = ((org_fixture *)*state)->a;
    org o = test_org("spaceship", "KZ", LANG_RU, "ТОО Тест");
    expect_one_error(a, o, "kind");
    o = test_org("company", "kz", LANG_RU, "ТОО Тест");
    expect_one_error(a, o, "country");
    o = test_org("company", "KZ", LANG_RU, repeat(a, "ж", 301));
    expect_one_error(a, o, "name_ru");
    o = test_org("company", "KZ", LANG_ZH, repeat(a, "商", 300));
    org_errors errs = { 0 };
    assert_true(org_validate(a, &o, &errs));
    o = test_org("company", "KZ", LANG_RU, "ТОО\nТест");
    expect_one_error(a, o, "name_ru");
    o = test_org("company", "KZ", LANG_RU, "ТОО \x01 Тест");
    expect_one_error(a, o, "name_ru");
    o = test_org("company", "KZ", LANG_RU, "ТОО Тест");
    o.short_name[LANG_KK] = "Тест";
    expect_one_error(a, o, "short_name_kk");
    o = test_org("company", "KZ", LANG_RU, "ТОО Тест");
    o.description[LANG_RU] = repeat(a, "я", 5001);
    expect_one_error(a, o, "description_ru");
    o = test_org("company", "KZ", LANG_RU, "ТОО Тест");
    o.address = repeat(a, "a", 501);
    expect_one_error(a, o, "address");
    o = test_org("company", "KZ", LANG_RU, "ТОО Тест");
    o.district = "Бәйтерек\nауданы";
    expect_one_error(a, o, "district");
    o = test_org("company", "KZ", LANG_RU, "ТОО Тест");
    o.nsectors = 2;
    o.sectors[0] = "C";
    o.sectors[1] = "Z";
    expect_one_error(a, o, "sectors");
    o.sectors[1] = "19.20";
    expect_one_error(a, o, "sectors");
}

static void test_validate_identifier(void **state)
{
    arena *a = ((org_fixture *)*state)->a;
    org o = test_org("company", "KZ", LANG_RU, "ТОО Тест");
    o.identifier = test_bad_bin(a, 11);
    expect_one_error(a, o, "identifier");
    o.identifier = "12345";
    expect_one_error(a, o, "identifier");
    o.identifier = "24034000001A";
    expect_one_error(a, o, "identifier");
    o.identifier = test_uscc(a, 13); /* a USCC for a Kazakh organisation */
    expect_one_error(a, o, "identifier");
    o.country = "CN";
    o.identifier = test_bin(a, 14); /* a BIN for a Chinese one */
    expect_one_error(a, o, "identifier");
    char *bad = arena_strdup(a, test_uscc(a, 12));
    bad[10] = 'O';
    o.identifier = bad;
    expect_one_error(a, o, "identifier");
    bad = arena_strdup(a, test_uscc(a, 12));
    bad[17] = bad[17] == '0' ? '1' : '0';
    o.identifier = bad;
    expect_one_error(a, o, "identifier");

    /* normalisation: spaces and dashes go, letters become upper case */
    const char *u = test_uscc(a, 201);
    char *typed = arena_printf(a, "%.4s %.4s-%s", u, u + 4, u + 8);
    for (char *p = typed; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    o.identifier = typed;
    org_errors errs = { 0 };
    assert_true(org_validate(a, &o, &errs));
    assert_string_equal(o.identifier, u);

    o = test_org("company", "KZ", LANG_RU, "ТОО Тест");
    const char *b = test_bin(a, 5);
    o.identifier = arena_printf(a, " %.4s %.4s %.4s ", b, b + 4, b + 8);
    assert_true(org_validate(a, &o, &errs));
    assert_string_equal(o.identifier, b);
    o.identifier = "   ";
    assert_true(org_validate(a, &o, &errs));
    assert_null(o.identifier);
    o = test_org("foundation", "OTHER", LANG_EN, "Foundation");
    o.identifier = "hrb 12345";
    assert_true(org_validate(a, &o, &errs));
    assert_string_equal(o.identifier, "HRB12345");
    o.identifier = "№12345";
    expect_one_error(a, o, "identifier");
}

static void test_validate_website_and_sectors(void **state)
{
    arena *a = ((org_fixture *)*state)->a;
    org o = test_org("company", "KZ", LANG_RU, "ТОО Тест");
    org_errors errs = { 0 };
    o.website = "example.kz";
    o.nsectors = 4;
    o.sectors[0] = "e";
    o.sectors[1] = " C ";
    o.sectors[2] = "E";
    o.sectors[3] = "";
    assert_true(org_validate(a, &o, &errs));
    assert_string_equal(o.website, "https://example.kz");
    assert_int_equal(o.nsectors, 2);
    assert_string_equal(o.sectors[0], "C");
    assert_string_equal(o.sectors[1], "E");
    o.website = "http://zhaikpress.kz/ru/news?id=1";
    assert_true(org_validate(a, &o, &errs));
    assert_string_equal(o.website, "http://zhaikpress.kz/ru/news?id=1");
    o.website = "ftp://example.kz";
    expect_one_error(a, o, "website");
    o.website = "not a site";
    expect_one_error(a, o, "website");
    o.website = "https://localhost/";
    expect_one_error(a, o, "website");
    o.website = "https://exa mple.kz";
    expect_one_error(a, o, "website");
    o.website = arena_printf(a, "https://example.kz/%s", repeat(a, "a", 300));
    expect_one_error(a, o, "website");
}

/* Audit rows of one entity: "action changes|action changes|..." (arena). */
static const char *audit_of(org_fixture *f, const char *entity, int64_t id)
{
    db_stmt *st = db_prepare(f->d, "SELECT action, coalesce(changes, '') FROM audit_log"
                                   " WHERE entity = ? AND entity_id = ? ORDER BY id");
    db_bind_text(st, 1, entity);
    db_bind_int(st, 2, id);
    const char *s = "";
    while (db_step(st) == DB_ROW)
        s = arena_printf(f->a, "%s%s%s %s", s, *s ? "|" : "", db_col_text(st, 0), db_col_text(st, 1));
    db_done(st);
    return s;
}

static void test_create_update_audit(void **state)
{
    org_fixture *f = *state;
    org o = test_org("company", "KZ", LANG_RU, " ТОО «Орал Агро» ");
    o.identifier = test_bin(f->a, 101);
    o.name[LANG_KK] = "«Орал Агро» ЖШС";
    o.district = "Бәйтерек ауданы";
    org_errors errs = { 0 };
    int64_t id = org_create(f->d, f->a, 0, &o, &errs);
    assert_true(id > 0);
    assert_int_equal(errs.n, 0);
    assert_non_null(o.created_at);
    const char *audit = audit_of(f, "organisation", id);
    assert_non_null(strstr(audit, "create {\"kind\":{\"old\":null,\"new\":\"company\"}"));
    assert_non_null(strstr(audit, "\"name_ru\":{\"old\":null,\"new\":\"ТОО «Орал Агро»\"}"));

    org got;
    assert_true(org_get(f->d, f->a, id, &got));
    assert_string_equal(got.name[LANG_RU], "ТОО «Орал Агро»");
    assert_string_equal(got.name[LANG_KK], "«Орал Агро» ЖШС");
    assert_null(got.name[LANG_ZH]);
    assert_string_equal(got.identifier, o.identifier);
    assert_null(got.archived_at);

    got.kind = "other";
    got.name[LANG_ZH] = "乌拉尔农业公司";
    assert_true(org_update(f->d, f->a, 0, &got, &errs));
    audit = audit_of(f, "organisation", id);
    assert_non_null(strstr(audit, "|update {\"kind\":{\"old\":\"company\",\"new\":\"other\"},"
                                  "\"name_zh\":{\"old\":null,\"new\":\"乌拉尔农业公司\"}}"));
    /* an update that changes nothing writes no audit row */
    org same;
    assert_true(org_get(f->d, f->a, id, &same));
    assert_true(org_update(f->d, f->a, 0, &same, &errs));
    assert_string_equal(audit_of(f, "organisation", id), audit);
    /* an invalid update changes nothing */
    same.kind = "spaceship";
    same.name[LANG_RU] = "Другое";
    assert_false(org_update(f->d, f->a, 0, &same, &errs));
    assert_string_equal(errs.e[0].field, "kind");
    assert_true(org_get(f->d, f->a, id, &got));
    assert_string_equal(got.kind, "other");
    assert_string_equal(got.name[LANG_RU], "ТОО «Орал Агро»");
    /* an unknown id */
    org ghost = test_org("company", "KZ", LANG_RU, "Призрак");
    ghost.id = 9999;
    errs.n = 0;
    assert_false(org_update(f->d, f->a, 0, &ghost, &errs));
    assert_int_equal(errs.n, 0);
}

static void test_archive_restore(void **state)
{
    org_fixture *f = *state;
    org o = test_org("foundation", "KZ", LANG_RU, "Фонд «Тест»");
    org_errors errs = { 0 };
    int64_t id = org_create(f->d, f->a, 0, &o, &errs);
    assert_true(id > 0);
    assert_true(org_archive(f->d, 0, id));
    assert_false(org_archive(f->d, 0, id));
    org got;
    assert_true(org_get(f->d, f->a, id, &got));
    assert_non_null(got.archived_at);
    assert_true(org_restore(f->d, 0, id));
    assert_false(org_restore(f->d, 0, id));
    assert_false(org_archive(f->d, 0, 9999));
    assert_true(org_get(f->d, f->a, id, &got));
    assert_null(got.archived_at);
    const char *audit = audit_of(f, "organisation", id);
    assert_non_null(strstr(audit, "|archive {\"archived\":{\"old\":\"false\",\"new\":\"true\"}}"
                                  "|restore {\"archived\":{\"old\":\"true\",\"new\":\"false\"}}"));
}

/* `kopir check` looks at the search index too: consistent after changes and people,
 * each missing, outdated or orphaned row counted. */
static void test_check_index(void **state)
{
    org_fixture *f = *state;
    assert_int_equal(org_check_index(f->d), 0);
    org o = test_org("company", "KZ", LANG_KK, "«Бәйтерек Су» ЖШС");
    org_errors errs = { 0 };
    int64_t id = org_create(f->d, f->a, 0, &o, &errs);
    org o2 = test_org("company", "CN", LANG_ZH, "山东测试商务有限公司");
    int64_t id2 = org_create(f->d, f->a, 0, &o2, &errs);
    person p = { .org_id = id, .name = { [LANG_RU] = "Айгуль Серикова" } };
    assert_true(person_create(f->d, f->a, 0, &p, &errs) > 0);
    assert_int_equal(errs.n, 0);
    assert_int_equal(org_check_index(f->d), 0);
    assert_true(db_exec(f->d, "UPDATE organisation_search SET body = 'stale' WHERE rowid = 1"));
    assert_int_equal(org_check_index(f->d), 1);
    assert_true(org_reindex(f->d, f->a, id));
    assert_int_equal(org_check_index(f->d), 0);
    db_stmt *st = db_prepare(f->d, "DELETE FROM organisation_search WHERE rowid = ?");
    db_bind_int(st, 1, id2);
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
    assert_true(db_exec(f->d, "INSERT INTO organisation_search (rowid, body) VALUES (999, 'orphan')"));
    assert_int_equal(org_check_index(f->d), 2);
}

static void test_duplicate_identifier(void **state)
{
    org_fixture *f = *state;
    org a1 = test_org("company", "KZ", LANG_RU, "ТОО Первое");
    a1.identifier = test_bin(f->a, 7);
    org_errors errs = { 0 };
    int64_t first = org_create(f->d, f->a, 0, &a1, &errs);
    assert_true(first > 0);
    org a2 = test_org("company", "KZ", LANG_RU, "ТОО Второе");
    const char *b = test_bin(f->a, 7);
    a2.identifier = arena_printf(f->a, "%.4s %.4s %.4s", b, b + 4, b + 8);
    assert_int_equal(org_create(f->d, f->a, 0, &a2, &errs), 0);
    assert_int_equal(errs.n, 1);
    assert_string_equal(errs.e[0].field, "identifier");
    /* updating another organisation to the same identifier is refused too */
    org a3 = test_org("company", "KZ", LANG_RU, "ТОО Третье");
    errs.n = 0;
    int64_t third = org_create(f->d, f->a, 0, &a3, &errs);
    assert_true(third > 0);
    a3.identifier = b;
    assert_false(org_update(f->d, f->a, 0, &a3, &errs));
    assert_string_equal(errs.e[0].field, "identifier");
    /* the first keeps its own identifier on update */
    errs.n = 0;
    a1.address = "Уральск, проспект Достык, 1";
    assert_true(org_update(f->d, f->a, 0, &a1, &errs));
    assert_int_equal(org_find_identifier(f->d, b), first);
    /* organisations without an identifier never collide */
    db_stmt *st = db_prepare(f->d, "SELECT count(*) FROM organisations WHERE identifier IS NULL");
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 1);
    db_done(st);
}

static void test_parent(void **state)
{
    org_fixture *f = *state;
    org_errors errs = { 0 };
    org chamber = test_org("chamber", "KZ", LANG_RU, "Региональная палата «Атамекен»");
    int64_t cid = org_create(f->d, f->a, 0, &chamber, &errs);
    org branch = test_org("chamber", "KZ", LANG_RU, "Филиал района Бәйтерек");
    branch.parent_id = cid;
    int64_t bid = org_create(f->d, f->a, 0, &branch, &errs);
    assert_true(cid > 0 && bid > 0);
    org bad = test_org("company", "KZ", LANG_RU, "ТОО Сирота");
    bad.parent_id = 9999;
    assert_int_equal(org_create(f->d, f->a, 0, &bad, &errs), 0);
    assert_string_equal(errs.e[0].field, "parent_id");
    /* the chamber can not become a branch of its own branch */
    errs.n = 0;
    chamber.parent_id = bid;
    assert_false(org_update(f->d, f->a, 0, &chamber, &errs));
    assert_string_equal(errs.e[0].field, "parent_id");
    errs.n = 0;
    chamber.parent_id = cid;
    assert_false(org_update(f->d, f->a, 0, &chamber, &errs));
    assert_string_equal(errs.e[0].field, "parent_id");
}

static void test_people(void **state)
{
    org_fixture *f = *state;
    org_errors errs = { 0 };
    org o = test_org("company", "CN", LANG_ZH, "山东测试商务有限公司");
    int64_t oid = org_create(f->d, f->a, 0, &o, &errs);
    person p = { 0 };
    p.org_id = oid;
    assert_int_equal(person_create(f->d, f->a, 0, &p, &errs), 0);
    assert_string_equal(errs.e[0].field, "name");
    errs.n = 0;
    p.name[LANG_ZH] = "王伟";
    p.name[LANG_EN] = "Wang Wei";
    p.phone = "+86 531 1234 5678";
    p.email = "Wang.Wei@Example.CN";
    assert_true(person_langs_parse("zh; EN", &p.langs));
    int64_t pid = person_create(f->d, f->a, 0, &p, &errs);
    assert_true(pid > 0);
    assert_string_equal(p.email, "wang.wei@example.cn");
    person got;
    assert_true(person_get(f->d, f->a, pid, &got));
    assert_int_equal(got.langs, PERSON_LANG_ZH | PERSON_LANG_EN);
    assert_string_equal(person_langs_string(f->a, got.langs), "zh;en");
    assert_string_equal(got.name[LANG_EN], "Wang Wei");
    assert_non_null(strstr(audit_of(f, "person", pid), "create {\"org_id\":{\"old\":null,\"new\":\""));

    unsigned bits;
    assert_false(person_langs_parse("kk;de", &bits));
    const char *bad_phones[] = { "12-34", "+7 (711) 25O-12-34", "7+7112501234", "123456789012345678901" };
    for (size_t i = 0; i < sizeof bad_phones / sizeof *bad_phones; i++) {
        person q = got;
        q.phone = bad_phones[i];
        errs.n = 0;
        assert_false(person_validate(f->a, &q, &errs));
        assert_string_equal(errs.e[0].field, "phone");
    }
    const char *bad_mails[] = { "name", "@example.kz", "a@b", "a b@example.kz", "a@@example.kz", "a@example." };
    for (size_t i = 0; i < sizeof bad_mails / sizeof *bad_mails; i++) {
        person q = got;
        q.email = bad_mails[i];
        errs.n = 0;
        assert_false(person_validate(f->a, &q, &errs));
        assert_string_equal(errs.e[0].field, "email");
    }
    got.position = "总经理 / генеральный директор";
    errs.n = 0;
    assert_true(person_update(f->d, f->a, 0, &got, &errs));
    assert_non_null(strstr(audit_of(f, "person", pid), "|update {\"position\":{\"old\":null,"));
    int n;
    person *list = person_list(f->d, f->a, oid, false, &n);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].position, "总经理 / генеральный директор");
    assert_true(person_archive(f->d, 0, pid));
    list = person_list(f->d, f->a, oid, false, &n);
    assert_int_equal(n, 0);
    list = person_list(f->d, f->a, oid, true, &n);
    assert_int_equal(n, 1);
    assert_true(person_restore(f->d, 0, pid));
    /* no people in an archived organisation */
    assert_true(org_archive(f->d, 0, oid));
    person r = { 0 };
    r.org_id = oid;
    r.name[LANG_RU] = "Иван";
    errs.n = 0;
    assert_int_equal(person_create(f->d, f->a, 0, &r, &errs), 0);
    assert_string_equal(errs.e[0].field, "org_id");
}

static void test_display_name(void **state)
{
    (void)state;
    org o = { 0 };
    assert_string_equal(org_display_name(&o, LANG_KK), "");
    o.name[LANG_ZH] = "山东省商务厅";
    assert_string_equal(org_display_name(&o, LANG_KK), "山东省商务厅");
    o.name[LANG_EN] = "Department of Commerce";
    assert_string_equal(org_display_name(&o, LANG_KK), "Department of Commerce");
    assert_string_equal(org_display_name(&o, LANG_ZH), "山东省商务厅");
    o.name[LANG_KK] = "Сауда департаменті";
    assert_string_equal(org_display_name(&o, LANG_RU), "Сауда департаменті");
    o.name[LANG_RU] = "Департамент коммерции";
    assert_string_equal(org_display_name(&o, LANG_EN), "Department of Commerce");
    assert_string_equal(org_display_name(&o, LANG_ZH), "山东省商务厅");
    o.name[LANG_EN] = NULL;
    assert_string_equal(org_display_name(&o, LANG_EN), "Департамент коммерции");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_validate_required, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_validate_fields, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_validate_identifier, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_validate_website_and_sectors, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_create_update_audit, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_archive_restore, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_identifier, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_check_index, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_parent, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_people, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test(test_display_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
