/* static.c — serves the embedded static/ files under content-hashed names so browsers
 * may cache them forever: a changed file gets a new URL. The table is built once from
 * assets_table at first use. */
#include "web/static.h"
#include "util/assets.h"
#include "util/mem.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATIC_MAX 128
static web_static_file files[STATIC_MAX];
static const char *names[STATIC_MAX];   /* "app.css" */
static int nfiles;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char *type_for(const char *name)
{
    static const struct { const char *ext, *type; } types[] = {
        { ".css", "text/css; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".svg", "image/svg+xml" },
        { ".png", "image/png" },
        { ".ico", "image/x-icon" },
        { ".woff2", "font/woff2" },
        { ".txt", "text/plain; charset=utf-8" },
        { ".json", "application/json" },
        { ".webmanifest", "application/manifest+json" },
    };
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

static void build(void)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "kopir: libsodium failed to initialise\n");
        abort();
    }
    for (const asset *a = assets_table; a->name; a++) {
        if (strncmp(a->name, "static/", 7) != 0) continue;
        if (nfiles == STATIC_MAX) {
            fprintf(stderr, "kopir: more than %d static files\n", STATIC_MAX);
            abort();
        }
        unsigned char h[16];
        crypto_generichash(h, sizeof h, a->data, a->size, NULL, 0);
        char hex[33];
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        hex[16] = '\0';
        const char *name = a->name + 7;
        const char *dot = strrchr(name, '.');
        const char *slash = strrchr(name, '/');
        if (!dot || (slash && dot < slash)) dot = name + strlen(name);
        char url[512];
        snprintf(url, sizeof url, "/static/%.*s.%s%s", (int)(dot - name), name, hex, dot);
        char etag[40];
        snprintf(etag, sizeof etag, "\"%s\"", hex);
        files[nfiles] = (web_static_file){ mem_strdup(url), mem_strdup(etag), type_for(name),
                                           a->data, a->size };
        names[nfiles] = name;
        nfiles++;
    }
}

void web_static_init(void)
{
    pthread_once(&once, build);
}

const char *web_static_url(const char *name)
{
    web_static_init();
    for (int i = 0; i < nfiles; i++)
        if (strcmp(names[i], name) == 0) return files[i].url;
    fprintf(stderr, "kopir: static file %s is not built in\n", name);
    abort();
}

const web_static_file *web_static_lookup(const char *path)
{
    web_static_init();
    for (int i = 0; i < nfiles; i++)
        if (strcmp(files[i].url, path) == 0) return &files[i];
    return NULL;
}
