/* org_pages.h — route registration of the organisations module (pages, CSV import and
 * export, JSON API), called once from web_routes_register_all() in routes.c. */
#ifndef KOPIR_WEB_ORG_PAGES_H
#define KOPIR_WEB_ORG_PAGES_H

/* Registers every organisations route: the pages (org_pages.c, org_forms.c,
 * org_people_pages.c, org_io_pages.c) and the API (org_api.c, org_person_api.c). */
void org_routes(void);

/* The parts, called by org_routes(). */
void org_api_routes(void);
void org_form_routes(void);
void org_people_routes(void);
void org_io_routes(void);

#endif
