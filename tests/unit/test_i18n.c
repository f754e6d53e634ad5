/* test_i18n.c — unit tests for src/i18n: the .po parser (syntax, escapes, fuzzy and
 * obsolete entries, errors with line numbers), loading into the tables, the plural rules
 * of each language, per-thread language, and choosing a language from a header. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "i18n/i18n.h"
#include "i18n/po.h"

/* ---- parser ---- */

typedef struct seen {
    int count, fuzzy, plural;
    char last_id[256], last_str[256], forms[4][64], ctxt[64];
    int nforms, line;
} seen;

static bool record(void *ctx, const po_entry *e, char *err, int errlen)
{
    (void)err;
    (void)errlen;
    seen *s = ctx;
    s->count++;
    if (e->fuzzy) s->fuzzy++;
    if (e->msgid_plural) s->plural++;
    snprintf(s->last_id, sizeof s->last_id, "%s", e->msgid);
    snprintf(s->last_str, sizeof s->last_str, "%s", e->msgstr[0]);
    snprintf(s->ctxt, sizeof s->ctxt, "%s", e->msgctxt ? e->msgctxt : "-");
    s->nforms = e->nforms;
    s->line = e->line;
    for (int i = 0; i < e->nforms && i < 4; i++)
        snprintf(s->forms[i], sizeof s->forms[i], "%s", e->msgstr[i]);
    return true;
}

static bool parse(const char *text, seen *s, char *err)
{
    memset(s, 0, sizeof *s);
    err[0] = '\0';
    return i18n_po_parse(text, strlen(text), record, s, err, 128);
}

static void po_parses_entries_strings_and_escapes(void **state)
{
    (void)state;
    seen s;
    char err[128];
    const char *po =
        "# translator comment\n"
        "msgid \"\"\n"
        "msgstr \"\"\n"
        "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
        "\n"
        "#: src/web/layout.c\n"
        "#, c-format\n"
        "msgid \"Page %ld \"\n"
        "  \"of %ld\"\n"
        "msgstr \"Страница %ld \"\n"
        "\"из %ld\"\n"
        "\n"
        "msgid \"tab\\there \\\"q\\\" back\\\\slash\\nnl \\101\\x42\"\r\n"
        "msgstr \"ok\"\n";
    assert_true(parse(po, &s, err));
    assert_int_equal(s.count, 3);
    assert_string_equal(s.last_id, "tab\there \"q\" back\\slash\nnl AB");
    assert_string_equal(s.last_str, "ok");
    assert_int_equal(s.line, 13);
    /* Strings over several lines are joined. */
    assert_true(parse("msgid \"Page %ld \"\n\"of %ld\"\nmsgstr \"Стр. \"\n\"%ld/%ld\"\n", &s, err));
    assert_string_equal(s.last_id, "Page %ld of %ld");
    assert_string_equal(s.last_str, "Стр. %ld/%ld");
}

static void po_plural_fuzzy_obsolete_context(void **state)
{
    (void)state;
    seen s;
    char err[128];
    const char *po =
        "msgid \"%d file\"\n"
        "msgid_plural \"%d files\"\n"
        "msgstr[0] \"%d файл\"\n"
        "msgstr[1] \"%d файла\"\n"
        "msgstr[2] \"%d файлов\"\n";
    assert_true(parse(po, &s, err));
    assert_int_equal(s.plural, 1);
    assert_int_equal(s.nforms, 3);
    assert_string_equal(s.forms[2], "%d файлов");
    assert_true(parse("#, fuzzy, c-format\nmsgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\"\nmsgstr \"d\"\n", &s, err));
    assert_int_equal(s.count, 2);
    assert_int_equal(s.fuzzy, 1); /* the flag belongs to the first entry only */
    assert_true(parse("#~ msgid \"old\"\n#~ msgstr \"старый\"\n", &s, err));
    assert_int_equal(s.count, 0);
    assert_true(parse("msgctxt \"menu\"\nmsgid \"Open\"\nmsgstr \"Ашу\"\n", &s, err));
    assert_string_equal(s.ctxt, "menu");
    /* Entries need no blank line between them. */
    assert_true(parse("msgid \"a\"\nmsgstr \"1\"\nmsgid \"b\"\nmsgstr \"2\"\n", &s, err));
    assert_int_equal(s.count, 2);
    assert_true(parse("", &s, err));
    assert_int_equal(s.count, 0);
}

static void po_reports_errors_with_line(void **state)
{
    (void)state;
    seen s;
    char err[128];
    assert_false(parse("msgid \"a\nmsgstr \"b\"\n", &s, err));
    assert_string_equal(err, "line 1: unterminated string");
    assert_false(parse("msgid \"a\"\nmsgstr \"b\"\nmsgfoo \"c\"\n", &s, err));
    assert_string_equal(err, "line 3: unknown keyword");
    assert_false(parse("msgid \"a\\q\"\nmsgstr \"\"\n", &s, err));
    assert_string_equal(err, "line 1: bad escape sequence");
    assert_false(parse("msgid \"a\\0\"\nmsgstr \"\"\n", &s, err));
    assert_string_equal(err, "line 1: bad escape sequence");
    assert_false(parse("msgid \"a\"\n", &s, err));
    assert_string_equal(err, "line 1: msgid without msgstr");
    assert_false(parse("msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n", &s, err));
    assert_string_equal(err, "line 2: msgid without msgstr");
    assert_false(parse("\"orphan\"\n", &s, err));
    assert_string_equal(err, "line 1: string without a keyword");
    assert_false(parse("msgid \"a\"\nmsgid_plural \"b\"\nmsgstr[1] \"x\"\n", &s, err));
    assert_string_equal(err, "line 3: msgstr[n] out of order");
    assert_false(parse("msgid \"a\"\nmsgid_plural \"b\"\nmsgstr \"x\"\n", &s, err));
    assert_string_equal(err, "line 3: msgstr in the wrong place");
    assert_false(parse("msgid \"a\"\nmsgstr[0] \"x\"\n", &s, err));
    assert_string_equal(err, "line 2: msgstr[n] without msgid_plural");
    assert_false(parse("msgid \"a\" x\nmsgstr \"\"\n", &s, err));
    assert_string_equal(err, "line 1: text after the closing quote");
    assert_false(parse("msgid a\nmsgstr \"\"\n", &s, err));
    assert_string_equal(err, "line 1: expected a quoted string");
    assert_false(i18n_po_parse("msgid \"a\0\"", 10, record, &s, err, sizeof err));
    assert_string_equal(err, "line 1: NUL byte");
}

/* ---- tables and lookup ---- */

static void init_loads_all_catalogs(void **state)
{
    (void)state;
    char err[256] = "";
    assert_true(i18n_init(err, sizeof err));
    assert_string_equal(err, "");
    assert_true(i18n_init(err, sizeof err)); /* idempotent */
    for (int l = 0; l < LANG_COUNT; l++) assert_true(i18n_catalog_size((lang_id)l) > 0);
    assert_string_equal(i18n_gettext_in(LANG_RU, "Log in"), "Войти");
    assert_string_equal(i18n_gettext_in(LANG_KK, "Log in"), "Кіру");
    assert_string_equal(i18n_gettext_in(LANG_ZH, "Log in"), "登录");
    assert_string_equal(i18n_gettext_in(LANG_EN, "Log in"), "Log in");
    const char *unknown = "No catalog has this sentence.";
    assert_ptr_equal(i18n_gettext_in(LANG_KK, unknown), unknown);
    assert_string_equal(i18n_gettext_in(LANG_RU, ""), ""); /* never the header */
    assert_string_equal(i18n_gettext_in(LANG_RU, NULL), "");
}

static void load_po_text_checks_header_and_forms(void **state)
{
    (void)state;
    char err[256];
    const char *bad_np = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                         "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n";
    assert_false(i18n_load_po_text(LANG_RU, bad_np, strlen(bad_np), err, sizeof err));
    assert_string_equal(err, "header: Plural-Forms must have nplurals=3");
    const char *latin1 = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n";
    assert_false(i18n_load_po_text(LANG_EN, latin1, strlen(latin1), err, sizeof err));
    assert_string_equal(err, "header: charset must be UTF-8");
    const char *no_header = "msgid \"x\"\nmsgstr \"y\"\n";
    assert_false(i18n_load_po_text(LANG_ZH, no_header, strlen(no_header), err, sizeof err));
    assert_string_equal(err, "line 1: the header entry must come first");
    assert_string_equal(i18n_gettext_in(LANG_ZH, "x"), "x");
    const char *two_forms_ru =
        "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
        "\"Plural-Forms: nplurals=3; plural=0;\\n\"\n\n"
        "msgid \"%d test apple\"\nmsgid_plural \"%d test apples\"\n"
        "msgstr[0] \"%d яблоко\"\nmsgstr[1] \"%d яблока\"\n";
    assert_false(i18n_load_po_text(LANG_RU, two_forms_ru, strlen(two_forms_ru), err, sizeof err));
    assert_string_equal(err, "line 5: 2 plural forms, the language has 3");
    const char *dup = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                      "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n"
                      "msgid \"Log in\"\nmsgstr \"Кіру\"\n";
    assert_false(i18n_load_po_text(LANG_KK, dup, strlen(dup), err, sizeof err));
    assert_string_equal(err, "line 5: duplicate msgid");
}

static void ngettext_picks_the_form(void **state)
{
    (void)state;
    char err[256];
    const char *ru =
        "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
        "\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
        "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n\n"
        "msgid \"%lu unit test\"\nmsgid_plural \"%lu unit tests\"\n"
        "msgstr[0] \"%lu тест\"\nmsgstr[1] \"%lu теста\"\nmsgstr[2] \"%lu тестов\"\n\n"
        "#, fuzzy\nmsgid \"fuzzy unit test\"\nmsgstr \"нечёткий\"\n";
    assert_true(i18n_load_po_text(LANG_RU, ru, strlen(ru), err, sizeof err));
    const char *zh =
        "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
        "\"Plural-Forms: nplurals=1; plural=0;\\n\"\n\n"
        "msgid \"%lu unit test\"\nmsgid_plural \"%lu unit tests\"\nmsgstr[0] \"%lu 个测试\"\n";
    assert_true(i18n_load_po_text(LANG_ZH, zh, strlen(zh), err, sizeof err));
    i18n_set_lang(LANG_RU);
    assert_string_equal(ngettext_("%lu unit test", "%lu unit tests", 1), "%lu тест");
    assert_string_equal(ngettext_("%lu unit test", "%lu unit tests", 3), "%lu теста");
    assert_string_equal(ngettext_("%lu unit test", "%lu unit tests", 11), "%lu тестов");
    assert_string_equal(ngettext_("%lu unit test", "%lu unit tests", 21), "%lu тест");
    assert_string_equal(_("fuzzy unit test"), "fuzzy unit test");
    i18n_set_lang(LANG_ZH);
    assert_string_equal(ngettext_("%lu unit test", "%lu unit tests", 1), "%lu 个测试");
    assert_string_equal(ngettext_("%lu unit test", "%lu unit tests", 7), "%lu 个测试");
    /* No translation in kk: English rule on the msgids. */
    i18n_set_lang(LANG_KK);
    assert_string_equal(ngettext_("%lu unit test", "%lu unit tests", 1), "%lu unit test");
    assert_string_equal(ngettext_("%lu unit test", "%lu unit tests", 0), "%lu unit tests");
    i18n_set_lang(LANG_RU);
}

static void plural_rules_per_language(void **state)
{
    (void)state;
    static const struct { unsigned long n; int form; } ru[] = {
        { 0, 2 }, { 1, 0 }, { 2, 1 }, { 3, 1 }, { 4, 1 }, { 5, 2 }, { 10, 2 }, { 11, 2 },
        { 12, 2 }, { 14, 2 }, { 15, 2 }, { 20, 2 }, { 21, 0 }, { 22, 1 }, { 24, 1 },
        { 25, 2 }, { 101, 0 }, { 111, 2 }, { 112, 2 }, { 114, 2 }, { 121, 0 }, { 122, 1 },
        { 1001, 0 }, { 1000000, 2 },
    };
    for (size_t i = 0; i < sizeof ru / sizeof ru[0]; i++)
        if (i18n_plural_index(LANG_RU, ru[i].n) != ru[i].form)
            fail_msg("ru n=%lu: form %d, expected %d", ru[i].n,
                     i18n_plural_index(LANG_RU, ru[i].n), ru[i].form);
    static const unsigned long ns[] = { 0, 1, 2, 5, 11, 21, 101, 1000000 };
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        assert_int_equal(i18n_plural_index(LANG_ZH, ns[i]), 0);
        assert_int_equal(i18n_plural_index(LANG_KK, ns[i]), ns[i] != 1);
        assert_int_equal(i18n_plural_index(LANG_EN, ns[i]), ns[i] != 1);
    }
}

/* ---- threads ---- */

static void *other_thread(void *arg)
{
    lang_id *out = arg;
    out[0] = i18n_lang();              /* a new thread starts in Russian */
    i18n_set_lang(LANG_ZH);
    out[1] = i18n_lang();
    return NULL;
}

static void language_is_per_thread(void **state)
{
    (void)state;
    i18n_set_lang(LANG_KK);
    lang_id seen_there[2];
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, other_thread, seen_there), 0);
    pthread_join(t, NULL);
    assert_int_equal(seen_there[0], LANG_RU);
    assert_int_equal(seen_there[1], LANG_ZH);
    assert_int_equal(i18n_lang(), LANG_KK);
    assert_string_equal(_("Log out"), "Шығу");
    i18n_set_lang((lang_id)42); /* ignored */
    assert_int_equal(i18n_lang(), LANG_KK);
    i18n_set_lang(LANG_RU);
    assert_string_equal(_("Log out"), "Выйти");
}

/* ---- choosing a language ---- */

static void parse_and_names(void **state)
{
    (void)state;
    lang_id l = LANG_EN;
    assert_true(i18n_parse("kk", &l));
    assert_int_equal(l, LANG_KK);
    assert_true(i18n_parse("ZH-cn", &l));
    assert_int_equal(l, LANG_ZH);
    assert_true(i18n_parse("ru-RU", &l));
    assert_int_equal(l, LANG_RU);
    assert_true(i18n_parse("kk_KZ", &l));
    assert_int_equal(l, LANG_KK);
    assert_true(i18n_parse("en", &l));
    assert_int_equal(l, LANG_EN);
    assert_false(i18n_parse("de", &l));
    assert_false(i18n_parse("kkk", &l));
    assert_false(i18n_parse("k", &l));
    assert_false(i18n_parse("", &l));
    assert_false(i18n_parse(NULL, &l));
    assert_false(i18n_parse("ru-", &l));
    assert_false(i18n_parse("ru;", &l));
    assert_string_equal(i18n_code(LANG_ZH), "zh");
    assert_string_equal(i18n_tag(LANG_KK), "kk-KZ");
    assert_string_equal(i18n_tag(LANG_RU), "ru-KZ");
    assert_string_equal(i18n_tag(LANG_ZH), "zh-CN");
    assert_string_equal(i18n_tag(LANG_EN), "en");
    assert_string_equal(i18n_native_name(LANG_KK), "Қазақша");
    assert_string_equal(i18n_native_name(LANG_RU), "Русский");
    assert_string_equal(i18n_native_name(LANG_ZH), "中文");
    assert_string_equal(i18n_native_name(LANG_EN), "English");
}

static void accept_language_honours_q(void **state)
{
    (void)state;
    assert_int_equal(i18n_from_accept_language("zh-CN,zh;q=0.9,en;q=0.8", LANG_RU), LANG_ZH);
    assert_int_equal(i18n_from_accept_language("de", LANG_RU), LANG_RU);
    assert_int_equal(i18n_from_accept_language("de", LANG_KK), LANG_KK);
    assert_int_equal(i18n_from_accept_language("kk-KZ", LANG_RU), LANG_KK);
    assert_int_equal(i18n_from_accept_language("de-DE,de;q=0.9,en;q=0.5,ru;q=0.7", LANG_KK), LANG_RU);
    assert_int_equal(i18n_from_accept_language("en;q=0.5, kk;q=0.8", LANG_RU), LANG_KK);
    assert_int_equal(i18n_from_accept_language("ru;q=0, en", LANG_KK), LANG_EN);
    assert_int_equal(i18n_from_accept_language("ru;q=0", LANG_KK), LANG_KK);
    assert_int_equal(i18n_from_accept_language("en , zh", LANG_RU), LANG_EN); /* tie: first */
    assert_int_equal(i18n_from_accept_language("EN-gb;Q=1.000", LANG_RU), LANG_EN);
    assert_int_equal(i18n_from_accept_language("*", LANG_ZH), LANG_ZH);
    /* Malformed: the bad item is ignored; nothing usable gives the fallback. */
    assert_int_equal(i18n_from_accept_language("zh;q=2, en;q=0.1", LANG_RU), LANG_EN);
    assert_int_equal(i18n_from_accept_language("zh;q=abc", LANG_RU), LANG_RU);
    assert_int_equal(i18n_from_accept_language("zh;q=0.5x", LANG_RU), LANG_RU);
    assert_int_equal(i18n_from_accept_language(";;;,,,", LANG_RU), LANG_RU);
    assert_int_equal(i18n_from_accept_language("", LANG_EN), LANG_EN);
    assert_int_equal(i18n_from_accept_language(NULL, LANG_EN), LANG_EN);
    assert_int_equal(i18n_from_accept_language("z\xC3\xA9,kk", LANG_RU), LANG_KK);
    char longh[5000];
    memset(longh, ' ', sizeof longh - 1);
    longh[sizeof longh - 1] = '\0';
    memcpy(longh, "zh", 2);
    assert_int_equal(i18n_from_accept_language(longh, LANG_RU), LANG_RU);
}

/* System errors in the user's language; the rare ones keep the C library's text. */
static void strerror_translates_file_errors(void **state)
{
    (void)state;
    char err[256];
    assert_true(i18n_init(err, sizeof err));
    i18n_set_lang(LANG_RU);
    assert_string_equal(i18n_strerror(ENOENT), "нет такого файла или каталога");
    assert_string_equal(i18n_strerror(EACCES), "доступ запрещён");
    i18n_set_lang(LANG_ZH);
    assert_string_equal(i18n_strerror(EISDIR), "这是一个目录");
    assert_string_equal(i18n_strerror(EBADF), strerror(EBADF));
    i18n_set_lang(LANG_EN);
    assert_string_equal(i18n_strerror(ENOSPC), "no space left on the disk");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(po_parses_entries_strings_and_escapes),
        cmocka_unit_test(strerror_translates_file_errors),
        cmocka_unit_test(po_plural_fuzzy_obsolete_context),
        cmocka_unit_test(po_reports_errors_with_line),
        cmocka_unit_test(init_loads_all_catalogs),
        cmocka_unit_test(load_po_text_checks_header_and_forms),
        cmocka_unit_test(ngettext_picks_the_form),
        cmocka_unit_test(plural_rules_per_language),
        cmocka_unit_test(language_is_per_thread),
        cmocka_unit_test(parse_and_names),
        cmocka_unit_test(accept_language_honours_q),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
