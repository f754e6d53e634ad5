/* org_api.c — the organisations JSON API under /api/v1 (organisations and their people):
 * list with search/filters/pagination, create, read, PATCH (merge: only given fields),
 * archive/restore. Contract and examples: docs/organisations.md. Same permissions as
 * the pages: reading is public (active records, contacts hidden), a member changes only
 * its own organisation, create/archive need a coordinator. */
#include <jansson.h>
#include <string.h>

#include "domain/org.h"
#include "domain/person.h"
#include "web/org_pages.h"
#include "web/org_web.h"
#include "web/web.h"

#define ORGS_API "/api/v1/organisations"

static void org_api_not_found(web_req *r)
{
    web_json_error(r, 404, "not_found", _("There is no such organisation."), NULL);
}

/* ---- reading JSON into records ---- */

/* The writable keys of an organisation, and the read-only ones of a GET answer that a
 * client may send back unchanged ("people" is writable only when creating). */
static const char *const org_api_writable[] = {
    "kind", "country", "identifier", "name", "short_name", "description", "region",
    "district", "address", "website", "sectors", "parent_id", NULL,
};
static const char *const org_api_readonly[] = {
    "id", "created_at", "updated_at", "archived", "archived_at", "people", NULL,
};

/* Applies the given fields of body to o (PATCH merge semantics, see org_web.h). */
static void org_api_apply(web_req *r, json_t *body, org *o, org_errors *e)
{
    org_web_json_known(r, body, org_api_writable, org_api_readonly, "", e);
    org_web_json_text(r, body, "kind", &o->kind, e);
    org_web_json_text(r, body, "country", &o->country, e);
    org_web_json_text(r, body, "identifier", &o->identifier, e);
    org_web_json_text(r, body, "region", &o->region, e);
    org_web_json_text(r, body, "district", &o->district, e);
    org_web_json_text(r, body, "address", &o->address, e);
    org_web_json_text(r, body, "website", &o->website, e);
    org_web_json_langs(r, body, "name", o->name, e);
    org_web_json_langs(r, body, "short_name", o->short_name, e);
    org_web_json_langs(r, body, "description", o->description, e);
    json_t *s = json_object_get(body, "sectors");
    if (s && json_is_null(s)) o->nsectors = 0;
    else if (s && (!json_is_array(s) || json_array_size(s) > ORG_MAX_SECTORS))
        org_errors_add(e, "sectors", _("Give the sectors as a list of section letters, for example [\"C\", \"E\"]."));
    else if (s) {
        o->nsectors = 0;
        size_t i;
        json_t *x;
        json_array_foreach(s, i, x) {
            if (!json_is_string(x)) {
                org_errors_add(e, "sectors", _("Give the sectors as a list of section letters, for example [\"C\", \"E\"]."));
                break;
            }
            o->sectors[o->nsectors++] = arena_strdup(r->arena, json_string_value(x));
        }
    }
    json_t *p = json_object_get(body, "parent_id");
    if (p && json_is_null(p)) o->parent_id = 0;
    else if (p && !json_is_integer(p))
        org_errors_add(e, "parent_id", _("Give the parent as the number (id) of an organisation, or null."));
    else if (p && json_integer_value(p) <= 0)
        org_errors_add(e, "parent_id", _("Unknown parent organisation."));
    else if (p) o->parent_id = json_integer_value(p);
}

/* Validation of the applied record too, so one answer lists every problem. */
static void org_api_collect(web_req *r, org *o, org_errors *e)
{
    org copy = *o;
    org_errors more = { 0 };
    org_validate(r->arena, &copy, &more);
    for (int i = 0; i < more.n; i++) {
        bool dup = false;
        for (int k = 0; k < e->n; k++)
            if (strncmp(e->e[k].field, more.e[i].field, strlen(e->e[k].field)) == 0) dup = true;
        if (!dup) org_errors_add(e, more.e[i].field, more.e[i].message);
    }
}

/* ---- handlers ---- */

static void org_api_list(web_req *r)
{
    org_filter f;
    org_errors e = { 0 };
    if (!org_web_filter(r, &f, &e)) {
        org_web_json_invalid(r, &e);
        return;
    }
    f.page = (int)web_query_int(r, "page", 1, 1, 1000000);
    f.per_page = (int)web_query_int(r, "per_page", 20, 1, ORG_PER_PAGE_MAX);
    org_list_result res;
    if (!org_list(r->db, r->arena, &f, &res)) {
        web_json_error(r, 500, "database", _("The list could not be read because of a database error."), NULL);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < res.n; i++) json_array_append_new(items, org_web_json(r, &res.items[i], false));
    json_t *v = json_object();
    json_object_set_new(v, "items", items);
    json_object_set_new(v, "page", json_integer(res.page));
    json_object_set_new(v, "per_page", json_integer(res.per_page));
    json_object_set_new(v, "total", json_integer(res.total));
    web_json(r, 200, v);
}

/* POST "people": a list of person objects created with the organisation. Reads them
 * into *out (arena) and validates each (errors named "people.N.field"); the
 * organisation does not exist yet, so person_validate checks everything but org_id. */
static person *org_api_people(web_req *r, json_t *body, int *n, org_errors *e)
{
    *n = 0;
    json_t *list = json_object_get(body, "people");
    if (!list || json_is_null(list)) return NULL;
    if (!json_is_array(list) || json_array_size(list) > PERSON_MAX_PER_ORG) {
        org_errors_add(e, "people", _("Give the people as a list of person objects."));
        return NULL;
    }
    person *v = arena_calloc(r->arena, json_array_size(list) + 1, sizeof *v);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) {
        const char *prefix = arena_printf(r->arena, "people.%zu.", i);
        if (!json_is_object(x)) {
            org_errors_add(e, "people", _("Give the people as a list of person objects."));
            return NULL;
        }
        org_person_json_apply(r, x, &v[i], prefix, e);
        org_errors own = { 0 };
        person copy = v[i];
        person_validate(r->arena, &copy, &own);
        for (int k = 0; k < own.n; k++)
            org_errors_add(e, arena_printf(r->arena, "%s%s", prefix, own.e[k].field), own.e[k].message);
    }
    *n = (int)json_array_size(list);
    return v;
}

/* Creates o and its people in one transaction: all of them or nothing. */
static bool org_api_create_all(web_req *r, org *o, person *people, int n, org_errors *e)
{
    if (!db_begin(r->db)) {
        org_errors_add(e, "", _("The change could not be saved because of a database error. Please try again."));
        return false;
    }
    bool ok = org_create(r->db, r->arena, r->user.id, o, e) != 0;
    for (int i = 0; ok && i < n; i++) {
        people[i].org_id = o->id;
        ok = person_create(r->db, r->arena, r->user.id, &people[i], e) != 0;
    }
    if (ok && db_commit(r->db)) return true;
    db_rollback(r->db);
    if (!e->n)
        org_errors_add(e, "", _("The change could not be saved because of a database error. Please try again."));
    return false;
}

static void org_api_create(web_req *r)
{
    json_t *body = web_json_body(r);
    if (!body) return;
    org o;
    memset(&o, 0, sizeof o);
    org_errors e = { 0 };
    org_api_apply(r, body, &o, &e);
    int npeople;
    person *people = org_api_people(r, body, &npeople, &e);
    json_decref(body);
    if (e.n) {
        org_api_collect(r, &o, &e);
        org_web_json_invalid(r, &e);
        return;
    }
    if (!org_api_create_all(r, &o, people, npeople, &e)) {
        org_web_json_invalid(r, &e);
        return;
    }
    web_set_header(r, "Location", arena_printf(r->arena, ORGS_API "/%lld", (long long)o.id));
    org_get(r->db, r->arena, o.id, &o);
    web_json(r, 201, org_web_json(r, &o, true));
}

/* Loads {id} for the request: 404 (and false) when absent, or archived for the public. */
static bool org_api_load(web_req *r, org *o)
{
    int64_t id = web_param_id(r, "id");
    if (!id || !org_get(r->db, r->arena, id, o) || (o->archived_at && !r->user.id)) {
        org_api_not_found(r);
        return false;
    }
    return true;
}

static void org_api_get(web_req *r)
{
    org o;
    if (org_api_load(r, &o)) web_json(r, 200, org_web_json(r, &o, true));
}

static void org_api_patch(web_req *r)
{
    org o;
    if (!org_api_load(r, &o)) return;
    if (!org_web_may_edit(r, o.id)) {
        web_json_error(r, 403, "forbidden", _("You may change only your own organisation."), NULL);
        return;
    }
    json_t *body = web_json_body(r);
    if (!body) return;
    org_errors e = { 0 };
    org_api_apply(r, body, &o, &e);
    json_decref(body);
    if (e.n) {
        org_api_collect(r, &o, &e);
        org_web_json_invalid(r, &e);
        return;
    }
    if (!org_update(r->db, r->arena, r->user.id, &o, &e)) {
        if (e.n) org_web_json_invalid(r, &e);
        else org_api_not_found(r);
        return;
    }
    org_get(r->db, r->arena, o.id, &o);
    web_json(r, 200, org_web_json(r, &o, true));
}

static void org_api_set_archived(web_req *r, bool archive)
{
    org o;
    if (!org_api_load(r, &o)) return;
    if ((o.archived_at != NULL) == archive) {
        web_json_error(r, 409, "conflict", archive ? _("This organisation is already archived.")
                                                   : _("This organisation is not archived."), NULL);
        return;
    }
    bool ok = archive ? org_archive(r->db, r->user.id, o.id) : org_restore(r->db, r->user.id, o.id);
    if (!ok) {
        web_json_error(r, 500, "database", _("The change could not be saved because of a database error. Please try again."), NULL);
        return;
    }
    org_get(r->db, r->arena, o.id, &o);
    web_json(r, 200, org_web_json(r, &o, true));
}

static void org_api_archive(web_req *r) { org_api_set_archived(r, true); }
static void org_api_restore(web_req *r) { org_api_set_archived(r, false); }

void org_api_routes(void)
{
    web_route("GET", ORGS_API, PERM_PUBLIC, org_api_list);
    web_route("POST", ORGS_API, PERM_COORDINATOR, org_api_create);
    web_route("GET", ORGS_API "/{id}", PERM_PUBLIC, org_api_get);
    web_route("PATCH", ORGS_API "/{id}", PERM_MEMBER, org_api_patch);
    web_route("POST", ORGS_API "/{id}/archive", PERM_COORDINATOR, org_api_archive);
    web_route("POST", ORGS_API "/{id}/restore", PERM_COORDINATOR, org_api_restore);
    org_person_api_routes();
}
