/* test_csv.c — the CSV reader's edge cases (quotes, doubled quotes, CRLF/LF, BOM, line
 * breaks inside quotes, limits, broken input), the import (all-or-nothing by default,
 * skip-invalid, per-row report with line and field) and export -> import round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/org_csv.h"
#include "test_org_util.h"

/* Parses s completely; returns the records as "f1|f2/f1/..." (fields joined by |,
 * records by /, each record prefixed by its line "3:") or "ERR" + message. */
static const char *parse(arena *a, const char *s, size_t len, int max)
{
    org_csv_reader r;
    org_csv_open(&r, s, len, max);
    const char *out = "";
    char **f;
    int n, line;
    const char *err;
    org_csv_status st;
    while ((st = org_csv_next(&r, a, &f, &n, &line, &err)) == ORG_CSV_RECORD) {
        out = arena_printf(a, "%s%s%d:", out, *out ? "/" : "", line);
        for (int i = 0; i < n; i++) out = arena_printf(a, "%s%s%s", out, i ? "|" : "", f[i]);
    }
    if (st == ORG_CSV_ERROR) {
        assert_int_equal(org_csv_next(&r, a, &f, &n, &line, &err), ORG_CSV_ERROR);
        return arena_printf(a, "ERR %s", err);
    }
    return out;
}
#define PARSE(a, s) parse(a, s, sizeof(s) - 1, 0)

static void test_reader_basics(void **state)
{
    arena *a = ((org_fixture *)*state)->a;
    assert_string_equal(PARSE(a, "a,b,c\n1,2,3\n"), "1:a|b|c/2:1|2|3");
    assert_string_equal(PARSE(a, "a,b\r\n1,2\r\n"), "1:a|b/2:1|2");
    assert_string_equal(PARSE(a, "a,b\r\n1,2"), "1:a|b/2:1|2");
    assert_string_equal(PARSE(a, "\xEF\xBB\xBFkind,name\n"), "1:kind|name");
    assert_string_equal(PARSE(a, ",,\n"), "1:||");
    assert_string_equal(PARSE(a, "a,\n"), "1:a|");
    assert_string_equal(PARSE(a, "\n\r\n\na\n\n\nb\n"), "4:a/7:b");
    assert_string_equal(PARSE(a, ""), "");
    assert_string_equal(PARSE(a, "\xEF\xBB\xBF"), "");
    assert_string_equal(PARSE(a, "a\rb\r"), "1:a/2:b");
}

static void test_reader_quotes(void **state)
{
    arena *a = ((org_fixture *)*state)->a;
    assert_string_equal(PARSE(a, "\"a,b\",\"c\"\"d\"\"\",\"\"\n"), "1:a,b|c\"d\"|");
    assert_string_equal(PARSE(a, "\"line1\nline2\",x\nnext\n"), "1:line1\nline2|x/3:next");
    assert_string_equal(PARSE(a, "\"l1\r\nl2\r\nl3\",x\r\nnext\r\n"), "1:l1\nl2\nl3|x/4:next");
    assert_string_equal(PARSE(a, "5\" pipe,b\n"), "1:5\" pipe|b");
    assert_string_equal(PARSE(a, "\"商务\",\"Бәйтерек\"\n"), "1:商务|Бәйтерек");
    assert_string_equal(PARSE(a, "\"\"\"\"\n"), "1:\"");
    assert_string_equal(PARSE(a, "a\n\"open\nnever closed\n"), "ERR Line 2: a quoted field is not closed.");
    assert_string_equal(PARSE(a, "\"ab\"c,d\n"), "ERR Line 1: after a closing quote only a comma or the end of the line may follow.");
    assert_string_equal(PARSE(a, "\"a\" ,b\n"), "ERR Line 1: after a closing quote only a comma or the end of the line may follow.");
}

static void test_reader_limits(void **state)
{
    arena *a = ((org_fixture *)*state)->a;
    assert_string_equal(PARSE(a, "ok\nbad \xC3\x28 utf8\n"),
                        "ERR Line 2: the text is not valid UTF-8 or contains control characters. Save the file as CSV UTF-8.");
    assert_string_equal(PARSE(a, "a\x01z\n"),
                        "ERR Line 1: the text is not valid UTF-8 or contains control characters. Save the file as CSV UTF-8.");
    static const char nul[] = { 'a', ',', 0, '\n' };
    assert_string_equal(parse(a, nul, sizeof nul, 0),
                        "ERR Line 1: the text is not valid UTF-8 or contains control characters. Save the file as CSV UTF-8.");
    /* field size: exactly the limit is fine, one more byte is not */
    size_t big = ORG_CSV_MAX_FIELD;
    char *s = arena_alloc(a, big + 8);
    memset(s, 'x', big);
    memcpy(s + big, "\n", 2);
    const char *r = parse(a, s, big + 1, 0);
    assert_int_equal(strlen(r), big + 2);
    s[0] = '"';
    memset(s + 1, 'y', big + 1);
    memcpy(s + big + 2, "\"\n", 3);
    assert_string_equal(parse(a, s, big + 4, 0), "ERR Line 1: a field is longer than 65536 bytes.");
    /* fields per record */
    char many[ORG_CSV_MAX_FIELDS * 2 + 4];
    for (int i = 0; i < ORG_CSV_MAX_FIELDS; i++) memcpy(many + 2 * i, "x,", 2);
    memcpy(many + 2 * ORG_CSV_MAX_FIELDS, "x\n", 3);
    assert_string_equal(parse(a, many, strlen(many), 0), "ERR Line 1: more than 64 fields.");
    many[2 * ORG_CSV_MAX_FIELDS - 1] = '\n';
    assert_int_not_equal(strncmp(parse(a, many, 2 * ORG_CSV_MAX_FIELDS, 0), "ERR", 3), 0);
    /* records */
    assert_string_equal(PARSE(a, "h\n1\n2\n"), "1:h/2:1/3:2");
    assert_string_equal(parse(a, "h\n1\n2\n3\n", 8, 3), "ERR The file has more than 2 rows.");
}

static const char *load(arena *a, const char *name, size_t *len)
{
    char path[256];
    const char *root = getenv("KOPIR_ROOT");
    snprintf(path, sizeof path, "%s/tests/data/orgs/%s", root ? root : ".", name);
    FILE *fp = fopen(path, "rb");
    if (!fp) fail_msg("cannot open %s", path);
    char *data = arena_alloc(a, 1 << 20);
    *len = fread(data, 1, (1 << 20) - 1, fp);
    data[*len] = '\0';
    fclose(fp);
    return data;
}

static int64_t count_orgs(org_fixture *f)
{
    db_stmt *st = db_prepare(f->d, "SELECT count(*) FROM organisations");
    assert_int_equal(db_step(st), DB_ROW);
    int64_t n = db_col_int(st, 0);
    db_done(st);
    return n;
}

static const char *issues(org_fixture *f, const org_csv_report *rep)
{
    const char *s = "";
    for (int i = 0; i < rep->nissues; i++)
        s = arena_printf(f->a, "%s%d:%s ", s, rep->issues[i].line, rep->issues[i].field);
    return s;
}

static void test_import_good(void **state)
{
    org_fixture *f = *state;
    size_t len;
    const char *data = load(f->a, "good.csv", &len);
    org_csv_report rep;
    assert_true(org_csv_import(f->d, f->a, 0, data, len, false, &rep));
    assert_null(rep.fatal);
    assert_int_equal(rep.rows, 5);
    assert_int_equal(rep.imported, 5);
    assert_int_equal(rep.rejected, 0);
    assert_int_equal(count_orgs(f), 5);
    org o;
    int64_t chamber = org_find_identifier(f->d, "190640000127");
    assert_true(org_get(f->d, f->a, chamber, &o));
    assert_string_equal(o.address, "Орал қ., Достық даңғылы, 1");
    assert_string_equal(o.website, "https://atameken-test.kz");
    assert_string_equal(o.description[LANG_RU], "Палата предпринимателей.\nВторая строка описания, с \"кавычками\".");
    org_filter flt = { .parent_id = chamber, .per_page = 10 };
    org_list_result r;
    assert_true(org_list(f->d, f->a, &flt, &r));
    assert_int_equal(r.total, 1);
    assert_string_equal(r.items[0].name[LANG_RU], "Филиал района Бәйтерек (проба)");
    db_stmt *st = db_prepare(f->d, "SELECT count(*) FROM audit_log WHERE entity = 'organisation' AND action = 'import'");
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 5);
    db_done(st);
    /* importing the same file again: every identifier now exists -> nothing imported */
    assert_false(org_csv_import(f->d, f->a, 0, data, len, false, &rep));
    assert_int_equal(rep.imported, 0);
    assert_int_equal(rep.rejected, 3);
    assert_string_equal(issues(f, &rep), "2:identifier 5:identifier 6:identifier ");
    assert_int_equal(count_orgs(f), 5);
}

static void test_import_all_or_nothing(void **state)
{
    org_fixture *f = *state;
    size_t len;
    const char *data = load(f->a, "mixed.csv", &len);
    org_csv_report rep;
    assert_false(org_csv_import(f->d, f->a, 0, data, len, false, &rep));
    assert_null(rep.fatal);
    assert_int_equal(rep.rows, 7);
    assert_int_equal(rep.imported, 0);
    assert_int_equal(rep.rejected, 5);
    assert_string_equal(issues(f, &rep), "3:identifier 4:kind 6:identifier 7:name 8:sectors ");
    assert_non_null(strstr(rep.issues[2].message, "line 2"));
    assert_int_equal(count_orgs(f), 0);

    assert_true(org_csv_import(f->d, f->a, 0, data, len, true, &rep));
    assert_int_equal(rep.imported, 2);
    assert_int_equal(rep.rejected, 5);
    assert_string_equal(issues(f, &rep), "3:identifier 4:kind 6:identifier 7:name 8:sectors ");
    assert_int_equal(count_orgs(f), 2);
    assert_true(org_find_identifier(f->d, "221140000774") > 0);
    assert_true(org_find_identifier(f->d, "91370600MA3P2K4H8E") > 0);
}

static void test_import_structure_errors(void **state)
{
    org_fixture *f = *state;
    org_csv_report rep;
    const struct { const char *csv, *fatal; } cases[] = {
        { "", "The file is empty." },
        { "kind,country,nmae_ru\ncompany,KZ,x\n", "Unknown column \"nmae_ru\" in the first line. The columns are described in the import help." },
        { "kind,country,name_ru,NAME_RU\n", "The column \"NAME_RU\" appears twice in the first line." },
        { "kind,name_ru\ncompany,x\n", "The first line has no column \"country\", which is required." },
        { "name_ru;country\nx;KZ\n", "The first line has no column \"kind\", which is required." },
        { "kind,country,region\ncompany,KZ,x\n", "The first line must name the columns, with at least kind, country and one of name_kk, name_ru, name_zh, name_en." },
        { "kind,country,name_ru\ncompany,KZ,\"ТОО\n", "Line 2: a quoted field is not closed." },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_false(org_csv_import(f->d, f->a, 0, cases[i].csv, strlen(cases[i].csv), true, &rep));
        assert_string_equal(rep.fatal, cases[i].fatal);
        assert_int_equal(rep.imported, 0);
    }
    /* a broken line late in the file: the good rows before it are not kept either */
    const char *late = "kind,country,name_ru\ncompany,KZ,ТОО А\ncompany,KZ,\"ТОО \"Б\n";
    assert_false(org_csv_import(f->d, f->a, 0, late, strlen(late), true, &rep));
    assert_non_null(rep.fatal);
    assert_int_equal(count_orgs(f), 0);
    /* wrong number of fields, a parent that does not exist, header in any order */
    const char *rows = "NAME_RU , country,kind,parent_identifier\n"
                       "ТОО А,KZ,company\n"
                       "ТОО Б,KZ,company,190640000127\n"
                       "ТОО В,KZ,company,\n";
    assert_true(org_csv_import(f->d, f->a, 0, rows, strlen(rows), true, &rep));
    assert_string_equal(issues(f, &rep), "2: 3:parent_identifier ");
    assert_int_equal(rep.imported, 1);
    assert_int_equal(count_orgs(f), 1);
}

/* What a new user's first file looks like: a spreadsheet's "CSV" with semicolons, BOM
 * and CRLF, sectors written "C; E", a lower-case USCC, a BIN typed with spaces, a header
 * with no rows, an identifier twice in the file and one already in the database. */
static void test_import_new_user_edges(void **state)
{
    org_fixture *f = *state;
    org_csv_report rep;
    const char *bin = test_bin(f->a, 71), *uscc = test_uscc(f->a, 72);
    char *lower = arena_strdup(f->a, uscc);
    for (char *p = lower; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    const char *semi = arena_printf(f->a, "\xEF\xBB\xBFkind;country;identifier;name_ru;sectors\r\n"
                                          "company;KZ;%.4s %.4s %.4s;ТОО «Точка, запятая»;\"C, e\"\r\n"
                                          "company;CN;%s;Цзинань;C E\r\n", bin, bin + 4, bin + 8, lower);
    assert_int_equal(org_csv_sniff(semi + 3, strlen(semi) - 3), ';');
    assert_true(org_csv_import(f->d, f->a, 0, semi, strlen(semi), false, &rep));
    assert_int_equal(rep.imported, 2);
    org o;
    assert_true(org_get(f->d, f->a, org_find_identifier(f->d, bin), &o));
    assert_string_equal(o.name[LANG_RU], "ТОО «Точка, запятая»");
    assert_int_equal(o.nsectors, 2);
    assert_string_equal(o.sectors[1], "E");
    assert_true(org_find_identifier(f->d, uscc) > 0);
    /* a comma file whose first line quotes a semicolon stays a comma file */
    assert_int_equal(org_csv_sniff("\"a;b\",c\n", 8), ',');
    assert_int_equal(org_csv_sniff("kind;country\n1,2\n", 17), ';');
    /* header only: nothing to do, nothing fails */
    const char *hdr = "kind,country,name_ru\r\n";
    assert_true(org_csv_import(f->d, f->a, 0, hdr, strlen(hdr), false, &rep));
    assert_int_equal(rep.rows, 0);
    assert_int_equal(rep.imported, 0);
    /* the same identifier twice in the file and once against the database */
    const char *dup = arena_printf(f->a, "kind,country,identifier,name_ru\n"
                                         "company,KZ,%s,ТОО Один\n"
                                         "company,KZ,%s,ТОО Два\n"
                                         "company,KZ,%s,ТОО Три\n", test_bin(f->a, 73), test_bin(f->a, 73), bin);
    assert_false(org_csv_import(f->d, f->a, 0, dup, strlen(dup), false, &rep));
    assert_string_equal(issues(f, &rep), "3:identifier 4:identifier ");
    assert_non_null(strstr(rep.issues[0].message, "line 2"));
    assert_int_equal(count_orgs(f), 2);
}

static void test_field_writer(void **state)
{
    arena *a = ((org_fixture *)*state)->a;
    (void)a;
    const char *in[] = { "plain", "a,b", "say \"hi\"", "two\nlines", " pad", "=1+2", "+7 711", "@x", "-5", "'=x", "''-", "'x", "", NULL };
    const char *out[] = { "plain", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "\" pad\"",
                          "\"'=1+2\"", "\"'+7 711\"", "\"'@x\"", "\"'-5\"", "\"''=x\"", "\"'''-\"", "'x", "", "" };
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        buf b = BUF_INIT;
        org_csv_field(&b, in[i]);
        assert_string_equal(buf_str(&b), out[i]);
        buf_free(&b);
    }
}

static void test_round_trip(void **state)
{
    org_fixture *f = *state;
    size_t len;
    const char *data = load(f->a, "good.csv", &len);
    org_csv_report rep;
    assert_true(org_csv_import(f->d, f->a, 0, data, len, false, &rep));
    org o = test_org("company", "KZ", LANG_RU, "=HYPERLINK(\"http://evil\")");
    o.name[LANG_ZH] = "山东, \"引号\" 公司";
    o.description[LANG_EN] = "  line one\nline two  ";
    org_errors errs = { 0 };
    assert_true(org_create(f->d, f->a, 0, &o, &errs) > 0);
    /* sort by name puts the branch before its chamber: the export must still list the parent first */
    org_filter flt = { .sort = ORG_SORT_NAME, .lang = LANG_KK };
    buf first = BUF_INIT;
    assert_true(org_csv_export(f->d, f->a, &flt, &first));
    assert_non_null(strstr(buf_str(&first), "\"'=HYPERLINK(\"\"http://evil\"\")\""));

    org_fixture *g;
    void *gs = NULL;
    assert_int_equal(org_fixture_setup(&gs), 0);
    g = gs;
    assert_true(org_csv_import(g->d, g->a, 0, first.data, first.len, false, &rep));
    assert_int_equal(rep.imported, 6);
    buf second = BUF_INIT;
    assert_true(org_csv_export(g->d, g->a, &flt, &second));
    assert_string_equal(buf_str(&first), buf_str(&second));
    int64_t id = org_find_identifier(g->d, "210140003457");
    org back;
    assert_true(org_get(g->d, g->a, id, &back));
    assert_int_equal(back.nsectors, 2);
    flt = (org_filter){ .q = "hyperlink", .per_page = 5 };
    org_list_result r;
    assert_true(org_list(g->d, g->a, &flt, &r));
    assert_int_equal(r.total, 1);
    assert_string_equal(r.items[0].name[LANG_RU], "=HYPERLINK(\"http://evil\")");
    assert_string_equal(r.items[0].name[LANG_ZH], "山东, \"引号\" 公司");
    assert_string_equal(r.items[0].description[LANG_EN], "line one\nline two");
    buf_free(&first);
    buf_free(&second);
    org_fixture_teardown(&gs);
}

int main(void)
{
    i18n_set_lang(LANG_EN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reader_basics, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_reader_quotes, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_reader_limits, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_import_good, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_import_all_or_nothing, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_import_structure_errors, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_import_new_user_edges, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_field_writer, org_fixture_setup, org_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, org_fixture_setup, org_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
