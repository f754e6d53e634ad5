/* cmd_user.c — `kopir user add|token|passwd|list|archive`: account administration
 * from the command line. Passwords are read from the terminal without echo (asked
 * twice) or, when stdin is not a terminal, as one line from stdin; never from argv. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/auth.h"
#include "i18n/i18n.h"

#define USER_PW_BUF (4 * AUTH_PASSWORD_MAX + 4)

/* Reads one line into buf without its line ending; false at end of input or when the
 * line does not fit. */
static bool user_read_line(char *buf, size_t n)
{
    if (!fgets(buf, (int)n, stdin)) return false;
    size_t len = strlen(buf);
    if (len == n - 1 && buf[len - 1] != '\n') {
        int c;
        while ((c = getchar()) != EOF && c != '\n') {}
        return false;
    }
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) buf[--len] = '\0';
    return true;
}

/* Prompts on stderr and reads a line with echo turned off. */
static bool user_read_hidden(const char *prompt, char *buf, size_t n)
{
    struct termios old, quiet;
    fputs(prompt, stderr);
    fflush(stderr);
    bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    bool ok = user_read_line(buf, n);
    if (restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return ok;
}

/* The new password into buf: from the terminal (twice, must match) or one stdin line. */
static bool user_read_password(char *buf, size_t n)
{
    if (!isatty(STDIN_FILENO)) {
        if (user_read_line(buf, n) && *buf) return true;
        cli_error(_("expected the password as one line on standard input (at most %d characters)"),
                  AUTH_PASSWORD_MAX);
        return false;
    }
    char again[USER_PW_BUF];
    bool ok = user_read_hidden(_("New password: "), buf, n) &&
              user_read_hidden(_("Repeat the password: "), again, sizeof again);
    if (ok && strcmp(buf, again) != 0) {
        cli_error("%s", _("the two passwords differ; nothing was changed"));
        ok = false;
    } else if (!ok) {
        cli_error("%s", _("no password read; nothing was changed"));
    }
    sodium_memzero(again, sizeof again);
    return ok;
}

static int user_add(int argc, char **argv)
{
    cli_opt opts[] = {
        CLI_DB_OPT,
        { "role", CLI_STRING, "ROLE", N_("admin, coordinator, member or viewer (required)"), NULL, false },
        { "org", CLI_INT, "ID", N_("organisation of a member (required for members only)"), NULL, false },
        { 0 },
    };
    char *pos[1];
    int npos = 0;
    /* TRANSLATORS: keep the command and option names; translate the second line. */
    int rc = cli_parse(argc, argv, opts, _("kopir user add NAME --role ROLE [--org ID] [--db PATH]\n"
                                           "  The password is read from the terminal (twice) or as one line on stdin."),
                       pos, 1, &npos);
    if (rc) return rc < 0 ? 0 : rc;
    web_role role;
    const char *role_s = cli_str(opts, "role", NULL);
    if (npos != 1) {
        cli_error("%s", _("user add needs the user NAME (see --help)"));
        return 2;
    }
    if (!role_s) {
        cli_error("%s", _("user add needs --role (admin, coordinator, member or viewer)"));
        return 2;
    }
    if (!auth_role_parse(role_s, &role)) {
        cli_error(_("unknown role '%s': choose admin, coordinator, member or viewer"), role_s);
        return 2;
    }
    db *d = cli_db_open_existing(cli_str(opts, "db", CLI_DB_DEFAULT));
    if (!d) return 1;
    arena *a = arena_new();
    web_user existing;
    char pw[USER_PW_BUF];
    const char *err = NULL;
    int64_t id = 0;
    if (auth_user_find(d, a, pos[0], &existing)) {
        err = N_("A user with this name already exists.");
    } else if (user_read_password(pw, sizeof pw)) {
        id = auth_user_add(d, pos[0], pw, role, cli_int(opts, "org", 0), &err);
        sodium_memzero(pw, sizeof pw);
    }
    if (id > 0) {
        printf(_("created user %s (id %lld, role %s)"), pos[0], (long long)id, role_s);
        putchar('\n');
    } else if (err) {
        cli_error("%s", _(err)); /* auth and the check above give N_() msgids */
    }
    arena_free(a);
    db_close(d);
    return id > 0 ? 0 : 1;
}

/* What a verb does to the active user named on the command line; true on success
 * (after printing the result), false after printing why not. */
typedef bool (*user_action)(db *d, arena *a, const web_user *u, cli_opt *opts);

/* Parses `kopir user VERB NAME [opts]`, opens the database, finds the active user, runs
 * act on it and closes everything. Returns the exit status (0 after help). */
static int user_run(int argc, char **argv, cli_opt *opts, const char *usage, user_action act)
{
    char *pos[1];
    int npos = 0;
    int rc = cli_parse(argc, argv, opts, usage, pos, 1, &npos);
    if (rc) return rc < 0 ? 0 : rc;
    if (npos != 1) {
        cli_error(_("%s needs the user NAME (see --help)"), argv[0]);
        return 2;
    }
    db *d = cli_db_open_existing(cli_str(opts, "db", CLI_DB_DEFAULT));
    if (!d) return 1;
    arena *a = arena_new();
    web_user u;
    bool ok = false;
    if (auth_user_find(d, a, pos[0], &u)) ok = act(d, a, &u, opts);
    else cli_error(_("no active user named '%s'"), pos[0]);
    arena_free(a);
    db_close(d);
    return ok ? 0 : 1;
}

/* Ends a verb: prints done (a format with the user name) on success, else err (an N_()
 * msgid of auth, translated here). Returns ok. */
static bool user_outcome(bool ok, const char *err, const char *done, const char *name)
{
    if (ok) {
        printf(done, name);
        putchar('\n');
    } else if (err) {
        cli_error("%s", _(err));
    }
    return ok;
}

static bool user_token_act(db *d, arena *a, const web_user *u, cli_opt *opts)
{
    const char *label = cli_str(opts, "label", NULL);
    const char *tok = auth_token_create(d, a, u->id, label);
    if (tok) printf("%s\n", tok);
    else if (label && strlen(label) > 200) cli_error("%s", _("the label is longer than 200 characters"));
    else cli_error(_("cannot create a token: %s"), db_errmsg(d));
    return tok != NULL;
}

static int user_token(int argc, char **argv)
{
    cli_opt opts[] = {
        CLI_DB_OPT,
        { "label", CLI_STRING, "TEXT", N_("what the token is for (shown in lists)"), NULL, false },
        { 0 },
    };
    /* TRANSLATORS: keep the command and option names; translate the second line. */
    return user_run(argc, argv, opts, _("kopir user token NAME [--label TEXT] [--db PATH]\n"
                                        "  Prints a new API token (only the token). It is shown once."),
                    user_token_act);
}

static bool user_passwd_act(db *d, arena *a, const web_user *u, cli_opt *opts)
{
    (void)a;
    (void)opts;
    char pw[USER_PW_BUF];
    const char *err = NULL;
    bool ok = user_read_password(pw, sizeof pw) && auth_user_set_password(d, u->id, pw, &err);
    sodium_memzero(pw, sizeof pw);
    return user_outcome(ok, err, _("password changed for %s"), u->name);
}

static int user_passwd(int argc, char **argv)
{
    cli_opt opts[] = { CLI_DB_OPT, { 0 } };
    /* TRANSLATORS: keep the command and option names; translate the second line. */
    return user_run(argc, argv, opts, _("kopir user passwd NAME [--db PATH]\n"
                                        "  Sets a new password (ends the user's sessions)."),
                    user_passwd_act);
}

static bool user_archive_act(db *d, arena *a, const web_user *u, cli_opt *opts)
{
    (void)a;
    (void)opts;
    const char *err = NULL;
    bool ok = auth_user_archive(d, u->id, &err);
    return user_outcome(ok, err, _("archived user %s"), u->name);
}

static int user_archive(int argc, char **argv)
{
    cli_opt opts[] = { CLI_DB_OPT, { 0 } };
    /* TRANSLATORS: keep the command and option names; translate the second line. */
    return user_run(argc, argv, opts, _("kopir user archive NAME [--db PATH]\n"
                                        "  The user can no longer log in; sessions and API tokens end."),
                    user_archive_act);
}

static int user_list(int argc, char **argv)
{
    cli_opt opts[] = {
        CLI_DB_OPT,
        { "all", CLI_FLAG, NULL, N_("include archived users"), NULL, false },
        { 0 },
    };
    int rc = cli_parse(argc, argv, opts, "kopir user list [--all] [--db PATH]", NULL, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    db *d = cli_db_open_existing(cli_str(opts, "db", CLI_DB_DEFAULT));
    if (!d) return 1;
    db_stmt *st = db_prepare(d, "SELECT id, name, role, org_id, created_at, archived_at FROM users "
                                "WHERE archived_at IS NULL OR ? ORDER BY name");
    db_bind_int(st, 1, cli_flag(opts, "all"));
    /* TRANSLATORS: column headers of "kopir user list"; keep them short. */
    const char *head[] = { _("ID"), _("NAME"), _("ROLE"), _("ORG"), _("CREATED"), _("ARCHIVED") };
    static const int width[] = { 6, 24, 12, 6, 20, 0 };
    for (int c = 0; c < 6; c++)
        cli_print_cell(head[c], width[c]);
    putchar('\n');
    while (db_step(st) == DB_ROW) {
        for (int c = 0; c < 6; c++)
            cli_print_cell((c == 3 || c == 5) && db_col_null(st, c) ? "-" : db_col_text(st, c), width[c]);
        putchar('\n');
    }
    db_done(st);
    db_close(d);
    return 0;
}

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} user_verbs[] = {
    { "add", user_add, N_("create a user (password from the terminal or stdin)") },
    { "token", user_token, N_("print a new API token for a user") },
    { "passwd", user_passwd, N_("set a user's password") },
    { "list", user_list, N_("list users") },
    { "archive", user_archive, N_("archive a user (no more logins)") },
};

int cmd_user(int argc, char **argv)
{
    size_t n = sizeof user_verbs / sizeof user_verbs[0];
    const char *verb = argc > 1 ? argv[1] : NULL;
    for (size_t i = 0; verb && i < n; i++)
        if (strcmp(verb, user_verbs[i].name) == 0) return user_verbs[i].run(argc - 1, argv + 1);
    bool help = verb && (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0);
    FILE *out = help ? stdout : stderr;
    if (verb && !help) cli_error(_("unknown user command '%s'"), verb);
    fprintf(out, _("usage: %s"), "kopir user COMMAND NAME [OPTIONS]   (kopir user COMMAND --help)");
    fputc('\n', out);
    for (size_t i = 0; i < n; i++) fprintf(out, "  %-10s %s\n", user_verbs[i].name, _(user_verbs[i].summary));
    return help ? 0 : 2;
}
