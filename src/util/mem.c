/* mem.c — the one place where out-of-memory is handled: print and abort. */
#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void mem_oom(void)
{
    fputs("kopir: out of memory\n", stderr);
    abort();
}

void *mem_alloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) mem_oom();
    return p;
}

void *mem_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) mem_oom();
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) mem_oom();
    return p;
}

void *mem_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) mem_oom();
    return q;
}

char *mem_strdup(const char *s)
{
    if (!s) return NULL;
    return mem_strndup(s, strlen(s));
}

char *mem_strndup(const char *s, size_t n)
{
    char *p = mem_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
