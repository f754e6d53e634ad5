/* dispatch.h — turns one received request (raw path, query, headers, body) into a
 * handled web_req: language, cookies, authentication (session cookie or Bearer token),
 * body parsing with limits, routing, the access decision, then the handler. Independent
 * of libmicrohttpd: server.c collects the input and sends what this produces. */
#ifndef KOPIR_WEB_DISPATCH_H
#define KOPIR_WEB_DISPATCH_H
#include "web/web.h"

typedef struct web_input {
    const char *method;
    const char *path;            /* raw, percent-encoded, without the query */
    const char *query;           /* raw query string without '?', or NULL */
    const char *cookie;          /* header values or NULL */
    const char *accept_language;
    const char *authorization;
    const char *content_type;
    const char *csrf_header;     /* X-CSRF-Token */
    const char *if_none_match;
    const char *body;            /* NUL-terminated (may be NULL when empty) */
    size_t body_len;
    const char *client_ip;
} web_input;

/* Headers the dispatcher adds besides the handler's (language and CSRF cookies). */
typedef struct web_extra {
    int n;
    web_pair h[6];
} web_extra;

/* Handles the request: fills r (whose arena is set and everything else zero) and the
 * response fields (status, resp_type, out, headers) plus extra headers. r->db is taken
 * from db_thread() when a database is needed. */
void web_dispatch(web_req *r, const web_input *in, web_extra *extra);

/* Answers with an error before the request could be read (URL or body over the limits):
 * sets up language and API flag from the input as web_dispatch would, then
 * web_error(status, _(message)); message is an English msgid marked with N_(). */
void web_dispatch_error(web_req *r, const web_input *in, int status, const char *message);

#endif
