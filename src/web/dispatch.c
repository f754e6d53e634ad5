/* dispatch.c — the request pipeline of dispatch.h, in order: path and language, query,
 * cookies, authentication, body, route, access decision, handler. Every early exit
 * answers with a translated error page (or JSON error for /api/). */
#include "web/dispatch.h"
#include "domain/auth.h"
#include "util/text.h"
#include "web/form_parse.h"
#include "web/page_cache.h"
#include "web/router.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define LANG_COOKIE "kopir_lang"
#define SESSION_COOKIE "kopir_session"
#define PRESESSION_COOKIE "kopir_csrf"

static void extra_cookie(web_req *r, web_extra *x, const char *name, const char *value, long max_age)
{
    /* web_set_cookie formats the header; move it from r->headers into extra so that an
     * error page (which resets r->headers) keeps it */
    web_set_cookie(r, name, value, max_age);
    r->nheaders--;
    if (x->n < (int)(sizeof x->h / sizeof x->h[0])) x->h[x->n++] = r->headers[r->nheaders];
}

/* Strips a /kk /ru /zh /en prefix from path (decoded) and sets r->lang; true if found. */
static bool lang_prefix(web_req *r, const char **path)
{
    const char *p = *path;
    if (p[0] != '/' || !p[1] || !p[2] || (p[3] != '/' && p[3] != '\0')) return false;
    char code[3] = { p[1], p[2], 0 };
    lang_id l;
    /* only lower-case two-letter codes: "/kk-KZ" or "/KK" are not prefixes */
    if (code[0] < 'a' || code[0] > 'z' || code[1] < 'a' || code[1] > 'z' || !i18n_parse(code, &l))
        return false;
    r->lang = l;
    *path = p[3] ? p + 3 : "/";
    return true;
}

/* Picks the language for a request without a prefix. */
static lang_id lang_fallback(web_req *r, const web_input *in)
{
    lang_id l;
    const char *q = r->api ? web_query(r, "lang") : web_cookie(r, LANG_COOKIE);
    if (q && i18n_parse(q, &l)) return l;
    return i18n_from_accept_language(in->accept_language, LANG_RU);
}

/* Decodes the path; false (after answering 400) when it is not valid UTF-8. */
static bool decode_path(web_req *r, const web_input *in, const char **path)
{
    size_t len;
    char *p = form_url_decode(r->arena, in->path, strlen(in->path), false, &len);
    if (!p || !text_valid_utf8(p, len) || p[0] != '/') {
        r->path = "/";
        r->api = strncmp(in->path, "/api/", 5) == 0;
        web_error(r, 400, _("The address of the page is not valid."));
        return false;
    }
    *path = p;
    return true;
}

/* Authenticates by Bearer token or session cookie; false after answering 401 for a bad
 * token. Returns how the request authenticated in *auth. */
static bool authenticate(web_req *r, const web_input *in, web_extra *x, web_auth_kind *auth)
{
    *auth = WEB_AUTH_NONE;
    const char *h = in->authorization;
    if (h) {
        if (strncasecmp(h, "Bearer ", 7) != 0 || !r->db ||
            !auth_token_user(r->db, r->arena, h + 7, &r->user)) {
            memset(&r->user, 0, sizeof r->user);
            if (r->api) web_json_error(r, 401, "unauthorized", _("The API token is not valid."), NULL);
            else web_error(r, 401, _("The API token is not valid."));
            web_set_header(r, "WWW-Authenticate", "Bearer");   /* after web_error, which resets headers */
            return false;
        }
        *auth = WEB_AUTH_BEARER;
        return true;
    }
    const char *s = web_cookie(r, SESSION_COOKIE);
    if (s && *s) {
        const char *csrf = NULL;
        if (r->db && auth_session_user(r->db, r->arena, s, &r->user, &csrf)) {
            r->csrf = csrf;
            *auth = WEB_AUTH_COOKIE;
            return true;
        }
        memset(&r->user, 0, sizeof r->user);
        extra_cookie(r, x, SESSION_COOKIE, "", 0);   /* expired or unknown: forget it */
    }
    if (!r->api) {
        /* pre-session CSRF token (double submit) so that anonymous forms, the login form
         * above all, cannot be posted from another site */
        const char *t = web_cookie(r, PRESESSION_COOKIE);
        if (!t || strlen(t) != AUTH_TOKEN_LEN) {
            char fresh[AUTH_TOKEN_LEN + 1];
            auth_random_token(fresh);
            t = arena_strdup(r->arena, fresh);
            extra_cookie(r, x, PRESESSION_COOKIE, t, -1);
        }
        r->csrf = t;
    }
    return true;
}

/* Parses the body by Content-Type into r->form / r->files; false after answering. */
static bool parse_body(web_req *r, const web_input *in)
{
    r->body = in->body ? in->body : "";
    r->body_len = in->body_len;
    r->content_type = in->content_type;
    if (!in->body_len || !in->content_type) return true;
    form_limits lim = FORM_LIMITS_DEFAULT;
    form_status st = FORM_OK;
    const char *bad = NULL;
    if (strncasecmp(in->content_type, "application/x-www-form-urlencoded", 33) == 0) {
        st = form_parse_urlencoded(r->arena, in->body, in->body_len, &lim, &r->form, &r->nform, &bad);
    } else if (strncasecmp(in->content_type, "multipart/form-data", 19) == 0) {
        const char *b = form_multipart_boundary(r->arena, in->content_type);
        st = b ? form_parse_multipart(r->arena, in->body, in->body_len, b, &lim, &r->form,
                                      &r->nform, &r->files, &r->nfiles, &bad)
               : FORM_MALFORMED;
    } else {
        return true;   /* JSON and others: handlers read r->body */
    }
    if (st == FORM_OK) return true;
    r->nform = 0;
    r->nfiles = 0;
    int status = form_status_http(st);
    if (r->api) web_json_error(r, status, status == 413 ? "too_large" : "bad_form",
                               form_status_message(st), bad);
    else web_error(r, status, form_status_message(st));
    return false;
}

/* Answers a denied access decision. */
static void deny(web_req *r, web_decision d, const char *raw_query)
{
    switch (d) {
    case WEB_DENY_LOGIN: {
        const char *here = web_url(r, r->path);
        if (raw_query && *raw_query) here = arena_printf(r->arena, "%s?%s", here, raw_query);
        buf b = BUF_INIT;
        buf_puts(&b, "/login?next=");
        for (const unsigned char *p = (const unsigned char *)here; *p; p++) {
            if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                strchr("-._~", *p))
                buf_putc(&b, (char)*p);
            else
                buf_printf(&b, "%%%02X", *p);
        }
        web_redirect(r, arena_strdup(r->arena, buf_str(&b)));
        buf_free(&b);
        break;
    }
    case WEB_DENY_UNAUTHORIZED:
        web_set_header(r, "WWW-Authenticate", "Bearer");
        web_json_error(r, 401, "unauthorized", _("Log in or send an API token to use this."), NULL);
        break;
    case WEB_DENY_CSRF:
        web_error(r, 403, _("The form has expired or did not come from this site. Please go back, reload the page and try again."));
        break;
    default:
        web_error(r, 403, _("You do not have permission to do this."));
    }
}

/* Whether the answer may come from / go to the page cache: an anonymous GET whose
 * cookies can only be the language and the pre-session CSRF token (the language is in
 * the key, the token is checked against the answer); any other cookie, such as a flash
 * notice, may change the page. */
static bool cache_candidate(const web_req *r, web_auth_kind auth)
{
    if (strcmp(r->method, "GET") != 0 || auth != WEB_AUTH_NONE || r->user.id || !r->db) return false;
    for (int i = 0; i < r->ncookies; i++)
        if (strcmp(r->cookies[i].name, LANG_COOKIE) != 0 && strcmp(r->cookies[i].name, PRESESSION_COOKIE) != 0)
            return false;
    return true;
}

/* Runs the handler, through the page cache when the request allows it (page_cache.h;
 * the stamp protocol is in db.h). */
static void run_handler(web_req *r, const web_input *in, web_handler handler, web_auth_kind auth)
{
    if (!cache_candidate(r, auth)) {
        handler(r);
        return;
    }
    const char *key = arena_printf(r->arena, "%s %s?%s", i18n_code(r->lang), in->path, in->query ? in->query : "");
    uint64_t before = db_stamp();
    db_stamp_check(r->db);
    if (web_cache_get(r, key, db_stamp())) return;
    web_cache_reset();
    handler(r);
    if (!web_cache_allowed() || r->status != 200 || db_stamp() != before) return;
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, "Set-Cookie") == 0) return;
    if (r->csrf && r->out.len && memmem(r->out.data, r->out.len, r->csrf, strlen(r->csrf))) return;
    web_cache_put(r, key, before);
}

/* The defaults every response starts from. */
static void req_init(web_req *r, const web_input *in)
{
    r->method = in->method;
    r->client_ip = in->client_ip;
    r->status = 200;
    r->resp_type = "text/html; charset=utf-8";
    r->lang = LANG_RU;
    r->path = "/";
    i18n_set_lang(LANG_RU);
    form_parse_cookies(r->arena, in->cookie, &r->cookies, &r->ncookies);
}

void web_dispatch_error(web_req *r, const web_input *in, int status, const char *message)
{
    req_init(r, in);
    const char *path = in->path;
    r->api = strncmp(path, "/api/", 5) == 0;
    if (!lang_prefix(r, &path)) r->lang = lang_fallback(r, in);
    r->api = r->api || strncmp(path, "/api/", 5) == 0;
    i18n_set_lang(r->lang);
    web_error(r, status, _(message));
}

/* The pipeline; web_dispatch wraps it in the read snapshot. */
static void dispatch_request(web_req *r, const web_input *in, web_extra *x)
{
    req_init(r, in);
    const char *path;
    if (!decode_path(r, in, &path)) return;
    bool prefixed = lang_prefix(r, &path);
    r->path = path;
    r->api = strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
    form_limits lim = FORM_LIMITS_DEFAULT;
    form_status qs = in->query ? form_parse_urlencoded(r->arena, in->query, strlen(in->query), &lim,
                                                       &r->query, &r->nquery, NULL)
                               : FORM_OK;
    if (!prefixed) r->lang = lang_fallback(r, in);
    else if (!r->api) {
        const char *c = web_cookie(r, LANG_COOKIE);
        if (!c || strcmp(c, i18n_code(r->lang)) != 0)
            extra_cookie(r, x, LANG_COOKIE, i18n_code(r->lang), 365L * 24 * 3600);
    }
    i18n_set_lang(r->lang);
    if (qs != FORM_OK) {
        r->nquery = 0;
        web_error(r, form_status_http(qs), form_status_message(qs));
        return;
    }
    if (!prefixed && !r->api && strcmp(path, "/") == 0) {   /* "/" -> "/LANG/" */
        web_redirect(r, "/");
        return;
    }
    r->db = db_thread();
    /* GET and HEAD only read (a write among them, such as a token's last-used time,
     * ends the snapshot first: db.h), so one read transaction serves the whole
     * request instead of one per statement. */
    if (r->db && (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)) db_read_begin(r->db);
    web_auth_kind auth;
    if (!authenticate(r, in, x, &auth)) return;
    if (!r->db) {
        web_error(r, 503, _("The service is temporarily unavailable. Please try again in a minute."));
        return;
    }
    if (!parse_body(r, in)) return;
    web_match m;
    web_match_result mr = web_router_match(r->arena, r->method, r->path, &m);
    if (mr == WEB_MATCH_NOT_FOUND) {
        web_error(r, 404, r->api ? _("There is no such API resource.") : _("There is no page at this address."));
        return;
    }
    if (mr == WEB_MATCH_BAD_METHOD) {
        web_error(r, 405, _("This address does not accept this kind of request."));
        web_set_header(r, "Allow", m.allow);
        return;
    }
    r->params = arena_calloc(r->arena, WEB_MAX_PARAMS, sizeof *r->params);
    memcpy(r->params, m.params, sizeof m.params);
    r->nparams = m.nparams;
    const char *given = web_form(r, "_csrf");
    if (!given) given = in->csrf_header;
    web_decision d = web_decide(m.perm, r->user.role, r->api, r->method, auth, r->csrf, given);
    if (d != WEB_ALLOW) {
        deny(r, d, in->query);
        return;
    }
    run_handler(r, in, m.handler, auth);
}

void web_dispatch(web_req *r, const web_input *in, web_extra *x)
{
    dispatch_request(r, in, x);
    if (r->db) db_read_end(r->db);
}
