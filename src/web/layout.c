/* layout.c — the shared page frame (layout.h): head, site header with navigation,
 * language switcher and account state, flash notices carried in a signed cookie, and the
 * footer. Everything variable is written through html_printf. */
#include "web/layout.h"
#include "web/form.h"
#include "web/html.h"
#include "web/static.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- navigation table ---- */

typedef struct nav_entry {
    const char *path, *label;
    web_perm perm;
    int order;
} nav_entry;

#define NAV_MAX 32
static nav_entry nav[NAV_MAX] = {
    { "/", N_("Home"), PERM_PUBLIC, 0 },
    { "/orgs", N_("Organisations"), PERM_PUBLIC, 20 },
};
static int nnav = 2;

void layout_nav_add(const char *path, const char *label_msgid, web_perm perm, int order)
{
    int i = 0;
    for (; i < nnav && strcmp(nav[i].path, path) != 0; i++) {}
    if (i == nnav) {   /* new entry */
        if (nnav == NAV_MAX) {
            fprintf(stderr, "kopir: more than %d navigation entries\n", NAV_MAX);
            abort();
        }
        nnav++;
    }
    nav[i] = (nav_entry){ path, label_msgid, perm, order };
    /* insertion sort by order keeps the table small and stable */
    for (int j = i; j > 0 && nav[j - 1].order > nav[j].order; j--) {
        nav_entry t = nav[j];
        nav[j] = nav[j - 1];
        nav[j - 1] = t;
    }
    for (int j = i; j + 1 < nnav && nav[j].order > nav[j + 1].order; j++) {
        nav_entry t = nav[j];
        nav[j] = nav[j + 1];
        nav[j + 1] = t;
    }
}

/* Index of the entry that is the longest prefix of path (segment-wise), or -1. */
static int nav_current(const char *path)
{
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < nnav; i++) {
        size_t n = strlen(nav[i].path);
        bool match = strcmp(nav[i].path, "/") == 0
                         ? strcmp(path, "/") == 0
                         : strncmp(path, nav[i].path, n) == 0 && (path[n] == '\0' || path[n] == '/');
        if (match && (best < 0 || n > best_len)) {
            best = i;
            best_len = n;
        }
    }
    return best;
}

/* ---- flash notices: "K.MSG.MAC" with K the kind digit, MSG and MAC base64url ---- */

static unsigned char flash_key[crypto_auth_KEYBYTES];
static pthread_once_t flash_once = PTHREAD_ONCE_INIT;

static void flash_key_init(void)
{
    if (sodium_init() < 0) abort();
    randombytes_buf(flash_key, sizeof flash_key);
}

static const char *flash_mac(arena *a, const char *signed_part)
{
    pthread_once(&flash_once, flash_key_init);
    unsigned char mac[crypto_auth_BYTES];
    crypto_auth(mac, (const unsigned char *)signed_part, strlen(signed_part), flash_key);
    size_t n = sodium_base64_encoded_len(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(a, n);
    return sodium_bin2base64(out, n, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void layout_flash(web_req *r, layout_kind kind, const char *msgid)
{
    size_t len = strlen(msgid);
    if (len > 600) len = 600;   /* keeps the cookie well under browser limits */
    size_t n = sodium_base64_encoded_len(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *msg = arena_alloc(r->arena, n);
    sodium_bin2base64(msg, n, (const unsigned char *)msgid, len,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    const char *part = arena_printf(r->arena, "%d.%s", (int)kind, msg);
    web_set_cookie(r, "kopir_flash", arena_printf(r->arena, "%s.%s", part, flash_mac(r->arena, part)), 120);
}

/* Shows and clears a pending flash notice whose signature checks out. */
static void flash_show(web_req *r)
{
    const char *c = web_cookie(r, "kopir_flash");
    if (!c) return;
    web_set_cookie(r, "kopir_flash", "", 0);
    const char *dot = strrchr(c, '.');
    if (!dot || c[0] < '0' || c[0] > '2' || c[1] != '.') return;
    const char *part = arena_strndup(r->arena, c, (size_t)(dot - c));
    const char *mac = flash_mac(r->arena, part);
    if (strlen(mac) != strlen(dot + 1) || sodium_memcmp(mac, dot + 1, strlen(mac)) != 0) return;
    size_t max = strlen(part);
    char *msg = arena_alloc(r->arena, max + 1);
    size_t len = 0;
    if (sodium_base642bin((unsigned char *)msg, max, part + 2, strlen(part + 2), NULL, &len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return;
    msg[len] = '\0';
    layout_notice(r, (layout_kind)(c[0] - '0'), _(msg));
}

void layout_notice(web_req *r, layout_kind kind, const char *message)
{
    static const char *cls[] = { "info", "ok", "error" };
    html_printf(&r->out, "<div class=\"notice notice-%s\" role=\"%s\">%s</div>\n", cls[kind],
                kind == LAYOUT_ERROR ? "alert" : "status", message);
}

/* ---- the frame ---- */

/* The current page in language l: same path and query. */
static const char *lang_url(web_req *r, lang_id l)
{
    buf b = BUF_INIT;
    html_printf(&b, "/%s", i18n_code(l));
    buf_puts(&b, r->path ? r->path : "/");
    for (int i = 0; i < r->nquery; i++) {
        html_raw(&b, i ? "&" : "?");   /* raw here: the whole URL is escaped once when printed */
        html_printf(&b, "%U=%U", r->query[i].name, r->query[i].value);
    }
    const char *s = arena_strdup(r->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

static void write_head(web_req *r, const char *title)
{
    html_printf(&r->out,
                "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>%s — Көпір</title>\n"
                "<link rel=\"stylesheet\" href=\"%s\">\n"
                "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\">\n"
                "<script src=\"%s\" defer></script>\n</head>\n",
                i18n_tag(r->lang), title, web_static_url("app.css"), web_static_url("icon.svg"),
                web_static_url("app.js"));
}

static void write_nav(web_req *r)
{
    int cur = nav_current(r->path ? r->path : "/");
    html_printf(&r->out, "<nav class=\"nav-main\" aria-label=\"%s\"><ul>\n", _("Main menu"));
    for (int i = 0; i < nnav; i++) {
        if ((int)r->user.role < (int)nav[i].perm) continue;
        html_printf(&r->out, "<li><a href=\"%s\"", web_url(r, nav[i].path));
        if (i == cur) html_raw(&r->out, " aria-current=\"page\"");
        html_printf(&r->out, ">%s</a></li>\n", _(nav[i].label));
    }
    html_raw(&r->out, "</ul></nav>\n");
}

static void write_lang_switcher(web_req *r)
{
    html_printf(&r->out, "<nav class=\"nav-lang\" aria-label=\"%s\"><ul>\n", _("Language"));
    for (int l = 0; l < LANG_COUNT; l++)
    {
        html_printf(&r->out, "<li><a href=\"%s\" hreflang=\"%s\" lang=\"%s\"", lang_url(r, (lang_id)l),
                    i18n_code((lang_id)l), i18n_tag((lang_id)l));
        if (l == (int)r->lang) html_raw(&r->out, " aria-current=\"true\"");
        html_printf(&r->out, ">%s</a></li>\n", i18n_native_name((lang_id)l));
    }
    html_raw(&r->out, "</ul></nav>\n");
}

/* The user's name (their password page) and a logout button that looks like a link, or a
 * plain login link: a header that stays one calm row next to the brand on a phone. */
static void write_account(web_req *r)
{
    html_raw(&r->out, "<div class=\"account\">");
    if (r->user.id) {
        html_printf(&r->out, "<a class=\"user\" href=\"%s\" title=\"%s\">%s</a>",
                    web_url(r, "/account/password"), _("Change password"), r->user.name);
        form_button(r, "/logout", _("Log out"), NULL);
    } else if (!r->path || strcmp(r->path, "/login") != 0) {
        html_printf(&r->out, "<a class=\"login\" href=\"%s?next=%U\">%s</a>",
                    web_url(r, "/login"), web_url(r, r->path ? r->path : "/"), _("Log in"));
    }
    html_raw(&r->out, "</div>\n");
}

void layout_begin(web_req *r, const char *title)
{
    r->resp_type = "text/html; charset=utf-8";
    write_head(r, title);
    html_printf(&r->out, "<body>\n<a class=\"skip\" href=\"#main\">%s</a>\n<header class=\"site\">\n"
                "<div class=\"bar\">\n<a class=\"brand\" href=\"%s\"><img src=\"%s\" alt=\"\" "
                "width=\"32\" height=\"32\"><span class=\"brand-name\">Көпір</span>"
                "<span class=\"brand-tag\">%s</span></a>\n",
                _("Skip to content"), web_url(r, "/"), web_static_url("icon.svg"),
                _("West Kazakhstan – Shandong"));
    /* account before languages: on a phone the languages take their own row below */
    write_account(r);
    write_lang_switcher(r);
    html_raw(&r->out, "</div>\n");
    write_nav(r);
    html_raw(&r->out, "</header>\n<main id=\"main\">\n");
    flash_show(r);
    html_printf(&r->out, "<h1>%s</h1>\n", title);
}

void layout_end(web_req *r)
{
    html_printf(&r->out,
                "</main>\n<footer class=\"site\">\n<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n"
                "</footer>\n</body>\n</html>\n",
                _("Kopir connects businesses of West Kazakhstan Region and Shandong Province."),
                web_url(r, "/"), _("Home"));
}
