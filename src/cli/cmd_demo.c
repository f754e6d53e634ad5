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
    int rc = cli_parse(argc, argv, opts, "kopir demo [--db PATH]   (load the demo scenario; idempotent)",
                       NULL, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    char err[512];
    if (!i18n_init(err, sizeof err)) {
        cli_error("%s", err);
        return 1;
    }
    i18n_set_lang(LANG_EN);
    const char *path = cli_str(opts, "db", CLI_DB_DEFAULT);
    db *d = cli_db_open(path);
    if (!d) return 1;
    arena *a = arena_new();
    int norgs, npeople;
    demo_result res = demo_load(d, a, &norgs, &npeople, err, sizeof err);
    arena_free(a);
    db_close(d);
    if (res == DEMO_FAILED) {
        cli_error("demo not loaded: %s", err);
        return 1;
    }
    if (res == DEMO_ALREADY)
        printf("The demo scenario is already loaded in %s: nothing changed.\n", path);
    else
        printf("Loaded the demo scenario into %s: %d organisations, %d people.\n", path, norgs, npeople);
    printf("\nDemo accounts (change these passwords before real use):\n");
    for (const demo_account *u = demo_accounts; u->name; u++)
        printf("  %-12s password %-18s role %s\n", u->name, u->password, u->role);
    printf("\nStart the server with: kopir serve --db %s\n"
           "then open http://127.0.0.1:8080/login and log in as admin / kopir-admin.\n", path);
    return 0;
}
