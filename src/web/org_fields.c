/* org_fields.c — what the fields of organisations and people are called and how their
 * stored values read: the one label table the forms and the history share, and the
 * History section of /orgs/{id} (audit rows as translated action, time, author, changes). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "domain/sector.h"
#include "web/html.h"
#include "web/org_web.h"

/* Field keys are the form field names, which are also the audit keys; per_lang fields
 * are stored as KEY_kk, KEY_ru... and their label is a format taking the language name. */
static const struct {
    const char *key;
    const char *label;
    bool per_lang;
} org_fields[] = {
    { "kind", N_("Kind"), false },
    { "country", N_("Country"), false },
    { "identifier", N_("BIN (Kazakhstan) or unified social credit code (China)"), false },
    { "name", N_("Name (%s)"), true },
    { "short_name", N_("Short name (%s)"), true },
    { "description", N_("Description (%s)"), true },
    { "region", N_("Region"), false },
    { "district", N_("District"), false },
    { "address", N_("Address"), false },
    { "website", N_("Website"), false },
    { "sectors", N_("Sectors"), false },
    { "parent_id", N_("Part of (for a branch)"), false },
    { "position", N_("Position"), false },
    { "phone", N_("Phone"), false },
    { "email", N_("E-mail"), false },
    { "langs", N_("Languages spoken"), false },
};

const char *org_field_label(web_req *r, const char *field)
{
    for (size_t i = 0; field && i < sizeof org_fields / sizeof org_fields[0]; i++) {
        size_t n = strlen(org_fields[i].key);
        if (strncmp(field, org_fields[i].key, n) != 0) continue;
        if (!org_fields[i].per_lang) {
            if (field[n] == '\0') return _(org_fields[i].label);
            continue;
        }
        for (int l = 0; field[n] == '_' && l < LANG_COUNT; l++)
            if (strcmp(field + n + 1, i18n_code((lang_id)l)) == 0)
                return arena_printf(r->arena, _(org_fields[i].label), i18n_native_name((lang_id)l));
    }
    return NULL;
}

/* Writes the labels of a ';'-separated list of codes, joined by ", ". */
static void org_codes_html(web_req *r, const char *list, bool sectors)
{
    const char *p = list;
    for (int k = 0; *p; k++) {
        size_t n = strcspn(p, ";");
        const char *code = arena_strndup(r->arena, p, n);
        const char *label = code;
        if (sectors) {
            const sector *s = sector_find(code);
            if (s) label = sector_label(s, r->lang);
        } else {
            unsigned bit = person_lang_bit(code);
            for (int b = 0; bit && b < PERSON_LANG_COUNT; b++)
                if (bit == 1u << b) label = person_lang_label(b);
        }
        html_printf(&r->out, "%s%s", k ? ", " : "", label);
        p += n;
        if (*p) p++;
    }
}

void org_field_value_html(web_req *r, const char *field, const char *value)
{
    if (!value || !*value) {
        html_raw(&r->out, "—");
        return;
    }
    org parent;
    if (strcmp(field, "kind") == 0) html_escape(&r->out, org_kind_label(value));
    else if (strcmp(field, "country") == 0) html_escape(&r->out, org_country_label(value));
    else if (strcmp(field, "sectors") == 0) org_codes_html(r, value, true);
    else if (strcmp(field, "langs") == 0) org_codes_html(r, value, false);
    else if (strcmp(field, "parent_id") == 0 && org_get(r->db, r->arena, strtoll(value, NULL, 10), &parent))
        html_printf(&r->out, "<a href=\"%s\">%s</a>", web_url(r, arena_printf(r->arena, "/orgs/%lld", (long long)parent.id)),
                    org_display_name(&parent, r->lang));
    else html_escape(&r->out, value);
}

/* What each audit action is called in the history. */
static const char *org_action_label(const char *action)
{
    static const struct { const char *action, *label; } actions[] = {
        { "create", N_("Created") }, { "update", N_("Changed") }, { "archive", N_("Archived") },
        { "restore", N_("Restored") }, { "import", N_("Imported") },
    };
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(action, actions[i].action) == 0) return _(actions[i].label);
    return _("Changed");
}

/* "2025-03-01T09:30:00Z" -> "2025-03-01 09:30 UTC" (the stored text when it has another shape). */
static const char *org_time_text(web_req *r, const char *at)
{
    if (strlen(at) != 20 || at[10] != 'T' || at[19] != 'Z') return at;
    return arena_printf(r->arena, _("%s UTC"), arena_printf(r->arena, "%.10s %.5s", at, at + 11));
}

/* The changes of one audit row: "Label: old → new" per field ("Label: new" for a
 * record created or imported). The archived flag is said by the action already. */
static void org_changes_html(web_req *r, const char *changes, bool created)
{
    json_t *ch = changes ? json_loads(changes, 0, NULL) : NULL;
    if (json_is_object(ch) && json_object_size(ch)) {
        const char *field;
        json_t *v;
        bool open = false;
        json_object_foreach(ch, field, v) {
            if (strcmp(field, "archived") == 0) continue;
            if (!open) html_raw(&r->out, "<ul>");
            open = true;
            const char *label = org_field_label(r, field);
            if (label) html_printf(&r->out, "<li>%s: ", label);
            else html_printf(&r->out, "<li><code>%s</code>: ", field);
            if (!created) {
                org_field_value_html(r, field, json_string_value(json_object_get(v, "old")));
                html_raw(&r->out, " → ");
            }
            org_field_value_html(r, field, json_string_value(json_object_get(v, "new")));
            html_raw(&r->out, "</li>");
        }
        if (open) html_raw(&r->out, "</ul>");
    }
    json_decref(ch);
}

void org_history_section(web_req *r, int64_t id)
{
    html_printf(&r->out, "<h2>%s</h2>\n<ol class=\"history\">\n", _("History"));
    db_stmt *st = db_prepare(r->db, "SELECT a.at, coalesce(u.name, ''), a.action, a.changes FROM audit_log a"
                                    " LEFT JOIN users u ON u.id = a.user_id"
                                    " WHERE a.entity = 'organisation' AND a.entity_id = ? ORDER BY a.id DESC LIMIT 50");
    db_bind_int(st, 1, id);
    while (db_step(st) == DB_ROW) {
        const char *at = db_col_text(st, 0), *who = db_col_text(st, 1), *action = db_col_text(st, 2);
        html_printf(&r->out, "<li><strong>%s</strong> · <time datetime=\"%s\">%s</time> · %s",
                    org_action_label(action), at, org_time_text(r, at), *who ? who : _("command line"));
        org_changes_html(r, db_col_text(st, 3), strcmp(action, "create") == 0 || strcmp(action, "import") == 0);
        html_raw(&r->out, "</li>\n");
    }
    db_done(st);
    html_raw(&r->out, "</ol>\n");
}
