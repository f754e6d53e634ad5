/* buf.h — the one growable byte buffer, with a hard size cap.
 * Everything that accumulates output (HTML pages, JSON, CSV, logs) writes into a buf.
 * When an append would pass the cap the buffer stops growing and remembers the
 * overflow, so callers check once at the end instead of after every append. */
#ifndef KOPIR_UTIL_BUF_H
#define KOPIR_UTIL_BUF_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct buf {
    char *data;     /* always NUL-terminated once anything was appended; may be NULL when empty */
    size_t len;     /* bytes used, excluding the terminating NUL */
    size_t cap;     /* bytes allocated */
    size_t limit;   /* maximum len; 0 means BUF_DEFAULT_LIMIT */
    bool overflow;  /* an append was refused because of limit */
} buf;

#define BUF_DEFAULT_LIMIT ((size_t)64 * 1024 * 1024)
#define BUF_INIT { NULL, 0, 0, 0, false }

/* Empties b and sets its cap (0 = default). Does not free. */
void buf_init(buf *b, size_t limit);
/* Frees the storage; b becomes empty and reusable. */
void buf_free(buf *b);
/* Sets len to 0, keeps the storage. */
void buf_reset(buf *b);
/* Appends n bytes; on passing the limit appends nothing and sets overflow. */
void buf_append(buf *b, const void *data, size_t n);
/* Appends a NUL-terminated string (NULL appends nothing). */
void buf_puts(buf *b, const char *s);
/* Appends one byte. */
void buf_putc(buf *b, char c);
/* printf-style append. */
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* The contents as a C string ("" when empty); valid until the next append. */
const char *buf_str(const buf *b);
/* Hands the storage to the caller (free() it); b becomes empty. Never NULL. */
char *buf_detach(buf *b);

#endif
