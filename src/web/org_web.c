/* org_web.c — shared by the organisations pages and API: the list filter from the query
 * string, the edit permission rule, and the JSON of organisations and people. */
#include "web/org_web.h"

#include <jansson.h>
#include <string.h>

#include "domain/sector.h"
#include "web/layout.h"

static const char *org_web_q(web_req *r, const char *name)
{
    const char *s = web_query(r, name);
    return s && *s ? s : NULL;
}

bool org_web_filter(web_req *r, org_filter *f, org_errors *e)
{
    memset(f, 0, sizeof *f);
    f->lang = r->lang;
    f->q = org_web_q(r, "q");
    f->kind = org_web_q(r, "kind");
    f->country = org_web_q(r, "country");
    f->district = org_web_q(r, "district");
    f->sector = org_web_q(r, "sector");
    f->parent_id = web_query_int(r, "parent", 0, 0, 0x7fffffffL);
    if (f->kind && !org_kind_valid(f->kind)) org_errors_add(e, "kind", _("Unknown kind of organisation."));
    if (f->country && !org_country_valid(f->country))
        org_errors_add(e, "country", _("Unknown country: choose Kazakhstan, China or another country."));
    if (f->sector && !sector_find(f->sector))
        org_errors_add(e, "sector", arena_printf(r->arena, _("Unknown sector code: %s."), f->sector));
    const char *state = org_web_q(r, "state");
    if (state && !org_state_parse(state, &f->state)) org_errors_add(e, "state", _("The state is active, archived or all."));
    if (!r->user.id) f->state = ORG_ACTIVE;
    const char *sort = org_web_q(r, "sort");
    if (sort && !org_sort_parse(sort, &f->sort)) org_errors_add(e, "sort", _("Sort by name, created or updated."));
    return e->n == 0;
}

bool org_web_may_edit(web_req *r, int64_t org_id)
{
    if (r->user.role >= ROLE_COORDINATOR) return true;
    return r->user.role == ROLE_MEMBER && r->user.org_id == org_id && org_id != 0;
}

bool org_web_load_editable(web_req *r, org *o)
{
    int64_t id = web_param_id(r, "id");
    if (!id || !org_get(r->db, r->arena, id, o)) {
        web_error(r, 404, _("There is no such organisation."));
        return false;
    }
    if (!org_web_may_edit(r, id)) {
        web_error(r, 403, _("You may change only your own organisation."));
        return false;
    }
    return true;
}

bool org_web_form_done(web_req *r, bool saved, const org_errors *oe, const char *notice,
                       const char *target, form_errors *e)
{
    if (saved) {
        layout_flash(r, LAYOUT_OK, notice);
        web_redirect(r, target);
        return true;
    }
    org_web_form_errors(r, oe, e);
    r->status = oe->n && !*oe->e[0].field ? 500 : 422;
    return false;
}

static json_t *org_web_langs(const char *const v[LANG_COUNT])
{
    json_t *o = json_object();
    for (int l = 0; l < LANG_COUNT; l++)
        if (v[l]) json_object_set_new(o, i18n_code((lang_id)l), json_string(v[l]));
    return o;
}

static json_t *org_web_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *person_web_json(web_req *r, const person *p)
{
    json_t *v = json_object();
    json_object_set_new(v, "id", json_integer(p->id));
    json_object_set_new(v, "org_id", json_integer(p->org_id));
    json_object_set_new(v, "name", org_web_langs(p->name));
    json_object_set_new(v, "position", org_web_str(p->position));
    if (r->user.id) {
        json_object_set_new(v, "phone", org_web_str(p->phone));
        json_object_set_new(v, "email", org_web_str(p->email));
    }
    json_t *langs = json_array();
    for (int i = 0; i < PERSON_LANG_COUNT; i++)
        if (p->langs & (1u << i)) json_array_append_new(langs, json_string(person_lang_codes[i]));
    json_object_set_new(v, "languages", langs);
    json_object_set_new(v, "archived", json_boolean(p->archived_at != NULL));
    json_object_set_new(v, "archived_at", org_web_str(p->archived_at));
    return v;
}

json_t *org_web_json(web_req *r, const org *o, bool detail)
{
    json_t *v = json_object();
    json_object_set_new(v, "id", json_integer(o->id));
    json_object_set_new(v, "kind", json_string(o->kind));
    json_object_set_new(v, "country", json_string(o->country));
    json_object_set_new(v, "identifier", org_web_str(o->identifier));
    json_object_set_new(v, "name", org_web_langs(o->name));
    json_object_set_new(v, "short_name", org_web_langs(o->short_name));
    json_object_set_new(v, "description", org_web_langs(o->description));
    json_object_set_new(v, "region", org_web_str(o->region));
    json_object_set_new(v, "district", org_web_str(o->district));
    json_object_set_new(v, "address", org_web_str(o->address));
    json_object_set_new(v, "website", org_web_str(o->website));
    json_t *sec = json_array();
    for (int i = 0; i < o->nsectors; i++) json_array_append_new(sec, json_string(o->sectors[i]));
    json_object_set_new(v, "sectors", sec);
    json_object_set_new(v, "parent_id", o->parent_id ? json_integer(o->parent_id) : json_null());
    json_object_set_new(v, "created_at", org_web_str(o->created_at));
    json_object_set_new(v, "updated_at", org_web_str(o->updated_at));
    json_object_set_new(v, "archived", json_boolean(o->archived_at != NULL));
    json_object_set_new(v, "archived_at", org_web_str(o->archived_at));
    if (detail) {
        int n;
        person *p = person_list(r->db, r->arena, o->id, false, &n);
        json_t *people = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(people, person_web_json(r, &p[i]));
        json_object_set_new(v, "people", people);
    }
    return v;
}

/* ---- reading JSON request bodies ---- */

void org_web_json_invalid(web_req *r, const org_errors *e)
{
    if (e->n && !*e->e[0].field) {
        web_json_error(r, 500, "database", e->e[0].message, NULL);
        return;
    }
    json_t *list = json_array();
    for (int i = 0; i < e->n; i++) {
        json_t *one = json_object();
        json_object_set_new(one, "field", json_string(e->e[i].field));
        json_object_set_new(one, "message", json_string(e->e[i].message));
        json_array_append_new(list, one);
    }
    json_t *err = json_object();
    json_object_set_new(err, "code", json_string("validation"));
    json_object_set_new(err, "message", json_string(e->n ? e->e[0].message : _("The data is not valid.")));
    json_object_set_new(err, "field", e->n ? json_string(e->e[0].field) : json_null());
    json_object_set_new(err, "errors", list);
    json_t *v = json_object();
    json_object_set_new(v, "error", err);
    web_json(r, 422, v);
}

/* A JSON string as an arena copy; NULL (and an error for field) when it holds a NUL,
 * which C strings could not keep: the value would be cut silently. */
static const char *org_web_json_string(web_req *r, json_t *v, const char *field, org_errors *e)
{
    if (json_string_length(v) != strlen(json_string_value(v))) {
        org_errors_add(e, field, _("This text contains characters that are not allowed."));
        return NULL;
    }
    return arena_strdup(r->arena, json_string_value(v));
}

void org_web_json_text(web_req *r, json_t *body, const char *key, const char **dst, org_errors *e)
{
    json_t *v = json_object_get(body, key);
    if (!v) return;
    if (json_is_null(v)) *dst = NULL;
    else if (json_is_string(v)) {
        const char *s = org_web_json_string(r, v, key, e);
        if (s) *dst = s;
    } else {
        org_errors_add(e, key, _("This field must be text."));
    }
}

void org_web_json_langs(web_req *r, json_t *body, const char *key, const char *v[LANG_COUNT], org_errors *e)
{
    json_t *obj = json_object_get(body, key);
    if (!obj) return;
    if (json_is_null(obj)) {
        for (int l = 0; l < LANG_COUNT; l++) v[l] = NULL;
        return;
    }
    if (!json_is_object(obj)) {
        org_errors_add(e, key, _("Give this as an object keyed by language: kk, ru, zh, en."));
        return;
    }
    const char *lang;
    json_t *val;
    json_object_foreach(obj, lang, val) {
        lang_id l;
        if (strlen(lang) != 2 || !i18n_parse(lang, &l)) {
            org_errors_add(e, key, arena_printf(r->arena, _("Unknown language \"%s\": use kk, ru, zh or en."), lang));
            return;
        }
        if (json_is_null(val)) {
            v[l] = NULL;
        } else if (!json_is_string(val)) {
            org_errors_add(e, key, _("This field must be text."));
            return;
        } else {
            const char *s = org_web_json_string(r, val, key, e);
            if (!s) return;
            v[l] = s;
        }
    }
}

static bool org_web_in(const char *const *list, const char *key)
{
    for (int i = 0; list && list[i]; i++)
        if (strcmp(list[i], key) == 0) return true;
    return false;
}

void org_web_json_known(web_req *r, json_t *obj, const char *const *writable,
                        const char *const *ignored, const char *prefix, org_errors *e)
{
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        if (org_web_in(writable, key) || org_web_in(ignored, key)) continue;
        org_errors_add(e, arena_printf(r->arena, "%s%s", prefix, key),
                       arena_printf(r->arena, _("Unknown field \"%s\": it is not part of this record."), key));
    }
}
