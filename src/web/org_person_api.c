/* org_person_api.c — the people (contacts) endpoints of the organisations API:
 * GET/POST /api/v1/organisations/{id}/people, GET/PATCH /api/v1/people/{id},
 * POST /api/v1/people/{id}/archive|restore, and the person part of a JSON body (also
 * used by POST /api/v1/organisations with "people"). Changing people needs the right to
 * edit their organisation (org_web_may_edit); the public never sees people of an
 * archived organisation. */
#include <jansson.h>
#include <string.h>

#include "web/org_pages.h"
#include "web/org_web.h"

/* Keys of a person a GET answer carries that a client may send back unchanged. */
static const char *const person_json_readonly[] = { "id", "org_id", "archived", "archived_at", NULL };
static const char *const person_json_writable[] = { "name", "position", "phone", "email", "languages", NULL };

/* Errors read with field names "name", "phone"...; re-added with prefix in front. */
static void person_json_prefixed(web_req *r, const org_errors *in, const char *prefix, org_errors *e)
{
    for (int i = 0; i < in->n; i++)
        org_errors_add(e, *prefix ? arena_printf(r->arena, "%s%s", prefix, in->e[i].field) : in->e[i].field,
                       in->e[i].message);
}

void org_person_json_apply(web_req *r, json_t *obj, person *p, const char *prefix, org_errors *e)
{
    org_errors own = { 0 };
    org_web_json_known(r, obj, person_json_writable, person_json_readonly, "", &own);
    org_web_json_langs(r, obj, "name", p->name, &own);
    org_web_json_text(r, obj, "position", &p->position, &own);
    org_web_json_text(r, obj, "phone", &p->phone, &own);
    org_web_json_text(r, obj, "email", &p->email, &own);
    json_t *langs = json_object_get(obj, "languages");
    if (langs && json_is_null(langs)) {
        p->langs = 0;
    } else if (langs) {
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
        else org_errors_add(&own, "languages", _("Give the spoken languages as a list of kk, ru, zh, en, other."));
    }
    person_json_prefixed(r, &own, prefix, e);
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

/* The person {id}: 404 when absent, and for the public also when the person or its
 * organisation is archived (archived records are never shown to the public). */
static bool person_api_load(web_req *r, person *p)
{
    int64_t id = web_param_id(r, "id");
    bool visible = id && person_get(r->db, r->arena, id, p);
    if (visible && !r->user.id) {
        org o;
        visible = !p->archived_at && org_get(r->db, r->arena, p->org_id, &o) && !o.archived_at;
    }
    if (!visible) web_json_error(r, 404, "not_found", _("There is no such person."), NULL);
    return visible;
}

/* 403 unless the user may change the people of organisation org_id. */
static bool person_api_may_edit(web_req *r, int64_t org_id)
{
    if (org_web_may_edit(r, org_id)) return true;
    web_json_error(r, 403, "forbidden", _("You may change only your own organisation."), NULL);
    return false;
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

/* Answers 200 with person id freshly loaded (status 201 after a create). */
static void person_api_answer(web_req *r, int status, int64_t id)
{
    person p;
    memset(&p, 0, sizeof p);
    person_get(r->db, r->arena, id, &p);
    web_json(r, status, person_web_json(r, &p));
}

static void person_api_create(web_req *r)
{
    org o;
    if (!person_api_org(r, &o) || !person_api_may_edit(r, o.id)) return;
    json_t *body = web_json_body(r);
    if (!body) return;
    person p;
    memset(&p, 0, sizeof p);
    p.org_id = o.id;
    org_errors e = { 0 };
    org_person_json_apply(r, body, &p, "", &e);
    json_decref(body);
    if (e.n || !person_create(r->db, r->arena, r->user.id, &p, &e)) {
        org_web_json_invalid(r, &e);
        return;
    }
    web_set_header(r, "Location", arena_printf(r->arena, "/api/v1/people/%lld", (long long)p.id));
    person_api_answer(r, 201, p.id);
}

static void person_api_get(web_req *r)
{
    person p;
    if (person_api_load(r, &p)) web_json(r, 200, person_web_json(r, &p));
}

/* PATCH: the given fields change; "org_id" moves the person (coordinators only). */
static void person_api_patch(web_req *r)
{
    person p;
    if (!person_api_load(r, &p) || !person_api_may_edit(r, p.org_id)) return;
    json_t *body = web_json_body(r);
    if (!body) return;
    org_errors e = { 0 };
    org_person_json_apply(r, body, &p, "", &e);
    json_t *org_id = json_object_get(body, "org_id");
    bool move = org_id && json_is_integer(org_id) && json_integer_value(org_id) != p.org_id;
    if (org_id && (!json_is_integer(org_id) || json_integer_value(org_id) <= 0))
        org_errors_add(&e, "org_id", _("Unknown organisation."));
    else if (move)
        p.org_id = json_integer_value(org_id);
    json_decref(body);
    if (move && r->user.role < ROLE_COORDINATOR) {
        web_json_error(r, 403, "forbidden", _("You may change only your own organisation."), NULL);
        return;
    }
    if (e.n || !person_update(r->db, r->arena, r->user.id, &p, &e)) {
        org_web_json_invalid(r, &e);
        return;
    }
    person_api_answer(r, 200, p.id);
}

static void person_api_set_archived(web_req *r, bool archive)
{
    person p;
    if (!person_api_load(r, &p) || !person_api_may_edit(r, p.org_id)) return;
    if ((p.archived_at != NULL) == archive) {
        web_json_error(r, 409, "conflict", archive ? _("This person is already archived.") : _("This person is not archived."), NULL);
        return;
    }
    if (!(archive ? person_archive(r->db, r->user.id, p.id) : person_restore(r->db, r->user.id, p.id))) {
        web_json_error(r, 500, "database", _("The change could not be saved because of a database error. Please try again."), NULL);
        return;
    }
    person_api_answer(r, 200, p.id);
}

static void person_api_archive(web_req *r) { person_api_set_archived(r, true); }
static void person_api_restore(web_req *r) { person_api_set_archived(r, false); }

void org_person_api_routes(void)
{
    web_route("GET", "/api/v1/organisations/{id}/people", PERM_PUBLIC, person_api_list);
    web_route("POST", "/api/v1/organisations/{id}/people", PERM_MEMBER, person_api_create);
    web_route("GET", "/api/v1/people/{id}", PERM_PUBLIC, person_api_get);
    web_route("PATCH", "/api/v1/people/{id}", PERM_MEMBER, person_api_patch);
    web_route("POST", "/api/v1/people/{id}/archive", PERM_MEMBER, person_api_archive);
    web_route("POST", "/api/v1/people/{id}/restore", PERM_MEMBER, person_api_restore);
}
