/* cmd_stubs.c — TEMPORARY placeholders for subcommands still being written.
 * Whoever implements cmd_X in src/cli/cmd_X.c deletes its stub here. */
#include "cli/cli.h"

static int stub(const char *name)
{
    cli_error("'%s' is not available in this build", name);
    return 1;
}

int cmd_schedule(int argc, char **argv) { (void)argc; (void)argv; return stub("schedule"); }
