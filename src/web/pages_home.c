/* pages_home.c — the public home page: what the West Kazakhstan – Shandong cooperation
 * is, what kopir keeps track of, and where to go next. */
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

static void card(web_req *r, const char *path, const char *title, const char *text)
{
    html_printf(&r->out, "<li class=\"card\"><h2><a href=\"%s\">%s</a></h2><p>%s</p></li>\n",
                web_url(r, path), title, text);
}

static void home_page(web_req *r)
{
    layout_begin(r, _("Business cooperation of West Kazakhstan and Shandong"));
    html_printf(&r->out, "<section class=\"hero\">\n<p>%s</p>\n<p>%s</p>\n",
                _("West Kazakhstan Region and Shandong Province (China) signed a memorandum of "
                  "cooperation in business, the economy and public relations. This site brings "
                  "together the organisations, projects and meetings of that cooperation."),
                _("Companies from both sides meet here, find partners and follow joint projects "
                  "in agriculture, industry, building materials, waste processing and training."));
    html_printf(&r->out, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n</section>\n",
                web_url(r, "/orgs"), _("Browse organisations"));
    html_printf(&r->out, "<h2>%s</h2>\n<ul class=\"cards cards-3\">\n", _("What you will find here"));
    card(r, "/orgs", _("Organisations"),
         _("Companies, chambers, training centres and public bodies taking part, with their "
           "sectors and contacts."));
    html_printf(&r->out, "<li class=\"card\"><h2>%s</h2><p>%s</p></li>\n", _("Joint projects"),
                _("Oil product processing, municipal waste, building materials, fruit and "
                  "vegetable processing and sewage water treatment piloted in Baiterek district."));
    html_printf(&r->out, "<li class=\"card\"><h2>%s</h2><p>%s</p></li>\n", _("Training centres"),
                _("Centres in Taskala and Baiterek districts train electricians, combine and "
                  "machine operators, with specialists from China."));
    html_raw(&r->out, "</ul>\n");
    if (!r->user.id)
        html_printf(&r->out, "<p class=\"muted\">%s <a href=\"%s\">%s</a></p>\n",
                    _("Coordinators and members of the cooperation:"), web_url(r, "/login"),
                    _("log in to work with the records."));
    layout_end(r);
}

void pages_home_routes(void)
{
    web_route("GET", "/", PERM_PUBLIC, home_page);
}
