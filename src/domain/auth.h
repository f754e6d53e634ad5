/* auth.h — accounts: users with roles and Argon2id password hashes (libsodium),
 * database-stored sessions (so several server processes can share them), API tokens,
 * and login throttling per account and per address. No HTTP here: the web layer maps
 * cookies and headers onto these calls. */
#ifndef KOPIR_DOMAIN_AUTH_H
#define KOPIR_DOMAIN_AUTH_H
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "util/arena.h"
#include "web/web.h"   /* web_role, web_user */

/* Session lifetime and throttling policy. */
#define AUTH_SESSION_SECONDS (12 * 3600)
#define AUTH_MAX_FAILURES_ACCOUNT 5     /* per account within AUTH_THROTTLE_WINDOW */
#define AUTH_MAX_FAILURES_ADDRESS 20    /* per client address within the window */
#define AUTH_THROTTLE_WINDOW 900        /* seconds */
#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 256

/* "admin", "coordinator", "member", "viewer" <-> role. parse returns false if unknown. */
const char *auth_role_name(web_role r);
bool auth_role_parse(const char *s, web_role *out);

/* Creates a user (name unique, 1..64 chars of letters, digits, . _ -). org_id 0 unless
 * ROLE_MEMBER (which requires one). Writes an audit row. Returns the new id, or 0 with
 * a message key in *err ("user.exists", "user.bad_name", "password.too_short", ...). */
int64_t auth_user_add(db *d, const char *name, const char *password, web_role role,
                      int64_t org_id, const char **err);
/* Sets a new password (checks length); audit row. */
bool auth_user_set_password(db *d, int64_t user_id, const char *password, const char **err);
/* Looks up a user by name; false if absent or archived. */
bool auth_user_find(db *d, arena *a, const char *name, web_user *out);

/* Verifies name+password, honouring throttling (failures are recorded per account and
 * per address; too many -> AUTH_THROTTLED without even checking the password).
 * On success creates a new session (rotation: a fresh id on every login) and returns
 * its token (arena string, 43 chars base64url) and the CSRF token bound to it. */
typedef enum { AUTH_OK = 0, AUTH_BAD_CREDENTIALS, AUTH_THROTTLED } auth_result;
auth_result auth_login(db *d, arena *a, const char *name, const char *password,
                       const char *client_ip, const char **session_token,
                       const char **csrf_token, web_user *user);
/* Resolves a session token from a cookie: fills user and csrf token; false when
 * unknown or expired. Tokens are stored hashed, compared in constant time. */
bool auth_session_user(db *d, arena *a, const char *session_token, web_user *user,
                       const char **csrf_token);
/* Deletes the session (logout). */
void auth_logout(db *d, const char *session_token);
/* Creates an API token for the user, returns it (shown once; stored hashed). */
const char *auth_token_create(db *d, arena *a, int64_t user_id, const char *label);
/* Resolves "Authorization: Bearer TOKEN". */
bool auth_token_user(db *d, arena *a, const char *token, web_user *user);
/* Constant-time string equality (libsodium). */
bool auth_equal(const char *a, const char *b);

/* ---- additions (storage engineer) ---- */

/* Error texts in *err above are English sentences marked N_(): show them with _(). */

/* Initialises libsodium once (thread-safe; every auth_ call does it too). Aborts when
 * the library cannot start, since no password or token could be handled. */
void auth_init(void);

/* Length of session, CSRF and API tokens: 32 random bytes in base64url, no padding. */
#define AUTH_TOKEN_LEN 43
/* A fresh random token (AUTH_TOKEN_LEN chars + NUL). */
void auth_random_token(char out[AUTH_TOKEN_LEN + 1]);
/* The stored form of a token: BLAKE2b-256 as 64 lowercase hex chars + NUL. */
#define AUTH_HASH_HEX 64
void auth_token_hash(const char *token, char out[AUTH_HASH_HEX + 1]);

/* Archives a user: can no longer log in; sessions deleted, API tokens archived; audit
 * row. false with an error text (N_) when the user is unknown or already archived. */
bool auth_user_archive(db *d, int64_t user_id, const char **err);

#endif
