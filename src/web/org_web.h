/* org_web.h — what the organisations pages and API share: reading the list filter from
 * the query string, the permission rule for editing, and the JSON shape of records. */
#ifndef KOPIR_WEB_ORG_WEB_H
#define KOPIR_WEB_ORG_WEB_H
#include <stdbool.h>

#include "domain/org.h"
#include "domain/person.h"
#include "web/form.h"
#include "web/web.h"

struct json_t;

/* Options for selects (arena): an "any" entry first when any != NULL (always for kinds
 * and countries), then every code with its label in the reader's language. */
form_option *org_kind_options(web_req *r, const char *any);
form_option *org_country_options(web_req *r, const char *any);
form_option *org_sector_options(web_req *r, const char *any);

/* ---- field labels and history (org_fields.c) ---- */

/* The translated label of a field of an organisation or a person, by its form field
 * name (which is also its audit key): "kind" -> "Kind", "name_zh" -> "Name (中文)",
 * "langs" -> "Languages spoken". The forms and the history both take their labels from
 * here. NULL for an unknown field. */
const char *org_field_label(web_req *r, const char *field);
/* Writes a stored (audit) value of field as the reader sees it: codes of kinds,
 * countries, sectors ("A;C") and spoken languages ("kk;ru") by their translated labels,
 * parent_id as a link to that organisation, other text escaped, absent as "—". */
void org_field_value_html(web_req *r, const char *field, const char *value);
/* The History section of /orgs/{id} (logged-in users): the last 50 audit rows of the
 * organisation, newest first, each with its translated action, UTC time, author and
 * changed fields. */
void org_history_section(web_req *r, int64_t id);

/* The people section of the detail page (org_people_pages.c). */
void org_people_section(web_req *r, const org *o);
/* Copies domain errors into a form's error list ("name" goes to the name field of
 * the reader's language, "" to the whole form). */
void org_web_form_errors(web_req *r, const org_errors *in, form_errors *out);

/* Fills f from ?q, kind, country, district, sector, parent, state, sort (page/per_page
 * are left to the caller). The public always gets state=active. Unknown codes are
 * errors naming the query field; false then. */
bool org_web_filter(web_req *r, org_filter *f, org_errors *e);

/* True when the user may change organisation org_id (and its people): coordinators and
 * admins always, a member only for its own organisation. */
bool org_web_may_edit(web_req *r, int64_t org_id);
/* Loads organisation {id} of the path into o for a page that changes it: answers 404
 * (absent) or 403 (org_web_may_edit says no) and returns false otherwise. */
bool org_web_load_editable(web_req *r, org *o);
/* Ends a form POST: when saved, flashes the (untranslated N_) notice and redirects to
 * target, returning true. Otherwise copies oe into e (org_web_form_errors), sets the
 * status (500 for a database failure, else 422) and returns false: the caller shows
 * the form again with e. */
bool org_web_form_done(web_req *r, bool saved, const org_errors *oe, const char *notice,
                       const char *target, form_errors *e);

/* The JSON object of an organisation (new reference). detail adds "people" (active
 * ones; phone and e-mail only for logged-in users). */
struct json_t *org_web_json(web_req *r, const org *o, bool detail);
/* The JSON object of a person; contacts only for logged-in users. */
struct json_t *person_web_json(web_req *r, const person *p);

/* ---- reading JSON request bodies (org_api.c, org_person_api.c) ---- */

/* Answers the error list e: 500 "database" when the first error has field "" (a
 * database failure), else 422 {"error": {"code": "validation", "message", "field",
 * "errors": [{"field", "message"}...]}} with the first error as message/field. */
void org_web_json_invalid(web_req *r, const org_errors *e);
/* Reads body[key] into *dst: absent leaves *dst, null sets NULL, a string without NUL
 * inside is copied to the arena; any other value adds an error for key. */
void org_web_json_text(web_req *r, struct json_t *body, const char *key, const char **dst,
                       org_errors *e);
/* Merges body[key], an object keyed by language code ("kk", "ru", "zh", "en"), into v:
 * a string sets that language, null removes it; key: null removes every language.
 * A non-object, an unknown language or a non-text value adds one error for key. */
void org_web_json_langs(web_req *r, struct json_t *body, const char *key,
                        const char *v[LANG_COUNT], org_errors *e);
/* Adds an error naming each key of obj that is in neither writable nor ignored (both
 * NULL-terminated; ignored lists the read-only keys a GET answer carries, so a record
 * read, changed and sent back is accepted). prefix ("" or "people.0.") goes before the
 * key in the error's field. A typo is refused rather than silently dropped. */
void org_web_json_known(web_req *r, struct json_t *obj, const char *const *writable,
                        const char *const *ignored, const char *prefix, org_errors *e);

/* ---- the people part of the JSON API (org_person_api.c) ---- */

/* Applies the writable person fields of obj (name, position, phone, email, languages)
 * to p, with the rules of org_web_json_text/langs; unknown keys are errors. Field names
 * in errors get prefix in front ("" for the people endpoints). */
void org_person_json_apply(web_req *r, struct json_t *obj, person *p, const char *prefix,
                           org_errors *e);
/* Registers GET/POST /api/v1/organisations/{id}/people, GET/PATCH /api/v1/people/{id}
 * and POST /api/v1/people/{id}/archive|restore. */
void org_person_api_routes(void);

#endif
