/* test_db.c — the storage layer: opening and migrating, binding and columns,
 * constraint mapping, counted transactions, the statement cache under nested use,
 * integrity checks, FTS5 trigram, the per-thread pool and UTC timestamps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/db.h"
#include "test_tmpdb.h"
#include "util/assets.h"

typedef struct fixture {
    char path[64];
    db *d;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!tmpdb_create(f->path, "db")) return -1;
    char err[256];
    f->d = db_open(f->path, err, sizeof err);
    if (!f->d) return -1;
    if (!db_migrate(f->d, err, sizeof err)) {
        fprintf(stderr, "migrate: %s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    db_close(f->d);
    tmpdb_remove(f->path);
    free(f);
    return 0;
}

/* The highest migration number built into the binary. */
static int newest_migration(void)
{
    int v = 0;
    for (const asset *a = assets_table; a->name; a++)
        if (strncmp(a->name, "src/db/migrations/", 18) == 0) {
            int n = atoi(a->name + 18);
            if (n > v) v = n;
        }
    return v;
}

static int count(db *d, const char *sql)
{
    db_stmt *st = db_prepare(d, sql);
    int n = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : -1;
    db_done(st);
    return n;
}

static void test_migrate_idempotent(void **state)
{
    fixture *f = *state;
    int newest = newest_migration();
    assert_true(newest >= 1);
    assert_int_equal(db_schema_version(f->d), newest);
    int rows = count(f->d, "SELECT count(*) FROM schema_version");
    char err[256];
    assert_true(db_migrate(f->d, err, sizeof err));
    assert_int_equal(db_schema_version(f->d), newest);
    assert_int_equal(count(f->d, "SELECT count(*) FROM schema_version"), rows);
    assert_true(db_table_exists(f->d, "users"));
    assert_true(db_table_exists(f->d, "audit_log"));
    assert_false(db_table_exists(f->d, "no_such_table"));
    /* A fresh connection to the same file sees the same version. */
    db *again = db_open(f->path, err, sizeof err);
    assert_non_null(again);
    assert_int_equal(db_schema_version(again), newest);
    db_close(again);
}

static void test_empty_database_version_zero(void **state)
{
    (void)state;
    char err[256];
    db *d = db_open(":memory:", err, sizeof err);
    assert_non_null(d);
    assert_int_equal(db_schema_version(d), 0);
    db_close(d);
}

static void test_open_bad_path(void **state)
{
    (void)state;
    char err[256] = "";
    db *d = db_open("/nonexistent-dir/x/kopir.db", err, sizeof err);
    assert_null(d);
    assert_non_null(strstr(err, "cannot open database /nonexistent-dir/x/kopir.db"));
}

static void test_open_not_a_database(void **state)
{
    (void)state;
    char path[] = "/tmp/kopir-test-junk-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char junk[] = "this is certainly not an SQLite database file, just some text...........";
    assert_int_equal(write(fd, junk, sizeof junk), (ssize_t)sizeof junk);
    close(fd);
    char err[256] = "";
    db *d = db_open(path, err, sizeof err);
    assert_null(d);
    assert_non_null(strstr(err, "file is not a database"));
    tmpdb_remove(path);
}

static void test_bind_step_columns(void **state)
{
    fixture *f = *state;
    assert_true(db_exec(f->d, "CREATE TABLE t (i INTEGER, s TEXT, r REAL, n TEXT)"));
    db_stmt *st = db_prepare(f->d, "INSERT INTO t (i, s, r, n) VALUES (?, ?, ?, ?)");
    db_bind_int(st, 1, INT64_C(9007199254740993));
    db_bind_textn(st, 2, "Оралxyz", 10); /* "Орал" is 8 bytes, plus "xy" */
    db_bind_double(st, 3, 2.5);
    db_bind_text(st, 4, NULL);
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
    assert_int_equal(db_last_id(f->d), 1);
    assert_int_equal(db_changes(f->d), 1);

    st = db_prepare(f->d, "SELECT i, s, r, n FROM t WHERE i = ?");
    db_bind_int(st, 1, INT64_C(9007199254740993));
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), INT64_C(9007199254740993));
    assert_string_equal(db_col_text(st, 1), "Оралxy");
    assert_true(db_col_double(st, 2) == 2.5);
    assert_true(db_col_null(st, 3));
    assert_null(db_col_text(st, 3));
    assert_false(db_col_null(st, 1));
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
}

static void test_constraint_mapping(void **state)
{
    fixture *f = *state;
    assert_true(db_exec(f->d, "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL CHECK (length(name) < 5))"));
    assert_true(db_exec(f->d, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))"));
    db_stmt *st = db_prepare(f->d, "INSERT INTO p (name) VALUES (?)");
    db_bind_text(st, 1, "a");
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
    static const char *bad[] = { "a", NULL, "toolong" }; /* unique, not null, check */
    for (int i = 0; i < 3; i++) {
        st = db_prepare(f->d, "INSERT INTO p (name) VALUES (?)");
        db_bind_text(st, 1, bad[i]);
        assert_int_equal(db_step(st), DB_CONSTRAINT);
        db_done(st);
    }
    st = db_prepare(f->d, "INSERT INTO c (p_id) VALUES (?)");
    db_bind_int(st, 1, 42); /* foreign keys are on */
    assert_int_equal(db_step(st), DB_CONSTRAINT);
    db_done(st);
    assert_int_equal(count(f->d, "SELECT count(*) FROM p"), 1);
    assert_int_equal(count(f->d, "SELECT count(*) FROM c"), 0);
}

static void test_nested_transactions(void **state)
{
    fixture *f = *state;
    assert_true(db_exec(f->d, "CREATE TABLE t (x INTEGER)"));
    /* Nested commit: only the outermost writes. */
    assert_true(db_begin(f->d));
    assert_true(db_exec(f->d, "INSERT INTO t VALUES (1)"));
    assert_true(db_begin(f->d));
    assert_true(db_exec(f->d, "INSERT INTO t VALUES (2)"));
    assert_true(db_commit(f->d));
    assert_true(db_commit(f->d));
    assert_int_equal(count(f->d, "SELECT count(*) FROM t"), 2);

    /* An inner rollback dooms the outer transaction. */
    assert_true(db_begin(f->d));
    assert_true(db_exec(f->d, "INSERT INTO t VALUES (3)"));
    assert_true(db_begin(f->d));
    assert_true(db_exec(f->d, "INSERT INTO t VALUES (4)"));
    db_rollback(f->d);
    assert_true(db_begin(f->d)); /* still inside the doomed transaction */
    assert_false(db_commit(f->d));
    assert_false(db_commit(f->d));
    assert_int_equal(count(f->d, "SELECT count(*) FROM t"), 2);

    /* Plain rollback, then the connection works normally again. */
    assert_true(db_begin(f->d));
    assert_true(db_exec(f->d, "INSERT INTO t VALUES (5)"));
    db_rollback(f->d);
    assert_int_equal(count(f->d, "SELECT count(*) FROM t"), 2);
    assert_false(db_commit(f->d)); /* nothing open */
    db_rollback(f->d);             /* harmless */
    assert_true(db_begin(f->d));
    assert_true(db_exec(f->d, "INSERT INTO t VALUES (6)"));
    assert_true(db_commit(f->d));
    assert_int_equal(count(f->d, "SELECT count(*) FROM t"), 3);
}

/* Walks a parent chain with the same SQL literal while the outer statement is live. */
static const char *const PARENT_SQL = "SELECT id, parent FROM tree WHERE id = ?";

static int depth_of(db *d, int64_t id)
{
    db_stmt *st = db_prepare(d, PARENT_SQL);
    db_bind_int(st, 1, id);
    int depth = 0;
    if (db_step(st) == DB_ROW && !db_col_null(st, 1))
        depth = 1 + depth_of(d, db_col_int(st, 1));
    /* The outer row must still be readable after the nested use. */
    if (depth > 0) assert_int_equal(db_col_int(st, 0), id);
    db_done(st);
    return depth;
}

static void test_statement_cache(void **state)
{
    fixture *f = *state;
    assert_true(db_exec(f->d, "CREATE TABLE tree (id INTEGER PRIMARY KEY, parent INTEGER);"
                              "INSERT INTO tree VALUES (1, NULL), (2, 1), (3, 2), (4, 3);"));
    assert_int_equal(depth_of(f->d, 4), 3);
    assert_int_equal(depth_of(f->d, 1), 0);
    /* The same literal hands back the same cached statement once it is returned. */
    db_stmt *a = db_prepare(f->d, PARENT_SQL);
    db_done(a);
    db_stmt *b = db_prepare(f->d, PARENT_SQL);
    assert_ptr_equal(a, b);
    /* ...and a different one while it is in use; bindings are independent. */
    db_stmt *c = db_prepare(f->d, PARENT_SQL);
    assert_ptr_not_equal(b, c);
    db_bind_int(b, 1, 2);
    db_bind_int(c, 1, 3);
    assert_int_equal(db_step(b), DB_ROW);
    assert_int_equal(db_step(c), DB_ROW);
    assert_int_equal(db_col_int(b, 1), 1);
    assert_int_equal(db_col_int(c, 1), 2);
    db_done(c);
    db_done(b);
    /* Bindings are cleared on return: an unbound parameter is NULL, matching nothing. */
    b = db_prepare(f->d, PARENT_SQL);
    assert_int_equal(db_step(b), DB_DONE);
    db_done(b);
    /* Same text at another address is a separate entry but gives the same result. */
    char copy[64];
    strcpy(copy, PARENT_SQL);
    db_stmt *e = db_prepare(f->d, copy);
    db_bind_int(e, 1, 4);
    assert_int_equal(db_step(e), DB_ROW);
    assert_int_equal(db_col_int(e, 1), 3);
    db_done(e);
}

static void test_check_healthy(void **state)
{
    fixture *f = *state;
    assert_int_equal(db_check(f->d), 0);
}

static void test_check_finds_broken_foreign_key(void **state)
{
    fixture *f = *state;
    assert_true(db_exec(f->d, "CREATE TABLE p (id INTEGER PRIMARY KEY);"
                              "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));"
                              "PRAGMA foreign_keys=OFF;"
                              "INSERT INTO c (p_id) VALUES (7), (8);"
                              "PRAGMA foreign_keys=ON;"));
    assert_int_equal(db_check(f->d), 2);
}

static void test_fts5_trigram(void **state)
{
    fixture *f = *state;
    assert_true(db_exec(f->d, "CREATE VIRTUAL TABLE ft USING fts5(x, tokenize='trigram')"));
    db_stmt *st = db_prepare(f->d, "INSERT INTO ft (x) VALUES (?)");
    db_bind_text(st, 1, "Батыс Қазақстан облысы");
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
    st = db_prepare(f->d, "INSERT INTO ft (x) VALUES (?)");
    db_bind_text(st, 1, "山东省济南市");
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
    st = db_prepare(f->d, "SELECT x FROM ft WHERE ft MATCH ?");
    db_bind_text(st, 1, "\"зақст\"");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "Батыс Қазақстан облысы");
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
    st = db_prepare(f->d, "SELECT x FROM ft WHERE ft MATCH ?");
    db_bind_text(st, 1, "\"济南市\"");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "山东省济南市");
    db_done(st);
}

static void test_audit_record(void **state)
{
    fixture *f = *state;
    assert_true(audit_record(f->d, 0, "organisation", 12, "update",
                             "{\"name\":{\"old\":\"A\",\"new\":\"B\"}}"));
    db_stmt *st = db_prepare(f->d, "SELECT user_id, entity, entity_id, action, changes, at FROM audit_log");
    assert_int_equal(db_step(st), DB_ROW);
    assert_true(db_col_null(st, 0));
    assert_string_equal(db_col_text(st, 1), "organisation");
    assert_int_equal(db_col_int(st, 2), 12);
    assert_string_equal(db_col_text(st, 3), "update");
    assert_string_equal(db_col_text(st, 4), "{\"name\":{\"old\":\"A\",\"new\":\"B\"}}");
    assert_int_equal(strlen(db_col_text(st, 5)), 20);
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
}

static void test_time_format(void **state)
{
    (void)state;
    char t[DB_TIME_LEN];
    assert_string_equal(db_time_utc(0, t), "1970-01-01T00:00:00Z");
    assert_string_equal(db_time_utc(1709251200, t), "2024-03-01T00:00:00Z");
    char a[DB_TIME_LEN], b[DB_TIME_LEN];
    db_time_now(-60, a);
    db_time_now(0, b);
    assert_true(strcmp(a, b) < 0);
}

static const char *pool_path;

static void *pool_worker(void *arg)
{
    db **out = arg;
    out[0] = db_thread();
    out[1] = db_thread();
    return NULL;
}

static void test_pool(void **state)
{
    fixture *f = *state;
    pool_path = f->path;
    char err[256];
    assert_true(db_pool_init(pool_path, err, sizeof err));
    db *mine = db_thread();
    assert_non_null(mine);
    assert_ptr_equal(db_thread(), mine);
    db *theirs[2][2];
    pthread_t th[2];
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&th[i], NULL, pool_worker, theirs[i]), 0);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 2; i++) {
        assert_non_null(theirs[i][0]);
        assert_ptr_equal(theirs[i][0], theirs[i][1]);
        assert_ptr_not_equal(theirs[i][0], mine);
        assert_int_equal(db_schema_version(theirs[i][0]), db_schema_version(f->d));
    }
    assert_ptr_not_equal(theirs[0][0], theirs[1][0]);
    db_pool_shutdown();
    assert_null(db_thread());
    /* A second init works and hands this thread a fresh connection. */
    assert_true(db_pool_init(pool_path, err, sizeof err));
    assert_non_null(db_thread());
    assert_int_equal(count(db_thread(), "SELECT count(*) FROM users"), 0);
    db_pool_shutdown();
    assert_false(db_pool_init("/nonexistent-dir/x/kopir.db", err, sizeof err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrate_idempotent, setup, teardown),
        cmocka_unit_test(test_empty_database_version_zero),
        cmocka_unit_test(test_open_bad_path),
        cmocka_unit_test(test_open_not_a_database),
        cmocka_unit_test_setup_teardown(test_bind_step_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_constraint_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statement_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_healthy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_finds_broken_foreign_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fts5_trigram, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_record, setup, teardown),
        cmocka_unit_test(test_time_format),
        cmocka_unit_test_setup_teardown(test_pool, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
