/* person.c — people (contacts) of organisations: validation, audited create/update/
 * archive/restore, loading, spoken-language sets; each change refreshes the search row
 * of the person's organisation (org_reindex). */
#include "domain/person.h"
#include "domain/org_util.h"

#include <string.h>

#include "db/audit.h"
#include "util/buf.h"
#include "util/text.h"

const char *const person_lang_codes[PERSON_LANG_COUNT] = { "kk", "ru", "zh", "en", "other" };
static const char *const person_lang_labels[PERSON_LANG_COUNT] = {
    N_("Kazakh"), N_("Russian"), N_("Chinese"), N_("English"), N_("Other language"),
};
static const char *const person_name_langs[LANG_COUNT] = { "kk", "ru", "zh", "en" };

unsigned person_lang_bit(const char *code)
{
    for (int i = 0; code && i < PERSON_LANG_COUNT; i++)
        if (strcmp(code, person_lang_codes[i]) == 0) return 1u << i;
    return 0;
}

const char *person_lang_label(int index)
{
    return index >= 0 && index < PERSON_LANG_COUNT ? _(person_lang_labels[index]) : "";
}

const char *person_langs_string(arena *a, unsigned langs)
{
    buf b = BUF_INIT;
    for (int i = 0; i < PERSON_LANG_COUNT; i++)
        if (langs & (1u << i)) buf_printf(&b, "%s%s", b.len ? ";" : "", person_lang_codes[i]);
    const char *s = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return s;
}

bool person_langs_parse(const char *s, unsigned *out)
{
    unsigned bits = 0;
    char word[8];
    size_t n = 0;
    for (const char *p = s ? s : "";; p++) {
        if (*p == ';' || *p == ',' || *p == ' ' || *p == '\0') {
            if (n) {
                word[n] = '\0';
                unsigned b = person_lang_bit(word);
                if (!b) return false;
                bits |= b;
                n = 0;
            }
            if (!*p) break;
        } else if (n + 1 < sizeof word) {
            word[n++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
        } else {
            return false;
        }
    }
    *out = bits;
    return true;
}

static void person_check_phone(person *p, org_errors *errs)
{
    if (!p->phone) return;
    int digits = 0;
    bool ok = true;
    for (const char *c = p->phone; *c; c++) {
        if (*c >= '0' && *c <= '9') digits++;
        else if (*c == '+') ok = ok && c == p->phone;
        else if (!strchr(" -()", *c)) ok = false;
    }
    if (!ok || digits < 5 || digits > 20)
        org_errors_add(errs, "phone", _("A phone number contains digits, spaces, brackets, dashes and a + at the start, for example +7 711 250 12 34."));
}

static void person_check_email(arena *a, person *p, org_errors *errs)
{
    if (!p->email) return;
    char *e = arena_strdup(a, p->email);
    for (char *c = e; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
    const char *at = strchr(e, '@');
    bool ok = at && at != e && !strchr(at + 1, '@');
    if (ok) {
        const char *dot = strrchr(at + 1, '.');
        ok = dot && dot > at + 1 && dot[1] != '\0';
    }
    for (const char *c = e; ok && *c; c++)
        if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f || strchr("\"(),:;<>[\\]", *c)) ok = false;
    if (!ok) {
        org_errors_add(errs, "email", _("This is not an e-mail address (example: name@example.kz)."));
        return;
    }
    p->email = e;
}

bool person_validate(arena *a, person *p, org_errors *errs)
{
    int before = errs->n;
    bool any = false;
    for (int l = 0; l < LANG_COUNT; l++) {
        org_check_text(a, &p->name[l], org_lang_field(a, "name", (lang_id)l), PERSON_NAME_MAX, false, errs);
        if (p->name[l]) any = true;
    }
    if (!any && errs->n == before)
        org_errors_add(errs, "name", _("Give the person's name in at least one language."));
    org_check_text(a, &p->position, "position", PERSON_POSITION_MAX, false, errs);
    if (org_check_text(a, &p->phone, "phone", PERSON_PHONE_MAX, false, errs)) person_check_phone(p, errs);
    if (org_check_text(a, &p->email, "email", PERSON_EMAIL_MAX, false, errs)) person_check_email(a, p, errs);
    if (p->langs & ~(unsigned)PERSON_LANG_ALL)
        org_errors_add(errs, "langs", _("Unknown language."));
    return errs->n == before;
}

static bool person_run(db_stmt *st)
{
    int rc = db_step(st);
    db_done(st);
    return rc == DB_DONE;
}

static void person_check_org(db *d, const person *p, org_errors *errs)
{
    db_stmt *st = db_prepare(d, "SELECT archived_at IS NULL FROM organisations WHERE id = ?");
    db_bind_int(st, 1, p->org_id);
    int rc = db_step(st);
    bool active = rc == DB_ROW && db_col_int(st, 0) == 1;
    db_done(st);
    if (rc != DB_ROW) org_errors_add(errs, "org_id", _("Unknown organisation."));
    else if (!active) org_errors_add(errs, "org_id", _("This organisation is archived: restore it first."));
}

static bool person_write_children(db *d, const person *p)
{
    db_stmt *st = db_prepare(d, "DELETE FROM person_names WHERE person_id = ?");
    db_bind_int(st, 1, p->id);
    if (!person_run(st)) return false;
    st = db_prepare(d, "DELETE FROM person_languages WHERE person_id = ?");
    db_bind_int(st, 1, p->id);
    if (!person_run(st)) return false;
    for (int l = 0; l < LANG_COUNT; l++) {
        if (!p->name[l]) continue;
        st = db_prepare(d, "INSERT INTO person_names (person_id, lang, name) VALUES (?, ?, ?)");
        db_bind_int(st, 1, p->id);
        db_bind_text(st, 2, person_name_langs[l]);
        db_bind_text(st, 3, p->name[l]);
        if (!person_run(st)) return false;
    }
    for (int i = 0; i < PERSON_LANG_COUNT; i++) {
        if (!(p->langs & (1u << i))) continue;
        st = db_prepare(d, "INSERT INTO person_languages (person_id, lang) VALUES (?, ?)");
        db_bind_int(st, 1, p->id);
        db_bind_text(st, 2, person_lang_codes[i]);
        if (!person_run(st)) return false;
    }
    return true;
}

static void person_diff(arena *a, const person *old, const person *new, org_changes *ch)
{
    static const person empty;
    if (!old) old = &empty;
    org_changes_add(ch, "org_id", old->org_id ? arena_printf(a, "%lld", (long long)old->org_id) : NULL,
                    arena_printf(a, "%lld", (long long)new->org_id));
    for (int l = 0; l < LANG_COUNT; l++)
        org_changes_add(ch, org_lang_field(a, "name", (lang_id)l), old->name[l], new->name[l]);
    org_changes_add(ch, "position", old->position, new->position);
    org_changes_add(ch, "phone", old->phone, new->phone);
    org_changes_add(ch, "email", old->email, new->email);
    org_changes_add(ch, "langs", person_langs_string(a, old->langs), person_langs_string(a, new->langs));
}

static void person_db_failed(org_errors *errs)
{
    org_errors_add(errs, "", _("The change could not be saved because of a database error. Please try again."));
}

int64_t person_create(db *d, arena *a, int64_t user_id, person *p, org_errors *errs)
{
    p->id = 0;
    int before = errs->n;
    person_validate(a, p, errs);
    person_check_org(d, p, errs);
    if (errs->n != before) return 0;
    char now[32];
    org_now(now);
    if (!db_begin(d)) {
        person_db_failed(errs);
        return 0;
    }
    db_stmt *st = db_prepare(d, "INSERT INTO people (org_id, position, phone, email, created_at, updated_at)"
                                " VALUES (?, ?, ?, ?, ?, ?)");
    db_bind_int(st, 1, p->org_id);
    db_bind_text(st, 2, p->position);
    db_bind_text(st, 3, p->phone);
    db_bind_text(st, 4, p->email);
    db_bind_text(st, 5, now);
    db_bind_text(st, 6, now);
    if (person_run(st)) {
        p->id = db_last_id(d);
        org_changes ch = { 0 };
        person_diff(a, NULL, p, &ch);
        if (person_write_children(d, p) && org_reindex(d, a, p->org_id)
            && audit_record(d, user_id, "person", p->id, "create", org_changes_json(a, &ch))
            && db_commit(d)) {
            p->created_at = p->updated_at = arena_strdup(a, now);
            p->archived_at = NULL;
            return p->id;
        }
    }
    db_rollback(d);
    p->id = 0;
    person_db_failed(errs);
    return 0;
}

bool person_update(db *d, arena *a, int64_t user_id, person *p, org_errors *errs)
{
    person old;
    if (!person_get(d, a, p->id, &old)) return false;
    int before = errs->n;
    person_validate(a, p, errs);
    if (p->org_id != old.org_id) person_check_org(d, p, errs);
    if (errs->n != before) return false;
    org_changes ch = { 0 };
    person_diff(a, &old, p, &ch);
    p->created_at = old.created_at;
    p->updated_at = old.updated_at;
    p->archived_at = old.archived_at;
    if (ch.n == 0) return true;
    char now[32];
    org_now(now);
    if (!db_begin(d)) {
        person_db_failed(errs);
        return false;
    }
    db_stmt *st = db_prepare(d, "UPDATE people SET org_id = ?, position = ?, phone = ?, email = ?,"
                                " updated_at = ? WHERE id = ?");
    db_bind_int(st, 1, p->org_id);
    db_bind_text(st, 2, p->position);
    db_bind_text(st, 3, p->phone);
    db_bind_text(st, 4, p->email);
    db_bind_text(st, 5, now);
    db_bind_int(st, 6, p->id);
    if (person_run(st) && person_write_children(d, p) && org_reindex(d, a, p->org_id)
        && (p->org_id == old.org_id || org_reindex(d, a, old.org_id))
        && audit_record(d, user_id, "person", p->id, "update", org_changes_json(a, &ch))
        && db_commit(d)) {
        p->updated_at = arena_strdup(a, now);
        return true;
    }
    db_rollback(d);
    person_db_failed(errs);
    return false;
}

static bool person_set_archived(db *d, int64_t user_id, int64_t id, bool archive)
{
    arena *a = arena_new();
    person p;
    bool ok = person_get(d, a, id, &p) && (p.archived_at != NULL) != archive;
    if (ok) {
        char now[32];
        org_now(now);
        ok = db_begin(d);
        if (ok) {
            db_stmt *st = db_prepare(d, "UPDATE people SET archived_at = ?, updated_at = ? WHERE id = ?");
            db_bind_text(st, 1, archive ? now : NULL);
            db_bind_text(st, 2, now);
            db_bind_int(st, 3, id);
            org_changes ch = { 0 };
            org_changes_add(&ch, "archived", archive ? "false" : "true", archive ? "true" : "false");
            ok = person_run(st) && org_reindex(d, a, p.org_id)
                 && audit_record(d, user_id, "person", id, archive ? "archive" : "restore",
                                 org_changes_json(a, &ch))
                 && db_commit(d);
            if (!ok) db_rollback(d);
        }
    }
    arena_free(a);
    return ok;
}

bool person_archive(db *d, int64_t user_id, int64_t id) { return person_set_archived(d, user_id, id, true); }
bool person_restore(db *d, int64_t user_id, int64_t id) { return person_set_archived(d, user_id, id, false); }

static void person_load_children(db *d, arena *a, person *p)
{
    db_stmt *st = db_prepare(d, "SELECT lang, name FROM person_names WHERE person_id = ?");
    db_bind_int(st, 1, p->id);
    while (db_step(st) == DB_ROW) {
        const char *code = db_col_text(st, 0);
        for (int l = 0; l < LANG_COUNT; l++)
            if (code && strcmp(code, person_name_langs[l]) == 0) p->name[l] = arena_strdup(a, db_col_text(st, 1));
    }
    db_done(st);
    st = db_prepare(d, "SELECT lang FROM person_languages WHERE person_id = ?");
    db_bind_int(st, 1, p->id);
    while (db_step(st) == DB_ROW) p->langs |= person_lang_bit(db_col_text(st, 0));
    db_done(st);
}

/* Fills p from a row of (id, org_id, position, phone, email, created_at, updated_at, archived_at). */
static void person_from_row(db_stmt *st, arena *a, person *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int(st, 0);
    p->org_id = db_col_int(st, 1);
    p->position = arena_strdup(a, db_col_text(st, 2));
    p->phone = arena_strdup(a, db_col_text(st, 3));
    p->email = arena_strdup(a, db_col_text(st, 4));
    p->created_at = arena_strdup(a, db_col_text(st, 5));
    p->updated_at = arena_strdup(a, db_col_text(st, 6));
    p->archived_at = arena_strdup(a, db_col_text(st, 7));
}

bool person_get(db *d, arena *a, int64_t id, person *out)
{
    db_stmt *st = db_prepare(d, "SELECT id, org_id, position, phone, email, created_at, updated_at, archived_at"
                                " FROM people WHERE id = ?");
    db_bind_int(st, 1, id);
    bool found = db_step(st) == DB_ROW;
    if (found) person_from_row(st, a, out);
    db_done(st);
    if (found) person_load_children(d, a, out);
    return found;
}

person *person_list(db *d, arena *a, int64_t org_id, bool include_archived, int *n)
{
    person *v = arena_calloc(a, PERSON_MAX_PER_ORG, sizeof *v);
    *n = 0;
    db_stmt *st = db_prepare(d, "SELECT id, org_id, position, phone, email, created_at, updated_at, archived_at"
                                " FROM people WHERE org_id = ? AND (? OR archived_at IS NULL) ORDER BY id");
    db_bind_int(st, 1, org_id);
    db_bind_int(st, 2, include_archived ? 1 : 0);
    while (*n < PERSON_MAX_PER_ORG && db_step(st) == DB_ROW) person_from_row(st, a, &v[(*n)++]);
    db_done(st);
    for (int i = 0; i < *n; i++) person_load_children(d, a, &v[i]);
    return v;
}
