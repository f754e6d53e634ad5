/* cli_db.c — opening the database for a subcommand: clear messages for the operator
 * instead of engine error codes, and migrations applied on every open so an upgraded
 * binary brings an older database up to date. */
#include "cli/cli_db.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

db *cli_db_open(const char *path)
{
    char err[512];
    if (!path || !*path) {
        cli_error("no database path given (use --db PATH)");
        return NULL;
    }
    db *d = db_open(path, err, sizeof err);
    if (!d) {
        cli_error("%s", err);
        return NULL;
    }
    if (!db_migrate(d, err, sizeof err)) {
        cli_error("cannot upgrade database %s: %s", path, err);
        db_close(d);
        return NULL;
    }
    return d;
}

db *cli_db_open_existing(const char *path)
{
    struct stat sb;
    if (path && *path && stat(path, &sb) != 0) {
        if (errno == ENOENT)
            cli_error("no database at %s (create it with: kopir init --db %s)", path, path);
        else
            cli_error("cannot open database %s: %s", path, strerror(errno));
        return NULL;
    }
    return cli_db_open(path);
}
