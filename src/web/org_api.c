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

/* Sends the error list: 500 for a database failure, else 422 with the first error as
 * error.field/message and all of them in error.errors. */
static void org_api_invalid(web_req *r, const org_errors *e)
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

static void org_api_not_found(web_req *r)
{
    web_json_error(r, 404, "not_found", _("There is no such organisation."), NULL);
}

/* ---- reading JSON into records ---- */

static void org_api_str(web_req *r, json_t *body, const char *key, const char **dst, org_errors *e)
{
    json_t *v = json_object_get(body, key);
    if (!v) return;
    if (json_is_null(v)) *dst = NULL;
    else if (json_is_string(v) && json_string_length(v) == strlen(json_string_value(v)))
        *dst = arena_strdup(r->arena, json_string_value(v));
    else if (json_is_string(v)) org_errors_add(e, key, _("This text contains characters that are not allowed."));
    else org_errors_add(e, key, _("This field must be text."));
}

/* A {"kk": .., "ru": .., "zh": .., "en": ..} object merged into v (null removes). */
static void org_api_langs(web_req *r, json_t *body, const char *key, const char *v[LANG_COUNT], org_errors *e)
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
        if (json_is_null(val)) v[l] = NULL;
        else if (json_is_string(val) && json_string_length(val) == strlen(json_string_value(val)))
            v[l] = arena_strdup(r->arena, json_string_value(val));
        else {
            org_errors_add(e, key, _("This field must be text."));
            return;
        }
    }
}

static void org_api_apply(web_req *r, json_t *body, org *o, org_errors *e)
{
    org_api_str(r, body, "kind", &o->kind, e);
    org_api_str(r, body, "country", &o->country, e);
    org_api_str(r, body, "identifier", &o->identifier, e);
    org_api_str(r, body, "region", &o->region, e);
    org_api_str(r, body, "district", &o->district, e);
    org_api_str(r, body, "address", &o->address, e);
    org_api_str(r, body, "website", &o->website, e);
    org_api_langs(r, body, "name", o->name, e);
    org_api_langs(r, body, "short_name", o->short_name, e);
    org_api_langs(r, body, "description", o->description, e);
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
    else if (p && (!json_is_integer(p) || json_integer_value(p) <= 0))
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
        org_api_invalid(r, &e);
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

static void org_api_create(web_req *r)
{
    json_t *body = web_json_body(r);
    if (!body) return;
    org o;
    memset(&o, 0, sizeof o);
    org_errors e = { 0 };
    org_api_apply(r, body, &o, &e);
    json_decref(body);
    if (e.n) {
        org_api_collect(r, &o, &e);
        org_api_invalid(r, &e);
        return;
    }
    if (!org_create(r->db, r->arena, r->user.id, &o, &e)) {
        org_api_invalid(r, &e);
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
        org_api_invalid(r, &e);
        return;
    }
    if (!org_update(r->db, r->arena, r->user.id, &o, &e)) {
        if (e.n) org_api_invalid(r, &e);
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
    person_api_routes();
}
