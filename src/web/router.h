/* router.h — the route table behind web_route(): matching a method and path against
 * patterns with {name} segments, and the access decision (login, role, CSRF) as a pure
 * function so it can be unit-tested without a server. Used by server.c. */
#ifndef KOPIR_WEB_ROUTER_H
#define KOPIR_WEB_ROUTER_H
#include <stdbool.h>
#include "web/web.h"

#define WEB_MAX_ROUTES 512
#define WEB_MAX_PARAMS 8

typedef enum {
    WEB_MATCH_OK = 0,
    WEB_MATCH_NOT_FOUND,     /* no pattern matches the path: 404 */
    WEB_MATCH_BAD_METHOD,    /* a pattern matches, not with this method: 405 with allow */
} web_match_result;

typedef struct web_match {
    web_handler handler;
    web_perm perm;
    const char *pattern;
    int nparams;
    web_pair params[WEB_MAX_PARAMS];   /* values point into the arena */
    char allow[64];                    /* for 405: "GET, POST" */
} web_match;

/* Finds the route for method and decoded path (HEAD matches GET routes; a trailing '/'
 * other than the root is ignored). When several patterns match, the one with a literal
 * segment where another has a parameter wins, left to right ("/orgs/new" beats
 * "/orgs/{id}"). */
web_match_result web_router_match(arena *a, const char *method, const char *path, web_match *m);

/* Forgets every route (tests only). */
void web_router_reset(void);

/* How the request authenticated itself. */
typedef enum { WEB_AUTH_NONE = 0, WEB_AUTH_COOKIE, WEB_AUTH_BEARER } web_auth_kind;

typedef enum {
    WEB_ALLOW = 0,
    WEB_DENY_LOGIN,         /* page, not logged in: 303 to /LANG/login?next=... */
    WEB_DENY_UNAUTHORIZED,  /* API, not logged in: 401 */
    WEB_DENY_FORBIDDEN,     /* logged in without the role: 403 */
    WEB_DENY_CSRF,          /* state change without the right token: 403 */
} web_decision;

/* True for POST, PUT, PATCH and DELETE. */
bool web_method_changes_state(const char *method);

/* The access decision, checked before any handler runs:
 * 1. role >= perm, else LOGIN (page) / UNAUTHORIZED (API) when not logged in, FORBIDDEN
 *    when logged in;
 * 2. a state-changing method needs csrf_given equal (constant time) to csrf_expected,
 *    unless the request authenticated with a Bearer token, or it is an API request
 *    carrying no cookie credentials at all (auth NONE: nothing ambient to abuse).
 *    For anonymous page requests csrf_expected is the pre-session token of the
 *    kopir_csrf cookie (double submit), so a cross-site form still fails.
 * A missing (NULL or empty) expected or given token always fails the CSRF check. */
web_decision web_decide(web_perm perm, web_role role, bool api, const char *method,
                        web_auth_kind auth, const char *csrf_expected, const char *csrf_given);

/* The permission's name for --list-routes: public, viewer, member, coordinator, admin. */
const char *web_perm_name(web_perm p);

#endif
