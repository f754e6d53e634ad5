/* test_html.c — the escaping writer: HTML text/attribute escaping, URL components
 * (UTF-8 bytes), JSON string literals safe inside <script>, and html_printf conversions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "web/form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pager.h"

static void check(buf *b, const char *want)
{
    assert_string_equal(buf_str(b), want);
    buf_free(b);
}

static void test_escape_specials(void **st)
{
    (void)st;
    buf b = BUF_INIT;
    html_escape(&b, "a & b < c > d \" e ' f");
    check(&b, "a &amp; b &lt; c &gt; d &quot; e &#39; f");
    html_escape(&b, "<script>alert('x')</script>");
    check(&b, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    html_escape(&b, "&amp;");   /* already-escaped text is escaped again, not trusted */
    check(&b, "&amp;amp;");
    html_escape(&b, NULL);
    check(&b, "");
    html_escape(&b, "Көпір 山东 plain");
    check(&b, "Көпір 山东 plain");
}

static void test_printf_attribute_context(void **st)
{
    (void)st;
    buf b = BUF_INIT;
    html_printf(&b, "<input value=\"%s\" title='%s'>", "x\" onfocus=\"alert(1)", "it's");
    check(&b, "<input value=\"x&quot; onfocus=&quot;alert(1)\" title='it&#39;s'>");
}

static void test_url_escape(void **st)
{
    (void)st;
    buf b = BUF_INIT;
    html_url_escape(&b, "AZaz09-._~");
    check(&b, "AZaz09-._~");
    html_url_escape(&b, "a b&c=d/e?f#g+h%");
    check(&b, "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
    html_url_escape(&b, "Қ");          /* U+049A = D2 9A */
    check(&b, "%D2%9A");
    html_url_escape(&b, "山东");        /* E5 B1 B1 E4 B8 9C */
    check(&b, "%E5%B1%B1%E4%B8%9C");
    html_url_escape(&b, "\"'<>");
    check(&b, "%22%27%3C%3E");
}

static void test_json_string(void **st)
{
    (void)st;
    buf b = BUF_INIT;
    html_json_string(&b, "plain");
    check(&b, "\"plain\"");
    html_json_string(&b, "</script><!--");
    check(&b, "\"\\u003c/script\\u003e\\u003c!--\"");
    html_json_string(&b, "q\" b\\ n\n r\r t\t");
    check(&b, "\"q\\\" b\\\\ n\\n r\\r t\\t\"");
    html_json_string(&b, "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c");   /* U+2028, U+2029 */
    check(&b, "\"a\\u2028b\\u2029c\"");
    html_json_string(&b, "\x01\x1f\x7f");
    check(&b, "\"\\u0001\\u001f\\u007f\"");
    html_json_string(&b, "a&b'c");
    check(&b, "\"a\\u0026b\\u0027c\"");
    html_json_string(&b, "Бәйтерек 山东");
    check(&b, "\"Бәйтерек 山东\"");
    html_json_string(&b, "bad\xff\xc0\x80" "end");  /* invalid byte and overlong NUL */
    check(&b, "\"bad\\ufffd\\ufffd\\ufffdend\"");
    html_json_string(&b, "\xed\xa0\x80");          /* UTF-16 surrogate encoded in UTF-8 */
    check(&b, "\"\\ufffd\\ufffd\\ufffd\"");
    html_json_string(&b, NULL);
    check(&b, "\"\"");
}

static void test_printf_conversions(void **st)
{
    (void)st;
    buf b = BUF_INIT;
    html_printf(&b, "%d %ld %lld %u %lu %zu %%", -5, -6L, -7LL, 8u, 9UL, (size_t)10);
    check(&b, "-5 -6 -7 8 9 10 %");
    html_printf(&b, "<a href=\"/orgs?q=%U\">%s</a>", "A&B Қ", "A&B");
    check(&b, "<a href=\"/orgs?q=A%26B%20%D2%9A\">A&amp;B</a>");
    html_printf(&b, "<script type=\"application/json\">%J</script>", "</script>");
    check(&b, "<script type=\"application/json\">\"\\u003c/script\\u003e\"</script>");
    html_printf(&b, "no conversions");
    check(&b, "no conversions");
    html_printf(&b, "%s|%s", NULL, "");
    check(&b, "|");
    html_raw(&b, "<b>trusted</b>");
    check(&b, "<b>trusted</b>");
}

static void test_printf_unknown_aborts(void **st)
{
    (void)st;
    /* An unknown conversion is a programming error: checked in a child process. */
    pid_t pid = fork();
    if (pid == 0) {
        buf b = BUF_INIT;
        html_printf(&b, "%x", 1);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
}


/* A request as the dispatcher would hand it to a page handler. */
static web_req *fake_req(lang_id l, const char *path)
{
    arena *a = arena_new();
    web_req *r = arena_calloc(a, 1, sizeof *r);
    r->arena = a;
    r->lang = l;
    r->path = path;
    r->method = "GET";
    r->status = 200;
    return r;
}

static void free_req(web_req *r)
{
    buf_free(&r->out);
    arena_free(r->arena);
}

static void test_form_fields(void **st)
{
    (void)st;
    web_req *r = fake_req(LANG_EN, "/orgs/new");
    r->csrf = "tok\"en";
    form_begin(r, "/orgs/new", "post");
    form_text(r, "name", "Name <b>", "A&B \"Ltd\"", "Too <short>", "required maxlength=\"64\"");
    form_end(r);
    const char *h = buf_str(&r->out);
    assert_non_null(strstr(h, "<form class=\"form\" method=\"post\" action=\"/en/orgs/new\">"));
    assert_non_null(strstr(h, "<input type=\"hidden\" name=\"_csrf\" value=\"tok&quot;en\">"));
    assert_non_null(strstr(h, "<label for=\"f-name\">Name &lt;b&gt;</label>"));
    assert_non_null(strstr(h, "<input type=\"text\" id=\"f-name\" name=\"name\" aria-invalid=\"true\" "
                              "aria-describedby=\"f-name-err\" required maxlength=\"64\" value=\"A&amp;B &quot;Ltd&quot;\">"));
    assert_non_null(strstr(h, "<p class=\"field-error\" id=\"f-name-err\">Too &lt;short&gt;</p>"));
    free_req(r);

    r = fake_req(LANG_RU, "/orgs");
    r->csrf = "t";
    form_begin(r, "/orgs", "get");
    form_begin_upload(r, "/orgs/import");
    const form_option opts[] = { { "kz", "Kazakhstan" }, { "cn", "China & co" }, { NULL, NULL } };
    form_select(r, "country", "Country", opts, "cn", NULL);
    const char *checked[] = { "kz" };
    form_checkboxes(r, "c", "Countries", opts, checked, 1, NULL);
    h = buf_str(&r->out);
    assert_non_null(strstr(h, "<form class=\"form\" method=\"get\" action=\"/ru/orgs\">\n<form"));  /* no _csrf on GET */
    assert_non_null(strstr(h, "action=\"/ru/orgs/import\" enctype=\"multipart/form-data\">\n<input type=\"hidden\" name=\"_csrf\" value=\"t\">"));
    assert_non_null(strstr(h, "<option value=\"cn\" selected>China &amp; co</option>"));
    assert_non_null(strstr(h, "<option value=\"kz\">Kazakhstan</option>"));
    assert_non_null(strstr(h, "name=\"c\" value=\"kz\" checked>"));
    assert_non_null(strstr(h, "name=\"c\" value=\"cn\">"));
    free_req(r);
}

static void test_form_errors_and_value(void **st)
{
    (void)st;
    form_errors e = { 0 };
    assert_false(form_has_errors(&e));
    form_error(&e, "name", "first");
    form_error(&e, "name", "second");
    form_error(&e, NULL, "whole form");
    assert_int_equal(e.n, 2);
    assert_string_equal(form_error_for(&e, "name"), "first");
    assert_null(form_error_for(&e, "other"));
    web_req *r = fake_req(LANG_EN, "/x");
    form_errors_summary(r, &e);
    assert_non_null(strstr(buf_str(&r->out), "<li><a href=\"#f-name\">first</a></li>\n<li>whole form</li>"));
    web_pair f[] = { { "name", "typed" } };
    r->form = f;
    r->nform = 1;
    assert_string_equal(form_value(r, "name", "stored"), "stored");  /* GET shows the stored value */
    r->method = "POST";
    assert_string_equal(form_value(r, "name", "stored"), "typed");
    assert_string_equal(form_value(r, "other", "stored"), "stored");
    free_req(r);
}

static void test_layout_frame(void **st)
{
    (void)st;
    web_req *r = fake_req(LANG_KK, "/orgs");
    web_pair q[] = { { "q", "a&b \"c\"" }, { "kind", "x" } };
    r->query = q;
    r->nquery = 2;
    layout_begin(r, "Title <x>");
    layout_end(r);
    const char *h = buf_str(&r->out);
    assert_true(strncmp(h, "<!DOCTYPE html>\n<html lang=\"kk-KZ\">", 35) == 0);
    assert_non_null(strstr(h, "<title>Title &lt;x&gt; — Көпір</title>"));
    assert_non_null(strstr(h, "<meta name=\"viewport\""));
    assert_non_null(strstr(h, "<link rel=\"stylesheet\" href=\"/static/app."));
    assert_non_null(strstr(h, "<a href=\"/zh/orgs?q=a%26b%20%22c%22&amp;kind=x\" hreflang=\"zh\" lang=\"zh-CN\">中文</a>"));
    assert_non_null(strstr(h, "hreflang=\"kk\" lang=\"kk-KZ\" aria-current=\"true\">Қазақша</a>"));
    assert_non_null(strstr(h, "<a href=\"/kk/orgs\" aria-current=\"page\">"));
    assert_non_null(strstr(h, "/kk/login?next=%2Fkk%2Forgs"));
    assert_non_null(strstr(h, "<main id=\"main\">\n<h1>Title &lt;x&gt;</h1>"));
    assert_null(strstr(h, "style=\""));
    assert_null(strstr(h, "&quot;true&quot;"));
    free_req(r);
}

static void test_layout_flash_roundtrip(void **st)
{
    (void)st;
    web_req *r = fake_req(LANG_EN, "/orgs/new");
    layout_flash(r, LAYOUT_OK, "Organisation <saved>.");
    assert_int_equal(r->nheaders, 1);
    const char *sc = r->headers[0].value;
    assert_true(strncmp(sc, "kopir_flash=1.", 14) == 0);
    char *value = arena_strndup(r->arena, sc + 12, strcspn(sc + 12, ";"));
    web_req *next = fake_req(LANG_EN, "/orgs");
    web_pair c[] = { { "kopir_flash", value } };
    next->cookies = c;
    next->ncookies = 1;
    layout_begin(next, "Organisations");
    assert_non_null(strstr(buf_str(&next->out),
                           "<div class=\"notice notice-ok\" role=\"status\">Organisation &lt;saved&gt;.</div>"));
    assert_string_equal(next->headers[0].value, "kopir_flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    free_req(next);
    /* a forged message (MAC of another text) is not shown */
    value[15] ^= 1;
    next = fake_req(LANG_EN, "/orgs");
    next->cookies = c;
    next->ncookies = 1;
    layout_begin(next, "Organisations");
    assert_null(strstr(buf_str(&next->out), "notice"));
    free_req(next);
    free_req(r);
}

static void test_pager(void **st)
{
    (void)st;
    web_req *r = fake_req(LANG_RU, "/orgs");
    web_pair q[] = { { "q", "Қ" }, { "page", "2" }, { "per_page", "500" } };
    r->query = q;
    r->nquery = 3;
    web_pager p = web_pager_from_query(r, 20, 100);
    assert_int_equal(p.page, 2);
    assert_int_equal(p.per_page, 100);
    p.total = 250;
    assert_int_equal(web_pager_offset(&p), 100);
    assert_int_equal(web_pager_pages(&p), 3);
    web_pager_html(r, &p);
    const char *h = buf_str(&r->out);
    assert_non_null(strstr(h, "<a rel=\"prev\" href=\"/ru/orgs?q=%D2%9A&amp;per_page=500&amp;page=1\">"));
    assert_non_null(strstr(h, "<a rel=\"next\" href=\"/ru/orgs?q=%D2%9A&amp;per_page=500&amp;page=3\">"));
    free_req(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_specials),
        cmocka_unit_test(test_printf_attribute_context),
        cmocka_unit_test(test_url_escape),
        cmocka_unit_test(test_json_string),
        cmocka_unit_test(test_printf_conversions),
        cmocka_unit_test(test_printf_unknown_aborts),
        cmocka_unit_test(test_form_fields),
        cmocka_unit_test(test_form_errors_and_value),
        cmocka_unit_test(test_layout_frame),
        cmocka_unit_test(test_layout_flash_roundtrip),
        cmocka_unit_test(test_pager),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
