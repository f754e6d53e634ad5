/* auth_session.c — logging in and staying logged in: password checks with throttling
 * per account and per address, database sessions (a fresh token on every login, stored
 * only as a hash, expired ones swept on login), and API bearer tokens. */
#include "domain/auth.h"

#include <ctype.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"

#define AUTH_KEY_MAX 64   /* throttling keys (names, addresses) are cut to this */

/* A hash of a random password, verified when the name is unknown so that a wrong name
 * costs the same Argon2 time as a wrong password and names cannot be probed by timing. */
static char auth_dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t auth_dummy_once = PTHREAD_ONCE_INIT;

static void auth_dummy_init(void)
{
    char pw[AUTH_TOKEN_LEN + 1];
    auth_random_token(pw);
    if (crypto_pwhash_str(auth_dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        auth_dummy_hash[0] = '\0';
}

/* Throttling key: lower-cased (names are case-insensitive) and bounded. */
static void auth_key(const char *s, char out[AUTH_KEY_MAX + 1])
{
    size_t i = 0;
    for (; s && s[i] && i < AUTH_KEY_MAX; i++) out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
}

static int auth_failures(db *d, const char *kind, const char *key, const char *since)
{
    db_stmt *st = db_prepare(d, "SELECT count(*) FROM login_failures WHERE kind = ? AND key = ? AND at > ?");
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, key);
    db_bind_text(st, 3, since);
    int n = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : 0;
    db_done(st);
    return n;
}

static bool auth_add_failure(db *d, const char *kind, const char *key, const char *now)
{
    db_stmt *st = db_prepare(d, "INSERT INTO login_failures (kind, key, at) VALUES (?, ?, ?)");
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, key);
    db_bind_text(st, 3, now);
    bool ok = db_step(st) == DB_DONE;
    db_done(st);
    return ok;
}

/* Runs sql with its text parameters; false on a database error. */
static bool auth_run(db *d, const char *sql, const char *p1, const char *p2)
{
    db_stmt *st = db_prepare(d, sql);
    db_bind_text(st, 1, p1);
    if (p2) db_bind_text(st, 2, p2);
    bool ok = db_step(st) == DB_DONE;
    db_done(st);
    return ok;
}

static void auth_record_failure(db *d, const char *account, const char *address, const char *now)
{
    if (!db_begin(d)) return;
    bool ok = auth_add_failure(d, "account", account, now) &&
              (!*address || auth_add_failure(d, "address", address, now));
    if (ok) db_commit(d);
    else db_rollback(d);
}

/* Fills user from columns id, name, role, org_id starting at col. */
static void auth_fill_user(db_stmt *st, int col, arena *a, web_user *user)
{
    web_role role = ROLE_NONE;
    auth_role_parse(db_col_text(st, col + 2), &role);
    *user = (web_user){ db_col_int(st, col), arena_strdup(a, db_col_text(st, col + 1)), role,
                        db_col_null(st, col + 3) ? 0 : db_col_int(st, col + 3) };
}

/* Checks the password; fills user and returns true on a match. Always spends one
 * Argon2 verification, whether or not the name exists. */
static bool auth_verify(db *d, arena *a, const char *name, const char *password, web_user *user)
{
    char hash[crypto_pwhash_STRBYTES] = "";
    db_stmt *st = db_prepare(d, "SELECT id, name, role, org_id, password_hash FROM users "
                                "WHERE name = ? AND archived_at IS NULL");
    db_bind_text(st, 1, name);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        auth_fill_user(st, 0, a, user);
        const char *h = db_col_text(st, 4);
        if (h && strlen(h) < sizeof hash) strcpy(hash, h);
        else found = false;
    }
    db_done(st);
    size_t len = strlen(password);
    if (len > 4 * AUTH_PASSWORD_MAX) return false; /* never stored; do not hash megabytes */
    if (!found) {
        pthread_once(&auth_dummy_once, auth_dummy_init);
        int verdict = auth_dummy_hash[0] ? crypto_pwhash_str_verify(auth_dummy_hash, password, len) : -1;
        (void)verdict; /* the name is unknown: only the time spent matters */
        return false;
    }
    return crypto_pwhash_str_verify(hash, password, len) == 0;
}

/* After a good password: clears the account's failures, sweeps expired sessions and
 * old failures, and stores a new session. false on a database error. */
static bool auth_open_session(db *d, const char *account, int64_t user_id, const char *client_ip,
                              const char *token, const char *csrf)
{
    char now[DB_TIME_LEN], since[DB_TIME_LEN], expires[DB_TIME_LEN], hash[AUTH_HASH_HEX + 1];
    db_time_now(0, now);
    db_time_now(-AUTH_THROTTLE_WINDOW, since);
    db_time_now(AUTH_SESSION_SECONDS, expires);
    auth_token_hash(token, hash);
    if (!db_begin(d)) return false;
    bool ok = auth_run(d, "DELETE FROM login_failures WHERE kind = 'account' AND key = ?", account, NULL) &&
              auth_run(d, "DELETE FROM login_failures WHERE at <= ?", since, NULL) &&
              auth_run(d, "DELETE FROM sessions WHERE expires_at <= ?", now, NULL);
    if (ok) {
        db_stmt *st = db_prepare(d, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                                    "expires_at, client_ip) VALUES (?, ?, ?, ?, ?, ?)");
        db_bind_text(st, 1, hash);
        db_bind_int(st, 2, user_id);
        db_bind_text(st, 3, csrf);
        db_bind_text(st, 4, now);
        db_bind_text(st, 5, expires);
        db_bind_text(st, 6, client_ip);
        ok = db_step(st) == DB_DONE;
        db_done(st);
    }
    if (!ok) {
        db_rollback(d);
        return false;
    }
    return db_commit(d);
}

auth_result auth_login(db *d, arena *a, const char *name, const char *password,
                       const char *client_ip, const char **session_token,
                       const char **csrf_token, web_user *user)
{
    char account[AUTH_KEY_MAX + 1], address[AUTH_KEY_MAX + 1], since[DB_TIME_LEN], now[DB_TIME_LEN];
    auth_init();
    *user = (web_user){ 0, NULL, ROLE_NONE, 0 };
    *session_token = *csrf_token = NULL;
    auth_key(name, account);
    auth_key(client_ip, address);
    db_time_now(-AUTH_THROTTLE_WINDOW, since);
    if (auth_failures(d, "account", account, since) >= AUTH_MAX_FAILURES_ACCOUNT ||
        (*address && auth_failures(d, "address", address, since) >= AUTH_MAX_FAILURES_ADDRESS))
        return AUTH_THROTTLED;
    web_user found = { 0, NULL, ROLE_NONE, 0 };
    if (!name || !password || strlen(name) > AUTH_KEY_MAX ||
        !auth_verify(d, a, name, password, &found)) {
        auth_record_failure(d, account, address, db_time_now(0, now));
        return AUTH_BAD_CREDENTIALS;
    }
    char token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
    auth_random_token(token);
    auth_random_token(csrf);
    if (!auth_open_session(d, account, found.id, client_ip, token, csrf)) {
        fprintf(stderr, "kopir: cannot store a session: %s\n", db_errmsg(d));
        return AUTH_BAD_CREDENTIALS;
    }
    *user = found;
    *session_token = arena_strdup(a, token);
    *csrf_token = arena_strdup(a, csrf);
    return AUTH_OK;
}

/* A token as it can come from a cookie or header: exactly AUTH_TOKEN_LEN base64url chars. */
static bool auth_token_shape(const char *t)
{
    if (!t) return false;
    size_t i = 0;
    for (; i <= AUTH_TOKEN_LEN && t[i]; i++)
        if (!isalnum((unsigned char)t[i]) && t[i] != '-' && t[i] != '_') return false;
    return i == AUTH_TOKEN_LEN && t[i] == '\0';
}

bool auth_session_user(db *d, arena *a, const char *session_token, web_user *user,
                       const char **csrf_token)
{
    if (!auth_token_shape(session_token)) return false;
    char hash[AUTH_HASH_HEX + 1], now[DB_TIME_LEN];
    auth_token_hash(session_token, hash);
    db_stmt *st = db_prepare(d, "SELECT s.token_hash, s.csrf_token, u.id, u.name, u.role, u.org_id "
                                "FROM sessions s JOIN users u ON u.id = s.user_id "
                                "WHERE s.token_hash = ? AND s.expires_at > ? AND u.archived_at IS NULL");
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, db_time_now(0, now));
    /* The index lookup already matched; the constant-time compare keeps the decision
     * itself free of early-exit timing. */
    bool ok = db_step(st) == DB_ROW && auth_equal(db_col_text(st, 0), hash);
    if (ok) {
        auth_fill_user(st, 2, a, user);
        if (csrf_token) *csrf_token = arena_strdup(a, db_col_text(st, 1));
    }
    db_done(st);
    return ok;
}

void auth_logout(db *d, const char *session_token)
{
    if (!auth_token_shape(session_token)) return;
    char hash[AUTH_HASH_HEX + 1];
    auth_token_hash(session_token, hash);
    auth_run(d, "DELETE FROM sessions WHERE token_hash = ?", hash, NULL);
}

const char *auth_token_create(db *d, arena *a, int64_t user_id, const char *label)
{
    if (label && strlen(label) > 200) return NULL;
    char token[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_HEX + 1], now[DB_TIME_LEN];
    auth_random_token(token);
    auth_token_hash(token, hash);
    if (!db_begin(d)) return NULL;
    db_stmt *st = db_prepare(d, "INSERT INTO api_tokens (token_hash, user_id, label, created_at) "
                                "SELECT ?, id, ?, ? FROM users WHERE id = ? AND archived_at IS NULL");
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, label);
    db_bind_text(st, 3, db_time_now(0, now));
    db_bind_int(st, 4, user_id);
    bool ok = db_step(st) == DB_DONE && db_changes(d) == 1;
    db_done(st);
    int64_t token_id = db_last_id(d);
    if (ok) {
        json_t *c = json_pack("{s:{s:n,s:I},s:{s:n,s:s?}}", "user_id", "old", "new", (json_int_t)user_id,
                              "label", "old", "new", label);
        char *text = c ? json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(c);
        ok = text && audit_record(d, 0, "api_token", token_id, "create", text);
        free(text);
    }
    if (!ok) {
        db_rollback(d);
        return NULL;
    }
    return db_commit(d) ? arena_strdup(a, token) : NULL;
}

bool auth_token_user(db *d, arena *a, const char *token, web_user *user)
{
    if (!auth_token_shape(token)) return false;
    char hash[AUTH_HASH_HEX + 1], now[DB_TIME_LEN], recent[DB_TIME_LEN];
    auth_token_hash(token, hash);
    db_stmt *st = db_prepare(d, "SELECT t.token_hash, t.last_used_at, u.id, u.name, u.role, u.org_id "
                                "FROM api_tokens t JOIN users u ON u.id = t.user_id "
                                "WHERE t.token_hash = ? AND t.archived_at IS NULL AND u.archived_at IS NULL");
    db_bind_text(st, 1, hash);
    bool ok = db_step(st) == DB_ROW && auth_equal(db_col_text(st, 0), hash);
    bool stale = false;
    db_time_now(-60, recent);
    if (ok) {
        auth_fill_user(st, 2, a, user);
        stale = db_col_null(st, 1) || strcmp(db_col_text(st, 1), recent) < 0;
    }
    db_done(st);
    /* last_used_at to the minute: enough to spot unused tokens, without a write on
     * every API call. A failed write (busy) only loses that timestamp. */
    if (stale)
        auth_run(d, "UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?",
                 db_time_now(0, now), hash);
    return ok;
}
