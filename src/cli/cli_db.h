/* cli_db.h — how a subcommand gets its database: the shared --db option (default
 * var/kopir.db, environment KOPIR_DB) and one call that opens and migrates it. */
#ifndef KOPIR_CLI_DB_H
#define KOPIR_CLI_DB_H
#include "cli/cli.h"
#include "db/db.h"

/* Default database path, relative to the working directory. */
#define CLI_DB_DEFAULT "var/kopir.db"

/* The --db option row for a command's cli_opt table; its value defaults to
 * CLI_DB_DEFAULT. Use as an initializer: `cli_opt opts[] = { CLI_DB_OPT, ..., { 0 } };` */
#define CLI_DB_OPT { "db", CLI_STRING, "PATH", "database file (default " CLI_DB_DEFAULT ")", CLI_DB_DEFAULT, false }

/* Opens the database at path (creating it if absent) and applies the built-in
 * migrations. On failure prints "kopir: ..." to stderr and returns NULL. */
db *cli_db_open(const char *path);

/* Like cli_db_open but refuses to create a database: a missing file is reported as
 * "no database at PATH (run kopir init --db PATH)". For commands that only read or
 * add to an existing database (user, check, org, serve). */
db *cli_db_open_existing(const char *path);

#endif
