/* org_people_pages.c — people (contacts) in the browser: the people section of an
 * organisation's page, /orgs/{id}/people/new, /people/{id}/edit and the archive/restore
 * buttons. Phones and e-mails are shown to logged-in users only. */
#include <string.h>

#include "web/form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/org_pages.h"
#include "web/org_web.h"

void org_people_section(web_req *r, const org *o)
{
    bool edit = org_web_may_edit(r, o->id);
    int n;
    person *p = person_list(r->db, r->arena, o->id, edit, &n);
    html_printf(&r->out, "<h2>%s</h2>\n", _("People"));
    if (edit && !o->archived_at)
        html_printf(&r->out, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n",
                    web_url(r, arena_printf(r->arena, "/orgs/%lld/people/new", (long long)o->id)), _("Add a person"));
    if (n == 0) {
        html_printf(&r->out, "<p class=\"muted\">%s</p>\n", _("No people yet."));
        return;
    }
    html_raw(&r->out, "<ul class=\"cards people\">\n");
    for (int i = 0; i < n; i++) {
        html_printf(&r->out, "<li class=\"card\"><h3>%s</h3>\n", org_pick_lang(p[i].name, r->lang));
        for (int l = 0; l < LANG_COUNT; l++)
            if (p[i].name[l] && strcmp(p[i].name[l], org_pick_lang(p[i].name, r->lang)) != 0)
                html_printf(&r->out, "<p lang=\"%s\">%s</p>\n", i18n_tag((lang_id)l), p[i].name[l]);
        if (p[i].position) html_printf(&r->out, "<p>%s</p>\n", p[i].position);
        if (p[i].langs) {
            html_printf(&r->out, "<p>%s: ", _("Speaks"));
            int k = 0;
            for (int b = 0; b < PERSON_LANG_COUNT; b++)
                if (p[i].langs & (1u << b)) html_printf(&r->out, "%s%s", k++ ? ", " : "", person_lang_label(b));
            html_raw(&r->out, "</p>\n");
        }
        if (r->user.id && p[i].phone)
            html_printf(&r->out, "<p><a href=\"tel:%U\">%s</a></p>\n", p[i].phone, p[i].phone);
        if (r->user.id && p[i].email)
            html_printf(&r->out, "<p><a href=\"mailto:%s\">%s</a></p>\n", p[i].email, p[i].email);
        if (p[i].archived_at) html_printf(&r->out, "<p><strong>%s</strong></p>\n", _("Archived"));
        if (edit) {
            html_printf(&r->out, "<div class=\"actions\"><a href=\"%s\">%s</a>\n",
                        web_url(r, arena_printf(r->arena, "/people/%lld/edit", (long long)p[i].id)), _("Edit"));
            if (p[i].archived_at)
                form_button(r, arena_printf(r->arena, "/people/%lld/restore", (long long)p[i].id), _("Restore"), NULL);
            else
                form_button(r, arena_printf(r->arena, "/people/%lld/archive", (long long)p[i].id), _("Archive"),
                            _("Archive this person?"));
            html_raw(&r->out, "</div>\n");
        }
        html_raw(&r->out, "</li>\n");
    }
    html_raw(&r->out, "</ul>\n");
}

static void person_form_read(web_req *r, person *p)
{
    static const char *const langs[LANG_COUNT] = { "kk", "ru", "zh", "en" };
    for (int l = 0; l < LANG_COUNT; l++) p->name[l] = web_form(r, arena_printf(r->arena, "name_%s", langs[l]));
    p->position = web_form(r, "position");
    p->phone = web_form(r, "phone");
    p->email = web_form(r, "email");
    int n;
    const char **v = web_form_all(r, "languages", &n);
    p->langs = 0;
    for (int i = 0; i < n; i++) p->langs |= person_lang_bit(v[i]);
}

static void person_form_page(web_req *r, const person *p, const form_errors *e, const char *action, const char *title)
{
    static const char *const langs[LANG_COUNT] = { "kk", "ru", "zh", "en" };
    layout_begin(r, title);
    form_begin(r, action, "post");
    form_errors_summary(r, e);
    html_printf(&r->out, "<fieldset class=\"grid2\"><legend>%s</legend>\n", _("Name in each language (at least one)"));
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *n = arena_printf(r->arena, "name_%s", langs[l]);
        form_text(r, n, org_field_label(r, n),
                  form_value(r, n, p->name[l]), form_error_for(e, n), "maxlength=\"200\"");
    }
    html_raw(&r->out, "</fieldset>\n");
    form_text(r, "position", org_field_label(r, "position"), form_value(r, "position", p->position), form_error_for(e, "position"), "maxlength=\"200\"");
    form_text(r, "phone", org_field_label(r, "phone"), form_value(r, "phone", p->phone), form_error_for(e, "phone"), "type=\"tel\" maxlength=\"40\"");
    form_text(r, "email", org_field_label(r, "email"), form_value(r, "email", p->email), form_error_for(e, "email"), "type=\"email\" maxlength=\"254\"");
    form_option opts[PERSON_LANG_COUNT + 1];
    const char *checked[PERSON_LANG_COUNT];
    int nchecked = 0;
    for (int i = 0; i < PERSON_LANG_COUNT; i++) {
        opts[i] = (form_option){ person_lang_codes[i], person_lang_label(i) };
        if (p->langs & (1u << i)) checked[nchecked++] = person_lang_codes[i];
    }
    opts[PERSON_LANG_COUNT] = (form_option){ NULL, NULL };
    form_checkboxes(r, "languages", org_field_label(r, "langs"), opts, checked, nchecked, form_error_for(e, "langs"));
    form_submit(r, _("Save"));
    form_end(r);
    layout_end(r);
}


static bool person_load(web_req *r, person *p)
{
    int64_t id = web_param_id(r, "id");
    if (!id || !person_get(r->db, r->arena, id, p)) {
        web_error(r, 404, _("There is no such person."));
        return false;
    }
    if (!org_web_may_edit(r, p->org_id)) {
        web_error(r, 403, _("You may change only your own organisation."));
        return false;
    }
    return true;
}

static void person_new_page(web_req *r)
{
    org o;
    if (!org_web_load_editable(r, &o)) return;
    person p;
    memset(&p, 0, sizeof p);
    form_errors e = { 0 };
    person_form_page(r, &p, &e, arena_printf(r->arena, "/orgs/%lld/people/new", (long long)o.id), _("New person"));
}

static void person_new_post(web_req *r)
{
    org o;
    if (!org_web_load_editable(r, &o)) return;
    person p;
    memset(&p, 0, sizeof p);
    p.org_id = o.id;
    person_form_read(r, &p);
    org_errors oe = { 0 };
    form_errors e = { 0 };
    bool saved = person_create(r->db, r->arena, r->user.id, &p, &oe) != 0;
    if (!org_web_form_done(r, saved, &oe, N_("Person saved."),
                           arena_printf(r->arena, "/orgs/%lld", (long long)o.id), &e))
        person_form_page(r, &p, &e, arena_printf(r->arena, "/orgs/%lld/people/new", (long long)o.id), _("New person"));
}

static void person_edit_page(web_req *r)
{
    person p;
    if (!person_load(r, &p)) return;
    form_errors e = { 0 };
    person_form_page(r, &p, &e, arena_printf(r->arena, "/people/%lld/edit", (long long)p.id), _("Edit person"));
}

static void person_edit_post(web_req *r)
{
    person p;
    if (!person_load(r, &p)) return;
    person_form_read(r, &p);
    org_errors oe = { 0 };
    form_errors e = { 0 };
    bool saved = person_update(r->db, r->arena, r->user.id, &p, &oe);
    if (!org_web_form_done(r, saved, &oe, N_("Person saved."),
                           arena_printf(r->arena, "/orgs/%lld", (long long)p.org_id), &e))
        person_form_page(r, &p, &e, arena_printf(r->arena, "/people/%lld/edit", (long long)p.id), _("Edit person"));
}

static void person_state_post(web_req *r, bool archive)
{
    person p;
    if (!person_load(r, &p)) return;
    if ((p.archived_at != NULL) != archive) {
        if (!(archive ? person_archive(r->db, r->user.id, p.id) : person_restore(r->db, r->user.id, p.id))) {
            web_error(r, 500, _("The change could not be saved because of a database error. Please try again."));
            return;
        }
        layout_flash(r, LAYOUT_OK, archive ? N_("Person archived.") : N_("Person restored."));
    }
    web_redirect(r, arena_printf(r->arena, "/orgs/%lld", (long long)p.org_id));
}

static void person_archive_post(web_req *r) { person_state_post(r, true); }
static void person_restore_post(web_req *r) { person_state_post(r, false); }

void org_people_routes(void)
{
    web_route("GET", "/orgs/{id}/people/new", PERM_MEMBER, person_new_page);
    web_route("POST", "/orgs/{id}/people/new", PERM_MEMBER, person_new_post);
    web_route("GET", "/people/{id}/edit", PERM_MEMBER, person_edit_page);
    web_route("POST", "/people/{id}/edit", PERM_MEMBER, person_edit_post);
    web_route("POST", "/people/{id}/archive", PERM_MEMBER, person_archive_post);
    web_route("POST", "/people/{id}/restore", PERM_MEMBER, person_restore_post);
}
