/* cli.h — the subcommand table and the one option parser every subcommand uses.
 * Options come from three places, strongest first: the command line, KOPIR_* environment
 * variables (KOPIR_DB for --db, KOPIR_TIME_LIMIT for --time-limit), and a config file
 * named by --config or KOPIR_CONFIG with lines `name = value` (# starts a comment). */
#ifndef KOPIR_CLI_H
#define KOPIR_CLI_H
#include <stdbool.h>

/* One subcommand: `kopir NAME ...` calls run(argc, argv) with argv[0] == NAME.
 * run returns the process exit status (0 ok, 1 failure, 2 usage error). */
typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary; /* one line for `kopir help` (English; the CLI is for operators) */
} cli_command;

/* The table, terminated by an entry with name == NULL (src/cli/commands.c). */
extern const cli_command cli_commands[];

typedef enum { CLI_FLAG, CLI_STRING, CLI_INT, CLI_NUMBER } cli_kind;

/* One option. The parser fills value/set; callers read them afterwards. */
typedef struct cli_opt {
    const char *name;   /* long name without dashes, e.g. "db" for --db */
    cli_kind kind;
    const char *arg;    /* placeholder shown in help, e.g. "PATH" (NULL for flags) */
    const char *help;   /* one line */
    const char *value;  /* after parsing: the string given (or "1" for a set flag), else the default set by the caller */
    bool set;           /* after parsing: true when given anywhere (command line, env or config) */
} cli_opt;

/* Parses argv[1..] of a subcommand. `--name value`, `--name=value`, flags as `--name`;
 * `--help`/`-h` prints usage (the `usage` line, then each option) to stdout.
 * Positional arguments are stored in pos[] (at most max_pos; *npos receives the count).
 * Values of CLI_INT/CLI_NUMBER options are checked to be numbers.
 * Returns 0 to continue, -1 when help was printed (exit 0), or 2 after printing a
 * message to stderr for bad usage (exit 2). */
int cli_parse(int argc, char **argv, cli_opt *opts, const char *usage,
              char **pos, int max_pos, int *npos);

/* Finds option `name` in opts (terminated by name == NULL); NULL when absent. */
cli_opt *cli_find(cli_opt *opts, const char *name);
/* Integer value of option name, or def when unset. */
long cli_int(cli_opt *opts, const char *name, long def);
/* Floating value of option name, or def when unset. */
double cli_number(cli_opt *opts, const char *name, double def);
/* String value of option name, or def when unset. */
const char *cli_str(cli_opt *opts, const char *name, const char *def);
/* True when the flag was given. */
bool cli_flag(cli_opt *opts, const char *name);

/* Chooses the language of the command line's messages (i18n_set_lang), once, before a
 * command runs: KOPIR_LANG (kk, ru, zh, en; also "zh-CN", "ru_RU"), else the first of
 * LC_ALL, LC_MESSAGES, LANG whose value names one of them ("ru_RU.UTF-8" -> ru), else
 * English. A command's own --lang (org import) overrides it. false after printing an
 * error when KOPIR_LANG names another language or the catalogs cannot be loaded. */
bool cli_lang_init(void);

/* Prints s to stdout padded with spaces to `width` terminal columns, then one space, so
 * that text tables line up in every language (Chinese takes two columns a character).
 * Text wider than the column is printed whole; width 0 (the last column) adds nothing. */
void cli_print_cell(const char *s, int width);

/* Prints "kopir: <message>" to stderr, printf-style. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
