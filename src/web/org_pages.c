/* org_pages.c — the organisations pages people read: /orgs (search, filters, sorting,
 * pagination; a plain GET form that works without JavaScript and on a phone) and
 * /orgs/{id} (names in every language, sectors, branches, people, and for logged-in
 * users the history of org_fields.c); plus org_routes(), which registers every
 * organisations route. */
#include <stdlib.h>
#include <string.h>

#include "domain/sector.h"
#include "web/form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/org_pages.h"
#include "web/org_web.h"
#include "web/page_cache.h"
#include "web/pager.h"

/* Options of a select: "" (any) plus the codes with their labels. */
static form_option *org_opts(web_req *r, const char *const *codes, const char *(*label)(const char *),
                             const char *any)
{
    int n = 0;
    while (codes[n]) n++;
    form_option *o = arena_calloc(r->arena, (size_t)n + 2, sizeof *o);
    o[0] = (form_option){ "", any };
    for (int i = 0; i < n; i++) o[i + 1] = (form_option){ codes[i], label(codes[i]) };
    return o;
}

form_option *org_kind_options(web_req *r, const char *any)
{
    return org_opts(r, org_kinds, org_kind_label, any);
}

form_option *org_country_options(web_req *r, const char *any)
{
    return org_opts(r, org_countries, org_country_label, any);
}

form_option *org_sector_options(web_req *r, const char *any)
{
    int n;
    const sector *s = sector_all(&n);
    form_option *o = arena_calloc(r->arena, (size_t)n + 2, sizeof *o);
    int k = 0;
    if (any) o[k++] = (form_option){ "", any };
    for (int i = 0; i < n; i++)
        o[k++] = (form_option){ s[i].code, arena_printf(r->arena, "%s — %s", s[i].code, sector_label(&s[i], r->lang)) };
    return o;
}

/* How many filters narrow the list (the badge on "Filters"); a changed sort order alone
 * also opens the block so the user sees why the order differs. */
static int org_filters_active(const org_filter *f)
{
    const char *v[] = { f->kind, f->country, f->district, f->sector };
    int n = f->state != ORG_ACTIVE;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) n += v[i] && *v[i];
    return n;
}

static void org_filter_selects(web_req *r, const org_filter *f)
{
    form_select(r, "kind", _("Kind"), org_kind_options(r, _("Any kind")), f->kind, NULL);
    form_select(r, "country", _("Country"), org_country_options(r, _("Any country")), f->country, NULL);
    int nd;
    const char **d = org_districts(r->db, r->arena, &nd);
    form_option *dopt = arena_calloc(r->arena, (size_t)nd + 2, sizeof *dopt);
    dopt[0] = (form_option){ "", _("Any district") };
    for (int i = 0; i < nd; i++) dopt[i + 1] = (form_option){ d[i], d[i] };
    form_select(r, "district", _("District"), dopt, f->district, NULL);
    form_select(r, "sector", _("Sector"), org_sector_options(r, _("Any sector")), f->sector, NULL);
    if (r->user.id) {
        const form_option st[] = { { "active", _("Active") }, { "archived", _("Archived") },
                                   { "all", _("Active and archived") }, { NULL, NULL } };
        form_select(r, "state", _("Show"), st, web_query(r, "state"), NULL);
    }
    const form_option so[] = { { "name", _("Name") }, { "created", _("Newest first") },
                               { "updated", _("Recently changed") }, { NULL, NULL } };
    form_select(r, "sort", _("Sort by"), so, org_sort_name(f->sort), NULL);
}

/* The search box and its button first (what most visitors need), then the filters in a
 * <details> block: folded on arrival so a phone shows results on its first screen, open
 * when a filter is set. A plain GET form: works without JavaScript. */
static void org_filter_form(web_req *r, const org_filter *f)
{
    int active = org_filters_active(f);
    html_raw(&r->out, "<div class=\"search-form\">\n");
    form_begin(r, "/orgs", "get");
    html_raw(&r->out, "<div class=\"search-row\">\n");
    form_text(r, "q", _("Search"), f->q, NULL, "type=\"search\" maxlength=\"200\"");
    html_printf(&r->out, "<button type=\"submit\" class=\"button\">%s</button>\n</div>\n", _("Search"));
    html_printf(&r->out, "<details class=\"filters\"%s>\n<summary>%s",
                active || f->sort != ORG_SORT_NAME ? " open" : "", _("Filters"));
    if (active) html_printf(&r->out, " <span class=\"badge\">%d</span>", active);
    html_raw(&r->out, "</summary>\n<div class=\"filter-grid\">\n");
    org_filter_selects(r, f);
    html_printf(&r->out, "</div>\n<div class=\"actions\"><button type=\"submit\" class=\"button\">%s</button>",
                _("Apply filters"));
    if (active || f->sort != ORG_SORT_NAME) {
        if (f->q && *f->q)
            html_printf(&r->out, " <a href=\"%s?q=%U\">%s</a>", web_url(r, "/orgs"), f->q, _("Clear filters"));
        else
            html_printf(&r->out, " <a href=\"%s\">%s</a>", web_url(r, "/orgs"), _("Clear filters"));
    }
    html_raw(&r->out, "</div>\n</details>\n");
    form_end(r);
    html_raw(&r->out, "</div>\n");
}

static void org_list_item(web_req *r, const org *o)
{
    html_printf(&r->out, "<li class=\"card\"><h2><a href=\"%s\">%s</a></h2>\n<p class=\"muted\">%s · %s",
                web_url(r, arena_printf(r->arena, "/orgs/%lld", (long long)o->id)),
                org_display_name(o, r->lang), org_kind_label(o->kind), org_country_label(o->country));
    if (o->district) html_printf(&r->out, " · %s", o->district);
    if (o->archived_at) html_printf(&r->out, " · <strong>%s</strong>", _("Archived"));
    html_raw(&r->out, "</p>\n");
    if (o->nsectors) {
        html_raw(&r->out, "<ul class=\"tags\">");
        for (int i = 0; i < o->nsectors; i++) {
            const sector *s = sector_find(o->sectors[i]);
            html_printf(&r->out, "<li>%s</li>", s ? sector_label(s, r->lang) : o->sectors[i]);
        }
        html_raw(&r->out, "</ul>\n");
    }
    html_raw(&r->out, "</li>\n");
}

/* The current query string (for the export link), without page fields. */
static const char *org_query_string(web_req *r)
{
    buf b = BUF_INIT;
    for (int i = 0; i < r->nquery; i++) {
        if (strcmp(r->query[i].name, "page") == 0 || strcmp(r->query[i].name, "per_page") == 0) continue;
        buf_putc(&b, b.len ? '&' : '?');
        html_url_escape(&b, r->query[i].name);
        buf_putc(&b, '=');
        html_url_escape(&b, r->query[i].value);
    }
    const char *s = arena_strdup(r->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

static void org_list_page(web_req *r)
{
    /* The list depends on the query, the language, the role and the database only: the
     * public view can come from the page cache (the dispatcher keeps logged-in pages out). */
    web_cache_allow(r);
    org_filter f;
    org_errors e = { 0 };
    bool ok = org_web_filter(r, &f, &e);
    web_pager pg = web_pager_from_query(r, 20, ORG_PER_PAGE_MAX);
    f.page = (int)pg.page;
    f.per_page = (int)pg.per_page;
    org_list_result res = { 0 };
    if (ok && !org_list(r->db, r->arena, &f, &res)) {
        web_error(r, 500, _("The list could not be read because of a database error."));
        return;
    }
    if (!ok) r->status = 400;
    layout_begin(r, _("Organisations"));
    if (r->user.role >= ROLE_COORDINATOR)
        html_printf(&r->out, "<div class=\"actions\"><a class=\"button\" href=\"%s\">%s</a> <a href=\"%s\">%s</a></div>\n",
                    web_url(r, "/orgs/new"), _("Add an organisation"), web_url(r, "/orgs/import"), _("Import from CSV"));
    org_filter_form(r, &f);
    for (int i = 0; i < e.n; i++) layout_notice(r, LAYOUT_ERROR, e.e[i].message);
    html_printf(&r->out, "<p class=\"count\" role=\"status\">");
    html_printf(&r->out, ngettext_("%ld organisation found.", "%ld organisations found.", (unsigned long)res.total),
                (long)res.total);
    html_printf(&r->out, " <a href=\"%s%s\">%s</a></p>\n", web_url(r, "/orgs/export.csv"),
                org_query_string(r), _("Download as CSV"));
    html_raw(&r->out, "<ul class=\"cards org-list\">\n");
    for (int i = 0; i < res.n; i++) org_list_item(r, &res.items[i]);
    html_raw(&r->out, "</ul>\n");
    pg.total = (long)res.total;
    web_pager_html(r, &pg);
    layout_end(r);
}

/* ---- detail ---- */

static void org_dt(web_req *r, const char *label, const char *value)
{
    if (value && *value) html_printf(&r->out, "<dt>%s</dt><dd>%s</dd>\n", label, value);
}

static void org_names_table(web_req *r, const org *o)
{
    html_printf(&r->out, "<h2>%s</h2>\n<dl class=\"names\">\n", _("Names"));
    for (int l = 0; l < LANG_COUNT; l++) {
        if (!o->name[l]) continue;
        html_printf(&r->out, "<dt>%s</dt><dd lang=\"%s\">%s", i18n_native_name((lang_id)l), i18n_tag((lang_id)l), o->name[l]);
        if (o->short_name[l]) html_printf(&r->out, " (%s)", o->short_name[l]);
        html_raw(&r->out, "</dd>\n");
    }
    html_raw(&r->out, "</dl>\n");
    for (int l = 0; l < LANG_COUNT; l++)
        if (o->description[l])
            html_printf(&r->out, "<div class=\"description\" lang=\"%s\"><p>%s</p></div>\n",
                        i18n_tag((lang_id)l), o->description[l]);
}

static void org_facts(web_req *r, const org *o)
{
    html_raw(&r->out, "<dl class=\"facts\">\n");
    org_dt(r, _("Kind"), org_kind_label(o->kind));
    org_dt(r, _("Country"), org_country_label(o->country));
    org_dt(r, strcmp(o->country, "KZ") == 0 ? _("BIN") : strcmp(o->country, "CN") == 0
              ? _("Unified social credit code") : _("Registration number"), o->identifier);
    org_dt(r, _("Region"), o->region);
    org_dt(r, _("District"), o->district);
    org_dt(r, _("Address"), o->address);
    if (o->website)
        html_printf(&r->out, "<dt>%s</dt><dd><a href=\"%s\" rel=\"noopener nofollow\">%s</a></dd>\n",
                    _("Website"), o->website, o->website);
    org parent;
    /* An archived parent is not shown to the public (its page would be a 404). */
    if (o->parent_id && org_get(r->db, r->arena, o->parent_id, &parent) && (!parent.archived_at || r->user.id))
        html_printf(&r->out, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd>\n", _("Part of"),
                    web_url(r, arena_printf(r->arena, "/orgs/%lld", (long long)parent.id)),
                    org_display_name(&parent, r->lang));
    if (o->nsectors) {
        html_printf(&r->out, "<dt>%s</dt><dd><ul class=\"tags\">", _("Sectors"));
        for (int i = 0; i < o->nsectors; i++) {
            const sector *s = sector_find(o->sectors[i]);
            html_printf(&r->out, "<li>%s — %s</li>", o->sectors[i], s ? sector_label(s, r->lang) : "");
        }
        html_raw(&r->out, "</ul></dd>\n");
    }
    html_raw(&r->out, "</dl>\n");
}

static void org_branches(web_req *r, const org *o)
{
    org_filter f = { .parent_id = o->id, .lang = r->lang, .per_page = ORG_PER_PAGE_MAX };
    org_list_result res;
    if (!org_list(r->db, r->arena, &f, &res) || res.n == 0) return;
    html_printf(&r->out, "<h2>%s</h2>\n<ul>\n", _("Branches"));
    for (int i = 0; i < res.n; i++)
        html_printf(&r->out, "<li><a href=\"%s\">%s</a></li>\n",
                    web_url(r, arena_printf(r->arena, "/orgs/%lld", (long long)res.items[i].id)),
                    org_display_name(&res.items[i], r->lang));
    html_raw(&r->out, "</ul>\n");
}

static void org_detail_page(web_req *r)
{
    int64_t id = web_param_id(r, "id");
    org o;
    if (!id || !org_get(r->db, r->arena, id, &o) || (o.archived_at && !r->user.id)) {
        web_error(r, 404, _("There is no such organisation."));
        return;
    }
    layout_begin(r, org_display_name(&o, r->lang));
    if (o.archived_at) layout_notice(r, LAYOUT_INFO, _("This organisation is archived."));
    html_raw(&r->out, "<div class=\"actions\">");
    if (org_web_may_edit(r, id))
        html_printf(&r->out, "<a class=\"button\" href=\"%s\">%s</a>\n",
                    web_url(r, arena_printf(r->arena, "/orgs/%lld/edit", (long long)id)), _("Edit"));
    if (r->user.role >= ROLE_COORDINATOR) {
        if (o.archived_at)
            form_button(r, arena_printf(r->arena, "/orgs/%lld/restore", (long long)id), _("Restore"), NULL);
        else
            form_button(r, arena_printf(r->arena, "/orgs/%lld/archive", (long long)id), _("Archive"),
                        _("Archive this organisation? It will disappear from the public list."));
    }
    html_raw(&r->out, "</div>\n");
    org_facts(r, &o);
    org_names_table(r, &o);
    org_branches(r, &o);
    org_people_section(r, &o);
    if (r->user.id) org_history_section(r, id);
    layout_end(r);
}

void org_routes(void)
{
    layout_nav_add("/orgs", N_("Organisations"), PERM_PUBLIC, 20);
    web_route("GET", "/orgs", PERM_PUBLIC, org_list_page);
    web_route("GET", "/orgs/{id}", PERM_PUBLIC, org_detail_page);
    org_form_routes();
    org_people_routes();
    org_io_routes();
    org_api_routes();
}
