/* auth.c — user accounts: roles, name and password rules, Argon2id hashing with
 * libsodium, creating, finding, re-keying and archiving users (with audit rows), and
 * the token primitives (random tokens, stored hashes, constant-time equality).
 * Logins, sessions and API tokens are in auth_session.c. */
#include "domain/auth.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "i18n/i18n.h"

static const char *const E_NAME =
    N_("A user name must be 1 to 64 characters long and use only Latin letters, digits, dots, hyphens or underscores.");
static const char *const E_EXISTS = N_("A user with this name already exists.");
static const char *const E_SHORT = N_("The password must be at least 8 characters long.");
static const char *const E_LONG = N_("The password must be at most 256 characters long.");
static const char *const E_ROLE = N_("Unknown role: choose admin, coordinator, member or viewer.");
static const char *const E_ORG_NEEDED = N_("A member account must belong to an organisation.");
static const char *const E_ORG_FORBIDDEN = N_("Only member accounts belong to an organisation.");
static const char *const E_ORG_MISSING = N_("This organisation does not exist or is archived.");
static const char *const E_NO_USER = N_("This user does not exist or is archived.");
static const char *const E_SAVE = N_("The change could not be saved. Please try again.");
static const char *const E_HASH = N_("The password could not be processed (the server is short of memory). Please try again.");

static pthread_once_t auth_once = PTHREAD_ONCE_INIT;

static void auth_init_once(void)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "kopir: libsodium failed to initialise\n");
        abort();
    }
}

void auth_init(void)
{
    pthread_once(&auth_once, auth_init_once);
}

static const char *const auth_roles[] = {
    [ROLE_VIEWER] = "viewer", [ROLE_MEMBER] = "member",
    [ROLE_COORDINATOR] = "coordinator", [ROLE_ADMIN] = "admin",
};

const char *auth_role_name(web_role r)
{
    if (r < ROLE_VIEWER || r > ROLE_ADMIN) return "none";
    return auth_roles[r];
}

bool auth_role_parse(const char *s, web_role *out)
{
    for (int r = ROLE_VIEWER; s && r <= ROLE_ADMIN; r++)
        if (strcmp(s, auth_roles[r]) == 0) {
            *out = (web_role)r;
            return true;
        }
    return false;
}

bool auth_equal(const char *a, const char *b)
{
    if (!a || !b) return false;
    size_t n = strlen(a);
    /* Lengths are not secret (tokens have a fixed length); contents are. */
    return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

void auth_random_token(char out[AUTH_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    auth_init();
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void auth_token_hash(const char *token, char out[AUTH_HASH_HEX + 1])
{
    unsigned char h[32];
    auth_init();
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, AUTH_HASH_HEX + 1, h, sizeof h);
}

static bool auth_valid_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n < 1 || n > 64) return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

/* Password length in characters (UTF-8 code points), so 8 Cyrillic or Chinese
 * characters count as 8. NULL when acceptable, else the error text. */
static const char *auth_check_password(const char *pw)
{
    size_t bytes = pw ? strlen(pw) : 0, chars = 0;
    for (size_t i = 0; i < bytes; i++)
        if (((unsigned char)pw[i] & 0xC0) != 0x80) chars++;
    if (chars < AUTH_PASSWORD_MIN) return E_SHORT;
    if (chars > AUTH_PASSWORD_MAX || bytes > 4 * AUTH_PASSWORD_MAX) return E_LONG;
    return NULL;
}

/* Argon2id with libsodium's interactive limits (about 64 MiB and 50 ms per hash). */
static bool auth_hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
    auth_init();
    return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

/* {"old": old, "new": new} with either side NULL -> JSON null (takes both references). */
static json_t *auth_change(json_t *old, json_t *new)
{
    json_t *c = json_object();
    json_object_set_new(c, "old", old ? old : json_null());
    json_object_set_new(c, "new", new ? new : json_null());
    return c;
}

/* Writes an audit row for entity "user" with the JSON object (consumed). */
static bool auth_audit(db *d, int64_t user_id, const char *action, json_t *changes)
{
    char *text = changes ? json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(changes);
    bool ok = audit_record(d, 0, "user", user_id, action, text);
    free(text);
    return ok;
}

/* Ends the transaction an account change opened: commits when every step succeeded,
 * else rolls back; either failure leaves *err = E_SAVE and nothing written. */
static bool auth_finish(db *d, bool ok, const char **err)
{
    if (!ok) db_rollback(d);
    if (!ok || !db_commit(d)) {
        *err = E_SAVE;
        return false;
    }
    return true;
}

static bool auth_name_taken(db *d, const char *name)
{
    db_stmt *st = db_prepare(d, "SELECT 1 FROM users WHERE name = ?");
    db_bind_text(st, 1, name);
    bool taken = db_step(st) == DB_ROW;
    db_done(st);
    return taken;
}

static bool auth_org_usable(db *d, int64_t org_id)
{
    db_stmt *st = db_prepare(d, "SELECT 1 FROM organisations WHERE id = ? AND archived_at IS NULL");
    db_bind_int(st, 1, org_id);
    bool ok = db_step(st) == DB_ROW;
    db_done(st);
    return ok;
}

/* The checks of auth_user_add that need no database. */
static const char *auth_check_new_user(const char *name, const char *password, web_role role,
                                       int64_t org_id)
{
    if (!auth_valid_name(name)) return E_NAME;
    const char *e = auth_check_password(password);
    if (e) return e;
    if (role < ROLE_VIEWER || role > ROLE_ADMIN) return E_ROLE;
    if (role == ROLE_MEMBER && org_id <= 0) return E_ORG_NEEDED;
    if (role != ROLE_MEMBER && org_id != 0) return E_ORG_FORBIDDEN;
    return NULL;
}

static int64_t auth_insert_user(db *d, const char *name, const char *hash, web_role role,
                                int64_t org_id, const char **err)
{
    char now[DB_TIME_LEN];
    db_stmt *st = db_prepare(d, "INSERT INTO users (name, password_hash, role, org_id, created_at) "
                                "VALUES (?, ?, ?, ?, ?)");
    db_bind_text(st, 1, name);
    db_bind_text(st, 2, hash);
    db_bind_text(st, 3, auth_role_name(role));
    if (org_id > 0) db_bind_int(st, 4, org_id);
    else db_bind_null(st, 4);
    db_bind_text(st, 5, db_time_now(0, now));
    int rc = db_step(st);
    db_done(st);
    if (rc == DB_DONE) return db_last_id(d);
    *err = rc == DB_CONSTRAINT ? E_EXISTS : E_SAVE; /* a race with another add */
    return 0;
}

int64_t auth_user_add(db *d, const char *name, const char *password, web_role role,
                      int64_t org_id, const char **err)
{
    const char *e = auth_check_new_user(name, password, role, org_id);
    if (e) {
        *err = e;
        return 0;
    }
    /* Hash before the transaction: 50 ms of Argon2 must not hold the write lock. */
    char hash[crypto_pwhash_STRBYTES];
    if (!auth_hash_password(password, hash)) {
        *err = E_HASH;
        return 0;
    }
    if (!db_begin(d)) {
        *err = E_SAVE;
        return 0;
    }
    int64_t id = 0;
    if (auth_name_taken(d, name)) *err = E_EXISTS;
    else if (org_id > 0 && !auth_org_usable(d, org_id)) *err = E_ORG_MISSING;
    else id = auth_insert_user(d, name, hash, role, org_id, err);
    if (id > 0) {
        json_t *c = json_object();
        json_object_set_new(c, "name", auth_change(NULL, json_string(name)));
        json_object_set_new(c, "role", auth_change(NULL, json_string(auth_role_name(role))));
        if (org_id > 0) json_object_set_new(c, "org_id", auth_change(NULL, json_integer(org_id)));
        if (!auth_audit(d, id, "create", c)) {
            *err = E_SAVE;
            id = 0;
        }
    }
    if (id > 0 && db_commit(d)) return id;
    if (id > 0) *err = E_SAVE;
    else db_rollback(d);
    return 0;
}

/* True when user_id names a user that is not archived. */
static bool auth_user_active(db *d, int64_t user_id)
{
    db_stmt *st = db_prepare(d, "SELECT 1 FROM users WHERE id = ? AND archived_at IS NULL");
    db_bind_int(st, 1, user_id);
    bool ok = db_step(st) == DB_ROW;
    db_done(st);
    return ok;
}

/* Runs a statement whose parameters are (now, user_id), or just (user_id) when now is
 * NULL; false on a database error. */
static bool auth_exec_user(db *d, const char *sql, int64_t user_id, const char *now)
{
    db_stmt *st = db_prepare(d, sql);
    if (now) db_bind_text(st, 1, now);
    db_bind_int(st, now ? 2 : 1, user_id);
    bool ok = db_step(st) == DB_DONE;
    db_done(st);
    return ok;
}

bool auth_user_set_password(db *d, int64_t user_id, const char *password, const char **err)
{
    const char *e = auth_check_password(password);
    if (e) {
        *err = e;
        return false;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (!auth_hash_password(password, hash)) {
        *err = E_HASH;
        return false;
    }
    if (!db_begin(d)) {
        *err = E_SAVE;
        return false;
    }
    if (!auth_user_active(d, user_id)) {
        db_rollback(d);
        *err = E_NO_USER;
        return false;
    }
    db_stmt *st = db_prepare(d, "UPDATE users SET password_hash = ? WHERE id = ?");
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, user_id);
    bool ok = db_step(st) == DB_DONE;
    db_done(st);
    /* A new password ends every session opened with the old one. */
    ok = ok && auth_exec_user(d, "DELETE FROM sessions WHERE user_id = ?", user_id, NULL);
    json_t *c = json_object();
    json_object_set_new(c, "password", auth_change(json_string("(hidden)"), json_string("(changed)")));
    ok = ok && auth_audit(d, user_id, "update", c);
    return auth_finish(d, ok, err);
}

bool auth_user_archive(db *d, int64_t user_id, const char **err)
{
    if (!db_begin(d)) {
        *err = E_SAVE;
        return false;
    }
    if (!auth_user_active(d, user_id)) {
        db_rollback(d);
        *err = E_NO_USER;
        return false;
    }
    char now[DB_TIME_LEN];
    db_time_now(0, now);
    bool ok = auth_exec_user(d, "UPDATE users SET archived_at = ? WHERE id = ?", user_id, now) &&
              auth_exec_user(d, "DELETE FROM sessions WHERE user_id = ?", user_id, NULL) &&
              auth_exec_user(d, "UPDATE api_tokens SET archived_at = ? "
                                "WHERE user_id = ? AND archived_at IS NULL", user_id, now);
    json_t *c = json_object();
    json_object_set_new(c, "archived_at", auth_change(NULL, json_string(now)));
    ok = ok && auth_audit(d, user_id, "archive", c);
    return auth_finish(d, ok, err);
}

bool auth_user_find(db *d, arena *a, const char *name, web_user *out)
{
    if (!auth_valid_name(name)) return false;
    db_stmt *st = db_prepare(d, "SELECT id, name, role, org_id FROM users "
                                "WHERE name = ? AND archived_at IS NULL");
    db_bind_text(st, 1, name);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        web_role role = ROLE_NONE;
        auth_role_parse(db_col_text(st, 2), &role);
        *out = (web_user){ db_col_int(st, 0), arena_strdup(a, db_col_text(st, 1)), role,
                           db_col_null(st, 3) ? 0 : db_col_int(st, 3) };
    }
    db_done(st);
    return found;
}
