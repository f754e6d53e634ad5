/* test_auth.c — accounts: adding users and the validation messages, logins with
 * throttling per account and per address, sessions (lookup, expiry, logout, rotation),
 * password change and archiving, API tokens, and the audit rows they write.
 * Each Argon2id hash costs ~50 ms, so the tests hash a few dozen passwords at most. */
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
#include "domain/auth.h"
#include "test_tmpdb.h"

typedef struct fixture {
    char path[64];
    db *d;
    arena *a;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!tmpdb_create(f->path, "auth")) return -1;
    char err[256];
    f->d = db_open(f->path, err, sizeof err);
    if (!f->d || !db_migrate(f->d, err, sizeof err)) return -1;
    f->a = arena_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    db_close(f->d);
    arena_free(f->a);
    tmpdb_remove(f->path);
    free(f);
    return 0;
}

static int count(db *d, const char *sql)
{
    db_stmt *st = db_prepare(d, sql);
    int n = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : -1;
    db_done(st);
    return n;
}

static int64_t add_org(db *d)
{
    assert_true(db_exec(d, "INSERT INTO organisations (kind, country, created_at, updated_at) "
                           "VALUES ('company', 'KZ', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z')"));
    return db_last_id(d);
}

static void test_roles(void **state)
{
    (void)state;
    web_role r = ROLE_NONE;
    assert_true(auth_role_parse("coordinator", &r));
    assert_int_equal(r, ROLE_COORDINATOR);
    assert_false(auth_role_parse("root", &r));
    assert_false(auth_role_parse(NULL, &r));
    assert_string_equal(auth_role_name(ROLE_ADMIN), "admin");
    assert_string_equal(auth_role_name(ROLE_VIEWER), "viewer");
    assert_true(auth_equal("abc", "abc"));
    assert_false(auth_equal("abc", "abd"));
    assert_false(auth_equal("abc", "abcd"));
    assert_false(auth_equal(NULL, "abc"));
    char t1[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1];
    auth_random_token(t1);
    auth_random_token(t2);
    assert_int_equal(strlen(t1), AUTH_TOKEN_LEN);
    assert_int_equal(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), AUTH_TOKEN_LEN);
    assert_string_not_equal(t1, t2);
}

static void test_user_add_and_audit(void **state)
{
    fixture *f = *state;
    const char *err = NULL;
    int64_t id = auth_user_add(f->d, "aigul.s", "correct horse", ROLE_ADMIN, 0, &err);
    assert_true(id > 0);
    web_user u;
    assert_true(auth_user_find(f->d, f->a, "aigul.s", &u));
    assert_int_equal(u.id, id);
    assert_string_equal(u.name, "aigul.s");
    assert_int_equal(u.role, ROLE_ADMIN);
    assert_int_equal(u.org_id, 0);
    assert_true(auth_user_find(f->d, f->a, "AIGUL.S", &u)); /* names are case-insensitive */
    assert_false(auth_user_find(f->d, f->a, "nobody", &u));
    /* The hash is Argon2id, never the password. */
    db_stmt *st = db_prepare(f->d, "SELECT password_hash FROM users WHERE id = ?");
    db_bind_int(st, 1, id);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(strncmp(db_col_text(st, 0), "$argon2id$", 10), 0);
    db_done(st);
    st = db_prepare(f->d, "SELECT user_id, entity, entity_id, action, changes FROM audit_log");
    assert_int_equal(db_step(st), DB_ROW);
    assert_true(db_col_null(st, 0));
    assert_string_equal(db_col_text(st, 1), "user");
    assert_int_equal(db_col_int(st, 2), id);
    assert_string_equal(db_col_text(st, 3), "create");
    assert_string_equal(db_col_text(st, 4),
                        "{\"name\":{\"new\":\"aigul.s\",\"old\":null},\"role\":{\"new\":\"admin\",\"old\":null}}");
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
}

static void test_user_add_errors(void **state)
{
    fixture *f = *state;
    const char *err = NULL;
    assert_true(auth_user_add(f->d, "wang.li", "correct horse", ROLE_VIEWER, 0, &err) > 0);
    assert_int_equal(auth_user_add(f->d, "Wang.Li", "another pass", ROLE_VIEWER, 0, &err), 0);
    assert_string_equal(err, "A user with this name already exists.");
    assert_int_equal(auth_user_add(f->d, "bad name", "correct horse", ROLE_VIEWER, 0, &err), 0);
    assert_string_equal(err, "A user name must be 1 to 64 characters long and use only Latin letters, digits, dots, hyphens or underscores.");
    assert_int_equal(auth_user_add(f->d, "", "correct horse", ROLE_VIEWER, 0, &err), 0);
    assert_string_equal(err, "A user name must be 1 to 64 characters long and use only Latin letters, digits, dots, hyphens or underscores.");
    assert_int_equal(auth_user_add(f->d, "short", "1234567", ROLE_VIEWER, 0, &err), 0);
    assert_string_equal(err, "The password must be at least 8 characters long.");
    /* Eight Cyrillic letters are eight characters (16 bytes). */
    assert_int_equal(auth_user_add(f->d, "short", "пароль", ROLE_VIEWER, 0, &err), 0);
    assert_string_equal(err, "The password must be at least 8 characters long.");
    char big[300];
    memset(big, 'x', 257);
    big[257] = '\0';
    assert_int_equal(auth_user_add(f->d, "long", big, ROLE_VIEWER, 0, &err), 0);
    assert_string_equal(err, "The password must be at most 256 characters long.");
    assert_int_equal(auth_user_add(f->d, "norole", "correct horse", ROLE_NONE, 0, &err), 0);
    assert_string_equal(err, "Unknown role: choose admin, coordinator, member or viewer.");
    assert_int_equal(auth_user_add(f->d, "member1", "correct horse", ROLE_MEMBER, 0, &err), 0);
    assert_string_equal(err, "A member account must belong to an organisation.");
    assert_int_equal(auth_user_add(f->d, "coord", "correct horse", ROLE_COORDINATOR, 5, &err), 0);
    assert_string_equal(err, "Only member accounts belong to an organisation.");
    assert_int_equal(auth_user_add(f->d, "member1", "correct horse", ROLE_MEMBER, 999, &err), 0);
    assert_string_equal(err, "This organisation does not exist or is archived.");
    /* Nothing but the first user was written. */
    assert_int_equal(count(f->d, "SELECT count(*) FROM users"), 1);
    assert_int_equal(count(f->d, "SELECT count(*) FROM audit_log"), 1);
    /* A member with a real organisation. */
    int64_t org = add_org(f->d);
    int64_t id = auth_user_add(f->d, "member1", "пароль-пароль", ROLE_MEMBER, org, &err);
    assert_true(id > 0);
    web_user u;
    assert_true(auth_user_find(f->d, f->a, "member1", &u));
    assert_int_equal(u.role, ROLE_MEMBER);
    assert_int_equal(u.org_id, org);
}

static void test_login_and_sessions(void **state)
{
    fixture *f = *state;
    const char *err = NULL, *tok = NULL, *csrf = NULL, *csrf2 = NULL;
    int64_t id = auth_user_add(f->d, "dana", "correct horse", ROLE_COORDINATOR, 0, &err);
    web_user u;
    assert_int_equal(auth_login(f->d, f->a, "dana", "wrong horse", "10.0.0.1", &tok, &csrf, &u),
                     AUTH_BAD_CREDENTIALS);
    assert_null(tok);
    assert_int_equal(u.id, 0);
    assert_int_equal(auth_login(f->d, f->a, "nobody", "correct horse", "10.0.0.1", &tok, &csrf, &u),
                     AUTH_BAD_CREDENTIALS);
    assert_int_equal(auth_login(f->d, f->a, "DANA", "correct horse", "10.0.0.1", &tok, &csrf, &u), AUTH_OK);
    assert_int_equal(u.id, id);
    assert_int_equal(u.role, ROLE_COORDINATOR);
    assert_int_equal(strlen(tok), AUTH_TOKEN_LEN);
    assert_int_equal(strlen(csrf), AUTH_TOKEN_LEN);
    /* The token itself is not stored, only its hash. */
    char hash[AUTH_HASH_HEX + 1];
    auth_token_hash(tok, hash);
    db_stmt *st = db_prepare(f->d, "SELECT token_hash, client_ip FROM sessions");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), hash);
    assert_string_equal(db_col_text(st, 1), "10.0.0.1");
    db_done(st);

    web_user s;
    assert_true(auth_session_user(f->d, f->a, tok, &s, &csrf2));
    assert_int_equal(s.id, id);
    assert_string_equal(s.name, "dana");
    assert_string_equal(csrf2, csrf);
    assert_false(auth_session_user(f->d, f->a, "not-a-token", &s, &csrf2));
    assert_false(auth_session_user(f->d, f->a, NULL, &s, &csrf2));
    char other[AUTH_TOKEN_LEN + 1];
    auth_random_token(other);
    assert_false(auth_session_user(f->d, f->a, other, &s, &csrf2));

    /* Rotation: every login makes a new session; the old one stays until logout. */
    const char *tok2 = NULL;
    assert_int_equal(auth_login(f->d, f->a, "dana", "correct horse", "10.0.0.2", &tok2, &csrf2, &u), AUTH_OK);
    assert_string_not_equal(tok, tok2);
    assert_string_not_equal(csrf, csrf2);
    assert_int_equal(count(f->d, "SELECT count(*) FROM sessions"), 2);
    auth_logout(f->d, tok);
    assert_false(auth_session_user(f->d, f->a, tok, &s, NULL));
    assert_true(auth_session_user(f->d, f->a, tok2, &s, NULL));

    /* Expiry: an expired session is refused, and swept at the next login. */
    assert_true(db_exec(f->d, "UPDATE sessions SET expires_at = '2001-01-01T00:00:00Z'"));
    assert_false(auth_session_user(f->d, f->a, tok2, &s, NULL));
    const char *tok3 = NULL;
    assert_int_equal(auth_login(f->d, f->a, "dana", "correct horse", NULL, &tok3, &csrf2, &u), AUTH_OK);
    assert_int_equal(count(f->d, "SELECT count(*) FROM sessions"), 1);
    assert_true(auth_session_user(f->d, f->a, tok3, &s, NULL));

    /* A new password ends the sessions and changes what logs in. */
    assert_true(auth_user_set_password(f->d, id, "battery staple", &err));
    assert_false(auth_session_user(f->d, f->a, tok3, &s, NULL));
    assert_int_equal(auth_login(f->d, f->a, "dana", "correct horse", NULL, &tok3, &csrf2, &u),
                     AUTH_BAD_CREDENTIALS);
    assert_int_equal(auth_login(f->d, f->a, "dana", "battery staple", NULL, &tok3, &csrf2, &u), AUTH_OK);
    assert_false(auth_user_set_password(f->d, id, "short", &err));
    assert_string_equal(err, "The password must be at least 8 characters long.");
    assert_false(auth_user_set_password(f->d, 9999, "long enough", &err));
    assert_string_equal(err, "This user does not exist or is archived.");
    assert_int_equal(count(f->d, "SELECT count(*) FROM audit_log WHERE entity = 'user' AND action = 'update' "
                                 "AND changes NOT LIKE '%battery%'"), 1);
}

static void test_throttle_account(void **state)
{
    fixture *f = *state;
    const char *err = NULL, *tok, *csrf;
    web_user u;
    auth_user_add(f->d, "erlan", "correct horse", ROLE_VIEWER, 0, &err);
    auth_user_add(f->d, "li.na", "correct horse", ROLE_VIEWER, 0, &err);
    /* Four failures, then a success clears them... */
    for (int i = 0; i < 4; i++)
        assert_int_equal(auth_login(f->d, f->a, "erlan", "bad password", "10.1.0.1", &tok, &csrf, &u),
                         AUTH_BAD_CREDENTIALS);
    assert_int_equal(auth_login(f->d, f->a, "erlan", "correct horse", "10.1.0.1", &tok, &csrf, &u), AUTH_OK);
    assert_int_equal(count(f->d, "SELECT count(*) FROM login_failures WHERE kind = 'account'"), 0);
    /* ...five failures (from anywhere, any letter case) lock the account. */
    for (int i = 0; i < 5; i++) {
        char ip[32];
        snprintf(ip, sizeof ip, "10.2.0.%d", i);
        assert_int_equal(auth_login(f->d, f->a, i % 2 ? "ERLAN" : "erlan", "bad password", ip, &tok, &csrf, &u),
                         AUTH_BAD_CREDENTIALS);
    }
    assert_int_equal(auth_login(f->d, f->a, "erlan", "correct horse", "10.9.9.9", &tok, &csrf, &u),
                     AUTH_THROTTLED);
    assert_null(tok);
    /* Other accounts are unaffected; failures older than the window no longer count. */
    assert_int_equal(auth_login(f->d, f->a, "li.na", "correct horse", "10.9.9.9", &tok, &csrf, &u), AUTH_OK);
    assert_true(db_exec(f->d, "UPDATE login_failures SET at = '2001-01-01T00:00:00Z'"));
    assert_int_equal(auth_login(f->d, f->a, "erlan", "correct horse", "10.9.9.9", &tok, &csrf, &u), AUTH_OK);
}

static void test_throttle_address(void **state)
{
    fixture *f = *state;
    const char *err = NULL, *tok, *csrf;
    web_user u;
    auth_user_add(f->d, "saule", "correct horse", ROLE_VIEWER, 0, &err);
    /* Twenty failures from one address with different names. Names longer than 64 can
     * never exist, so these fail without spending an Argon2 hash each. */
    for (int i = 0; i < AUTH_MAX_FAILURES_ADDRESS; i++) {
        char name[80];
        snprintf(name, sizeof name, "%02d%s", i,
                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        assert_int_equal(auth_login(f->d, f->a, name, "whatever1", "192.0.2.7", &tok, &csrf, &u),
                         AUTH_BAD_CREDENTIALS);
    }
    assert_int_equal(count(f->d, "SELECT count(*) FROM login_failures WHERE kind = 'address'"), 20);
    assert_int_equal(auth_login(f->d, f->a, "saule", "correct horse", "192.0.2.7", &tok, &csrf, &u),
                     AUTH_THROTTLED);
    assert_int_equal(auth_login(f->d, f->a, "saule", "correct horse", "192.0.2.8", &tok, &csrf, &u), AUTH_OK);
}

static void test_archive(void **state)
{
    fixture *f = *state;
    const char *err = NULL, *tok, *csrf;
    web_user u;
    int64_t id = auth_user_add(f->d, "gone", "correct horse", ROLE_VIEWER, 0, &err);
    assert_int_equal(auth_login(f->d, f->a, "gone", "correct horse", NULL, &tok, &csrf, &u), AUTH_OK);
    const char *api = auth_token_create(f->d, f->a, id, "script");
    assert_non_null(api);
    assert_true(auth_user_archive(f->d, id, &err));
    assert_false(auth_session_user(f->d, f->a, tok, &u, NULL));
    assert_false(auth_token_user(f->d, f->a, api, &u));
    assert_false(auth_user_find(f->d, f->a, "gone", &u));
    assert_int_equal(auth_login(f->d, f->a, "gone", "correct horse", NULL, &tok, &csrf, &u),
                     AUTH_BAD_CREDENTIALS);
    assert_false(auth_user_archive(f->d, id, &err));
    assert_string_equal(err, "This user does not exist or is archived.");
    assert_null(auth_token_create(f->d, f->a, id, "again"));
    assert_int_equal(count(f->d, "SELECT count(*) FROM audit_log WHERE entity = 'user' AND action = 'archive'"), 1);
    /* The name stays taken: archived records are kept. */
    assert_int_equal(auth_user_add(f->d, "gone", "correct horse", ROLE_VIEWER, 0, &err), 0);
    assert_string_equal(err, "A user with this name already exists.");
}

static void test_api_tokens(void **state)
{
    fixture *f = *state;
    const char *err = NULL;
    int64_t id = auth_user_add(f->d, "bot", "correct horse", ROLE_COORDINATOR, 0, &err);
    const char *t = auth_token_create(f->d, f->a, id, "import script");
    assert_non_null(t);
    assert_int_equal(strlen(t), AUTH_TOKEN_LEN);
    assert_int_equal(count(f->d, "SELECT count(*) FROM api_tokens WHERE last_used_at IS NULL"), 1);
    web_user u;
    assert_true(auth_token_user(f->d, f->a, t, &u));
    assert_int_equal(u.id, id);
    assert_string_equal(u.name, "bot");
    assert_int_equal(u.role, ROLE_COORDINATOR);
    assert_int_equal(count(f->d, "SELECT count(*) FROM api_tokens WHERE last_used_at IS NOT NULL"), 1);
    char unknown[AUTH_TOKEN_LEN + 1];
    auth_random_token(unknown);
    assert_false(auth_token_user(f->d, f->a, unknown, &u));
    assert_false(auth_token_user(f->d, f->a, "", &u));
    assert_false(auth_token_user(f->d, f->a, "short", &u));
    /* No token for a user that does not exist. */
    assert_null(auth_token_create(f->d, f->a, 9999, "nobody"));
    assert_int_equal(count(f->d, "SELECT count(*) FROM api_tokens"), 1);
    assert_int_equal(count(f->d, "SELECT count(*) FROM audit_log WHERE entity = 'api_token' AND action = 'create'"), 1);
    char hash[AUTH_HASH_HEX + 1];
    auth_token_hash(t, hash);
    db_stmt *st = db_prepare(f->d, "SELECT token_hash, label FROM api_tokens");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), hash);
    assert_string_equal(db_col_text(st, 1), "import script");
    db_done(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles),
        cmocka_unit_test_setup_teardown(test_user_add_and_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user_add_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_and_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_account, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_address, setup, teardown),
        cmocka_unit_test_setup_teardown(test_archive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_api_tokens, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
