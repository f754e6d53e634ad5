/* static.h — the built-in files under static/ served as /static/NAME.HASH.EXT: content
 * hashes (BLAKE2b via libsodium) computed once, Content-Type by extension, ETags. */
#ifndef KOPIR_WEB_STATIC_H
#define KOPIR_WEB_STATIC_H
#include <stddef.h>

/* One servable file. */
typedef struct web_static_file {
    const char *url;           /* "/static/app.0123456789abcdef.css" */
    const char *etag;          /* "\"0123456789abcdef\"" */
    const char *content_type;
    const unsigned char *data;
    size_t size;
} web_static_file;

/* Computes the table (idempotent, thread-safe; the first call of either function below
 * does it too). */
void web_static_init(void);
/* The hashed URL of a file under static/ ("app.css" -> "/static/app.HASH.css"); aborts
 * when the file is not built in (a programming error the first page test finds). */
const char *web_static_url(const char *name);
/* The file for a request path, or NULL (unknown name or stale hash). */
const web_static_file *web_static_lookup(const char *path);

#endif
