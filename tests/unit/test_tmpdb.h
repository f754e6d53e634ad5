/* test_tmpdb.h — the one helper unit tests use to delete a temporary SQLite database
 * together with its WAL and shared-memory files. */
#ifndef KOPIR_TEST_TMPDB_H
#define KOPIR_TEST_TMPDB_H
#include <stdio.h>
#include <unistd.h>

/* Unlinks path, path-wal and path-shm (missing files are fine). */
static inline void tmpdb_remove(const char *path)
{
    char p[96];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

#endif
