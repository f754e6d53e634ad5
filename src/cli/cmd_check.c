/* cmd_check.c — `kopir check`: runs the engine's integrity and foreign-key checks and
 * the organisations search-index check on an existing database without changing its
 * schema; exit 0 when healthy, 1 otherwise. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/org.h"
#include "i18n/i18n.h"

int cmd_check(int argc, char **argv)
{
    cli_opt opts[] = { CLI_DB_OPT, { 0 } };
    /* TRANSLATORS: keep the command and option names; translate the words in parentheses. */
    int rc = cli_parse(argc, argv, opts,
                       _("kopir check [--db PATH]   (exit 0 when healthy, 1 when problems are found)"),
                       NULL, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    const char *path = cli_str(opts, "db", CLI_DB_DEFAULT);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        cli_error(_("no database at %s: %s"), path, i18n_strerror(errno));
        return 1;
    }
    char err[512];
    db *d = db_open(path, err, sizeof err);
    if (!d) {
        cli_error("%s", err);
        return 1;
    }
    int problems = db_check(d);
    if (!problems) problems = org_check_index(d);
    int version = db_schema_version(d);
    db_close(d);
    if (problems) {
        cli_error(ngettext_("%s: %lu problem found (details above)", "%s: %lu problems found (details above)",
                            (unsigned long)problems),
                  path, (unsigned long)problems);
        return 1;
    }
    printf(_("%s: ok (integrity and foreign keys checked, schema version %d)"), path, version);
    putchar('\n');
    return 0;
}
