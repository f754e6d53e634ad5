/* request.c — the handler-facing helpers of web.h: reading parameters, query, form
 * fields, cookies and uploads from a web_req, and the common responses (headers,
 * cookies, redirects, error pages and error objects, language-prefixed URLs). */
#include "web/web.h"
#include "web/html.h"
#include "web/layout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool cookies_secure;

void web_cookies_secure(bool on)
{
    cookies_secure = on;
}

static const char *pair_find(const web_pair *p, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(p[i].name, name) == 0) return p[i].value;
    return NULL;
}

const char *web_param(web_req *r, const char *name) { return pair_find(r->params, r->nparams, name); }
const char *web_query(web_req *r, const char *name) { return pair_find(r->query, r->nquery, name); }
const char *web_form(web_req *r, const char *name) { return pair_find(r->form, r->nform, name); }
const char *web_cookie(web_req *r, const char *name) { return pair_find(r->cookies, r->ncookies, name); }

const char **web_form_all(web_req *r, const char *name, int *n)
{
    int count = 0;
    for (int i = 0; i < r->nform; i++)
        if (strcmp(r->form[i].name, name) == 0) count++;
    const char **out = arena_calloc(r->arena, (size_t)count + 1, sizeof *out);
    int k = 0;
    for (int i = 0; i < r->nform; i++)
        if (strcmp(r->form[i].name, name) == 0) out[k++] = r->form[i].value;
    *n = count;
    return out;
}

const web_file *web_upload(web_req *r, const char *name)
{
    for (int i = 0; i < r->nfiles; i++)
        if (strcmp(r->files[i].field, name) == 0) return &r->files[i];
    return NULL;
}

/* Parses a decimal integer that is the whole of s (no sign, spaces or leading '+'). */
static bool parse_long(const char *s, long long *out)
{
    if (!s || *s < '0' || *s > '9') return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end) return false;
    *out = v;
    return true;
}

int64_t web_param_id(web_req *r, const char *name)
{
    long long v;
    if (!parse_long(web_param(r, name), &v) || v <= 0) return 0;
    return (int64_t)v;
}

long web_query_int(web_req *r, const char *name, long def, long min, long max)
{
    long long v;
    const char *s = web_query(r, name);
    if (s && *s == '-') {
        if (!parse_long(s + 1, &v)) return def;
        v = -v;
    } else if (!parse_long(s, &v)) {
        return def;
    }
    if (v < min) return min;
    if (v > max) return max;
    return (long)v;
}

void web_set_header(web_req *r, const char *name, const char *value)
{
    int cap = (int)(sizeof r->headers / sizeof r->headers[0]);
    if (r->nheaders >= cap) {
        fprintf(stderr, "kopir: too many response headers (adding %s)\n", name);
        abort();
    }
    r->headers[r->nheaders].name = arena_strdup(r->arena, name);
    r->headers[r->nheaders].value = arena_strdup(r->arena, value);
    r->nheaders++;
}

void web_set_cookie(web_req *r, const char *name, const char *value, long max_age)
{
    char age[48] = "";
    if (max_age >= 0) snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
    web_set_header(r, "Set-Cookie",
                   arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name,
                                max_age == 0 ? "" : value, age,
                                cookies_secure ? "; Secure" : ""));
}

const char *web_url(web_req *r, const char *path)
{
    if (!path || path[0] != '/') path = "/";
    return arena_printf(r->arena, "/%s%s", i18n_code(r->lang), path);
}

void web_redirect(web_req *r, const char *path)
{
    if (!path || path[0] != '/' || path[1] == '/' || path[1] == '\\') {
        fprintf(stderr, "kopir: web_redirect to a non-local path\n");
        abort();
    }
    r->status = 303;
    buf_reset(&r->out);
    web_set_header(r, "Location", web_url(r, path));
}

/* The API error code for an HTTP status. */
static const char *status_code(int status)
{
    switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 413: return "too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 422: return "invalid";
    case 429: return "too_many_requests";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "error";
    }
}

/* The page title for an error status (translated). */
static const char *status_title(int status)
{
    switch (status) {
    case 400: return _("Bad request");
    case 401: return _("Login required");
    case 403: return _("Access denied");
    case 404: return _("Page not found");
    case 405: return _("Method not allowed");
    case 413: return _("Too much data");
    case 414: return _("Address too long");
    case 429: return _("Too many attempts");
    default: return status >= 500 ? _("Something went wrong") : _("Request not accepted");
    }
}

void web_error(web_req *r, int status, const char *message)
{
    r->nheaders = 0;
    buf_reset(&r->out);
    if (r->api) {
        web_json_error(r, status, status_code(status), message, NULL);
        return;
    }
    r->status = status;
    layout_begin(r, status_title(status));
    html_printf(&r->out, "<p class=\"lead\">%s</p>\n", message);
    html_printf(&r->out, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n", web_url(r, "/"),
                _("Go to the home page"));
    layout_end(r);
    r->status = status;
}
