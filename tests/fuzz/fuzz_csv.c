/* fuzz_csv.c — libFuzzer driver for the organisation CSV reader: any input must parse or
 * fail cleanly within the limits, every field returned must be valid UTF-8 within
 * ORG_CSV_MAX_FIELD bytes, and the field writer's output must read back as the same field. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/org_csv.h"
#include "util/text.h"

static void check_field_round_trip(arena *a, const char *s)
{
    buf b = BUF_INIT;
    buf_puts(&b, "\xEF\xBB\xBF"); /* as export writes: a field may itself start with a BOM */
    org_csv_field(&b, s);
    buf_puts(&b, "\n");
    org_csv_reader r;
    org_csv_open(&r, b.data ? b.data : "", b.len, 0);
    char **f;
    int n, line;
    const char *err;
    int st = org_csv_next(&r, a, &f, &n, &line, &err);
    /* blank and CR/LF-only fields are special: a record of just "" is skipped, and CRLF
     * inside quotes reads back as LF; everything else must come back unchanged
     * (modulo the anti-formula apostrophe). */
    if (st == ORG_CSV_RECORD && !strchr(s, '\r')) {
        const char *got = f[0], *q = got;
        while (*q == '\'') q++;
        if (got[0] == '\'' && *q && strchr("=+-@", *q)) got++;
        if (n != 1 || strcmp(got, s) != 0) abort();
    }
    buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    org_csv_reader r;
    org_csv_open(&r, (const char *)data, size, 1000);
    char **f;
    int n, line, prev_line = 0;
    const char *err;
    org_csv_status st;
    while ((st = org_csv_next(&r, a, &f, &n, &line, &err)) == ORG_CSV_RECORD) {
        if (n < 1 || n > ORG_CSV_MAX_FIELDS || line <= prev_line) abort();
        prev_line = line;
        for (int i = 0; i < n; i++) {
            size_t len = strlen(f[i]);
            if (len > ORG_CSV_MAX_FIELD || !text_valid_utf8(f[i], len)) abort();
            if (i < 4) check_field_round_trip(a, f[i]);
        }
    }
    if (st == ORG_CSV_ERROR && (!err || !*err)) abort();
    arena_free(a);
    return 0;
}
