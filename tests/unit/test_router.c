/* test_router.c — route matching ({name} parameters, literal precedence, trailing
 * slash, HEAD, 404 vs 405 with Allow) and the access decision (login redirect, 401,
 * 403, CSRF with cookie, Bearer and anonymous requests) as pure functions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/router.h"

static void h_list(web_req *r) { (void)r; }
static void h_new(web_req *r) { (void)r; }
static void h_show(web_req *r) { (void)r; }
static void h_edit(web_req *r) { (void)r; }
static void h_save(web_req *r) { (void)r; }
static void h_root(web_req *r) { (void)r; }
static void h_member(web_req *r) { (void)r; }

static int setup(void **st)
{
    (void)st;
    web_router_reset();
    web_route("GET", "/", PERM_PUBLIC, h_root);
    web_route("GET", "/orgs", PERM_PUBLIC, h_list);
    web_route("GET", "/orgs/{id}", PERM_PUBLIC, h_show);
    web_route("GET", "/orgs/new", PERM_COORDINATOR, h_new);
    web_route("GET", "/orgs/{id}/edit", PERM_MEMBER, h_edit);
    web_route("POST", "/orgs/{id}/edit", PERM_MEMBER, h_save);
    web_route("GET", "/orgs/{id}/members/{uid}", PERM_VIEWER, h_member);
    return 0;
}

static void test_match_literal_and_params(void **st)
{
    (void)st;
    arena *a = arena_new();
    web_match m;
    assert_int_equal(web_router_match(a, "GET", "/orgs", &m), WEB_MATCH_OK);
    assert_ptr_equal(m.handler, h_list);
    assert_int_equal(m.nparams, 0);
    assert_int_equal(web_router_match(a, "GET", "/orgs/42", &m), WEB_MATCH_OK);
    assert_ptr_equal(m.handler, h_show);
    assert_int_equal(m.nparams, 1);
    assert_string_equal(m.params[0].name, "id");
    assert_string_equal(m.params[0].value, "42");
    assert_int_equal(web_router_match(a, "GET", "/orgs/7/members/9", &m), WEB_MATCH_OK);
    assert_ptr_equal(m.handler, h_member);
    assert_int_equal(m.nparams, 2);
    assert_string_equal(m.params[1].name, "uid");
    assert_string_equal(m.params[1].value, "9");
    assert_string_equal(m.pattern, "/orgs/{id}/members/{uid}");
    arena_free(a);
}

static void test_literal_beats_param(void **st)
{
    (void)st;
    arena *a = arena_new();
    web_match m;
    /* registered after /orgs/{id}, still wins */
    assert_int_equal(web_router_match(a, "GET", "/orgs/new", &m), WEB_MATCH_OK);
    assert_ptr_equal(m.handler, h_new);
    assert_int_equal(m.perm, PERM_COORDINATOR);
    arena_free(a);
}

static void test_root_trailing_slash_head(void **st)
{
    (void)st;
    arena *a = arena_new();
    web_match m;
    assert_int_equal(web_router_match(a, "GET", "/", &m), WEB_MATCH_OK);
    assert_ptr_equal(m.handler, h_root);
    assert_int_equal(web_router_match(a, "GET", "/orgs/", &m), WEB_MATCH_OK);
    assert_ptr_equal(m.handler, h_list);
    assert_int_equal(web_router_match(a, "HEAD", "/orgs/5", &m), WEB_MATCH_OK);
    assert_ptr_equal(m.handler, h_show);
    arena_free(a);
}

static void test_not_found_and_bad_method(void **st)
{
    (void)st;
    arena *a = arena_new();
    web_match m;
    assert_int_equal(web_router_match(a, "GET", "/nothing", &m), WEB_MATCH_NOT_FOUND);
    assert_int_equal(web_router_match(a, "GET", "/orgs/5/edit/more", &m), WEB_MATCH_NOT_FOUND);
    assert_int_equal(web_router_match(a, "GET", "/orgs//edit", &m), WEB_MATCH_NOT_FOUND);  /* empty {id} */
    assert_int_equal(web_router_match(a, "GET", "/org", &m), WEB_MATCH_NOT_FOUND);
    assert_int_equal(web_router_match(a, "DELETE", "/orgs/5/edit", &m), WEB_MATCH_BAD_METHOD);
    assert_string_equal(m.allow, "GET, POST");
    assert_int_equal(web_router_match(a, "POST", "/orgs", &m), WEB_MATCH_BAD_METHOD);
    assert_string_equal(m.allow, "GET");
    arena_free(a);
}

static void test_route_table_walk(void **st)
{
    (void)st;
    assert_int_equal(web_route_count(), 7);
    web_route_info ri = web_route_at(4);
    assert_string_equal(ri.method, "GET");
    assert_string_equal(ri.pattern, "/orgs/{id}/edit");
    assert_int_equal(ri.perm, PERM_MEMBER);
    assert_string_equal(web_perm_name(PERM_PUBLIC), "public");
    assert_string_equal(web_perm_name(PERM_COORDINATOR), "coordinator");
}

static void test_decide_roles(void **st)
{
    (void)st;
    /* anonymous: pages redirect to login, the API answers 401 */
    assert_int_equal(web_decide(PERM_VIEWER, ROLE_NONE, false, "GET", WEB_AUTH_NONE, NULL, NULL), WEB_DENY_LOGIN);
    assert_int_equal(web_decide(PERM_VIEWER, ROLE_NONE, true, "GET", WEB_AUTH_NONE, NULL, NULL), WEB_DENY_UNAUTHORIZED);
    assert_int_equal(web_decide(PERM_PUBLIC, ROLE_NONE, false, "GET", WEB_AUTH_NONE, NULL, NULL), WEB_ALLOW);
    /* logged in below the permission: 403; at or above: allowed */
    assert_int_equal(web_decide(PERM_COORDINATOR, ROLE_MEMBER, false, "GET", WEB_AUTH_COOKIE, "t", NULL), WEB_DENY_FORBIDDEN);
    assert_int_equal(web_decide(PERM_COORDINATOR, ROLE_VIEWER, true, "GET", WEB_AUTH_BEARER, NULL, NULL), WEB_DENY_FORBIDDEN);
    assert_int_equal(web_decide(PERM_COORDINATOR, ROLE_COORDINATOR, false, "GET", WEB_AUTH_COOKIE, "t", NULL), WEB_ALLOW);
    assert_int_equal(web_decide(PERM_COORDINATOR, ROLE_ADMIN, false, "GET", WEB_AUTH_COOKIE, "t", NULL), WEB_ALLOW);
    assert_int_equal(web_decide(PERM_ADMIN, ROLE_COORDINATOR, false, "GET", WEB_AUTH_COOKIE, "t", NULL), WEB_DENY_FORBIDDEN);
    /* the role check comes first: anonymous POST to a protected page goes to login */
    assert_int_equal(web_decide(PERM_VIEWER, ROLE_NONE, false, "POST", WEB_AUTH_NONE, NULL, NULL), WEB_DENY_LOGIN);
}

static void test_decide_csrf(void **st)
{
    (void)st;
    const char *tok = "AAAAbbbbCCCCddddEEEEffffGGGGhhhhIIIIjjjjKKK";
    /* cookie sessions: every state-changing method needs the token */
    const char *methods[] = { "POST", "PUT", "PATCH", "DELETE" };
    for (int i = 0; i < 4; i++) {
        assert_int_equal(web_decide(PERM_VIEWER, ROLE_ADMIN, false, methods[i], WEB_AUTH_COOKIE, tok, NULL), WEB_DENY_CSRF);
        assert_int_equal(web_decide(PERM_VIEWER, ROLE_ADMIN, true, methods[i], WEB_AUTH_COOKIE, tok, NULL), WEB_DENY_CSRF);
        assert_int_equal(web_decide(PERM_VIEWER, ROLE_ADMIN, false, methods[i], WEB_AUTH_COOKIE, tok, tok), WEB_ALLOW);
    }
    assert_int_equal(web_decide(PERM_VIEWER, ROLE_ADMIN, false, "POST", WEB_AUTH_COOKIE, tok, ""), WEB_DENY_CSRF);
    assert_int_equal(web_decide(PERM_VIEWER, ROLE_ADMIN, false, "POST", WEB_AUTH_COOKIE, tok,
                                "AAAAbbbbCCCCddddEEEEffffGGGGhhhhIIIIjjjjKKx"), WEB_DENY_CSRF);
    assert_int_equal(web_decide(PERM_VIEWER, ROLE_ADMIN, false, "POST", WEB_AUTH_COOKIE, tok,
                                "AAAAbbbbCCCCddddEEEEffffGGGGhhhhIIIIjjjjKKKK"), WEB_DENY_CSRF);
    assert_int_equal(web_decide(PERM_VIEWER, ROLE_ADMIN, false, "POST", WEB_AUTH_COOKIE, NULL, NULL), WEB_DENY_CSRF);
    assert_int_equal(web_decide(PERM_VIEWER, ROLE_ADMIN, false, "POST", WEB_AUTH_COOKIE, "", ""), WEB_DENY_CSRF);
    /* GET never needs a token; Bearer requests never do */
    assert_int_equal(web_decide(PERM_VIEWER, ROLE_ADMIN, false, "GET", WEB_AUTH_COOKIE, tok, NULL), WEB_ALLOW);
    assert_int_equal(web_decide(PERM_VIEWER, ROLE_ADMIN, true, "POST", WEB_AUTH_BEARER, NULL, NULL), WEB_ALLOW);
    /* anonymous page forms (login): double submit against the pre-session cookie */
    assert_int_equal(web_decide(PERM_PUBLIC, ROLE_NONE, false, "POST", WEB_AUTH_NONE, tok, tok), WEB_ALLOW);
    assert_int_equal(web_decide(PERM_PUBLIC, ROLE_NONE, false, "POST", WEB_AUTH_NONE, tok, NULL), WEB_DENY_CSRF);
    assert_int_equal(web_decide(PERM_PUBLIC, ROLE_NONE, false, "POST", WEB_AUTH_NONE, NULL, tok), WEB_DENY_CSRF);
    /* anonymous API call without any cookie credential: nothing ambient to protect */
    assert_int_equal(web_decide(PERM_PUBLIC, ROLE_NONE, true, "POST", WEB_AUTH_NONE, NULL, NULL), WEB_ALLOW);
    assert_true(web_method_changes_state("PATCH"));
    assert_false(web_method_changes_state("GET"));
    assert_false(web_method_changes_state("HEAD"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_match_literal_and_params, setup),
        cmocka_unit_test_setup(test_literal_beats_param, setup),
        cmocka_unit_test_setup(test_root_trailing_slash_head, setup),
        cmocka_unit_test_setup(test_not_found_and_bad_method, setup),
        cmocka_unit_test_setup(test_route_table_walk, setup),
        cmocka_unit_test(test_decide_roles),
        cmocka_unit_test(test_decide_csrf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
