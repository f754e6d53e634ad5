/* server.h — the HTTP server behind `kopir serve`: libmicrohttpd with an internal thread
 * pool, request limits, security headers, static files, the access log and graceful
 * shutdown. The database pool must be initialised before web_server_run. */
#ifndef KOPIR_WEB_SERVER_H
#define KOPIR_WEB_SERVER_H
#include <stdbool.h>
#include <stdio.h>

typedef struct web_server_config {
    const char *host;        /* numeric address or name to listen on, e.g. "127.0.0.1" */
    int port;
    int threads;             /* worker threads (>= 1) */
    bool secure_cookies;     /* add Secure to every cookie */
    FILE *access_log;        /* one line per request; NULL: none */
} web_server_config;

/* Serves until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish
 * (at most WEB_DRAIN_SECONDS) and returns 0. Prints "kopir: listening on http://H:P" to
 * stdout once ready. Returns 1 with a message on stderr when it cannot start. */
#define WEB_DRAIN_SECONDS 30
int web_server_run(const web_server_config *c);

/* Parses "HOST:PORT" or "[V6]:PORT" into host (static storage of out, at most 255
 * bytes) and port; false when malformed. */
bool web_parse_listen(const char *s, char *host, size_t hostlen, int *port);

#endif
