/* web.h — what a page or API handler sees: the request (with its arena, parameters,
 * user and language), the response it builds, and route registration with a declared
 * permission. The server (src/web/server.c) owns HTTP; handlers never touch
 * libmicrohttpd. HTML output goes through the escaping writer in web/html.h. */
#ifndef KOPIR_WEB_H
#define KOPIR_WEB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/buf.h"

/* Roles, weakest first. A route's permission is the weakest role allowed;
 * PERM_PUBLIC needs no login. */
typedef enum {
    ROLE_NONE = 0,     /* not logged in */
    ROLE_VIEWER,       /* reads everything internal */
    ROLE_MEMBER,       /* organisation member: edits only its own organisation */
    ROLE_COORDINATOR,  /* edits all business records */
    ROLE_ADMIN,        /* also users and settings */
} web_role;

typedef enum {
    PERM_PUBLIC = ROLE_NONE,
    PERM_VIEWER = ROLE_VIEWER,
    PERM_MEMBER = ROLE_MEMBER,
    PERM_COORDINATOR = ROLE_COORDINATOR,
    PERM_ADMIN = ROLE_ADMIN,
} web_perm;

/* The logged-in user, or id 0 / ROLE_NONE. */
typedef struct web_user {
    int64_t id;
    const char *name;
    web_role role;
    int64_t org_id;        /* organisation of a ROLE_MEMBER, else 0 */
} web_user;

/* One name=value pair (query string, form field, path parameter, cookie). */
typedef struct web_pair {
    const char *name, *value;
} web_pair;

typedef struct web_req {
    arena *arena;          /* everything of this request; freed when the response is sent */
    db *db;                /* this thread's connection */
    const char *method;    /* "GET", "POST", "PATCH", ... */
    const char *path;      /* decoded path without the query string and without a /kk /ru /zh /en prefix */
    bool api;              /* path starts with /api/ */
    lang_id lang;          /* chosen language (also set as the thread's i18n language) */
    web_user user;
    const char *csrf;      /* this session's CSRF token; for anonymous page requests the pre-session
                            * token of the kopir_csrf cookie (double submit); NULL for API calls without a session */
    const char *client_ip;
    int nparams, nquery, nform, ncookies;
    web_pair *params;      /* path parameters, e.g. {id} */
    web_pair *query;       /* decoded query string */
    web_pair *form;        /* decoded application/x-www-form-urlencoded or multipart fields */
    web_pair *cookies;
    const char *body;      /* raw body (NUL-terminated), for JSON and file uploads */
    size_t body_len;
    const char *content_type;
    /* ---- the response ---- */
    int status;            /* 200 unless changed */
    const char *resp_type; /* Content-Type; default "text/html; charset=utf-8" */
    buf out;               /* the response body */
    int nheaders;
    web_pair headers[16];  /* extra response headers */
    /* ---- uploads (multipart/form-data): file fields also appear in form[] with their
     * contents as the value; here with file name and length ---- */
    int nfiles;
    struct web_file *files;
} web_req;

/* One uploaded file of a multipart body. data is NUL-terminated (len excludes the NUL)
 * and not checked for UTF-8: the importer validates what it reads. */
typedef struct web_file {
    const char *field;         /* form field name */
    const char *filename;      /* as the browser sent it (may be ""); never a path to use */
    const char *content_type;  /* as sent, or "application/octet-stream" */
    const char *data;
    size_t len;
} web_file;

typedef void (*web_handler)(web_req *r);

/* Registers a route. pattern is a path with {name} segments ("/orgs/{id}/edit").
 * perm is checked by the router BEFORE the handler runs: not logged in -> redirect to
 * /login for pages, 401 for the API; logged in without the role -> 403. Handlers that
 * need finer checks (a member editing only its own organisation) do them too.
 * State-changing methods (POST, PATCH, PUT, DELETE) also get the CSRF check in the
 * router when the request is authenticated by cookie. Call at start-up only. */
void web_route(const char *method, const char *pattern, web_perm perm, web_handler h);

/* Walks the registered routes (for the role-matrix test and docs). */
typedef struct web_route_info {
    const char *method, *pattern;
    web_perm perm;
} web_route_info;
int web_route_count(void);
web_route_info web_route_at(int i);

/* Registers every module's routes: calls each *_routes() function (src/web/routes.c). */
void web_routes_register_all(void);

/* ---- request helpers ---- */

/* Value of the path parameter / query field / form field / cookie, or NULL. */
const char *web_param(web_req *r, const char *name);
const char *web_query(web_req *r, const char *name);
const char *web_form(web_req *r, const char *name);
const char *web_cookie(web_req *r, const char *name);
/* All values of a repeated form field (checkboxes, multi-selects); *n receives the count. */
const char **web_form_all(web_req *r, const char *name, int *n);
/* Path parameter as a positive integer id; 0 when absent or not a valid id. */
int64_t web_param_id(web_req *r, const char *name);
/* The uploaded file of field name, or NULL. */
const web_file *web_upload(web_req *r, const char *name);
/* Integer query value clamped to [min, max], or def when absent/invalid. */
long web_query_int(web_req *r, const char *name, long def, long min, long max);

/* ---- response helpers ---- */

void web_set_header(web_req *r, const char *name, const char *value);
/* Adds a Set-Cookie header: Path=/, HttpOnly, SameSite=Lax, plus Secure when the server
 * runs with --secure-cookies; max_age in seconds, 0 deletes the cookie, -1 makes it a
 * session cookie. value must be cookie-safe (base64url, digits, letters). */
void web_set_cookie(web_req *r, const char *name, const char *value, long max_age);
/* Whether cookies get the Secure attribute (set once at start by `kopir serve`). */
void web_cookies_secure(bool on);
/* 303 See Other to a local path (prefixed with the request's language). */
void web_redirect(web_req *r, const char *path);
/* An error page (HTML) or error object (API) with status and a translated message. */
void web_error(web_req *r, int status, const char *message);
/* URL of a local path in the request's language: "/ru/orgs/5" (arena string). */
const char *web_url(web_req *r, const char *path);

/* ---- JSON API helpers (jansson) ---- */
struct json_t;
/* Sends v (takes the reference) with status. */
void web_json(web_req *r, int status, struct json_t *v);
/* Sends {"error": {"code": code, "message": message, "field": field|null}} with status;
 * message is already translated. */
void web_json_error(web_req *r, int status, const char *code, const char *message, const char *field);
/* Parses the request body as a JSON object; on failure sends a 400 error (415 when the
 * Content-Type is not application/json) and returns NULL. The caller owns the returned
 * reference (json_decref it). */
struct json_t *web_json_body(web_req *r);

#endif
