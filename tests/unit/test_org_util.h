/* test_org_util.h — fixtures shared by the organisation tests: a fresh migrated
 * database per test, valid fictional BINs and USCCs, and a quick organisation builder. */
#ifndef KOPIR_TEST_ORG_UTIL_H
#define KOPIR_TEST_ORG_UTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "test_tmpdb.h"
#include "domain/ident.h"
#include "domain/org.h"
#include "util/arena.h"

typedef struct org_fixture {
    char path[64];
    db *d;
    arena *a;
} org_fixture;

static inline int org_fixture_setup(void **state)
{
    org_fixture *f = calloc(1, sizeof *f);
    if (!tmpdb_create(f->path, "org")) return -1;
    char err[256];
    f->d = db_open(f->path, err, sizeof err);
    if (!f->d || !db_migrate(f->d, err, sizeof err)) {
        fprintf(stderr, "test db: %s\n", err);
        return -1;
    }
    f->a = arena_new();
    *state = f;
    return 0;
}

static inline int org_fixture_teardown(void **state)
{
    org_fixture *f = *state;
    db_close(f->d);
    tmpdb_remove(f->path);
    arena_free(f->a);
    free(f);
    return 0;
}

/* A valid BIN for serial n (registered 2024-03, resident legal entity, head office). */
static inline const char *test_bin(arena *a, int n)
{
    for (int k = n;; k += 1000) {
        char first[24];
        snprintf(first, sizeof first, "240340%05d", k % 100000);
        int c = ident_kz_check_digit(first);
        if (c >= 0) return arena_printf(a, "%s%d", first, c);
    }
}

/* The same BIN with a wrong last digit. */
static inline const char *test_bad_bin(arena *a, int n)
{
    char *b = arena_strdup(a, test_bin(a, n));
    b[11] = (char)('0' + (b[11] - '0' + 1) % 10);
    return b;
}

/* A valid USCC for serial n: a company registered in Jinan, Shandong (370100). */
static inline const char *test_uscc(arena *a, int n)
{
    char first[32];
    snprintf(first, sizeof first, "91370100MA%06dX", n % 1000000);
    first[16] = '0' + (char)(n % 10);
    char c = ident_uscc_check_char(first);
    return arena_printf(a, "%s%c", first, c);
}

/* An organisation with just the required fields. */
static inline org test_org(const char *kind, const char *country, lang_id l, const char *name)
{
    org o;
    memset(&o, 0, sizeof o);
    o.kind = kind;
    o.country = country;
    o.name[l] = name;
    return o;
}

#endif
