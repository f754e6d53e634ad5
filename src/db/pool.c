/* pool.c — one database connection per thread for the web server's workers: opened on
 * first use from the path given to db_pool_init, remembered in thread-local storage and
 * in a list of every connection opened, so db_pool_shutdown can close them all. */
#include "db/db.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/mem.h"

typedef struct pool_conn {
    db *d;
    struct pool_conn *next;
} pool_conn;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static char *pool_path;          /* NULL while the pool is shut down */
static pool_conn *pool_all;      /* every connection opened since db_pool_init */
static atomic_uint pool_generation; /* bumped by shutdown, so stale thread-locals reopen */

static _Thread_local db *pool_mine;
static _Thread_local unsigned pool_mine_generation;

/* Makes d the calling thread's connection and lists it for shutdown. Caller holds
 * pool_lock. */
static void pool_adopt(db *d)
{
    pool_conn *c = mem_calloc(1, sizeof *c);
    c->d = d;
    c->next = pool_all;
    pool_all = c;
    pool_mine = d;
    pool_mine_generation = atomic_load(&pool_generation);
}

bool db_pool_init(const char *path, char *err, int errlen)
{
    /* Open once now so a bad path is reported at start-up rather than on the first
     * request; this connection becomes the calling thread's. */
    db *d = db_open(path, err, errlen);
    if (!d) return false;
    pthread_mutex_lock(&pool_lock);
    free(pool_path);
    pool_path = mem_strdup(path);
    pool_adopt(d);
    pthread_mutex_unlock(&pool_lock);
    return true;
}

db *db_thread(void)
{
    /* The common case, once per request: this thread's connection, without the lock
     * every worker would otherwise queue on. */
    if (pool_mine && pool_mine_generation == atomic_load(&pool_generation)) return pool_mine;
    pthread_mutex_lock(&pool_lock);
    pool_mine = NULL;
    if (!pool_path) {
        pthread_mutex_unlock(&pool_lock);
        fprintf(stderr, "kopir: db_thread called without db_pool_init\n");
        return NULL;
    }
    char err[512];
    db *d = db_open(pool_path, err, sizeof err);
    if (!d) {
        pthread_mutex_unlock(&pool_lock);
        fprintf(stderr, "kopir: %s\n", err);
        return NULL;
    }
    pool_adopt(d);
    pthread_mutex_unlock(&pool_lock);
    return d;
}

void db_pool_shutdown(void)
{
    pthread_mutex_lock(&pool_lock);
    pool_conn *c = pool_all;
    pool_all = NULL;
    free(pool_path);
    pool_path = NULL;
    atomic_fetch_add(&pool_generation, 1);
    pool_mine = NULL;
    pthread_mutex_unlock(&pool_lock);
    while (c) {
        pool_conn *next = c->next;
        db_close(c->d);
        free(c);
        c = next;
    }
}
