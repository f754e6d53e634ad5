/* commands.c — the table of `kopir` subcommands, and the two that need no module:
 * help and version. Each other command lives in src/cli/cmd_<name>.c. */
#include "cli/cli.h"
#include "i18n/i18n.h"

#include <stdio.h>

#ifndef KOPIR_VERSION
#define KOPIR_VERSION "0.1.0"
#endif

int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);
/* One declaration and one table row per command, in the order `kopir help` shows them.
 * The summaries are msgids, translated by cmd_help. */
int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_schedule(int argc, char **argv);

const cli_command cli_commands[] = {
    { "serve", cmd_serve, N_("run the web application") },
    { "init", cmd_init, N_("create or upgrade the database") },
    { "demo", cmd_demo, N_("load the demo scenario into the database") },
    { "user", cmd_user, N_("manage user accounts and API tokens") },
    { "check", cmd_check, N_("check the database (integrity and foreign keys)") },
    { "org", cmd_org, N_("import and export organisations (CSV)") },
    { "schedule", cmd_schedule, N_("schedule B2B meetings from a .dzn or JSON problem") },
    { "version", cmd_version, N_("print the version") },
    { "help", cmd_help, N_("list the commands") },
    { NULL, NULL, NULL },
};

int cmd_version(int argc, char **argv)
{
    cli_opt opts[] = { { 0 } };
    int rc = cli_parse(argc, argv, opts, "kopir version", NULL, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    printf("kopir %s\n", KOPIR_VERSION);
    return 0;
}

int cmd_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("%s\n\n", _("kopir — software for a cross-border business cooperation"));
    printf("%s\n\n", _("usage: kopir COMMAND [OPTIONS]   (kopir COMMAND --help for its options)"));
    for (const cli_command *c = cli_commands; c->name; c++)
        printf("  %-10s %s\n", c->name, _(c->summary));
    /* TRANSLATORS: KOPIR_LANG, LC_ALL, LC_MESSAGES, LANG and the codes stay as they are. */
    printf("\n%s\n", _("Messages are in the language of KOPIR_LANG (kk, ru, zh or en), else of LC_ALL, "
                        "LC_MESSAGES or LANG (e.g. ru_RU.UTF-8), else English."));
    return 0;
}
