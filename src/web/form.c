/* form.c — the form helpers of form.h: one markup pattern for every field (label, input,
 * error text tied with aria-describedby), the CSRF field, and the error summary. */
#include "web/form.h"
#include "web/html.h"

#include <string.h>

void form_error(form_errors *e, const char *field, const char *message)
{
    if (field && form_error_for(e, field)) return;
    if (e->n == FORM_MAX_ERRORS) {
        e->overflow = true;
        return;
    }
    e->item[e->n].field = field;
    e->item[e->n].message = message;
    e->n++;
}

const char *form_error_for(const form_errors *e, const char *field)
{
    for (int i = 0; i < e->n; i++)
        if (e->item[i].field && strcmp(e->item[i].field, field) == 0) return e->item[i].message;
    return NULL;
}

bool form_has_errors(const form_errors *e)
{
    return e->n > 0 || e->overflow;
}

void form_errors_summary(web_req *r, const form_errors *e)
{
    if (!form_has_errors(e)) return;
    html_printf(&r->out, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">\n<p>%s</p>\n<ul>\n",
                _("Please correct the following:"));
    for (int i = 0; i < e->n; i++) {
        if (e->item[i].field)
            html_printf(&r->out, "<li><a href=\"#f-%s\">%s</a></li>\n", e->item[i].field,
                        e->item[i].message);
        else
            html_printf(&r->out, "<li>%s</li>\n", e->item[i].message);
    }
    html_raw(&r->out, "</ul>\n</div>\n");
}

const char *form_value(web_req *r, const char *name, const char *fallback)
{
    if (r->method && strcmp(r->method, "POST") == 0) {
        const char *v = web_form(r, name);
        if (v) return v;
    }
    return fallback;
}

static void form_open(web_req *r, const char *action_path, const char *method, bool upload)
{
    bool post = strcmp(method, "get") != 0 && strcmp(method, "GET") != 0;
    html_printf(&r->out, "<form class=\"form\" method=\"%s\" action=\"%s\"", post ? "post" : "get",
                web_url(r, action_path));
    html_raw(&r->out, upload ? " enctype=\"multipart/form-data\">\n" : ">\n");
    if (post && r->csrf) form_hidden(r, "_csrf", r->csrf);
}

void form_begin(web_req *r, const char *action_path, const char *method)
{
    form_open(r, action_path, method, false);
}

void form_begin_upload(web_req *r, const char *action_path)
{
    form_open(r, action_path, "post", true);
}

/* <div class="field"><label for=f-NAME>LABEL</label> */
static void field_open(web_req *r, const char *name, const char *label, const char *error)
{
    html_printf(&r->out, "<div class=\"field%s\">\n<label for=\"f-%s\">%s</label>\n",
                error ? " has-error" : "", name, label);
}

/* The id/name/aria attributes shared by inputs, plus constant attrs. */
static void field_attrs(web_req *r, const char *name, const char *error, const char *attrs)
{
    html_printf(&r->out, " id=\"f-%s\" name=\"%s\"", name, name);
    if (error) html_printf(&r->out, " aria-invalid=\"true\" aria-describedby=\"f-%s-err\"", name);
    if (attrs && *attrs) {
        buf_putc(&r->out, ' ');
        html_raw(&r->out, attrs);
    }
}

static void field_close(web_req *r, const char *name, const char *error)
{
    if (error) html_printf(&r->out, "<p class=\"field-error\" id=\"f-%s-err\">%s</p>\n", name, error);
    html_raw(&r->out, "</div>\n");
}

void form_text(web_req *r, const char *name, const char *label, const char *value,
               const char *error, const char *attrs)
{
    field_open(r, name, label, error);
    html_raw(&r->out, "<input");
    if (!attrs || !strstr(attrs, "type=")) html_raw(&r->out, " type=\"text\"");
    field_attrs(r, name, error, attrs);
    html_printf(&r->out, " value=\"%s\">\n", value ? value : "");
    field_close(r, name, error);
}

void form_password(web_req *r, const char *name, const char *label, const char *error,
                   const char *attrs)
{
    field_open(r, name, label, error);
    html_raw(&r->out, "<input type=\"password\"");
    field_attrs(r, name, error, attrs);
    html_raw(&r->out, ">\n");
    field_close(r, name, error);
}

void form_textarea(web_req *r, const char *name, const char *label, const char *value,
                   const char *error, const char *attrs)
{
    field_open(r, name, label, error);
    html_raw(&r->out, "<textarea rows=\"5\"");
    field_attrs(r, name, error, attrs);
    /* a leading newline would be eaten by the HTML parser, so always start with one */
    html_printf(&r->out, ">\n%s</textarea>\n", value ? value : "");
    field_close(r, name, error);
}

void form_select(web_req *r, const char *name, const char *label, const form_option *options,
                 const char *selected, const char *error)
{
    field_open(r, name, label, error);
    html_raw(&r->out, "<select");
    field_attrs(r, name, error, NULL);
    html_raw(&r->out, ">\n");
    for (const form_option *o = options; o->value; o++)
        html_printf(&r->out, "<option value=\"%s\"%s>%s</option>\n", o->value,
                    selected && strcmp(selected, o->value) == 0 ? " selected" : "", o->label);
    html_raw(&r->out, "</select>\n");
    field_close(r, name, error);
}

static bool in_list(const char *v, const char *const *list, int n)
{
    for (int i = 0; i < n; i++)
        if (list[i] && strcmp(list[i], v) == 0) return true;
    return false;
}

void form_checkboxes(web_req *r, const char *name, const char *legend,
                     const form_option *options, const char *const *checked, int nchecked,
                     const char *error)
{
    html_printf(&r->out, "<fieldset class=\"field checkboxes%s\" id=\"f-%s\"", error ? " has-error" : "", name);
    if (error) html_printf(&r->out, " aria-describedby=\"f-%s-err\"", name);
    html_printf(&r->out, ">\n<legend>%s</legend>\n", legend);
    int i = 0;
    for (const form_option *o = options; o->value; o++, i++)
        html_printf(&r->out, "<label class=\"check\"><input type=\"checkbox\" name=\"%s\" value=\"%s\"%s> %s</label>\n",
                    name, o->value, in_list(o->value, checked, nchecked) ? " checked" : "", o->label);
    if (error) html_printf(&r->out, "<p class=\"field-error\" id=\"f-%s-err\">%s</p>\n", name, error);
    html_raw(&r->out, "</fieldset>\n");
}

void form_checkbox(web_req *r, const char *name, const char *label, bool checked)
{
    html_printf(&r->out, "<div class=\"field\"><label class=\"check\"><input type=\"checkbox\" "
                "id=\"f-%s\" name=\"%s\" value=\"1\"%s> %s</label></div>\n",
                name, name, checked ? " checked" : "", label);
}

void form_file(web_req *r, const char *name, const char *label, const char *accept,
               const char *error)
{
    field_open(r, name, label, error);
    html_raw(&r->out, "<input type=\"file\"");
    field_attrs(r, name, error, NULL);
    if (accept) html_printf(&r->out, " accept=\"%s\"", accept);
    html_raw(&r->out, ">\n");
    field_close(r, name, error);
}

void form_hidden(web_req *r, const char *name, const char *value)
{
    html_printf(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", name, value ? value : "");
}

void form_submit(web_req *r, const char *label)
{
    html_printf(&r->out, "<div class=\"actions\"><button type=\"submit\" class=\"button\">%s</button></div>\n", label);
}

void form_end(web_req *r)
{
    html_raw(&r->out, "</form>\n");
}

void form_button(web_req *r, const char *action_path, const char *label, const char *confirm)
{
    html_printf(&r->out, "<form class=\"form-inline\" method=\"post\" action=\"%s\"", web_url(r, action_path));
    if (confirm) html_printf(&r->out, " data-confirm=\"%s\"", confirm);
    html_raw(&r->out, ">");
    if (r->csrf) html_printf(&r->out, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", r->csrf);
    html_printf(&r->out, "<button type=\"submit\" class=\"button button-small\">%s</button></form>", label);
}
