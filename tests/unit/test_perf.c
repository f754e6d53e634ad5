/* test_perf.c — what the request fast path relies on: the per-request read snapshot
 * (consistent reads; writes inside it still committed), the change stamp (commits by
 * another connection and by the connection itself both advance it, reads do not) and
 * the page cache (hits, stale stamps, bounds, least recently used eviction). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "test_tmpdb.h"
#include "web/page_cache.h"

typedef struct fixture {
    char path[64];
    db *a, *b;   /* two connections to one file, as two threads or processes have */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!tmpdb_create(f->path, "perf")) return -1;
    char err[256];
    f->a = db_open(f->path, err, sizeof err);
    f->b = db_open(f->path, err, sizeof err);
    if (!f->a || !f->b || !db_exec(f->a, "CREATE TABLE t (x INTEGER)")) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    db_close(f->a);
    db_close(f->b);
    tmpdb_remove(f->path);
    free(f);
    return 0;
}

static int rows(db *d)
{
    db_stmt *st = db_prepare(d, "SELECT count(*) FROM t");
    int n = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : -1;
    db_done(st);
    return n;
}

static void insert(db *d, int x)
{
    db_stmt *st = db_prepare(d, "INSERT INTO t (x) VALUES (?)");
    db_bind_int(st, 1, x);
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
}

static void test_snapshot_is_consistent(void **state)
{
    fixture *f = *state;
    insert(f->a, 1);
    db_read_begin(f->a);
    assert_int_equal(rows(f->a), 1);
    insert(f->b, 2);                    /* another connection commits meanwhile */
    assert_int_equal(rows(f->a), 1);    /* the snapshot does not move */
    db_read_end(f->a);
    assert_int_equal(rows(f->a), 2);
    db_read_end(f->a);                  /* twice is harmless */
}

static void test_write_inside_snapshot(void **state)
{
    fixture *f = *state;
    db_read_begin(f->a);
    assert_int_equal(rows(f->a), 0);
    insert(f->a, 1);                    /* autocommit write: ends the snapshot first */
    assert_int_equal(rows(f->b), 1);    /* committed at once, seen by others */
    db_read_begin(f->a);
    assert_int_equal(rows(f->a), 1);
    assert_true(db_begin(f->a));        /* a transaction ends the snapshot too */
    insert(f->a, 2);
    assert_true(db_commit(f->a));
    assert_int_equal(rows(f->b), 2);
    db_read_end(f->a);
    db_read_begin(f->a);
    assert_true(db_begin(f->a));
    insert(f->a, 3);
    db_rollback(f->a);                  /* and a rollback only undoes its own write */
    db_read_end(f->a);
    assert_int_equal(rows(f->b), 2);
}

static void test_stamp(void **state)
{
    fixture *f = *state;
    db_stamp_check(f->a);               /* the first check of a connection counts */
    uint64_t s = db_stamp();
    db_stamp_check(f->a);
    assert_true(db_stamp() == s);       /* nothing happened */
    assert_int_equal(rows(f->a), 0);
    db_stamp_check(f->a);
    assert_true(db_stamp() == s);       /* reading changes nothing */
    insert(f->b, 1);                    /* another connection's commit */
    db_stamp_check(f->a);
    assert_true(db_stamp() > s);
    s = db_stamp();
    db_stamp_check(f->a);
    assert_true(db_stamp() == s);
    insert(f->a, 2);                    /* the connection's own commit */
    db_stamp_check(f->a);
    assert_true(db_stamp() > s);
    s = db_stamp();
    assert_true(db_begin(f->a));        /* ... also through a transaction */
    insert(f->a, 3);
    assert_true(db_commit(f->a));
    db_stamp_check(f->a);
    assert_true(db_stamp() > s);
}

/* Requests made by answer(), whose buffers release() frees. */
static web_req *made[512];
static int nmade;

static void release(void)
{
    for (int i = 0; i < nmade; i++) buf_free(&made[i]->out);
    nmade = 0;
}

/* A request with an arena and an answer of body, to store or to fill from the cache. */
static web_req *answer(arena *a, const char *body)
{
    web_req *r = arena_calloc(a, 1, sizeof *r);
    assert_true(nmade < (int)(sizeof made / sizeof made[0]));
    made[nmade++] = r;
    r->arena = a;
    r->status = 200;
    r->resp_type = "text/html; charset=utf-8";
    buf_puts(&r->out, body);
    return r;
}

static void test_cache_hit_and_stale(void **state)
{
    (void)state;
    web_cache_clear();
    arena *a = arena_new();
    web_req *w = answer(a, "<p>list</p>");
    web_set_header(w, "Vary", "Accept-Language");
    web_cache_put(w, "ru /ru/orgs?", 7);
    web_req *r = answer(a, "");
    assert_true(web_cache_get(r, "ru /ru/orgs?", 7));
    assert_string_equal(buf_str(&r->out), "<p>list</p>");
    assert_int_equal(r->status, 200);
    assert_string_equal(r->resp_type, "text/html; charset=utf-8");
    assert_int_equal(r->nheaders, 1);
    assert_string_equal(r->headers[0].value, "Accept-Language");
    assert_false(web_cache_get(answer(a, ""), "kk /ru/orgs?", 7));   /* other key */
    assert_false(web_cache_get(answer(a, ""), "ru /ru/orgs?", 8));   /* database changed */
    assert_false(web_cache_get(answer(a, ""), "ru /ru/orgs?", 7));   /* and the entry is gone */
    release();
    arena_free(a);
}

static void test_cache_bounds(void **state)
{
    (void)state;
    web_cache_clear();
    arena *a = arena_new();
    char key[32];
    for (int i = 0; i < WEB_CACHE_ENTRIES; i++) {
        snprintf(key, sizeof key, "ru /p?%d", i);
        web_cache_put(answer(a, "x"), key, 1);
    }
    assert_true(web_cache_get(answer(a, ""), "ru /p?0", 1));   /* 0 is now the most recent */
    web_cache_put(answer(a, "y"), "ru /p?new", 1);               /* full: 1 goes */
    assert_false(web_cache_get(answer(a, ""), "ru /p?1", 1));
    assert_true(web_cache_get(answer(a, ""), "ru /p?0", 1));
    assert_true(web_cache_get(answer(a, ""), "ru /p?new", 1));
    web_cache_put(answer(a, "z"), "ru /p?newer", 2);             /* a newer stamp clears the rest */
    assert_false(web_cache_get(answer(a, ""), "ru /p?0", 1));
    assert_true(web_cache_get(answer(a, ""), "ru /p?newer", 2));
    /* an answer larger than an entry may be is not kept */
    web_req *big = answer(a, "");
    for (size_t n = 0; n <= WEB_CACHE_ENTRY_MAX; n += 1024) buf_append(&big->out, memset(arena_alloc(a, 1024), 'b', 1024), 1024);
    web_cache_put(big, "ru /big?", 2);
    assert_false(web_cache_get(answer(a, ""), "ru /big?", 2));
    /* the total stays within WEB_CACHE_BYTES: as many large entries as fit, no more */
    web_req *large = answer(a, "");
    for (size_t n = 0; n < WEB_CACHE_ENTRY_MAX - 1024; n += 1024) buf_append(&large->out, memset(arena_alloc(a, 1024), 'l', 1024), 1024);
    int fit = (int)(WEB_CACHE_BYTES / WEB_CACHE_ENTRY_MAX);
    for (int i = 0; i <= fit; i++) {
        snprintf(key, sizeof key, "ru /l?%d", i);
        web_cache_put(large, key, 2);
    }
    int kept = 0;
    for (int i = 0; i <= fit; i++) {
        snprintf(key, sizeof key, "ru /l?%d", i);
        if (web_cache_get(answer(a, ""), key, 2)) kept++;
    }
    assert_int_equal(kept, fit);
    web_cache_clear();
    release();
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_snapshot_is_consistent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_inside_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stamp, setup, teardown),
        cmocka_unit_test(test_cache_hit_and_stale),
        cmocka_unit_test(test_cache_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
