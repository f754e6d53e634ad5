/* server.c — libmicrohttpd glue for `kopir serve`: per-request context with its arena,
 * body accumulation within the limits, static files and /healthz without touching the
 * database, the security headers on every answer, the access log, and start-up and
 * graceful shutdown (quiesce, drain in-flight requests, stop). */
#include "web/server.h"
#include "util/mem.h"
#include "web/dispatch.h"
#include "web/form_parse.h"
#include "web/static.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* One request: created at the first call of the access handler, freed when MHD reports
 * the request finished (so the arena outlives the queued response's headers). */
typedef struct conn_ctx {
    arena *a;
    buf body;
    size_t limit;
    bool too_large;
    size_t discarded;      /* bytes of an over-limit body read and dropped */
    struct timespec t0;
    const char *method, *path;
    int status;
    size_t bytes;
    int64_t uid;
} conn_ctx;

#define WEB_DISCARD_MAX ((size_t)32 << 20)   /* over-limit bodies read and dropped, at most */

static atomic_int inflight;
static FILE *access_log;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

static void add_security_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

static enum MHD_Result queue(struct MHD_Connection *c, conn_ctx *x, int status,
                             struct MHD_Response *resp, size_t bytes)
{
    add_security_headers(resp);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    x->status = status;
    x->bytes = bytes;
    return ret;
}

/* Sends the web_req's response plus the dispatcher's extra headers. */
static enum MHD_Result send_req(struct MHD_Connection *c, conn_ctx *x, web_req *r, const web_extra *e)
{
    if (r->out.overflow) {   /* a page larger than the buffer cap: never send half of it */
        fprintf(stderr, "kopir: response too large for %s\n", x->path);
        buf_free(&r->out);
        r->status = 500;
    }
    size_t len = r->out.len;
    char *data = buf_detach(&r->out);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, "Content-Type", r->resp_type ? r->resp_type : "text/html; charset=utf-8");
    MHD_add_response_header(resp, "Content-Language", i18n_tag(r->lang));
    bool cache = false;
    for (int i = 0; i < r->nheaders; i++) {
        if (strcasecmp(r->headers[i].name, "Cache-Control") == 0) cache = true;
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
    }
    if (!cache) MHD_add_response_header(resp, "Cache-Control", "no-store");
    for (int i = 0; e && i < e->n; i++) MHD_add_response_header(resp, e->h[i].name, e->h[i].value);
    x->uid = r->user.id;
    return queue(c, x, r->status, resp, len);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* Appends one query argument (left raw by unescape_identity) to a buf. */
static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    buf *b = cls;
    if (b->len) buf_putc(b, '&');
    buf_puts(b, key);
    if (value) {
        buf_putc(b, '=');
        buf_puts(b, value);
    }
    return MHD_YES;
}

static const char *client_ip(struct MHD_Connection *c, arena *a)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char ip[INET6_ADDRSTRLEN] = "-";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip, sizeof ip);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip, sizeof ip);
    }
    return arena_strdup(a, ip);
}

static void fill_input(struct MHD_Connection *c, conn_ctx *x, web_input *in)
{
    memset(in, 0, sizeof *in);
    in->method = x->method;
    in->path = x->path;
    buf q = BUF_INIT;
    buf_init(&q, WEB_MAX_URL * 2);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
    in->query = q.len ? arena_strdup(x->a, buf_str(&q)) : NULL;
    buf_free(&q);
    in->cookie = header(c, "Cookie");
    in->accept_language = header(c, "Accept-Language");
    in->authorization = header(c, "Authorization");
    in->content_type = header(c, "Content-Type");
    in->csrf_header = header(c, "X-CSRF-Token");
    in->if_none_match = header(c, "If-None-Match");
    in->body = x->body.data;
    in->body_len = x->body.len;
    in->client_ip = client_ip(c, x->a);
}

/* Length of the request target as sent: path plus '?' and the raw query. */
static size_t target_len(struct MHD_Connection *c, const char *url)
{
    buf q = BUF_INIT;
    buf_init(&q, WEB_MAX_URL * 4);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
    size_t n = strlen(url) + (q.len ? q.len + 1 : 0) + (q.overflow ? WEB_MAX_URL : 0);
    buf_free(&q);
    return n;
}

static enum MHD_Result early_error(struct MHD_Connection *c, conn_ctx *x, int status, const char *msgid)
{
    web_req r;
    memset(&r, 0, sizeof r);
    r.arena = x->a;
    web_input in;
    fill_input(c, x, &in);
    in.body = NULL;
    in.body_len = 0;
    web_dispatch_error(&r, &in, status, msgid);
    web_set_header(&r, "Connection", "close");
    return send_req(c, x, &r, NULL);
}

static enum MHD_Result serve_static(struct MHD_Connection *c, conn_ctx *x)
{
    const web_static_file *f = web_static_lookup(x->path);
    if (!f) return early_error(c, x, 404, N_("There is no page at this address."));
    const char *inm = header(c, "If-None-Match");
    bool same = inm && strcmp(inm, f->etag) == 0;
    struct MHD_Response *resp = same ? MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT)
                                     : MHD_create_response_from_buffer(f->size, (void *)f->data,
                                                                       MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Content-Type", f->content_type);
    MHD_add_response_header(resp, "Cache-Control", "public, max-age=31536000, immutable");
    MHD_add_response_header(resp, "ETag", f->etag);
    return queue(c, x, same ? 304 : 200, resp, same ? 0 : f->size);
}

static enum MHD_Result serve_health(struct MHD_Connection *c, conn_ctx *x)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(3, "ok\n", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    return queue(c, x, 200, resp, 3);
}

static enum MHD_Result handle(struct MHD_Connection *c, conn_ctx *x)
{
    if (strncmp(x->path, "/static/", 8) == 0 &&
        (strcmp(x->method, "GET") == 0 || strcmp(x->method, "HEAD") == 0))
        return serve_static(c, x);
    if (strcmp(x->path, "/healthz") == 0 && (strcmp(x->method, "GET") == 0 || strcmp(x->method, "HEAD") == 0))
        return serve_health(c, x);
    web_req r;
    memset(&r, 0, sizeof r);
    r.arena = x->a;
    web_input in;
    fill_input(c, x, &in);
    web_extra e = { 0 };
    web_dispatch(&r, &in, &e);
    return send_req(c, x, &r, &e);
}

/* First call: set up the context and check URL and declared body size; then collect
 * the body; the last call (no more data) handles the request. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    conn_ctx *x = *con_cls;
    if (!x) {
        x = mem_calloc(1, sizeof *x);
        clock_gettime(CLOCK_MONOTONIC, &x->t0);
        x->a = arena_new();
        x->method = arena_strdup(x->a, method);
        x->path = arena_strdup(x->a, url);
        atomic_fetch_add(&inflight, 1);
        *con_cls = x;
        const char *ct = header(c, "Content-Type");
        x->limit = ct && strncasecmp(ct, "multipart/form-data", 19) == 0 ? WEB_MAX_UPLOAD : WEB_MAX_BODY;
        buf_init(&x->body, x->limit);
        if (target_len(c, url) > WEB_MAX_URL)
            return early_error(c, x, 414, N_("The address is too long (at most 4096 characters)."));
        const char *cl = header(c, "Content-Length");
        unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
        if (declared > x->limit) {
            /* A client waiting for "100 Continue" gets the 413 at once. Others are
             * already sending: answering now would close the socket with unread data
             * and the kernel would reset the connection before the 413 is read, so the
             * body is read and dropped first (up to WEB_DISCARD_MAX). */
            const char *expect = header(c, "Expect");
            if ((expect && strcasecmp(expect, "100-continue") == 0) || declared > WEB_DISCARD_MAX)
                return early_error(c, x, 413, N_("The request is too large: at most 1 MiB, or 8 MiB for file uploads."));
            x->too_large = true;
            buf_free(&x->body);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (x->too_large) {
            x->discarded += *upload_size;
            if (x->discarded > WEB_DISCARD_MAX) return MHD_NO;   /* close */
        } else {
            buf_append(&x->body, upload, *upload_size);
            if (x->body.overflow) {
                x->too_large = true;
                buf_free(&x->body);
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (x->status) return MHD_YES;   /* answered already (early error) */
    if (x->too_large)
        return early_error(c, x, 413, N_("The request is too large: at most 1 MiB, or 8 MiB for file uploads."));
    return handle(c, x);
}

/* Appends the raw path with anything unprintable escaped, so a log line stays one line. */
static void log_path(buf *b, const char *p)
{
    for (int n = 0; *p; p++, n++) {
        if (n == 512) {   /* the rest of an over-long path tells nothing more */
            buf_puts(b, "...");
            break;
        }
        unsigned char ch = (unsigned char)*p;
        if (ch < 0x21 || ch == 0x7F || ch == '"') buf_printf(b, "%%%02X", ch);
        else buf_putc(b, (char)ch);
    }
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)toe;
    conn_ctx *x = *con_cls;
    if (!x) return;
    *con_cls = NULL;
    if (access_log) {
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long ms = (t1.tv_sec - x->t0.tv_sec) * 1000L + (t1.tv_nsec - x->t0.tv_nsec) / 1000000L;
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        char ts[32];
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
        /* The line is built first and written with one call: stderr is unbuffered, and
         * writing it piece by piece cost a system call per character. */
        buf line = BUF_INIT;
        buf_printf(&line, "%s %s %s ", ts, client_ip(c, x->a), x->method);
        log_path(&line, x->path);
        buf_printf(&line, " %d %zu %ldms user=%lld\n", x->status, x->bytes, ms, (long long)x->uid);
        pthread_mutex_lock(&log_lock);
        fwrite(line.data, 1, line.len, access_log);
        fflush(access_log);
        pthread_mutex_unlock(&log_lock);
        buf_free(&line);
    }
    buf_free(&x->body);
    arena_free(x->a);
    free(x);
    atomic_fetch_sub(&inflight, 1);
}

/* Keeps the request path and query arguments exactly as sent; dispatch decodes them. */
static size_t unescape_identity(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

bool web_parse_listen(const char *s, char *host, size_t hostlen, int *port)
{
    const char *colon;
    size_t hl;
    if (s[0] == '[') {
        const char *end = strchr(s, ']');
        if (!end || end[1] != ':') return false;
        hl = (size_t)(end - s - 1);
        s++;
        colon = end + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon) return false;
        hl = (size_t)(colon - s);
    }
    if (hl == 0 || hl >= hostlen) return false;
    char *endp;
    long p = strtol(colon + 1, &endp, 10);
    if (*endp || colon[1] == '\0' || p < 0 || p > 65535) return false;
    memcpy(host, s, hl);
    host[hl] = '\0';
    *port = (int)p;
    return true;
}

static void drain_and_stop(struct MHD_Daemon *d)
{
    MHD_socket ls = MHD_quiesce_daemon(d);
    if (ls != MHD_INVALID_SOCKET) close(ls);
    struct timespec step = { 0, 20 * 1000000L };
    for (int i = 0; i < WEB_DRAIN_SECONDS * 50 && atomic_load(&inflight) > 0; i++) nanosleep(&step, NULL);
    MHD_stop_daemon(d);
}

int web_server_run(const web_server_config *cfg)
{
    access_log = cfg->access_log;
    web_cookies_secure(cfg->secure_cookies);
    web_static_init();
    struct addrinfo hints = { 0 }, *ai = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", cfg->port);
    int gai = getaddrinfo(cfg->host, portstr, &hints, &ai);
    if (gai != 0 || !ai) {
        fprintf(stderr, "kopir: ");
        fprintf(stderr, _("cannot resolve the address %s: %s"), cfg->host, gai_strerror(gai));
        fputc('\n', stderr);
        return 1;
    }
    /* signals are taken by sigwait below; worker threads inherit the blocked mask */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES) flags |= MHD_USE_EPOLL;
    if (ai->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, on_request, NULL,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 1 ? cfg->threads : 0),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape_identity, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!d) {
        fprintf(stderr, "kopir: ");
        fprintf(stderr, _("cannot listen on %s:%d (the address is in use or not allowed)"), cfg->host, cfg->port);
        fputc('\n', stderr);
        return 1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = di && di->port ? di->port : cfg->port;
    bool v6 = strchr(cfg->host, ':') != NULL;
    printf("kopir: listening on http://%s%s%s:%d\n", v6 ? "[" : "", cfg->host, v6 ? "]" : "", port);
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    drain_and_stop(d);
    return 0;
}
