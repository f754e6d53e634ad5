/* cmd_stubs.c — TEMPORARY placeholders for subcommands still being written.
 * Whoever implements cmd_X in src/cli/cmd_X.c deletes its stub here. */
#include "cli/cli.h"

static int stub(const char *name)
{
    cli_error("'%s' is not available in this build", name);
    return 1;
}

int cmd_serve(int argc, char **argv) { (void)argc; (void)argv; return stub("serve"); }
int cmd_init(int argc, char **argv) { (void)argc; (void)argv; return stub("init"); }
int cmd_demo(int argc, char **argv) { (void)argc; (void)argv; return stub("demo"); }
int cmd_user(int argc, char **argv) { (void)argc; (void)argv; return stub("user"); }
int cmd_check(int argc, char **argv) { (void)argc; (void)argv; return stub("check"); }
int cmd_org(int argc, char **argv) { (void)argc; (void)argv; return stub("org"); }
