/* cli.c — option parsing for every subcommand: command line, then KOPIR_* environment,
 * then the config file, so the command line always wins; and the language of the
 * command line's messages (KOPIR_LANG, else the locale variables, else English). */
#include "cli/cli.h"
#include "i18n/i18n.h"
#include "util/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("kopir: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_print_cell(const char *s, int width)
{
    fputs(s, stdout);
    if (width <= 0)
        return;
    for (size_t w = text_display_width(s); w < (size_t)width; w++)
        putchar(' ');
    putchar(' ');
}

/* The language a locale value names: "ru_RU.UTF-8" -> ru, "zh_CN" -> zh, "en" -> en;
 * false for "C", "POSIX", "de_DE" and the like. */
static bool cli_locale_lang(const char *v, lang_id *out)
{
    if (!v || strlen(v) < 2 || (v[2] && !strchr("_.@-", v[2]))) return false;
    char code[3] = { v[0], v[1], '\0' };
    return i18n_parse(code, out);
}

bool cli_lang_init(void)
{
    char err[256];
    if (!i18n_init(err, sizeof err)) {
        fprintf(stderr, "kopir: %s\n", err); /* no catalogs: nothing to translate with */
        return false;
    }
    lang_id l = LANG_EN;
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (cli_locale_lang(getenv(vars[i]), &l)) break;
    i18n_set_lang(l);
    const char *k = getenv("KOPIR_LANG");
    if (!k || !*k) return true;
    if (!i18n_parse(k, &l)) {
        cli_error(_("unknown language '%s' in KOPIR_LANG (kk, ru, zh or en)"), k);
        return false;
    }
    i18n_set_lang(l);
    return true;
}

cli_opt *cli_find(cli_opt *opts, const char *name)
{
    for (cli_opt *o = opts; o && o->name; o++)
        if (strcmp(o->name, name) == 0) return o;
    return NULL;
}

/* Option help lines are N_() msgids translated here; the usage line arrives translated. */
static void cli_usage(cli_opt *opts, const char *usage)
{
    printf(_("usage: %s"), usage);
    putchar('\n');
    for (cli_opt *o = opts; o->name; o++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        printf("  %-24s %s\n", left, o->help ? _(o->help) : "");
    }
    printf("  %-24s %s\n", "--config FILE", _("read options from FILE (lines: name = value)"));
    printf("  %-24s %s\n", "--help", _("show this help"));
    puts(_("Options may also be set as KOPIR_NAME environment variables."));
}

static bool cli_valid_number(const cli_opt *o, const char *v)
{
    char *end;
    errno = 0;
    if (o->kind == CLI_INT) (void)strtol(v, &end, 10);
    else if (o->kind == CLI_NUMBER) (void)strtod(v, &end);
    else return true;
    return errno == 0 && end != v && *end == '\0';
}

/* where: NULL for the command line, else the environment variable or config file. */
static int cli_set(cli_opt *o, const char *v, const char *where)
{
    if (!cli_valid_number(o, v)) {
        if (where) cli_error(_("option --%s (%s) expects a number, got '%s'"), o->name, where, v);
        else cli_error(_("option --%s expects a number, got '%s'"), o->name, v);
        return 2;
    }
    o->value = v;
    o->set = true;
    return 0;
}

/* KOPIR_TIME_LIMIT for "time-limit". */
static void cli_env_name(const char *name, char *out, size_t n)
{
    size_t i = 0, j = snprintf(out, n, "KOPIR_");
    for (; name[i] && j + 1 < n; i++, j++)
        out[j] = name[i] == '-' ? '_' : (char)toupper((unsigned char)name[i]);
    out[j] = '\0';
}

static char *cli_trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

/* Reads `name = value` lines; values are kept for the life of the process. */
static int cli_load_config(cli_opt *opts, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error(_("cannot read config file %s: %s"), path, i18n_strerror(errno));
        return 2;
    }
    char line[1024];
    int lineno = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *s = cli_trim(line);
        if (!*s) continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            cli_error(_("%s:%d: expected 'name = value'"), path, lineno);
            rc = 2;
            break;
        }
        *eq = '\0';
        char *name = cli_trim(s), *value = cli_trim(eq + 1);
        cli_opt *o = cli_find(opts, name);
        if (!o) continue; /* a shared config file may hold other commands' options */
        if (!o->set) rc = cli_set(o, strdup(value), path);
    }
    fclose(f);
    return rc;
}

int cli_parse(int argc, char **argv, cli_opt *opts, const char *usage,
              char **pos, int max_pos, int *npos)
{
    const char *config = getenv("KOPIR_CONFIG");
    int n = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_usage(opts, usage);
            return -1;
        }
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++) {
                if (n >= max_pos) goto too_many;
                pos[n++] = argv[i];
            }
            break;
        }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (n >= max_pos) goto too_many;
            pos[n++] = a;
            continue;
        }
        char name[64];
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        if (len >= sizeof name) len = sizeof name - 1;
        memcpy(name, a + 2, len);
        name[len] = '\0';
        if (strcmp(name, "config") == 0) {
            if (!eq && i + 1 >= argc) { cli_error("%s", _("option --config needs a value")); return 2; }
            config = eq ? eq + 1 : argv[++i];
            continue;
        }
        cli_opt *o = cli_find(opts, name);
        if (!o) {
            cli_error(_("unknown option --%s (see --help)"), name);
            return 2;
        }
        const char *v;
        if (o->kind == CLI_FLAG) {
            if (eq) { cli_error(_("option --%s takes no value"), name); return 2; }
            v = "1";
        } else if (eq) {
            v = eq + 1;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            cli_error(_("option --%s needs a value"), name);
            return 2;
        }
        if (cli_set(o, v, NULL)) return 2;
    }
    for (cli_opt *o = opts; o->name; o++) {
        char env[80];
        cli_env_name(o->name, env, sizeof env);
        const char *v = getenv(env);
        if (!o->set && v && *v && cli_set(o, v, env)) return 2;
    }
    if (config && *config && cli_load_config(opts, config)) return 2;
    if (npos) *npos = n;
    return 0;
too_many:
    cli_error("%s", _("too many arguments (see --help)"));
    return 2;
}

long cli_int(cli_opt *opts, const char *name, long def)
{
    cli_opt *o = cli_find(opts, name);
    return o && o->value ? strtol(o->value, NULL, 10) : def;
}

double cli_number(cli_opt *opts, const char *name, double def)
{
    cli_opt *o = cli_find(opts, name);
    return o && o->value ? strtod(o->value, NULL) : def;
}

const char *cli_str(cli_opt *opts, const char *name, const char *def)
{
    cli_opt *o = cli_find(opts, name);
    return o && o->value ? o->value : def;
}

bool cli_flag(cli_opt *opts, const char *name)
{
    cli_opt *o = cli_find(opts, name);
    return o && o->set && o->value && strcmp(o->value, "0") != 0;
}
