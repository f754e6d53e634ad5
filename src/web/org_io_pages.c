/* org_io_pages.c — CSV in the browser: /orgs/import (upload, per-row report, option to
 * skip invalid rows) and /orgs/export.csv?<the list's filters> (the filtered list in the
 * import format, so an export can be imported again). */
#include <string.h>

#include "domain/org_csv.h"
#include "web/form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/org_pages.h"
#include "web/org_web.h"

/* Writes the translated sentence fmt with each %s replaced by the next of codes (column
 * names, sample values) in <code>: the words a user types stay as they are, marked as
 * such, while the sentence around them is in the reader's language. */
static void org_code_sentence(web_req *r, const char *fmt, const char *const *codes)
{
    const char *p = fmt;
    for (;;) {
        const char *q = strchr(p, '%');
        if (!q) break;
        html_escape(&r->out, arena_strndup(r->arena, p, (size_t)(q - p)));
        if (q[1] == 's' && *codes) html_printf(&r->out, "<code>%s</code>", *codes++);
        else if (q[1] == '%') html_raw(&r->out, "%");
        p = q[1] ? q + 2 : q + 1;
    }
    html_escape(&r->out, p);
}

static void org_import_form(web_req *r, const char *error)
{
    form_begin_upload(r, "/orgs/import");
    form_file(r, "file", _("CSV file (UTF-8)"), ".csv,text/csv", error);
    form_checkbox(r, "skip_invalid", _("Import the valid rows and skip the rows with errors"),
                  web_form(r, "skip_invalid") != NULL);
    form_submit(r, _("Import"));
    form_end(r);
    html_printf(&r->out, "<h2>%s</h2>\n<p>", _("File format"));
    static const char *const codes[] = { "kind", "country", "name_kk", "name_ru", "name_zh", "name_en", "C;E", NULL };
    org_code_sentence(r, _("The first line names the columns. Required: %s, %s and at least one name column "
                           "(%s, %s, %s or %s). Sectors are section letters separated by semicolons, for "
                           "example %s. A file exported from this site can be imported as it is."), codes);
    html_raw(&r->out, "</p>\n<pre class=\"example\">");
    for (int k = 0; org_csv_columns[k]; k++) html_printf(&r->out, "%s%s", k ? "," : "", org_csv_columns[k]);
    html_raw(&r->out, "\ncompany,KZ,,«Бәйтерек Агро» ЖШС,ТОО «Байтерек Агро»,,,,,,,Батыс Қазақстан облысы,Бәйтерек ауданы,,,A;C,,,,,\n</pre>\n");
}

static void org_import_page(web_req *r)
{
    layout_begin(r, _("Import organisations"));
    org_import_form(r, NULL);
    layout_end(r);
}

static void org_import_report(web_req *r, const org_csv_report *rep, bool ok)
{
    if (rep->fatal) layout_notice(r, LAYOUT_ERROR, rep->fatal);
    else if (!ok)
        layout_notice(r, LAYOUT_ERROR, _("Nothing was imported because some rows have errors. Correct them, or choose to skip the rows with errors."));
    else
        layout_notice(r, LAYOUT_OK, arena_printf(r->arena, ngettext_("%d organisation imported.", "%d organisations imported.",
                                                                    (unsigned long)rep->imported), rep->imported));
    html_printf(&r->out, "<p>%s</p>\n", arena_printf(r->arena, _("Rows read: %d. Imported: %d. Rows with errors: %d."),
                                                     rep->rows, rep->imported, rep->rejected));
    if (!rep->nissues) return;
    html_printf(&r->out, "<table class=\"report\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                         "<th scope=\"col\">%s</th></tr></thead><tbody>\n", _("Line"), _("Column"), _("Problem"));
    for (int i = 0; i < rep->nissues; i++)
        html_printf(&r->out, "<tr><td>%d</td><td><code>%s</code></td><td>%s</td></tr>\n", rep->issues[i].line,
                    rep->issues[i].field, rep->issues[i].message);
    html_raw(&r->out, "</tbody></table>\n");
}

static void org_import_post(web_req *r)
{
    const web_file *f = web_upload(r, "file");
    if (!f || f->len == 0) {
        r->status = 422;
        layout_begin(r, _("Import organisations"));
        form_errors e = { 0 };
        form_error(&e, "file", _("Choose a CSV file to import."));
        form_errors_summary(r, &e);
        org_import_form(r, form_error_for(&e, "file"));
        layout_end(r);
        return;
    }
    bool skip = web_form(r, "skip_invalid") != NULL;
    org_csv_report rep;
    bool ok = org_csv_import(r->db, r->arena, r->user.id, f->data, f->len, skip, &rep);
    if (!ok) r->status = 422;
    layout_begin(r, _("Import organisations"));
    org_import_report(r, &rep, ok);
    if (ok)
        html_printf(&r->out, "<p><a href=\"%s\">%s</a></p>\n", web_url(r, "/orgs?sort=created"), _("See the organisations"));
    org_import_form(r, NULL);
    layout_end(r);
}

static void org_export_csv(web_req *r)
{
    org_filter f;
    org_errors e = { 0 };
    if (!org_web_filter(r, &f, &e)) {
        web_error(r, 400, e.e[0].message);
        return;
    }
    buf_reset(&r->out);
    if (!org_csv_export(r->db, r->arena, &f, &r->out)) {
        buf_reset(&r->out);
        web_error(r, 500, _("The list could not be read because of a database error."));
        return;
    }
    r->resp_type = "text/csv; charset=utf-8";
    web_set_header(r, "Content-Disposition", "attachment; filename=\"organisations.csv\"");
}

void org_io_routes(void)
{
    web_route("GET", "/orgs/import", PERM_COORDINATOR, org_import_page);
    web_route("POST", "/orgs/import", PERM_COORDINATOR, org_import_post);
    web_route("GET", "/orgs/export.csv", PERM_PUBLIC, org_export_csv);
}
