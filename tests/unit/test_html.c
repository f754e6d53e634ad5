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

#include "web/html.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_specials),
        cmocka_unit_test(test_printf_attribute_context),
        cmocka_unit_test(test_url_escape),
        cmocka_unit_test(test_json_string),
        cmocka_unit_test(test_printf_conversions),
        cmocka_unit_test(test_printf_unknown_aborts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
