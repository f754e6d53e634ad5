/* mem.h — allocation that never returns NULL.
 * Out-of-memory is not a recoverable condition for kopir: these wrappers print one
 * message and abort, so callers never need an OOM branch (style.md, point 7). */
#ifndef KOPIR_UTIL_MEM_H
#define KOPIR_UTIL_MEM_H
#include <stddef.h>

/* malloc(n) that aborts with a message on failure; n == 0 allocates one byte. */
void *mem_alloc(size_t n);
/* calloc(count, size) that aborts on failure or on count*size overflow. */
void *mem_calloc(size_t count, size_t size);
/* realloc(p, n) that aborts on failure. */
void *mem_realloc(void *p, size_t n);
/* strdup(s) that aborts on failure; mem_strdup(NULL) returns NULL. */
char *mem_strdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated. */
char *mem_strndup(const char *s, size_t n);
/* Prints "kopir: out of memory" to stderr and aborts. */
_Noreturn void mem_oom(void);

#endif
