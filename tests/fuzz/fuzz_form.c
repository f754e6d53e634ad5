/* fuzz_form.c — libFuzzer driver for the request-input parsers (web/form_parse.h):
 * the first byte picks urlencoded, multipart (boundary "b" or taken from a
 * Content-Type line at the start), cookies or percent-decoding; the rest is the input.
 * Checks invariants on success: counts within limits, names within length, values of
 * non-file fields valid UTF-8 and within length. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "web/form_parse.h"

static void check_pairs(const web_pair *p, int n, const form_limits *lim, const web_file *f, int nf)
{
    if (n > lim->max_fields || nf > n) abort();
    for (int i = 0; i < n; i++) {
        if (strlen(p[i].name) > lim->max_name) abort();
        bool is_file = false;
        for (int k = 0; k < nf; k++) is_file |= f[k].data == p[i].value;
        if (!is_file && (strlen(p[i].value) > lim->max_value ||
                         !text_valid_utf8(p[i].value, strlen(p[i].value))))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    arena *a = arena_new();
    /* small limits so the fuzzer reaches them */
    form_limits lim = { 8, 16, 64 };
    char *s = arena_strndup(a, (const char *)data + 1, size - 1);
    size_t len = size - 1;
    web_pair *p;
    web_file *f = NULL;
    int n, nf = 0;
    switch (data[0] % 4) {
    case 0:
        if (form_parse_urlencoded(a, s, len, &lim, &p, &n, NULL) == FORM_OK) check_pairs(p, n, &lim, f, 0);
        break;
    case 1: {
        const char *nl = memchr(s, '\n', len);
        const char *boundary = "b";
        if (nl) {
            boundary = form_multipart_boundary(a, arena_strndup(a, s, (size_t)(nl - s)));
            len -= (size_t)(nl + 1 - s);
            s = (char *)nl + 1;
        }
        if (boundary && form_parse_multipart(a, s, len, boundary, &lim, &p, &n, &f, &nf, NULL) == FORM_OK)
            check_pairs(p, n, &lim, f, nf);
        break;
    }
    case 2:
        form_parse_cookies(a, s, &p, &n);
        if (n > 64) abort();
        break;
    default: {
        size_t out;
        char *d = form_url_decode(a, s, len, data[0] & 4, &out);
        if (d && out > len) abort();
    }
    }
    arena_free(a);
    return 0;
}
