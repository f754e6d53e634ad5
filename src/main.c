/* main.c — entry point: finds the subcommand in cli_commands[] and runs it. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: kopir COMMAND [OPTIONS]   (kopir help lists the commands)\n");
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) name = "help";
    if (strcmp(name, "--version") == 0) name = "version";
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return c->run(argc - 1, argv + 1);
    cli_error("unknown command '%s' (kopir help lists the commands)", argv[1]);
    return 2;
}
