/* main.c — entry point: chooses the language of the messages, finds the subcommand in
 * cli_commands[] and runs it. */
#include "cli/cli.h"
#include "i18n/i18n.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (!cli_lang_init()) return 2;
    if (argc < 2) {
        fprintf(stderr, "%s\n", _("usage: kopir COMMAND [OPTIONS]   (kopir help lists the commands)"));
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) name = "help";
    if (strcmp(name, "--version") == 0) name = "version";
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0) {
            int rc = c->run(argc - 1, argv + 1);
            /* A full disk or a closed pipe must not pass for success: the schedule or
             * report the command printed is lost. */
            if (fflush(stdout) != 0 || ferror(stdout)) {
                cli_error("%s", _("cannot write the output (is the disk full, or was the reading end closed?)"));
                return rc != 0 ? rc : 1;
            }
            return rc;
        }
    cli_error(_("unknown command '%s' (kopir help lists the commands)"), argv[1]);
    return 2;
}
