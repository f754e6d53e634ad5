/* org.c — organisations: code tables (kinds, countries), the reader's-language name
 * fallback, error lists, and validation/normalisation of an organisation record.
 * Storage is in org_store.c, lists and search in org_list.c. */
#include "domain/org.h"
#include "domain/org_util.h"

#include <stdlib.h>
#include <string.h>

#include "domain/ident.h"
#include "domain/sector.h"
#include "util/text.h"

const char *const org_kinds[] = {
    "government", "chamber", "development_corporation", "foundation",
    "company", "training_centre", "other", NULL,
};
static const char *const org_kind_labels[] = {
    N_("Government body"), N_("Chamber of entrepreneurs"), N_("Development corporation"),
    N_("Foundation"), N_("Company"), N_("Training centre"), N_("Other"),
};
const char *const org_countries[] = { "KZ", "CN", "OTHER", NULL };
static const char *const org_country_labels[] = {
    N_("Kazakhstan"), N_("China"), N_("Other country"),
};

static int org_code_index(const char *const *table, const char *code)
{
    if (!code) return -1;
    for (int i = 0; table[i]; i++)
        if (strcmp(table[i], code) == 0) return i;
    return -1;
}

bool org_kind_valid(const char *code) { return org_code_index(org_kinds, code) >= 0; }
bool org_country_valid(const char *code) { return org_code_index(org_countries, code) >= 0; }

const char *org_kind_label(const char *code)
{
    int i = org_code_index(org_kinds, code);
    return i < 0 ? (code ? code : "") : _(org_kind_labels[i]);
}

const char *org_country_label(const char *code)
{
    int i = org_code_index(org_countries, code);
    return i < 0 ? (code ? code : "") : _(org_country_labels[i]);
}

void org_errors_add(org_errors *errs, const char *field, const char *message)
{
    if (!errs || errs->n >= ORG_MAX_ERRORS) return;
    errs->e[errs->n].field = field;
    errs->e[errs->n].message = message;
    errs->n++;
}

const char *org_errors_get(const org_errors *errs, const char *field)
{
    for (int i = 0; errs && i < errs->n; i++)
        if (strcmp(errs->e[i].field, field) == 0) return errs->e[i].message;
    return NULL;
}

const char *org_pick_lang(const char *const v[LANG_COUNT], lang_id l)
{
    static const lang_id order[] = { LANG_RU, LANG_KK, LANG_EN, LANG_ZH };
    if ((int)l >= 0 && l < LANG_COUNT && v[l] && *v[l]) return v[l];
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (v[order[i]] && *v[order[i]]) return v[order[i]];
    return "";
}

const char *org_display_name(const org *o, lang_id l)
{
    return org_pick_lang(o->name, l);
}

/* ---- validation ---- */

static const char *const org_lang_suffix[LANG_COUNT] = { "kk", "ru", "zh", "en" };

const char *org_lang_field(arena *a, const char *prefix, lang_id l)
{
    return arena_printf(a, "%s_%s", prefix, org_lang_suffix[l]);
}

bool org_check_text(arena *a, const char **s, const char *field, size_t max, bool multiline,
               org_errors *errs)
{
    if (!*s) return true;
    size_t len = strlen(*s);
    if (len > max * 4 + 64 || !text_valid_utf8(*s, len)) {
        org_errors_add(errs, field, len > max * 4 + 64
                       ? arena_printf(a, _("Too long: at most %d characters."), (int)max)
                       : _("This text contains characters that are not allowed."));
        return false;
    }
    char *t = text_trim(a, *s);
    if (!*t) {
        *s = NULL;
        return true;
    }
    if (!multiline && strpbrk(t, "\r\n\t")) {
        org_errors_add(errs, field, _("Write this on one line."));
        return false;
    }
    if (text_char_count(t) > max) {
        org_errors_add(errs, field, arena_printf(a, _("Too long: at most %d characters."), (int)max));
        return false;
    }
    *s = t;
    return true;
}

/* BIN for KZ, USCC for CN: the message names the number and what is wrong with it. */
static void org_check_identifier(arena *a, org *o, org_errors *errs)
{
    if (!o->identifier) return;
    char norm[ORG_IDENT_MAX + 1];
    if (strlen(o->identifier) > ORG_IDENT_MAX || !ident_normalise(o->identifier, norm, sizeof norm)) {
        org_errors_add(errs, "identifier", arena_printf(a, _("Too long: at most %d characters."),
                                                        ORG_IDENT_MAX));
        return;
    }
    if (!*norm) {
        o->identifier = NULL;
        return;
    }
    o->identifier = arena_strdup(a, norm);
    bool kz = o->country && strcmp(o->country, "KZ") == 0;
    bool cn = o->country && strcmp(o->country, "CN") == 0;
    if (kz) {
        switch (ident_kz_check(norm)) {
        case IDENT_OK: case IDENT_EMPTY: return;
        case IDENT_BAD_LENGTH: org_errors_add(errs, "identifier", _("A BIN has exactly 12 digits.")); return;
        case IDENT_BAD_CHAR: org_errors_add(errs, "identifier", _("A BIN contains digits only.")); return;
        case IDENT_BAD_CHECK: org_errors_add(errs, "identifier", _("The last digit of this BIN does not match its check digit: check the number for a typing mistake.")); return;
        case IDENT_NEVER_ISSUED: org_errors_add(errs, "identifier", _("This BIN can not exist: no check digit is possible for it.")); return;
        }
    } else if (cn) {
        switch (ident_uscc_check(norm)) {
        case IDENT_OK: case IDENT_EMPTY: return;
        case IDENT_BAD_LENGTH: org_errors_add(errs, "identifier", _("A unified social credit code has exactly 18 characters.")); return;
        case IDENT_BAD_CHAR: org_errors_add(errs, "identifier", _("A unified social credit code contains only digits and the letters A-H, J-N, P-R, T, U, W-Y.")); return;
        case IDENT_BAD_CHECK: case IDENT_NEVER_ISSUED: org_errors_add(errs, "identifier", _("The last character of this unified social credit code does not match its check character: check the code for a typing mistake.")); return;
        }
    } else {
        for (const char *p = norm; *p; p++)
            if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || *p == '/' || *p == '.')) {
                org_errors_add(errs, "identifier", _("A registration number may contain only Latin letters, digits, dots and slashes."));
                return;
            }
    }
}

static int org_cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void org_check_sectors(arena *a, org *o, org_errors *errs)
{
    int n = 0;
    for (int i = 0; i < o->nsectors && i < ORG_MAX_SECTORS; i++) {
        char *c = text_trim(a, o->sectors[i] ? o->sectors[i] : "");
        if (!*c) continue;
        for (char *p = c; *p; p++)
            if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
        if (!sector_find(c)) {
            org_errors_add(errs, "sectors", arena_printf(a, _("Unknown sector code: %s."), c));
            return;
        }
        o->sectors[n++] = c;
    }
    qsort(o->sectors, (size_t)n, sizeof o->sectors[0], org_cmp_str);
    int u = 0;
    for (int i = 0; i < n; i++)
        if (u == 0 || strcmp(o->sectors[u - 1], o->sectors[i]) != 0) o->sectors[u++] = o->sectors[i];
    o->nsectors = u;
}

/* http(s) URL with a host that has a dot; "example.kz" gets "https://" in front. */
static void org_check_website(arena *a, org *o, org_errors *errs)
{
    if (!o->website) return;
    const char *w = o->website;
    if (strncmp(w, "http://", 7) != 0 && strncmp(w, "https://", 8) != 0) {
        if (strstr(w, "://")) {
            org_errors_add(errs, "website", _("A website address starts with http:// or https://."));
            return;
        }
        w = arena_printf(a, "https://%s", w);
    }
    const char *host = strstr(w, "://") + 3;
    size_t hl = strcspn(host, "/?#");
    const char *dot = memchr(host, '.', hl);
    bool ok = hl > 0 && dot && dot != host && dot + 1 < host + hl;
    for (const char *p = w; ok && *p; p++)
        if ((unsigned char)*p <= ' ' || strchr("\"<>\\^`{|}", *p)) ok = false;
    if (!ok) {
        org_errors_add(errs, "website", _("This is not a website address (example: https://example.kz)."));
        return;
    }
    o->website = w;
}

static void org_check_names(arena *a, org *o, org_errors *errs)
{
    bool any = false;
    for (int l = 0; l < LANG_COUNT; l++) {
        org_check_text(a, &o->name[l], org_lang_field(a, "name", (lang_id)l), ORG_NAME_MAX, false, errs);
        org_check_text(a, &o->short_name[l], org_lang_field(a, "short_name", (lang_id)l),
                  ORG_SHORT_NAME_MAX, false, errs);
        org_check_text(a, &o->description[l], org_lang_field(a, "description", (lang_id)l),
                  ORG_DESCRIPTION_MAX, true, errs);
        if (o->name[l]) any = true;
        else if (o->short_name[l])
            org_errors_add(errs, org_lang_field(a, "short_name", (lang_id)l),
                           _("A short name needs the full name in the same language."));
    }
    if (!any && !org_errors_get(errs, "name_kk") && !org_errors_get(errs, "name_ru")
        && !org_errors_get(errs, "name_zh") && !org_errors_get(errs, "name_en"))
        org_errors_add(errs, "name", _("Give the name in at least one language."));
}

bool org_validate(arena *a, org *o, org_errors *errs)
{
    int before = errs->n;
    o->kind = o->kind ? text_trim(a, o->kind) : NULL;
    o->country = o->country ? text_trim(a, o->country) : NULL;
    if (o->kind && !*o->kind) o->kind = NULL;
    if (o->country && !*o->country) o->country = NULL;
    if (!o->kind)
        org_errors_add(errs, "kind", _("Choose the kind of organisation."));
    else if (!org_kind_valid(o->kind))
        org_errors_add(errs, "kind", _("Unknown kind of organisation."));
    if (!o->country)
        org_errors_add(errs, "country", _("Choose the country."));
    else if (!org_country_valid(o->country))
        org_errors_add(errs, "country", _("Unknown country: choose Kazakhstan, China or another country."));
    org_check_names(a, o, errs);
    org_check_text(a, &o->region, "region", ORG_PLACE_MAX, false, errs);
    org_check_text(a, &o->district, "district", ORG_PLACE_MAX, false, errs);
    org_check_text(a, &o->address, "address", ORG_ADDRESS_MAX, false, errs);
    if (org_check_text(a, &o->website, "website", ORG_WEBSITE_MAX, false, errs))
        org_check_website(a, o, errs);
    if (org_check_text(a, &o->identifier, "identifier", ORG_IDENT_MAX, false, errs))
        org_check_identifier(a, o, errs);
    org_check_sectors(a, o, errs);
    if (o->parent_id < 0) org_errors_add(errs, "parent_id", _("Unknown parent organisation."));
    return errs->n == before;
}

bool org_sort_parse(const char *s, org_sort *out)
{
    static const char *const names[] = { "name", "created", "updated" };
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (org_sort)i;
            return true;
        }
    return false;
}

const char *org_sort_name(org_sort s)
{
    return s == ORG_SORT_CREATED ? "created" : s == ORG_SORT_UPDATED ? "updated" : "name";
}

bool org_state_parse(const char *s, org_state *out)
{
    static const char *const names[] = { "active", "archived", "all" };
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (org_state)i;
            return true;
        }
    return false;
}
