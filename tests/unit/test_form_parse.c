/* test_form_parse.c — the request-input parsers: percent-decoding, urlencoded bodies
 * and queries, multipart/form-data with files, cookies; limits (fields, name and value
 * length), bad UTF-8 and malformed framing, each with its exact status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/form_parse.h"

static arena *A;
static int setup(void **st) { (void)st; A = arena_new(); return 0; }
static int teardown(void **st) { (void)st; arena_free(A); return 0; }

static form_status urlenc(const char *s, web_pair **p, int *n, const char **bad)
{
    form_limits lim = FORM_LIMITS_DEFAULT;
    return form_parse_urlencoded(A, s, strlen(s), &lim, p, n, bad);
}

static void test_url_decode(void **st)
{
    (void)st;
    size_t n;
    assert_string_equal(form_url_decode(A, "a%20b+c", 7, true, &n), "a b c");
    assert_int_equal(n, 5);
    assert_string_equal(form_url_decode(A, "a+b", 3, false, NULL), "a+b");
    assert_string_equal(form_url_decode(A, "%D2%9A%d2%9a", 12, false, NULL), "ҚҚ");
    assert_null(form_url_decode(A, "%", 1, false, NULL));
    assert_null(form_url_decode(A, "%4", 2, false, NULL));
    assert_null(form_url_decode(A, "%zz", 3, false, NULL));
    char *z = form_url_decode(A, "a%00b", 5, false, &n);
    assert_int_equal(n, 3);
    assert_int_equal(z[1], '\0');
}

static void test_urlencoded_basic(void **st)
{
    (void)st;
    web_pair *p;
    int n;
    const char *bad;
    assert_int_equal(urlenc("name=%D0%90%D0%B9&x=1&x=2&&flag&empty=", &p, &n, &bad), FORM_OK);
    assert_int_equal(n, 5);
    assert_string_equal(p[0].name, "name");
    assert_string_equal(p[0].value, "Ай");
    assert_string_equal(p[1].value, "1");
    assert_string_equal(p[2].value, "2");
    assert_string_equal(p[3].name, "flag");
    assert_string_equal(p[3].value, "");
    assert_string_equal(p[4].name, "empty");
    assert_string_equal(p[4].value, "");
    assert_int_equal(urlenc("", &p, &n, &bad), FORM_OK);
    assert_int_equal(n, 0);
    assert_int_equal(urlenc("q=a+b%2Bc%26d", &p, &n, &bad), FORM_OK);
    assert_string_equal(p[0].value, "a b+c&d");
}

static void test_urlencoded_errors(void **st)
{
    (void)st;
    web_pair *p;
    int n;
    const char *bad;
    assert_int_equal(urlenc("a=%G1", &p, &n, &bad), FORM_MALFORMED);
    assert_int_equal(urlenc("a=%ff%fe", &p, &n, &bad), FORM_BAD_UTF8);
    assert_string_equal(bad, "a");
    assert_int_equal(urlenc("a=%C0%80", &p, &n, &bad), FORM_BAD_UTF8);    /* overlong NUL */
    assert_int_equal(urlenc("a=x%00y", &p, &n, &bad), FORM_BAD_UTF8);     /* NUL */
    assert_int_equal(urlenc("%ff=1", &p, &n, &bad), FORM_BAD_UTF8);
    assert_int_equal(urlenc("a=line%0Abreak%09tab", &p, &n, &bad), FORM_OK);
}

static void test_urlencoded_limits(void **st)
{
    (void)st;
    web_pair *p;
    int n;
    const char *bad;
    /* 200 fields pass, 201 do not */
    char *s = arena_alloc(A, 201 * 4 + 1);
    s[0] = '\0';
    for (int i = 0; i < 200; i++) strcat(s, "a=1&");
    assert_int_equal(urlenc(s, &p, &n, &bad), FORM_OK);
    assert_int_equal(n, 200);
    strcat(s, "b=2");
    assert_int_equal(urlenc(s, &p, &n, &bad), FORM_TOO_MANY_FIELDS);
    /* name: 128 bytes pass, 129 do not */
    char name[140];
    memset(name, 'n', 129);
    name[128] = '\0';
    assert_int_equal(urlenc(arena_printf(A, "%s=1", name), &p, &n, &bad), FORM_OK);
    name[128] = 'n';
    name[129] = '\0';
    assert_int_equal(urlenc(arena_printf(A, "%s=1", name), &p, &n, &bad), FORM_NAME_TOO_LONG);
    /* value: 64 KiB pass, one byte more does not */
    size_t vl = WEB_MAX_VALUE;
    char *v = arena_alloc(A, vl + 8);
    memcpy(v, "v=", 2);
    memset(v + 2, 'x', vl);
    v[vl + 2] = '\0';
    assert_int_equal(urlenc(v, &p, &n, &bad), FORM_OK);
    v[vl + 2] = 'x';
    v[vl + 3] = '\0';
    assert_int_equal(urlenc(v, &p, &n, &bad), FORM_VALUE_TOO_LONG);
    assert_string_equal(bad, "v");
    assert_int_equal(form_status_http(FORM_VALUE_TOO_LONG), 413);
    assert_int_equal(form_status_http(FORM_TOO_MANY_FIELDS), 413);
    assert_int_equal(form_status_http(FORM_BAD_UTF8), 400);
    assert_int_equal(form_status_http(FORM_MALFORMED), 400);
}

static form_status multi(const char *body, web_pair **p, int *n, web_file **f, int *nf)
{
    form_limits lim = FORM_LIMITS_DEFAULT;
    return form_parse_multipart(A, body, strlen(body), "XyZ", &lim, p, n, f, nf, NULL);
}

static void test_multipart(void **st)
{
    (void)st;
    assert_string_equal(form_multipart_boundary(A, "multipart/form-data; boundary=XyZ"), "XyZ");
    assert_string_equal(form_multipart_boundary(A, "multipart/form-data; charset=utf-8; boundary=\"a b\""), "a b");
    assert_null(form_multipart_boundary(A, "multipart/form-data"));
    assert_null(form_multipart_boundary(A, "text/plain; boundary=x"));
    web_pair *p;
    web_file *f;
    int n, nf;
    const char *body =
        "preamble\r\n--XyZ\r\n"
        "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
        "tok\r\n--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"orgs.csv\"\r\n"
        "Content-Type: text/csv\r\n\r\n"
        "name,country\r\nТОО,KZ\r\n\r\n--XyZ\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
        "\r\n--XyZ--\r\n";
    assert_int_equal(multi(body, &p, &n, &f, &nf), FORM_OK);
    assert_int_equal(n, 3);
    assert_int_equal(nf, 1);
    assert_string_equal(p[0].name, "_csrf");
    assert_string_equal(p[0].value, "tok");
    assert_string_equal(p[1].name, "file");
    assert_string_equal(f[0].field, "file");
    assert_string_equal(f[0].filename, "orgs.csv");
    assert_string_equal(f[0].content_type, "text/csv");
    assert_string_equal(f[0].data, "name,country\r\nТОО,KZ\r\n");
    assert_int_equal(f[0].len, strlen("name,country\r\nТОО,KZ\r\n"));
    assert_string_equal(p[2].name, "note");
    assert_string_equal(p[2].value, "");
}

static void test_multipart_errors(void **st)
{
    (void)st;
    web_pair *p;
    web_file *f;
    int n, nf;
    /* no closing delimiter */
    assert_int_equal(multi("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", &p, &n, &f, &nf), FORM_MALFORMED);
    /* wrong boundary */
    assert_int_equal(multi("--Other\r\n\r\nx\r\n--Other--", &p, &n, &f, &nf), FORM_MALFORMED);
    /* a part without a name */
    assert_int_equal(multi("--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--", &p, &n, &f, &nf), FORM_MALFORMED);
    /* unterminated header block */
    assert_int_equal(multi("--XyZ\r\nContent-Disposition: form-data; name=\"a\"", &p, &n, &f, &nf), FORM_MALFORMED);
    /* bad UTF-8 in a text field, but not in a file */
    assert_int_equal(multi("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--XyZ--", &p, &n, &f, &nf), FORM_BAD_UTF8);
    assert_int_equal(multi("--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"b\"\r\n\r\n\xff\r\n--XyZ--", &p, &n, &f, &nf), FORM_OK);
    assert_int_equal(nf, 1);
    assert_string_equal(f[0].content_type, "application/octet-stream");
    /* empty body */
    assert_int_equal(multi("", &p, &n, &f, &nf), FORM_MALFORMED);
}

static void test_cookies(void **st)
{
    (void)st;
    web_pair *p;
    int n;
    form_parse_cookies(A, "a=1; kopir_session=abc-_; junk; =x; q=\"quoted\" ;last=", &p, &n);
    assert_int_equal(n, 4);
    assert_string_equal(p[0].name, "a");
    assert_string_equal(p[0].value, "1");
    assert_string_equal(p[1].name, "kopir_session");
    assert_string_equal(p[1].value, "abc-_");
    assert_string_equal(p[2].name, "q");
    assert_string_equal(p[2].value, "quoted");
    assert_string_equal(p[3].name, "last");
    assert_string_equal(p[3].value, "");
    form_parse_cookies(A, NULL, &p, &n);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_url_decode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_urlencoded_basic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_urlencoded_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_urlencoded_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multipart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multipart_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cookies, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
