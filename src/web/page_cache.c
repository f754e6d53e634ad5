/* page_cache.c — the cache of page_cache.h: a small fixed table of entries (one malloc
 * block each: key, type, headers, body) under one mutex, least recently used out first.
 * A hit copies the body into the request's buffer, so an entry never outlives the lock
 * in anyone else's hands. */
#include "web/page_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

typedef struct cache_entry {
    char *block;          /* everything below points into it; NULL = free slot */
    const char *key, *type, *body;
    uint64_t hash, stamp, used;
    size_t len, bytes;
    int status, nheaders;
    web_pair headers[16];
} cache_entry;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cache_entry cache_slots[WEB_CACHE_ENTRIES];
static size_t cache_bytes;
static uint64_t cache_tick;
static _Thread_local bool cache_opt_in;

void web_cache_allow(web_req *r)
{
    (void)r;
    cache_opt_in = true;
}

void web_cache_reset(void)
{
    cache_opt_in = false;
}

bool web_cache_allowed(void)
{
    return cache_opt_in;
}

static uint64_t cache_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Frees slot e; the lock is held. */
static void cache_drop(cache_entry *e)
{
    cache_bytes -= e->bytes;
    free(e->block);
    memset(e, 0, sizeof *e);
}

static cache_entry *cache_find(const char *key, uint64_t h)
{
    for (int i = 0; i < WEB_CACHE_ENTRIES; i++) {
        cache_entry *e = &cache_slots[i];
        if (e->block && e->hash == h && strcmp(e->key, key) == 0) return e;
    }
    return NULL;
}

bool web_cache_get(web_req *r, const char *key, uint64_t stamp)
{
    uint64_t h = cache_hash(key);
    pthread_mutex_lock(&cache_lock);
    cache_entry *e = cache_find(key, h);
    if (e && e->stamp != stamp) {   /* the database changed since: never valid again */
        cache_drop(e);
        e = NULL;
    }
    if (!e) {
        pthread_mutex_unlock(&cache_lock);
        return false;
    }
    e->used = ++cache_tick;
    r->status = e->status;
    r->resp_type = arena_strdup(r->arena, e->type);
    r->nheaders = e->nheaders;
    for (int i = 0; i < e->nheaders; i++)
        r->headers[i] = (web_pair){ arena_strdup(r->arena, e->headers[i].name),
                                    arena_strdup(r->arena, e->headers[i].value) };
    buf_reset(&r->out);
    buf_append(&r->out, e->body, e->len);
    pthread_mutex_unlock(&cache_lock);
    return true;
}

/* Copies s into the block at *at and returns the copy. */
static const char *cache_copy(char *block, size_t *at, const char *s, size_t n)
{
    char *p = block + *at;
    memcpy(p, s, n);
    p[n] = '\0';
    *at += n + 1;
    return p;
}

/* Builds an unlinked entry holding r's answer; false when it is too large. */
static bool cache_build(const web_req *r, const char *key, uint64_t stamp, cache_entry *e)
{
    const char *type = r->resp_type ? r->resp_type : "text/html; charset=utf-8";
    size_t bytes = strlen(key) + strlen(type) + r->out.len + 2 + 1;
    for (int i = 0; i < r->nheaders; i++)
        bytes += strlen(r->headers[i].name) + strlen(r->headers[i].value) + 2;
    if (bytes > WEB_CACHE_ENTRY_MAX) return false;
    memset(e, 0, sizeof *e);
    e->block = mem_alloc(bytes);
    size_t at = 0;
    e->key = cache_copy(e->block, &at, key, strlen(key));
    e->type = cache_copy(e->block, &at, type, strlen(type));
    e->body = cache_copy(e->block, &at, r->out.data ? r->out.data : "", r->out.len);
    for (int i = 0; i < r->nheaders; i++) {
        e->headers[i].name = cache_copy(e->block, &at, r->headers[i].name, strlen(r->headers[i].name));
        e->headers[i].value = cache_copy(e->block, &at, r->headers[i].value, strlen(r->headers[i].value));
    }
    e->nheaders = r->nheaders;
    e->len = r->out.len;
    e->bytes = bytes;
    e->status = r->status;
    e->stamp = stamp;
    e->hash = cache_hash(key);
    return true;
}

/* The slot for a new entry of the given size: older stamps (stale for good) go first,
 * then the least recently used until the bounds hold. The lock is held. */
static cache_entry *cache_make_room(uint64_t stamp, size_t bytes)
{
    for (int i = 0; i < WEB_CACHE_ENTRIES; i++)
        if (cache_slots[i].block && cache_slots[i].stamp < stamp) cache_drop(&cache_slots[i]);
    for (;;) {
        cache_entry *free_slot = NULL, *oldest = NULL;
        for (int i = 0; i < WEB_CACHE_ENTRIES; i++) {
            cache_entry *e = &cache_slots[i];
            if (!e->block) free_slot = free_slot ? free_slot : e;
            else if (!oldest || e->used < oldest->used) oldest = e;
        }
        if (free_slot && cache_bytes + bytes <= WEB_CACHE_BYTES) return free_slot;
        if (!oldest) return NULL;
        cache_drop(oldest);
    }
}

void web_cache_put(const web_req *r, const char *key, uint64_t stamp)
{
    cache_entry fresh;
    if (r->out.overflow || !cache_build(r, key, stamp, &fresh)) return;
    pthread_mutex_lock(&cache_lock);
    cache_entry *old = cache_find(key, fresh.hash);
    if (old && old->stamp >= stamp) {   /* as new already (another thread was first) */
        pthread_mutex_unlock(&cache_lock);
        free(fresh.block);
        return;
    }
    if (old) cache_drop(old);
    cache_entry *slot = cache_make_room(stamp, fresh.bytes);
    if (slot) {
        fresh.used = ++cache_tick;
        *slot = fresh;
        cache_bytes += fresh.bytes;
    }
    pthread_mutex_unlock(&cache_lock);
    if (!slot) free(fresh.block);
}

void web_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < WEB_CACHE_ENTRIES; i++)
        if (cache_slots[i].block) cache_drop(&cache_slots[i]);
    pthread_mutex_unlock(&cache_lock);
}
