/* migrate.c — schema migrations: the numbered SQL files src/db/migrations/NNN_name.sql
 * built into the binary, applied in order, each in its own transaction, recorded in
 * schema_version so every database knows how far it has been brought. */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/assets.h"

#define MIGRATE_PREFIX "src/db/migrations/"
#define MIGRATE_MAX 512

typedef struct migration {
    int version;
    const char *name;   /* file name without the directory, e.g. "001_core.sql" */
    const char *sql;
} migration;

static int migrate_cmp(const void *a, const void *b)
{
    const migration *x = a, *y = b;
    return (x->version > y->version) - (x->version < y->version);
}

/* Collects the built-in migrations sorted by number; -1 with a message on a badly
 * named file or a number used twice (both are build mistakes worth stopping for). */
static int migrate_list(migration *out, char *err, int errlen)
{
    int n = 0;
    size_t plen = strlen(MIGRATE_PREFIX);
    for (const asset *a = assets_table; a->name; a++) {
        if (strncmp(a->name, MIGRATE_PREFIX, plen) != 0) continue;
        const char *base = a->name + plen;
        size_t blen = strlen(base);
        if (blen < 5 || strcmp(base + blen - 4, ".sql") != 0) continue;
        char *end;
        long v = strtol(base, &end, 10);
        if (end == base || *end != '_' || v <= 0 || v > 999999) {
            snprintf(err, (size_t)errlen, "migration %s is not named NNN_name.sql", a->name);
            return -1;
        }
        if (n == MIGRATE_MAX) {
            snprintf(err, (size_t)errlen, "more than %d migrations", MIGRATE_MAX);
            return -1;
        }
        out[n++] = (migration){ (int)v, base, (const char *)a->data };
    }
    if (n > 1) qsort(out, (size_t)n, sizeof *out, migrate_cmp);
    for (int i = 1; i < n; i++) {
        if (out[i].version == out[i - 1].version) {
            snprintf(err, (size_t)errlen, "migrations %s and %s share the number %d",
                     out[i - 1].name, out[i].name, out[i].version);
            return -1;
        }
    }
    return n;
}

int db_schema_version(db *d)
{
    if (!db_table_exists(d, "schema_version")) return 0;
    db_stmt *st = db_prepare(d, "SELECT coalesce(max(version), 0) FROM schema_version");
    int v = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : 0;
    db_done(st);
    return v;
}

/* Applies one migration inside its own transaction. The version is re-read after
 * taking the write lock, so two processes migrating at once apply each file once. */
static bool migrate_one(db *d, const migration *m, char *err, int errlen)
{
    if (!db_begin(d)) {
        snprintf(err, (size_t)errlen, "cannot start migration %s: %s", m->name, db_errmsg(d));
        return false;
    }
    if (db_schema_version(d) >= m->version) {
        db_commit(d);
        return true;
    }
    if (!db_exec(d, m->sql)) {
        snprintf(err, (size_t)errlen, "migration %s failed: %s", m->name, db_errmsg(d));
        db_rollback(d);
        return false;
    }
    char now[DB_TIME_LEN];
    db_stmt *st = db_prepare(d, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)");
    db_bind_int(st, 1, m->version);
    db_bind_text(st, 2, m->name);
    db_bind_text(st, 3, db_time_now(0, now));
    int rc = db_step(st);
    db_done(st);
    if (rc != DB_DONE) {
        snprintf(err, (size_t)errlen, "cannot record migration %s: %s", m->name, db_errmsg(d));
        db_rollback(d);
        return false;
    }
    if (!db_commit(d)) {
        snprintf(err, (size_t)errlen, "cannot commit migration %s: %s", m->name, db_errmsg(d));
        return false;
    }
    return true;
}

bool db_migrate(db *d, char *err, int errlen)
{
    migration ms[MIGRATE_MAX];
    int n = migrate_list(ms, err, errlen);
    if (n < 0) return false;
    if (!db_exec(d, "CREATE TABLE IF NOT EXISTS schema_version ("
                    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")) {
        snprintf(err, (size_t)errlen, "cannot create schema_version: %s", db_errmsg(d));
        return false;
    }
    int have = db_schema_version(d);
    int newest = n > 0 ? ms[n - 1].version : 0;
    if (have > newest) {
        snprintf(err, (size_t)errlen,
                 "the database has schema version %d, newer than this kopir knows (%d); "
                 "use a newer kopir", have, newest);
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (ms[i].version <= have) continue;
        if (!migrate_one(d, &ms[i], err, errlen)) return false;
    }
    return true;
}
