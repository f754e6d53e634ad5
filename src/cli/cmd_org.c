/* cmd_org.c — `kopir org import FILE [--skip-invalid]` and `kopir org export [filters]
 * [--out FILE]`: the organisations CSV from the command line. The import report goes to
 * stderr (one line per problem: FILE:LINE: field: message); messages are in --lang, else
 * in the language cli_lang_init chose. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/org_csv.h"
#include "i18n/i18n.h"

/* Reads a whole file (at most ORG_CSV_MAX_BYTES) into an arena string. */
static char *org_read_file(arena *a, const char *path, size_t *len)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp) {
        cli_error(_("cannot open %s: %s"), path, i18n_strerror(errno));
        return NULL;
    }
    size_t cap = 64 * 1024, n = 0;
    char *data = malloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap > ORG_CSV_MAX_BYTES) break;
            cap *= 2;
            data = realloc(data, cap);
            if (!data) abort();
        }
        size_t got = fread(data + n, 1, cap - n, fp);
        if (got == 0) break;
        n += got;
    }
    bool err = ferror(fp);
    if (fp != stdin) fclose(fp);
    if (err || n > ORG_CSV_MAX_BYTES) {
        cli_error(err ? _("cannot read %s") : _("%s is larger than the import limit"), path);
        free(data);
        return NULL;
    }
    char *r = arena_strndup(a, data, n);
    free(data);
    *len = n;
    return r;
}

/* Sets the message language from --lang when given (its environment variable is
 * KOPIR_LANG, the one cli_lang_init reads); otherwise keeps the one already chosen. */
static bool org_cli_lang(cli_opt *opts)
{
    const char *s = cli_str(opts, "lang", NULL);
    lang_id l;
    if (!s) return true;
    if (!i18n_parse(s, &l)) {
        cli_error(_("unknown language '%s' (kk, ru, zh or en)"), s);
        return false;
    }
    i18n_set_lang(l);
    return true;
}

static int org_import(int argc, char **argv)
{
    cli_opt opts[] = {
        CLI_DB_OPT,
        { "skip-invalid", CLI_FLAG, NULL, N_("import the valid rows and report the others"), NULL, false },
        { "lang", CLI_STRING, "LANG", N_("language of the messages: kk, ru, zh, en (default: KOPIR_LANG, the locale, else en)"),
          NULL, false },
        { 0 },
    };
    char *pos[1];
    int npos = 0;
    int rc = cli_parse(argc, argv, opts, "kopir org import FILE.csv [--skip-invalid] [--db PATH]", pos, 1, &npos);
    if (rc) return rc < 0 ? 0 : rc;
    if (npos != 1) {
        cli_error("%s", _("org import: give one CSV file (or - for stdin)"));
        return 2;
    }
    if (!org_cli_lang(opts)) return 1;
    arena *a = arena_new();
    size_t len = 0;
    char *data = org_read_file(a, pos[0], &len);
    db *d = data ? cli_db_open_existing(cli_str(opts, "db", CLI_DB_DEFAULT)) : NULL;
    if (!d) {
        arena_free(a);
        return 1;
    }
    bool skip = cli_flag(opts, "skip-invalid");
    org_csv_report rep;
    bool ok = org_csv_import(d, a, 0, data, len, skip, &rep);
    for (int i = 0; i < rep.nissues; i++)
        fprintf(stderr, "%s:%d: %s%s%s\n", pos[0], rep.issues[i].line, rep.issues[i].field,
                *rep.issues[i].field ? ": " : "", rep.issues[i].message);
    if (rep.rejected > rep.nissues) {
        fprintf(stderr, "%s: ", pos[0]);
        fprintf(stderr, _("%d more rows with problems are not listed."), rep.rejected - rep.nissues);
        fputc('\n', stderr);
    }
    if (rep.fatal) fprintf(stderr, "%s: %s\n", pos[0], rep.fatal);
    fprintf(stderr, "%s: ", pos[0]);
    fprintf(stderr, _("Rows read: %d, imported: %d, rejected: %d."), rep.rows, rep.imported, rep.rejected);
    fputc('\n', stderr);
    if (!ok && !rep.fatal)
        fprintf(stderr, "%s: %s\n", pos[0], _("Nothing was imported: fix the rows or use --skip-invalid."));
    db_close(d);
    arena_free(a);
    return ok && (skip || rep.rejected == 0) ? 0 : 1;
}

static int org_export(int argc, char **argv)
{
    cli_opt opts[] = {
        CLI_DB_OPT,
        { "q", CLI_STRING, "TEXT", N_("search text"), NULL, false },
        { "kind", CLI_STRING, "KIND", N_("only this kind (government, chamber, company, ...)"), NULL, false },
        { "country", CLI_STRING, "C", N_("only this country (KZ, CN, OTHER)"), NULL, false },
        { "district", CLI_STRING, "NAME", N_("only this district"), NULL, false },
        { "sector", CLI_STRING, "L", N_("only this NACE section letter"), NULL, false },
        { "state", CLI_STRING, "S", N_("active (default), archived or all"), "active", false },
        { "out", CLI_STRING, "FILE", N_("write to FILE instead of stdout"), NULL, false },
        { 0 },
    };
    int rc = cli_parse(argc, argv, opts, "kopir org export [--q TEXT] [--kind K] [--country C] [--out FILE] [--db PATH]",
                       NULL, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    org_filter f = { .q = cli_str(opts, "q", NULL), .kind = cli_str(opts, "kind", NULL),
                     .country = cli_str(opts, "country", NULL), .district = cli_str(opts, "district", NULL),
                     .sector = cli_str(opts, "sector", NULL), .sort = ORG_SORT_NAME, .lang = LANG_RU };
    if (f.kind && !org_kind_valid(f.kind)) {
        cli_error(_("unknown kind '%s'"), f.kind);
        return 2;
    }
    if (f.country && !org_country_valid(f.country)) {
        cli_error(_("unknown country '%s' (KZ, CN or OTHER)"), f.country);
        return 2;
    }
    if (!org_state_parse(cli_str(opts, "state", "active"), &f.state)) {
        cli_error("%s", _("--state is active, archived or all"));
        return 2;
    }
    db *d = cli_db_open_existing(cli_str(opts, "db", CLI_DB_DEFAULT));
    if (!d) return 1;
    arena *a = arena_new();
    buf out = BUF_INIT;
    bool ok = org_csv_export(d, a, &f, &out);
    const char *path = cli_str(opts, "out", NULL);
    FILE *fp = ok ? (path ? fopen(path, "wb") : stdout) : NULL;
    if (!ok) cli_error(_("export failed: %s"), db_errmsg(d));
    else if (!fp) cli_error(_("cannot write %s: %s"), path, i18n_strerror(errno));
    else {
        ok = fwrite(out.data, 1, out.len, fp) == out.len;
        if (fp != stdout) ok = fclose(fp) == 0 && ok;
        else ok = fflush(stdout) == 0 && ok;
        if (!ok) cli_error(_("cannot write %s"), path ? path : "stdout");
    }
    buf_free(&out);
    arena_free(a);
    db_close(d);
    return ok && fp ? 0 : 1;
}

int cmd_org(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        printf(_("usage: %s"), "kopir org import FILE.csv [--skip-invalid] [--db PATH]\n"
                                "       kopir org export [--q TEXT] [--kind K] [--country C] [--out FILE] [--db PATH]");
        printf("\n%s\n", _("The CSV columns are described in docs/organisations.md."));
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "import") == 0) return org_import(argc - 1, argv + 1);
    if (strcmp(argv[1], "export") == 0) return org_export(argc - 1, argv + 1);
    cli_error(_("org: unknown subcommand '%s' (import or export)"), argv[1]);
    return 2;
}
