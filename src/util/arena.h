/* arena.h — region allocator: many small allocations, one free.
 * Every HTTP request and every CLI command gets one arena; everything it allocates
 * lives until arena_free(), so handlers never free individual strings. */
#ifndef KOPIR_UTIL_ARENA_H
#define KOPIR_UTIL_ARENA_H
#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* New empty arena. Blocks are allocated lazily; aborts on OOM. */
arena *arena_new(void);
/* Frees every allocation made from a and a itself. NULL is a no-op. */
void arena_free(arena *a);
/* n bytes aligned for any type, valid until arena_free(). Never NULL. */
void *arena_alloc(arena *a, size_t n);
/* Like arena_alloc but zero-filled, for count*size bytes (aborts on overflow). */
void *arena_calloc(arena *a, size_t count, size_t size);
/* Copy of s (NULL stays NULL). */
char *arena_strdup(arena *a, const char *s);
/* Copy of the first n bytes of s, NUL-terminated. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* printf into a fresh arena string. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);
/* Total bytes handed out so far (for limits and tests). */
size_t arena_used(const arena *a);

#endif
