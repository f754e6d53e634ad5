/* org_web.c — shared by the organisations pages and API: the list filter from the query
 * string, the edit permission rule, and the JSON of organisations and people. */
#include "web/org_web.h"

#include <jansson.h>
#include <string.h>

#include "domain/sector.h"

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
