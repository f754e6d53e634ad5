/* cmd_demo.c — `kopir demo --db PATH`: loads the demo scenario (organisations, people,
 * demo accounts) once; running it again changes nothing. Prints how to log in. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/demo.h"
#include "i18n/i18n.h"

int cmd_demo(int argc, char **argv)
{
    cli_opt opts[] = { CLI_DB_OPT, { 0 } };
    /* TRANSLATORS: keep the command and option names; translate the words in parentheses. */
    int rc = cli_parse(argc, argv, opts, _("kopir demo [--db PATH]   (load the demo scenario; idempotent)"),
                       NULL, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    char err[512];
    const char *path = cli_str(opts, "db", CLI_DB_DEFAULT);
    db *d = cli_db_open(path);
    if (!d) return 1;
    arena *a = arena_new();
    int norgs, npeople;
    demo_result res = demo_load(d, a, &norgs, &npeople, err, sizeof err);
    arena_free(a);
    db_close(d);
    if (res == DEMO_FAILED) {
        cli_error(_("demo not loaded: %s"), err);
        return 1;
    }
    if (res == DEMO_ALREADY)
        printf(_("The demo scenario is already loaded in %s: nothing changed."), path);
    else
        printf(_("Loaded the demo scenario into %s: organisations: %d, people: %d."), path, norgs, npeople);
    printf("\n\n%s\n", _("Demo accounts (change these passwords before real use):"));
    for (const demo_account *u = demo_accounts; u->name; u++) {
        fputs("  ", stdout);
        /* TRANSLATORS: user name, password and role of a demo account, in columns. */
        printf(_("%-12s password %-18s role %s"), u->name, u->password, u->role);
        putchar('\n');
    }
    putchar('\n');
    printf(_("Start the server with: kopir serve --db %s\n"
             "then open http://127.0.0.1:8080/login and log in as admin / kopir-admin."), path);
    putchar('\n');
    return 0;
}
