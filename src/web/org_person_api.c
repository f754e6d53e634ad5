/* person_api.c — the people (contacts) endpoints of the organisations API:
 * GET/POST /api/v1/organisations/{id}/people, GET/PATCH /api/v1/people/{id},
 * POST /api/v1/people/{id}/archive|restore. Changing people needs the right to edit
 * their organisation (org_web_may_edit). */
#include <jansson.h>
#include <string.h>

#include "web/org_pages.h"
#include "web/org_web.h"

static void person_api_invalid(web_req *r, const org_errors *e)
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
    json_object_set_new(err, "message", json_string(e->n ? e->e[0].message : ""));
    json_object_set_new(err, "field", e->n ? json_string(e->e[0].field) : json_null());
    json_object_set_new(err, "errors", list);
    json_t *v = json_object();
    json_object_set_new(v, "error", err);
    web_json(r, 422, v);
}

static void person_api_text(web_req *r, json_t *body, const char *key, const char **dst, org_errors *e)
{
    json_t *v = json_object_get(body, key);
    if (!v) return;
    if (json_is_null(v)) *dst = NULL;
    else if (json_is_string(v)) *dst = arena_strdup(r->arena, json_string_value(v));
    else org_errors_add(e, key, _("This field must be text."));
}

static void person_api_apply(web_req *r, json_t *body, person *p, org_errors *e)
{
    json_t *names = json_object_get(body, "name");
    if (names && !json_is_object(names))
        org_errors_add(e, "name", _("Give this as an object keyed by language: kk, ru, zh, en."));
    else if (names) {
        const char *k;
        json_t *v;
        json_object_foreach(names, k, v) {
            lang_id l;
            if (strlen(k) != 2 || !i18n_parse(k, &l) || !(json_is_string(v) || json_is_null(v))) {
                org_errors_add(e, "name", arena_printf(r->arena, _("Unknown language \"%s\": use kk, ru, zh or en."), k));
                break;
            }
            p->name[l] = json_is_null(v) ? NULL : arena_strdup(r->arena, json_string_value(v));
        }
    }
    person_api_text(r, body, "position", &p->position, e);
    person_api_text(r, body, "phone", &p->phone, e);
    person_api_text(r, body, "email", &p->email, e);
    json_t *langs = json_object_get(body, "languages");
    if (langs) {
        unsigned bits = 0;
        size_t i;
        json_t *x;
        bool ok = json_is_array(langs);
        if (ok)
            json_array_foreach(langs, i, x) {
                unsigned b = json_is_string(x) ? person_lang_bit(json_string_value(x)) : 0;
                if (!b) ok = false;
                bits |= b;
            }
        if (ok) p->langs = bits;
        else org_errors_add(e, "languages", _("Give the spoken languages as a list of kk, ru, zh, en, other."));
    }
}

/* The organisation {id} (404 when absent or archived for the public). */
static bool person_api_org(web_req *r, org *o)
{
    int64_t id = web_param_id(r, "id");
    if (!id || !org_get(r->db, r->arena, id, o) || (o->archived_at && !r->user.id)) {
        web_json_error(r, 404, "not_found", _("There is no such organisation."), NULL);
        return false;
    }
    return true;
}

static bool person_api_load(web_req *r, person *p)
{
    int64_t id = web_param_id(r, "id");
    if (!id || !person_get(r->db, r->arena, id, p) || (p->archived_at && !r->user.id)) {
        web_json_error(r, 404, "not_found", _("There is no such person."), NULL);
        return false;
    }
    return true;
}

static void person_api_list(web_req *r)
{
    org o;
    if (!person_api_org(r, &o)) return;
    const char *state = web_query(r, "state");
    bool all = r->user.id && state && strcmp(state, "all") == 0;
    int n;
    person *p = person_list(r->db, r->arena, o.id, all, &n);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, person_web_json(r, &p[i]));
    json_t *v = json_object();
    json_object_set_new(v, "items", items);
    web_json(r, 200, v);
}

static void person_api_create(web_req *r)
{
    org o;
    if (!person_api_org(r, &o)) return;
    if (!org_web_may_edit(r, o.id)) {
        web_json_error(r, 403, "forbidden", _("You may change only your own organisation."), NULL);
        return;
    }
    json_t *body = web_json_body(r);
    if (!body) return;
    person p;
    memset(&p, 0, sizeof p);
    p.org_id = o.id;
    org_errors e = { 0 };
    person_api_apply(r, body, &p, &e);
    json_decref(body);
    if (e.n || !person_create(r->db, r->arena, r->user.id, &p, &e)) {
        person_api_invalid(r, &e);
        return;
    }
    web_set_header(r, "Location", arena_printf(r->arena, "/api/v1/people/%lld", (long long)p.id));
    person_get(r->db, r->arena, p.id, &p);
    web_json(r, 201, person_web_json(r, &p));
}

static void person_api_get(web_req *r)
{
    person p;
    if (person_api_load(r, &p)) web_json(r, 200, person_web_json(r, &p));
}

static void person_api_patch(web_req *r)
{
    person p;
    if (!person_api_load(r, &p)) return;
    if (!org_web_may_edit(r, p.org_id)) {
        web_json_error(r, 403, "forbidden", _("You may change only your own organisation."), NULL);
        return;
    }
    json_t *body = web_json_body(r);
    if (!body) return;
    org_errors e = { 0 };
    person_api_apply(r, body, &p, &e);
    json_t *org_id = json_object_get(body, "org_id");
    if (org_id && (!json_is_integer(org_id) || json_integer_value(org_id) <= 0))
        org_errors_add(&e, "org_id", _("Unknown organisation."));
    else if (org_id && json_integer_value(org_id) != p.org_id) {
        if (r->user.role < ROLE_COORDINATOR) {
            json_decref(body);
            web_json_error(r, 403, "forbidden", _("You may change only your own organisation."), NULL);
            return;
        }
        p.org_id = json_integer_value(org_id);
    }
    json_decref(body);
    if (e.n || !person_update(r->db, r->arena, r->user.id, &p, &e)) {
        person_api_invalid(r, &e);
        return;
    }
    person_get(r->db, r->arena, p.id, &p);
    web_json(r, 200, person_web_json(r, &p));
}

static void person_api_set_archived(web_req *r, bool archive)
{
    person p;
    if (!person_api_load(r, &p)) return;
    if (!org_web_may_edit(r, p.org_id)) {
        web_json_error(r, 403, "forbidden", _("You may change only your own organisation."), NULL);
        return;
    }
    if ((p.archived_at != NULL) == archive) {
        web_json_error(r, 409, "conflict", archive ? _("This person is already archived.") : _("This person is not archived."), NULL);
        return;
    }
    if (!(archive ? person_archive(r->db, r->user.id, p.id) : person_restore(r->db, r->user.id, p.id))) {
        web_json_error(r, 500, "database", _("The change could not be saved because of a database error. Please try again."), NULL);
        return;
    }
    person_get(r->db, r->arena, p.id, &p);
    web_json(r, 200, person_web_json(r, &p));
}

static void person_api_archive(web_req *r) { person_api_set_archived(r, true); }
static void person_api_restore(web_req *r) { person_api_set_archived(r, false); }

void person_api_routes(void)
{
    web_route("GET", "/api/v1/organisations/{id}/people", PERM_PUBLIC, person_api_list);
    web_route("POST", "/api/v1/organisations/{id}/people", PERM_MEMBER, person_api_create);
    web_route("GET", "/api/v1/people/{id}", PERM_PUBLIC, person_api_get);
    web_route("PATCH", "/api/v1/people/{id}", PERM_MEMBER, person_api_patch);
    web_route("POST", "/api/v1/people/{id}/archive", PERM_MEMBER, person_api_archive);
    web_route("POST", "/api/v1/people/{id}/restore", PERM_MEMBER, person_api_restore);
}
