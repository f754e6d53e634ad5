/* pager.h — pagination shared by lists and the API: the page/per_page query fields, the
 * SQL offset, the "previous / page N of M / next" links that keep the rest of the
 * current query, and the API's {"page":..,"per_page":..,"total":..} object. */
#ifndef KOPIR_WEB_PAGER_H
#define KOPIR_WEB_PAGER_H
#include "web/web.h"

typedef struct web_pager {
    long page;      /* 1-based */
    long per_page;
    long total;     /* rows matching, set by the caller after counting */
} web_pager;

/* Reads ?page= (>= 1, default 1) and ?per_page= (1..max_per_page, default def_per_page);
 * total starts at 0. */
web_pager web_pager_from_query(web_req *r, long def_per_page, long max_per_page);
/* Rows to skip: (page - 1) * per_page. */
long web_pager_offset(const web_pager *p);
/* Number of pages (at least 1). */
long web_pager_pages(const web_pager *p);
/* Writes <nav class="pager"> with previous/next links and "Page N of M" into r->out, keeping
 * every other query field of the request; nothing when everything fits on one page. */
void web_pager_html(web_req *r, const web_pager *p);
/* New JSON object {"page":..,"per_page":..,"total":..} (caller owns the reference). */
struct json_t *web_pager_json(const web_pager *p);

#endif
