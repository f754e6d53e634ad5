/* org_forms.c — creating and editing organisations in the browser: /orgs/new and
 * /orgs/{id}/edit (forms that come back with the typed values and a message next to
 * each bad field), and the archive/restore buttons. */
#include <stdlib.h>
#include <string.h>

#include "web/form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/org_pages.h"
#include "web/org_web.h"

void org_web_form_errors(web_req *r, const org_errors *in, form_errors *out)
{
    for (int i = 0; i < in->n; i++) {
        const char *f = in->e[i].field;
        if (!*f) f = NULL;
        else if (strcmp(f, "name") == 0) f = arena_printf(r->arena, "name_%s", i18n_code(r->lang));
        form_error(out, f, in->e[i].message);
    }
}

/* Reads the submitted fields into o (keeps o's id). */
static void org_form_read(web_req *r, org *o)
{
    static const char *const langs[LANG_COUNT] = { "kk", "ru", "zh", "en" };
    o->kind = web_form(r, "kind");
    o->country = web_form(r, "country");
    o->identifier = web_form(r, "identifier");
    for (int l = 0; l < LANG_COUNT; l++) {
        o->name[l] = web_form(r, arena_printf(r->arena, "name_%s", langs[l]));
        o->short_name[l] = web_form(r, arena_printf(r->arena, "short_name_%s", langs[l]));
        o->description[l] = web_form(r, arena_printf(r->arena, "description_%s", langs[l]));
    }
    o->region = web_form(r, "region");
    o->district = web_form(r, "district");
    o->address = web_form(r, "address");
    o->website = web_form(r, "website");
    int n;
    const char **sec = web_form_all(r, "sectors", &n);
    o->nsectors = 0;
    for (int i = 0; i < n && o->nsectors < ORG_MAX_SECTORS; i++) o->sectors[o->nsectors++] = sec[i];
    const char *p = web_form(r, "parent_id");
    char *end;
    long long v = p && *p ? strtoll(p, &end, 10) : 0;
    o->parent_id = p && *p && (*end || v <= 0) ? -1 : v;
}

/* Active organisations for the "part of" select, by name (at most 500). */
static form_option *org_parent_options(web_req *r, int64_t self)
{
    form_option *o = arena_calloc(r->arena, 502, sizeof *o);
    int k = 0;
    o[k++] = (form_option){ "", _("None") };
    org_filter f = { .lang = r->lang, .per_page = ORG_PER_PAGE_MAX };
    for (f.page = 1; f.page <= 5; f.page++) {
        org_list_result res;
        if (!org_list(r->db, r->arena, &f, &res)) break;
        for (int i = 0; i < res.n; i++)
            if (res.items[i].id != self)
                o[k++] = (form_option){ arena_printf(r->arena, "%lld", (long long)res.items[i].id),
                                        org_display_name(&res.items[i], r->lang) };
        if (res.n < f.per_page) break;
    }
    return o;
}

static void org_form_page(web_req *r, const org *o, const form_errors *e, const char *action, const char *title)
{
    static const char *const langs[LANG_COUNT] = { "kk", "ru", "zh", "en" };
    layout_begin(r, title);
    form_begin(r, action, "post");
    form_errors_summary(r, e);
    form_select(r, "kind", org_field_label(r, "kind"), org_kind_options(r, _("Choose...")), form_value(r, "kind", o->kind),
                form_error_for(e, "kind"));
    form_select(r, "country", org_field_label(r, "country"), org_country_options(r, _("Choose...")),
                form_value(r, "country", o->country), form_error_for(e, "country"));
    form_text(r, "identifier", org_field_label(r, "identifier"),
              form_value(r, "identifier", o->identifier), form_error_for(e, "identifier"), "maxlength=\"40\" autocomplete=\"off\"");
    html_printf(&r->out, "<fieldset class=\"pairs\"><legend>%s</legend>\n", _("Name in each language (at least one)"));
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *n = arena_printf(r->arena, "name_%s", langs[l]);
        const char *s = arena_printf(r->arena, "short_name_%s", langs[l]);
        form_text(r, n, org_field_label(r, n),
                  form_value(r, n, o->name[l]), form_error_for(e, n), "maxlength=\"300\"");
        form_text(r, s, org_field_label(r, s),
                  form_value(r, s, o->short_name[l]), form_error_for(e, s), "maxlength=\"100\"");
    }
    html_raw(&r->out, "</fieldset>\n");
    form_text(r, "region", org_field_label(r, "region"), form_value(r, "region", o->region), form_error_for(e, "region"), "maxlength=\"200\"");
    form_text(r, "district", org_field_label(r, "district"), form_value(r, "district", o->district), form_error_for(e, "district"), "maxlength=\"200\"");
    form_text(r, "address", org_field_label(r, "address"), form_value(r, "address", o->address), form_error_for(e, "address"), "maxlength=\"500\"");
    form_text(r, "website", org_field_label(r, "website"), form_value(r, "website", o->website), form_error_for(e, "website"), "maxlength=\"300\" inputmode=\"url\"");
    int nchecked = o->nsectors;
    const char *const *checked = o->sectors;
    if (strcmp(r->method, "POST") == 0) checked = web_form_all(r, "sectors", &nchecked);
    form_checkboxes(r, "sectors", org_field_label(r, "sectors"), org_sector_options(r, NULL), checked, nchecked, form_error_for(e, "sectors"));
    const char *parent = o->parent_id > 0 ? arena_printf(r->arena, "%lld", (long long)o->parent_id) : "";
    form_select(r, "parent_id", org_field_label(r, "parent_id"), org_parent_options(r, o->id),
                form_value(r, "parent_id", parent), form_error_for(e, "parent_id"));
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *d = arena_printf(r->arena, "description_%s", langs[l]);
        form_textarea(r, d, org_field_label(r, d),
                      form_value(r, d, o->description[l]), form_error_for(e, d), "rows=\"3\" maxlength=\"5000\"");
    }
    form_submit(r, _("Save"));
    form_end(r);
    layout_end(r);
}

static void org_new_page(web_req *r)
{
    org o;
    memset(&o, 0, sizeof o);
    form_errors e = { 0 };
    org_form_page(r, &o, &e, "/orgs/new", _("New organisation"));
}

static void org_new_post(web_req *r)
{
    org o;
    memset(&o, 0, sizeof o);
    org_form_read(r, &o);
    org_errors oe = { 0 };
    form_errors e = { 0 };
    bool saved = org_create(r->db, r->arena, r->user.id, &o, &oe) != 0;
    if (!org_web_form_done(r, saved, &oe, N_("Organisation saved."),
                           arena_printf(r->arena, "/orgs/%lld", (long long)o.id), &e))
        org_form_page(r, &o, &e, "/orgs/new", _("New organisation"));
}


static void org_edit_page(web_req *r)
{
    org o;
    if (!org_web_load_editable(r, &o)) return;
    form_errors e = { 0 };
    org_form_page(r, &o, &e, arena_printf(r->arena, "/orgs/%lld/edit", (long long)o.id), _("Edit organisation"));
}

static void org_edit_post(web_req *r)
{
    org o;
    if (!org_web_load_editable(r, &o)) return;
    org_form_read(r, &o);
    org_errors oe = { 0 };
    form_errors e = { 0 };
    const char *url = arena_printf(r->arena, "/orgs/%lld", (long long)o.id);
    if (!org_web_form_done(r, org_update(r->db, r->arena, r->user.id, &o, &oe), &oe,
                           N_("Organisation saved."), url, &e))
        org_form_page(r, &o, &e, arena_printf(r->arena, "%s/edit", url), _("Edit organisation"));
}

static void org_state_post(web_req *r, bool archive)
{
    int64_t id = web_param_id(r, "id");
    org o;
    if (!id || !org_get(r->db, r->arena, id, &o)) {
        web_error(r, 404, _("There is no such organisation."));
        return;
    }
    if ((o.archived_at != NULL) != archive) {
        if (!(archive ? org_archive(r->db, r->user.id, id) : org_restore(r->db, r->user.id, id))) {
            web_error(r, 500, _("The change could not be saved because of a database error. Please try again."));
            return;
        }
        layout_flash(r, LAYOUT_OK, archive ? N_("Organisation archived.") : N_("Organisation restored."));
    }
    web_redirect(r, arena_printf(r->arena, "/orgs/%lld", (long long)id));
}

static void org_archive_post(web_req *r) { org_state_post(r, true); }
static void org_restore_post(web_req *r) { org_state_post(r, false); }

void org_form_routes(void)
{
    web_route("GET", "/orgs/new", PERM_COORDINATOR, org_new_page);
    web_route("POST", "/orgs/new", PERM_COORDINATOR, org_new_post);
    web_route("GET", "/orgs/{id}/edit", PERM_MEMBER, org_edit_page);
    web_route("POST", "/orgs/{id}/edit", PERM_MEMBER, org_edit_post);
    web_route("POST", "/orgs/{id}/archive", PERM_COORDINATOR, org_archive_post);
    web_route("POST", "/orgs/{id}/restore", PERM_COORDINATOR, org_restore_post);
}
