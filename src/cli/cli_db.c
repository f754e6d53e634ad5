/* cli_db.c — opening the database for a subcommand: clear messages for the operator
 * instead of engine error codes, and migrations applied on every open so an upgraded
 * binary brings an older database up to date. */
#include "cli/cli_db.h"
#include "i18n/i18n.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* CLI_DB_OPT's help line (cli_db.h) as a msgid, so the catalogs have it: cli_usage
 * translates every option's help line. Keep it equal to the text of the macro. */
static const char *const cli_db_help __attribute__((unused)) = N_("database file (default var/kopir.db)");

db *cli_db_open(const char *path)
{
    char err[512];
    if (!path || !*path) {
        cli_error("%s", _("no database path given (use --db PATH)"));
        return NULL;
    }
    db *d = db_open(path, err, sizeof err);
    if (!d) {
        cli_error("%s", err);
        return NULL;
    }
    if (!db_migrate(d, err, sizeof err)) {
        cli_error(_("cannot upgrade database %s: %s"), path, err);
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
            cli_error(_("no database at %s (create it with: kopir init --db %s)"), path, path);
        else
            cli_error(_("cannot open database %s: %s"), path, i18n_strerror(errno));
        return NULL;
    }
    return cli_db_open(path);
}
