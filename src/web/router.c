/* router.c — the route table (web_route), path matching with {name} parameters and
 * precedence of literal segments, and the access decision before a handler runs. */
#include "web/router.h"
#include "domain/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct route {
    const char *method, *pattern;
    web_perm perm;
    web_handler handler;
} route;

static route routes[WEB_MAX_ROUTES];
static int nroutes;

void web_route(const char *method, const char *pattern, web_perm perm, web_handler h)
{
    if (nroutes == WEB_MAX_ROUTES || pattern[0] != '/') {
        fprintf(stderr, "kopir: cannot register route %s %s\n", method, pattern);
        abort();
    }
    for (int i = 0; i < nroutes; i++)
        if (strcmp(routes[i].method, method) == 0 && strcmp(routes[i].pattern, pattern) == 0) {
            fprintf(stderr, "kopir: route %s %s registered twice\n", method, pattern);
            abort();
        }
    routes[nroutes++] = (route){ method, pattern, perm, h };
}

int web_route_count(void)
{
    return nroutes;
}

web_route_info web_route_at(int i)
{
    return (web_route_info){ routes[i].method, routes[i].pattern, routes[i].perm };
}

void web_router_reset(void)
{
    nroutes = 0;
}

/* Next segment of *p (after skipping one '/'): start and length; false at the end. */
static bool next_seg(const char **p, const char **seg, size_t *len)
{
    if (**p != '/') return false;
    (*p)++;
    *seg = *p;
    *len = strcspn(*p, "/");
    *p += *len;
    return true;
}

/* Matches pattern against path. score gets one bit per segment, set where the
 * pattern has a literal (higher bits = earlier segments), so literals win. */
static bool match_one(arena *a, const char *pattern, const char *path, web_match *m,
                      unsigned long *score)
{
    const char *pp = pattern, *xp = path;
    int np = 0;
    unsigned long sc = 0;
    /* the root pattern "/" matches only the root */
    if (strcmp(pattern, "/") == 0) {
        *score = ~0UL;
        m->nparams = 0;
        return strcmp(path, "/") == 0;
    }
    for (int depth = 0;; depth++) {
        const char *ps, *xs;
        size_t pl, xl;
        bool hp = next_seg(&pp, &ps, &pl), hx = next_seg(&xp, &xs, &xl);
        if (!hp || !hx) {
            if (hp != hx) return false;
            break;
        }
        sc <<= 1;
        if (pl >= 2 && ps[0] == '{' && ps[pl - 1] == '}') {
            if (xl == 0 || np == WEB_MAX_PARAMS) return false;
            m->params[np].name = arena_strndup(a, ps + 1, pl - 2);
            m->params[np].value = arena_strndup(a, xs, xl);
            np++;
        } else {
            if (pl != xl || memcmp(ps, xs, pl) != 0) return false;
            sc |= 1;
        }
        if (depth > 60) return false;
    }
    m->nparams = np;
    *score = sc;
    return true;
}

web_match_result web_router_match(arena *a, const char *method, const char *path, web_match *m)
{
    memset(m, 0, sizeof *m);
    if (strcmp(method, "HEAD") == 0) method = "GET";
    /* "/orgs/" is "/orgs" */
    size_t len = strlen(path);
    if (len > 1 && path[len - 1] == '/') path = arena_strndup(a, path, len - 1);
    int best = -1;
    unsigned long best_score = 0;
    bool path_known = false;
    web_match tmp;
    for (int i = 0; i < nroutes; i++) {
        unsigned long sc;
        if (!match_one(a, routes[i].pattern, path, &tmp, &sc)) continue;
        path_known = true;
        if (strcmp(routes[i].method, method) != 0) {
            if (!strstr(m->allow, routes[i].method) && strlen(m->allow) + strlen(routes[i].method) + 3 < sizeof m->allow) {
                if (m->allow[0]) strcat(m->allow, ", ");
                strcat(m->allow, routes[i].method);
            }
            continue;
        }
        if (best < 0 || sc > best_score) {
            best = i;
            best_score = sc;
            char allow[sizeof m->allow];
            memcpy(allow, m->allow, sizeof allow);
            *m = tmp;
            memcpy(m->allow, allow, sizeof allow);
        }
    }
    if (best < 0) return path_known ? WEB_MATCH_BAD_METHOD : WEB_MATCH_NOT_FOUND;
    m->handler = routes[best].handler;
    m->perm = routes[best].perm;
    m->pattern = routes[best].pattern;
    return WEB_MATCH_OK;
}

bool web_method_changes_state(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0 || strcmp(method, "DELETE") == 0;
}

web_decision web_decide(web_perm perm, web_role role, bool api, const char *method,
                        web_auth_kind auth, const char *csrf_expected, const char *csrf_given)
{
    if ((int)role < (int)perm) {
        if (role == ROLE_NONE) return api ? WEB_DENY_UNAUTHORIZED : WEB_DENY_LOGIN;
        return WEB_DENY_FORBIDDEN;
    }
    if (!web_method_changes_state(method) || auth == WEB_AUTH_BEARER) return WEB_ALLOW;
    if (api && auth == WEB_AUTH_NONE) return WEB_ALLOW;
    if (!csrf_expected || !*csrf_expected || !csrf_given || !*csrf_given) return WEB_DENY_CSRF;
    return auth_equal(csrf_expected, csrf_given) ? WEB_ALLOW : WEB_DENY_CSRF;
}

const char *web_perm_name(web_perm p)
{
    switch (p) {
    case PERM_PUBLIC: return "public";
    case PERM_VIEWER: return "viewer";
    case PERM_MEMBER: return "member";
    case PERM_COORDINATOR: return "coordinator";
    case PERM_ADMIN: return "admin";
    }
    return "unknown";
}
