/* pager.c — page/per_page handling for lists (pager.h): offsets, the previous/next
 * links that keep the current query, and the API's pagination object. */
#include "web/pager.h"
#include "web/html.h"

#include <jansson.h>
#include <string.h>

web_pager web_pager_from_query(web_req *r, long def_per_page, long max_per_page)
{
    web_pager p;
    p.per_page = web_query_int(r, "per_page", def_per_page, 1, max_per_page);
    p.page = web_query_int(r, "page", 1, 1, 1000000);
    p.total = 0;
    return p;
}

long web_pager_offset(const web_pager *p)
{
    return (p->page - 1) * p->per_page;
}

long web_pager_pages(const web_pager *p)
{
    if (p->total <= 0 || p->per_page <= 0) return 1;
    return (p->total + p->per_page - 1) / p->per_page;
}

/* The current path and query with page replaced by `page`, language-prefixed. */
static const char *page_url(web_req *r, long page)
{
    buf b = BUF_INIT;
    html_raw(&b, web_url(r, r->path));
    int k = 0;
    for (int i = 0; i < r->nquery; i++) {
        if (strcmp(r->query[i].name, "page") == 0) continue;
        html_raw(&b, k++ ? "&" : "?");   /* raw here: the whole URL is escaped once when printed */
        html_printf(&b, "%U=%U", r->query[i].name, r->query[i].value);
    }
    html_raw(&b, k ? "&" : "?");
    html_printf(&b, "page=%ld", page);
    const char *s = arena_strdup(r->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

void web_pager_html(web_req *r, const web_pager *p)
{
    long pages = web_pager_pages(p);
    if (pages <= 1 && p->page <= 1) return;
    html_printf(&r->out, "<nav class=\"pager\" aria-label=\"%s\">\n", _("Pages"));
    if (p->page > 1)
        html_printf(&r->out, "<a rel=\"prev\" href=\"%s\">← %s</a>\n",
                    page_url(r, p->page - 1 <= pages ? p->page - 1 : pages), _("Previous"));
    /* the text is a translated format with two %ld: "Page 2 of 5" */
    html_printf(&r->out, "<span class=\"pager-pos\">");
    buf_printf(&r->out, _("Page %ld of %ld"), p->page, pages);
    html_raw(&r->out, "</span>\n");
    if (p->page < pages)
        html_printf(&r->out, "<a rel=\"next\" href=\"%s\">%s →</a>\n", page_url(r, p->page + 1), _("Next"));
    html_raw(&r->out, "</nav>\n");
}

json_t *web_pager_json(const web_pager *p)
{
    return json_pack("{s:I,s:I,s:I}", "page", (json_int_t)p->page, "per_page",
                     (json_int_t)p->per_page, "total", (json_int_t)p->total);
}
