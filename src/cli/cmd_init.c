/* cmd_init.c — `kopir init`: creates the database (and its directory) if absent and
 * brings it to the newest schema built into this binary. Safe to run again. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cli_db.h"
#include "i18n/i18n.h"

/* Creates the directories leading to path (like mkdir -p of its dirname). */
static bool init_parent_dirs(const char *path)
{
    char dir[4096];
    if (strlen(path) >= sizeof dir) {
        cli_error("%s", _("database path is too long"));
        return false;
    }
    strcpy(dir, path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return true;
    *slash = '\0';
    for (char *p = dir + 1; ; p++) {
        if (*p != '/' && *p != '\0') continue;
        char c = *p;
        *p = '\0';
        if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
            cli_error(_("cannot create directory %s: %s"), dir, i18n_strerror(errno));
            return false;
        }
        *p = c;
        if (!c) break;
    }
    return true;
}

int cmd_init(int argc, char **argv)
{
    cli_opt opts[] = { CLI_DB_OPT, { 0 } };
    /* TRANSLATORS: keep the command and option names; translate the words in parentheses. */
    int rc = cli_parse(argc, argv, opts, _("kopir init [--db PATH]   (create or upgrade the database)"),
                       NULL, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    const char *path = cli_str(opts, "db", CLI_DB_DEFAULT);
    struct stat sb;
    bool existed = stat(path, &sb) == 0;
    if (!existed && !init_parent_dirs(path)) return 1;
    char err[512];
    db *d = db_open(path, err, sizeof err);
    if (!d) {
        cli_error("%s", err);
        return 1;
    }
    int before = db_schema_version(d);
    if (!db_migrate(d, err, sizeof err)) {
        cli_error(_("cannot upgrade database %s: %s"), path, err);
        db_close(d);
        return 1;
    }
    int after = db_schema_version(d);
    if (!existed) printf(_("created database %s: schema version %d"), path, after);
    else if (after != before) printf(_("upgraded database %s: schema version %d -> %d"), path, before, after);
    else printf(_("database %s is up to date: schema version %d"), path, after);
    putchar('\n');
    db_close(d);
    return 0;
}
