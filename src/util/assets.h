/* assets.h — files built into the binary by tools/embed.c: everything under static/,
 * po/ and src/db/migrations/, named by their path from the repository root
 * (e.g. "static/app.css", "po/kk.po", "src/db/migrations/001_init.sql"). */
#ifndef KOPIR_UTIL_ASSETS_H
#define KOPIR_UTIL_ASSETS_H
#include <stddef.h>

typedef struct asset {
    const char *name;            /* path from the repository root */
    const unsigned char *data;   /* contents, followed by one NUL byte */
    size_t size;                 /* bytes, excluding that NUL */
} asset;

/* The table, terminated by name == NULL, sorted as the build listed the files (by name). */
extern const asset assets_table[];

/* The asset with this exact name, or NULL. */
const asset *assets_find(const char *name);

#endif
