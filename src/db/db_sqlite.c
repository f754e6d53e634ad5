/* db_sqlite.c — the db.h interface on SQLite: opening with kopir's pragmas, the
 * per-connection statement cache, binding/stepping, counted transactions, integrity
 * checks and UTC timestamps. The thread pool is in pool.c, migrations in migrate.c. */
#include "db/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/mem.h"

#define DB_BUCKETS 256

struct db_stmt {
    db *d;
    sqlite3_stmt *st;
    bool cached;   /* lives in the cache (reset on db_done) rather than finalized */
    bool in_use;   /* handed out and not yet returned with db_done */
};

/* One cached statement, keyed by the address of the SQL literal and checked against a
 * copy of its text, so a reused non-literal buffer can never return the wrong query. */
typedef struct db_entry {
    const char *key;
    char *sql;
    db_stmt stmt;
    struct db_entry *next;
} db_entry;

struct db {
    sqlite3 *h;
    int depth;            /* open db_begin calls */
    bool rollback_only;   /* a nested rollback happened: the outermost commit rolls back */
    bool read_tx;         /* a db_read_begin snapshot is open (depth is 0 then) */
    bool seen;            /* db_stamp_check ran; it saw this data_version and */
    int64_t seen_version, seen_changes;   /* this count of changed rows */
    db_entry *buckets[DB_BUCKETS];
};

static void db_fmt(char *err, int errlen, const char *fmt, const char *a, const char *b)
{
    if (err && errlen > 0) snprintf(err, (size_t)errlen, fmt, a, b);
}

/* Runs a pragma or statement during open; false with the engine's message on failure. */
static bool db_setup(db *d, const char *sql, const char *path, char *err, int errlen)
{
    if (sqlite3_exec(d->h, sql, NULL, NULL, NULL) == SQLITE_OK) return true;
    db_fmt(err, errlen, "cannot open database %s: %s", path, sqlite3_errmsg(d->h));
    return false;
}

/* Process-wide settings, before SQLite initialises. Memory statistics off: with them
 * every allocation SQLite makes takes one global mutex, which all web workers then
 * queue on (kopir never reads those statistics). */
static void db_global_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

db *db_open(const char *path, char *err, int errlen)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, db_global_setup);
    db *d = mem_calloc(1, sizeof *d);
    /* One connection serves one thread at a time (the pool gives each thread its own),
     * so SQLite's own connection mutex is not needed. */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &d->h, flags, NULL) != SQLITE_OK) {
        db_fmt(err, errlen, "cannot open database %s: %s", path,
               d->h ? sqlite3_errmsg(d->h) : "out of memory");
        sqlite3_close_v2(d->h);
        free(d);
        return NULL;
    }
    sqlite3_extended_result_codes(d->h, 1);
    sqlite3_busy_timeout(d->h, 5000);
    /* journal_mode is the first statement that reads the file, so a file that is not a
     * database fails here with "file is not a database". */
    if (!db_setup(d, "PRAGMA journal_mode=WAL", path, err, errlen) ||
        !db_setup(d, "PRAGMA foreign_keys=ON", path, err, errlen) ||
        !db_setup(d, "PRAGMA synchronous=NORMAL", path, err, errlen)) {
        sqlite3_close_v2(d->h);
        free(d);
        return NULL;
    }
    return d;
}

void db_close(db *d)
{
    if (!d) return;
    if (d->depth > 0 || d->read_tx) sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
    for (int i = 0; i < DB_BUCKETS; i++) {
        db_entry *e = d->buckets[i];
        while (e) {
            db_entry *next = e->next;
            sqlite3_finalize(e->stmt.st);
            free(e->sql);
            free(e);
            e = next;
        }
    }
    /* close_v2: a statement a caller forgot to db_done would otherwise keep it open. */
    sqlite3_close_v2(d->h);
    free(d);
}

static unsigned db_hash(const char *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B1u;
    return (unsigned)(x ^ (x >> 13)) % DB_BUCKETS;
}

/* Compiles sql or aborts: SQL in kopir is a literal, so a failure is a programming
 * error that no retry can fix (a missing table means a missing migration). */
static sqlite3_stmt *db_compile(db *d, const char *sql, bool persistent)
{
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v3(d->h, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0,
                                &st, &tail);
    if (rc != SQLITE_OK || !st) {
        fprintf(stderr, "kopir: SQL does not compile: %s\n  in: %s\n",
                rc != SQLITE_OK ? sqlite3_errmsg(d->h) : "empty statement", sql);
        abort();
    }
    while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';')) tail++;
    if (tail && *tail) {
        fprintf(stderr, "kopir: db_prepare takes one statement, got more: %s\n", sql);
        abort();
    }
    return st;
}

db_stmt *db_prepare(db *d, const char *sql)
{
    unsigned b = db_hash(sql);
    for (db_entry *e = d->buckets[b]; e; e = e->next) {
        if (e->key != sql || strcmp(e->sql, sql) != 0) continue;
        if (e->stmt.in_use) {
            /* Nested use of the same query (e.g. a recursive walk): a private statement
             * that db_done finalizes. */
            db_stmt *s = mem_calloc(1, sizeof *s);
            s->d = d;
            s->st = db_compile(d, sql, false);
            s->in_use = true;
            return s;
        }
        e->stmt.in_use = true;
        return &e->stmt;
    }
    db_entry *e = mem_calloc(1, sizeof *e);
    e->key = sql;
    e->sql = mem_strdup(sql);
    e->stmt.d = d;
    e->stmt.st = db_compile(d, sql, true);
    e->stmt.cached = true;
    e->stmt.in_use = true;
    e->next = d->buckets[b];
    d->buckets[b] = e;
    return &e->stmt;
}

void db_bind_int(db_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(st->st, idx, (sqlite3_int64)v);
}

void db_bind_text(db_stmt *st, int idx, const char *s)
{
    if (!s) sqlite3_bind_null(st->st, idx);
    else sqlite3_bind_text(st->st, idx, s, -1, SQLITE_TRANSIENT);
}

void db_bind_textn(db_stmt *st, int idx, const char *s, int len)
{
    if (!s || len < 0) sqlite3_bind_null(st->st, idx);
    else sqlite3_bind_text(st->st, idx, s, len, SQLITE_TRANSIENT);
}

void db_bind_null(db_stmt *st, int idx)
{
    sqlite3_bind_null(st->st, idx);
}

void db_bind_double(db_stmt *st, int idx, double v)
{
    sqlite3_bind_double(st->st, idx, v);
}

int db_step(db_stmt *st)
{
    /* A write inside a read snapshot: end the snapshot so the write runs as it would
     * without one (autocommit, or its own db_begin), never as an upgraded reader. */
    if (st->d->read_tx && !sqlite3_stmt_readonly(st->st)) db_read_end(st->d);
    int rc = sqlite3_step(st->st);
    switch (rc & 0xff) {
    case SQLITE_ROW: return DB_ROW;
    case SQLITE_DONE: return DB_DONE;
    case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return DB_BUSY;
    default:
        fprintf(stderr, "kopir: database error: %s\n  in: %s\n", sqlite3_errmsg(st->d->h),
                sqlite3_sql(st->st));
        return DB_ERROR;
    }
}

int64_t db_col_int(db_stmt *st, int col)
{
    return (int64_t)sqlite3_column_int64(st->st, col);
}

double db_col_double(db_stmt *st, int col)
{
    return sqlite3_column_double(st->st, col);
}

const char *db_col_text(db_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st->st, col);
}

bool db_col_null(db_stmt *st, int col)
{
    return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

void db_done(db_stmt *st)
{
    if (!st) return;
    if (!st->cached) {
        sqlite3_finalize(st->st);
        free(st);
        return;
    }
    sqlite3_reset(st->st);
    sqlite3_clear_bindings(st->st);
    st->in_use = false;
}

bool db_exec(db *d, const char *sql)
{
    return sqlite3_exec(d->h, sql, NULL, NULL, NULL) == SQLITE_OK;
}

bool db_begin(db *d)
{
    if (d->depth == 0) {
        db_read_end(d);
        /* IMMEDIATE takes the write lock now (waiting up to the busy timeout), so a
         * transaction never fails half-way for want of an upgrade from a read lock. */
        if (!db_exec(d, "BEGIN IMMEDIATE")) return false;
        d->rollback_only = false;
    }
    d->depth++;
    return true;
}

bool db_commit(db *d)
{
    if (d->depth == 0) return false;
    if (--d->depth > 0) return !d->rollback_only;
    if (d->rollback_only) {
        db_exec(d, "ROLLBACK");
        d->rollback_only = false;
        return false;
    }
    if (db_exec(d, "COMMIT")) return true;
    fprintf(stderr, "kopir: commit failed: %s\n", sqlite3_errmsg(d->h));
    db_exec(d, "ROLLBACK");
    return false;
}

void db_rollback(db *d)
{
    if (d->depth == 0) return;
    d->rollback_only = true;
    if (--d->depth > 0) return;
    db_exec(d, "ROLLBACK");
    d->rollback_only = false;
}

/* Runs a statement without parameters or rows through the statement cache (BEGIN and
 * COMMIT of every GET would otherwise be parsed again each time, as db_exec does). */
static bool db_run(db *d, const char *sql)
{
    db_stmt *st = db_prepare(d, sql);
    bool ok = sqlite3_step(st->st) == SQLITE_DONE;
    db_done(st);
    return ok;
}

void db_read_begin(db *d)
{
    if (d->depth > 0 || d->read_tx) return;
    /* DEFERRED: the read lock is taken by the first SELECT and no write lock ever, so
     * writers in other threads and processes go on; without the snapshot every
     * statement would be its own transaction. */
    d->read_tx = db_run(d, "BEGIN DEFERRED");
}

void db_read_end(db *d)
{
    if (!d->read_tx) return;
    d->read_tx = false;
    /* Nothing was written in it (db_step and db_begin end the snapshot before a
     * write), so COMMIT only releases the read lock; it fails only when SQLite is in
     * trouble, and then ROLLBACK leaves the connection in autocommit mode again. */
    if (db_run(d, "COMMIT")) return;
    fprintf(stderr, "kopir: ending a read transaction failed: %s\n", sqlite3_errmsg(d->h));
    db_exec(d, "ROLLBACK");
}

static _Atomic uint64_t db_stamp_counter = 1;

uint64_t db_stamp(void)
{
    return atomic_load(&db_stamp_counter);
}

void db_stamp_check(db *d)
{
    /* data_version changes with every commit of another connection (this process or
     * another); it never changes for this connection's own commits, which its changed-row
     * count covers (rows of rolled-back statements count too: a needless miss only). */
    int64_t changes = (int64_t)sqlite3_total_changes64(d->h);
    db_stmt *st = db_prepare(d, "PRAGMA data_version");
    int64_t version = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
    db_done(st);
    if (d->seen && version != -1 && version == d->seen_version && changes == d->seen_changes) return;
    d->seen = true;
    d->seen_version = version;
    d->seen_changes = changes;
    atomic_fetch_add(&db_stamp_counter, 1);
}

int64_t db_last_id(db *d)
{
    return (int64_t)sqlite3_last_insert_rowid(d->h);
}

int db_changes(db *d)
{
    return sqlite3_changes(d->h);
}

const char *db_errmsg(db *d)
{
    return sqlite3_errmsg(d->h);
}

bool db_table_exists(db *d, const char *name)
{
    db_stmt *st = db_prepare(d, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    db_bind_text(st, 1, name);
    bool found = db_step(st) == DB_ROW;
    db_done(st);
    return found;
}

/* Runs a check pragma; every row that is not a lone "ok" is a problem. */
static int db_check_pragma(db *d, const char *sql, const char *what)
{
    sqlite3_stmt *st = db_compile(d, sql, false);
    int problems = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = sqlite3_column_count(st);
        const char *first = (const char *)sqlite3_column_text(st, 0);
        if (n == 1 && first && strcmp(first, "ok") == 0) continue;
        problems++;
        fprintf(stderr, "kopir: %s:", what);
        for (int i = 0; i < n; i++) {
            const char *v = (const char *)sqlite3_column_text(st, i);
            fprintf(stderr, " %s=%s", sqlite3_column_name(st, i), v ? v : "NULL");
        }
        fputc('\n', stderr);
    }
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "kopir: %s failed: %s\n", what, sqlite3_errmsg(d->h));
        problems++;
    }
    sqlite3_finalize(st);
    return problems;
}

int db_check(db *d)
{
    return db_check_pragma(d, "PRAGMA integrity_check", "integrity problem") +
           db_check_pragma(d, "PRAGMA foreign_key_check", "foreign key problem");
}

char *db_time_utc(int64_t unix_seconds, char out[DB_TIME_LEN])
{
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, DB_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

char *db_time_now(int64_t offset_seconds, char out[DB_TIME_LEN])
{
    return db_time_utc((int64_t)time(NULL) + offset_seconds, out);
}
