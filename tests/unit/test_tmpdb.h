/* test_tmpdb.h — the helpers unit tests use to name a fresh temporary SQLite database
 * file and to delete it together with its WAL and shared-memory files. */
#ifndef KOPIR_TEST_TMPDB_H
#define KOPIR_TEST_TMPDB_H
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Creates an empty file /tmp/kopir-test-TAG-XXXXXX and writes its name into path
 * (at least 64 bytes). False when it cannot. */
static inline bool tmpdb_create(char *path, const char *tag)
{
    snprintf(path, 64, "/tmp/kopir-test-%s-XXXXXX", tag);
    int fd = mkstemp(path);
    if (fd < 0) return false;
    close(fd);
    return true;
}

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
