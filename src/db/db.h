/* db.h — the storage interface. Pages and domain code talk to the database only
 * through these calls, never sqlite3_* directly, so a PostgreSQL backend can sit behind
 * the same functions later. SQL text uses `?` placeholders (a PostgreSQL backend
 * rewrites them to $n) and sticks to the portable subset where it costs little.
 * Every value is bound; SQL text is always a string literal. */
#ifndef KOPIR_DB_H
#define KOPIR_DB_H
#include <stdbool.h>
#include <stdint.h>

typedef struct db db;
typedef struct db_stmt db_stmt;

/* Results of db_step. */
enum { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1, DB_CONSTRAINT = -2, DB_BUSY = -3 };

/* Opens (creating if needed) the database at path: WAL mode, foreign keys on, busy
 * timeout 5 s. Does not migrate. NULL on failure with a message in err. */
db *db_open(const char *path, char *err, int errlen);
void db_close(db *d);

/* Applies the numbered migrations built into the binary (src/db/migrations/NNN_*.sql)
 * that are newer than the schema_version table says, each in its own transaction.
 * Returns false with a message in err on failure (the failing migration is rolled back). */
bool db_migrate(db *d, char *err, int errlen);
/* Current schema version (0 for an empty database). */
int db_schema_version(db *d);

/* A connection for the calling thread, opened on the path given to db_pool_init and kept
 * until db_pool_shutdown; the web server's worker threads use this. */
bool db_pool_init(const char *path, char *err, int errlen);
db *db_thread(void);
void db_pool_shutdown(void);

/* Prepares sql (a string literal with ? placeholders). Statements are cached per
 * connection, so preparing the same text again is cheap. Aborts on a programming
 * error (SQL that does not compile) with the message, since it can never work. */
db_stmt *db_prepare(db *d, const char *sql);
/* Binding: idx is 1-based. Text is copied. NULL text binds SQL NULL. */
void db_bind_int(db_stmt *st, int idx, int64_t v);
void db_bind_text(db_stmt *st, int idx, const char *s);
void db_bind_textn(db_stmt *st, int idx, const char *s, int len);
void db_bind_null(db_stmt *st, int idx);
void db_bind_double(db_stmt *st, int idx, double v);
/* Advances: DB_ROW, DB_DONE, DB_CONSTRAINT (unique/foreign key/check failed), DB_BUSY or DB_ERROR. */
int db_step(db_stmt *st);
/* Columns, 0-based, valid until the next step/reset. Text of NULL is NULL. */
int64_t db_col_int(db_stmt *st, int col);
double db_col_double(db_stmt *st, int col);
const char *db_col_text(db_stmt *st, int col);
bool db_col_null(db_stmt *st, int col);
/* Releases the statement (returns it to the cache). Always call, also after errors. */
void db_done(db_stmt *st);

/* Runs SQL without parameters or results (schema, pragmas). false on error. */
bool db_exec(db *d, const char *sql);
/* Transactions. Nested calls are counted: only the outermost begin/commit touch the
 * database, and a rollback at any depth makes the outermost commit roll back. */
bool db_begin(db *d);
bool db_commit(db *d);
void db_rollback(db *d);
/* Row id of the last insert on this connection; rows changed by the last statement. */
int64_t db_last_id(db *d);
int db_changes(db *d);
/* The last error message of this connection (English, for logs, never for users). */
const char *db_errmsg(db *d);

/* Integrity: runs the engine's integrity and foreign-key checks; prints problems to
 * stderr and returns the number found (0 = healthy). */
int db_check(db *d);

/* ---- additions (storage engineer) ---- */

/* True when a table of this name exists (used by migrations and checks). */
bool db_table_exists(db *d, const char *name);

/* Timestamps are stored as UTC text "YYYY-MM-DDTHH:MM:SSZ" (20 chars + NUL), which
 * sorts and compares as text. db_time_utc formats unix seconds; db_time_now the current
 * time plus offset seconds (negative for the past). Both return out. */
#define DB_TIME_LEN 21
char *db_time_utc(int64_t unix_seconds, char out[DB_TIME_LEN]);
char *db_time_now(int64_t offset_seconds, char out[DB_TIME_LEN]);

/* ---- additions (perf) ---- */

/* A read snapshot for a request that only reads (web GET/HEAD): BEGIN DEFERRED, so all
 * its statements share one read transaction (with WAL: one lock round-trip instead of
 * one per statement) and see one consistent state. It never blocks writers. A write
 * inside it is still safe: db_begin, or a stepped statement that is not read-only, ends
 * the snapshot first and then runs as it would without one. No-op inside db_begin.
 * db_read_end ends it (if still open); call it when the request is answered. */
void db_read_begin(db *d);
void db_read_end(db *d);

/* Change detection for caches of things built from the database (the page cache,
 * src/web/page_cache.c). db_stamp() reads a process-wide counter; db_stamp_check(d)
 * advances it when d sees that something was committed since its previous call: by
 * any other connection of this or another process (PRAGMA data_version, which also
 * opens a pending db_read_begin snapshot) or through d itself (its count of changed
 * rows). Protocol: s = db_stamp() BEFORE db_stamp_check(d) and before reading what the
 * cached thing is built from; a thing built after that may be reused by a later
 * request of any thread as long as, after that request's own db_stamp_check, db_stamp()
 * is still s. Every commit makes some check advance the counter before a later reader
 * can see the old value again, so nothing stale is ever reused. */
uint64_t db_stamp(void);
void db_stamp_check(db *d);

#endif
