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

/* The JSON object of an organisation (new reference). detail adds "people" (active
 * ones; phone and e-mail only for logged-in users). */
struct json_t *org_web_json(web_req *r, const org *o, bool detail);
/* The JSON object of a person; contacts only for logged-in users. */
struct json_t *person_web_json(web_req *r, const person *p);

#endif
