/* cmd_serve.c — `kopir serve`: options, database pool, route registration and the web
 * server (src/web/server.c); `--list-routes` prints the route table for tests and docs. */
#include "cli/cli.h"
#include "cli/cli_db.h"
#include "i18n/i18n.h"
#include "web/router.h"
#include "web/server.h"
#include "web/web.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void list_routes(void)
{
    for (int i = 0; i < web_route_count(); i++) {
        web_route_info ri = web_route_at(i);
        printf("%s %s %s\n", ri.method, ri.pattern, web_perm_name(ri.perm));
    }
}

int cmd_serve(int argc, char **argv)
{
    cli_opt opts[] = {
        CLI_DB_OPT,
        { "listen", CLI_STRING, "HOST:PORT", N_("address to listen on (default 127.0.0.1:8080)"), "127.0.0.1:8080", false },
        { "threads", CLI_INT, "N", N_("worker threads (default: number of CPU cores)"), NULL, false },
        { "secure-cookies", CLI_FLAG, NULL, N_("mark cookies Secure (when served over HTTPS)"), NULL, false },
        { "access-log", CLI_STRING, "FILE", N_("append one line per request to FILE (default stderr)"), NULL, false },
        { "list-routes", CLI_FLAG, NULL, N_("print METHOD PATTERN PERMISSION for every route and exit"), NULL, false },
        { 0 },
    };
    int rc = cli_parse(argc, argv, opts, "kopir serve [--db PATH] [--listen HOST:PORT] [OPTIONS]", NULL, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    char err[256];
    web_routes_register_all(); /* i18n_init ran in cli_lang_init before any command */
    if (cli_flag(opts, "list-routes")) {
        list_routes();
        return 0;
    }
    web_server_config cfg = { 0 };
    char host[256];
    const char *listen = cli_str(opts, "listen", "127.0.0.1:8080");
    if (!web_parse_listen(listen, host, sizeof host, &cfg.port)) {
        cli_error(_("--listen wants HOST:PORT, e.g. 127.0.0.1:8080 (got '%s')"), listen);
        return 2;
    }
    cfg.host = host;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long threads = cli_int(opts, "threads", cores > 0 ? cores : 2);
    if (threads < 1 || threads > 256) {
        cli_error("%s", _("--threads must be between 1 and 256"));
        return 2;
    }
    cfg.threads = (int)threads;
    cfg.secure_cookies = cli_flag(opts, "secure-cookies");
    const char *path = cli_str(opts, "db", CLI_DB_DEFAULT);
    db *d = cli_db_open_existing(path);
    if (!d) return 1;
    db_close(d);
    if (!db_pool_init(path, err, sizeof err)) {
        cli_error("%s", err);
        return 1;
    }
    /* Opened last, so that no earlier failure has a file to close. */
    cfg.access_log = stderr;
    const char *logpath = cli_str(opts, "access-log", NULL);
    if (logpath && strcmp(logpath, "-") != 0) {
        cfg.access_log = fopen(logpath, "a");
        if (!cfg.access_log) {
            cli_error(_("cannot open the access log %s"), logpath);
            db_pool_shutdown();
            return 1;
        }
    }
    rc = web_server_run(&cfg);
    db_pool_shutdown();
    if (cfg.access_log != stderr) fclose(cfg.access_log);
    return rc;
}
