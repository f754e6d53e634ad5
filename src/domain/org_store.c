/* org_store.c — organisations in the database: load, create, update, archive, restore,
 * each change with its audit row and search-index row in one transaction; plus the
 * module's shared helpers for time and audit change sets (org_util.h). */
#include "domain/org.h"
#include "domain/org_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "util/buf.h"
#include "util/text.h"

static const char *const org_lang_codes[LANG_COUNT] = { "kk", "ru", "zh", "en" };

void org_now(char out[32])
{
    db_time_now(0, out);
}

void org_changes_add(org_changes *ch, const char *field, const char *old_value,
                     const char *new_value)
{
    const char *o = old_value && *old_value ? old_value : NULL;
    const char *n = new_value && *new_value ? new_value : NULL;
    if ((!o && !n) || (o && n && strcmp(o, n) == 0)) return;
    if (ch->n >= (int)(sizeof ch->c / sizeof ch->c[0])) return;
    ch->c[ch->n].field = field;
    ch->c[ch->n].old_value = o;
    ch->c[ch->n].new_value = n;
    ch->n++;
}

char *org_changes_json(arena *a, const org_changes *ch)
{
    if (ch->n == 0) return NULL;
    json_t *root = json_object();
    for (int i = 0; i < ch->n; i++) {
        json_t *pair = json_object();
        json_object_set_new(pair, "old", ch->c[i].old_value ? json_string(ch->c[i].old_value) : json_null());
        json_object_set_new(pair, "new", ch->c[i].new_value ? json_string(ch->c[i].new_value) : json_null());
        json_object_set_new(root, ch->c[i].field, pair);
    }
    char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    char *r = arena_strdup(a, s ? s : "{}");
    free(s);
    return r;
}

static bool org_lang_parse(const char *code, lang_id *out)
{
    for (int l = 0; code && l < LANG_COUNT; l++)
        if (strcmp(code, org_lang_codes[l]) == 0) {
            *out = (lang_id)l;
            return true;
        }
    return false;
}

/* Steps a statement that returns no rows and releases it. */
static bool org_run(db_stmt *st)
{
    int rc = db_step(st);
    db_done(st);
    return rc == DB_DONE;
}

static void org_load_texts(db *d, arena *a, org *o)
{
    lang_id l;
    db_stmt *st = db_prepare(d, "SELECT lang, name, short_name FROM organisation_names WHERE org_id = ?");
    db_bind_int(st, 1, o->id);
    while (db_step(st) == DB_ROW)
        if (org_lang_parse(db_col_text(st, 0), &l)) {
            o->name[l] = arena_strdup(a, db_col_text(st, 1));
            o->short_name[l] = arena_strdup(a, db_col_text(st, 2));
        }
    db_done(st);
    st = db_prepare(d, "SELECT lang, description FROM organisation_descriptions WHERE org_id = ?");
    db_bind_int(st, 1, o->id);
    while (db_step(st) == DB_ROW)
        if (org_lang_parse(db_col_text(st, 0), &l)) o->description[l] = arena_strdup(a, db_col_text(st, 1));
    db_done(st);
    st = db_prepare(d, "SELECT sector FROM organisation_sectors WHERE org_id = ? ORDER BY sector");
    db_bind_int(st, 1, o->id);
    while (db_step(st) == DB_ROW && o->nsectors < ORG_MAX_SECTORS)
        o->sectors[o->nsectors++] = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
}

bool org_get(db *d, arena *a, int64_t id, org *out)
{
    memset(out, 0, sizeof *out);
    db_stmt *st = db_prepare(d, "SELECT kind, country, identifier, region, district, address, website,"
                                " parent_id, created_at, updated_at, archived_at"
                                " FROM organisations WHERE id = ?");
    db_bind_int(st, 1, id);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        out->id = id;
        out->kind = arena_strdup(a, db_col_text(st, 0));
        out->country = arena_strdup(a, db_col_text(st, 1));
        out->identifier = arena_strdup(a, db_col_text(st, 2));
        out->region = arena_strdup(a, db_col_text(st, 3));
        out->district = arena_strdup(a, db_col_text(st, 4));
        out->address = arena_strdup(a, db_col_text(st, 5));
        out->website = arena_strdup(a, db_col_text(st, 6));
        out->parent_id = db_col_int(st, 7);
        out->created_at = arena_strdup(a, db_col_text(st, 8));
        out->updated_at = arena_strdup(a, db_col_text(st, 9));
        out->archived_at = arena_strdup(a, db_col_text(st, 10));
    }
    db_done(st);
    if (found) org_load_texts(d, a, out);
    return found;
}

int64_t org_find_identifier(db *d, const char *identifier)
{
    if (!identifier || !*identifier) return 0;
    db_stmt *st = db_prepare(d, "SELECT id FROM organisations WHERE identifier = ?");
    db_bind_text(st, 1, identifier);
    int64_t id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    return id;
}

/* Parent must exist, and following parents up from it must never reach o itself. */
static void org_check_parent(db *d, const org *o, org_errors *errs)
{
    if (o->parent_id == 0) return;
    int64_t cur = o->parent_id;
    for (int depth = 0; cur != 0; depth++) {
        if ((o->id != 0 && cur == o->id) || depth > 64) {
            org_errors_add(errs, "parent_id", _("An organisation can not be its own parent, directly or through its branches."));
            return;
        }
        db_stmt *st = db_prepare(d, "SELECT parent_id FROM organisations WHERE id = ?");
        db_bind_int(st, 1, cur);
        bool found = db_step(st) == DB_ROW;
        int64_t next = found ? db_col_int(st, 0) : 0;
        db_done(st);
        if (!found) {
            org_errors_add(errs, "parent_id", _("Unknown parent organisation."));
            return;
        }
        cur = next;
    }
}

/* Full validation including the checks that need the database. */
static bool org_validate_db(db *d, arena *a, org *o, org_errors *errs)
{
    int before = errs->n;
    org_validate(a, o, errs);
    if (o->identifier && !org_errors_get(errs, "identifier")) {
        int64_t other = org_find_identifier(d, o->identifier);
        if (other && other != o->id)
            org_errors_add(errs, "identifier", _("Another organisation already has this identifier."));
    }
    org_check_parent(d, o, errs);
    return errs->n == before;
}

static bool org_write_children(db *d, arena *a, const org *o)
{
    db_stmt *st = db_prepare(d, "DELETE FROM organisation_names WHERE org_id = ?");
    db_bind_int(st, 1, o->id);
    if (!org_run(st)) return false;
    st = db_prepare(d, "DELETE FROM organisation_descriptions WHERE org_id = ?");
    db_bind_int(st, 1, o->id);
    if (!org_run(st)) return false;
    st = db_prepare(d, "DELETE FROM organisation_sectors WHERE org_id = ?");
    db_bind_int(st, 1, o->id);
    if (!org_run(st)) return false;
    for (int l = 0; l < LANG_COUNT; l++) {
        if (o->name[l]) {
            st = db_prepare(d, "INSERT INTO organisation_names (org_id, lang, name, short_name, name_fold)"
                               " VALUES (?, ?, ?, ?, ?)");
            db_bind_int(st, 1, o->id);
            db_bind_text(st, 2, org_lang_codes[l]);
            db_bind_text(st, 3, o->name[l]);
            db_bind_text(st, 4, o->short_name[l]);
            db_bind_text(st, 5, text_fold(a, o->name[l]));
            if (!org_run(st)) return false;
        }
        if (o->description[l]) {
            st = db_prepare(d, "INSERT INTO organisation_descriptions (org_id, lang, description) VALUES (?, ?, ?)");
            db_bind_int(st, 1, o->id);
            db_bind_text(st, 2, org_lang_codes[l]);
            db_bind_text(st, 3, o->description[l]);
            if (!org_run(st)) return false;
        }
    }
    for (int i = 0; i < o->nsectors; i++) {
        st = db_prepare(d, "INSERT INTO organisation_sectors (org_id, sector) VALUES (?, ?)");
        db_bind_int(st, 1, o->id);
        db_bind_text(st, 2, o->sectors[i]);
        if (!org_run(st)) return false;
    }
    return true;
}

/* Appends every text column of a query on one id to b, one per line. */
static void org_collect(db *d, const char *sql, int64_t id, buf *b)
{
    db_stmt *st = db_prepare(d, sql);
    db_bind_int(st, 1, id);
    while (db_step(st) == DB_ROW)
        for (int c = 0; c < 4; c++) {
            const char *t = db_col_text(st, c);
            if (t && *t) {
                buf_puts(b, t);
                buf_putc(b, '\n');
            }
        }
    db_done(st);
}

/* The search text of organisation id as org_reindex stores it (arena). */
static char *org_search_body(db *d, arena *a, int64_t id)
{
    buf b = BUF_INIT;
    org_collect(d, "SELECT name, short_name, NULL, NULL FROM organisation_names WHERE org_id = ?", id, &b);
    org_collect(d, "SELECT description, NULL, NULL, NULL FROM organisation_descriptions WHERE org_id = ?", id, &b);
    org_collect(d, "SELECT identifier, address, region, district FROM organisations WHERE id = ?", id, &b);
    org_collect(d, "SELECT pn.name, NULL, NULL, NULL FROM person_names pn JOIN people p ON p.id = pn.person_id"
                   " WHERE p.org_id = ? AND p.archived_at IS NULL", id, &b);
    char *body = text_fold(a, buf_str(&b));
    buf_free(&b);
    return body;
}

bool org_reindex(db *d, arena *a, int64_t id)
{
    char *body = org_search_body(d, a, id);
    db_stmt *st = db_prepare(d, "DELETE FROM organisation_search WHERE rowid = ?");
    db_bind_int(st, 1, id);
    if (!org_run(st)) return false;
    st = db_prepare(d, "INSERT INTO organisation_search (rowid, body) VALUES (?, ?)");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, body);
    return org_run(st);
}

int org_check_index(db *d)
{
    if (!db_table_exists(d, "organisation_search")) return 0;
    int problems = 0;
    if (!db_exec(d, "INSERT INTO organisation_search (organisation_search) VALUES ('integrity-check')")) {
        fprintf(stderr, "kopir: search index problem: the full-text index does not match its rows: %s\n",
                db_errmsg(d));
        problems++;
    }
    arena *a = arena_new();
    db_stmt *st = db_prepare(d, "SELECT o.id, s.body FROM organisations o"
                                " LEFT JOIN organisation_search s ON s.rowid = o.id ORDER BY o.id");
    while (db_step(st) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        const char *stored = db_col_text(st, 1);
        if (!stored || strcmp(stored, org_search_body(d, a, id)) != 0) {
            fprintf(stderr, "kopir: search index problem: organisation %lld has %s search text\n",
                    (long long)id, stored ? "outdated" : "no");
            problems++;
        }
    }
    db_done(st);
    arena_free(a);
    st = db_prepare(d, "SELECT count(*) FROM organisation_search WHERE rowid NOT IN (SELECT id FROM organisations)");
    int64_t orphans = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    if (orphans) {
        fprintf(stderr, "kopir: search index problem: %lld search rows belong to no organisation\n", (long long)orphans);
        problems++;
    }
    return problems;
}

/* The audit view of an organisation: every field as text, in a fixed order. */
static void org_diff(arena *a, const org *old, const org *new, org_changes *ch)
{
    static const org empty;
    if (!old) old = &empty;
    org_changes_add(ch, "kind", old->kind, new->kind);
    org_changes_add(ch, "country", old->country, new->country);
    org_changes_add(ch, "identifier", old->identifier, new->identifier);
    for (int l = 0; l < LANG_COUNT; l++) {
        org_changes_add(ch, org_lang_field(a, "name", (lang_id)l), old->name[l], new->name[l]);
        org_changes_add(ch, org_lang_field(a, "short_name", (lang_id)l), old->short_name[l], new->short_name[l]);
        org_changes_add(ch, org_lang_field(a, "description", (lang_id)l), old->description[l], new->description[l]);
    }
    org_changes_add(ch, "region", old->region, new->region);
    org_changes_add(ch, "district", old->district, new->district);
    org_changes_add(ch, "address", old->address, new->address);
    org_changes_add(ch, "website", old->website, new->website);
    buf so = BUF_INIT, sn = BUF_INIT;
    for (int i = 0; i < old->nsectors; i++) buf_printf(&so, "%s%s", i ? ";" : "", old->sectors[i]);
    for (int i = 0; i < new->nsectors; i++) buf_printf(&sn, "%s%s", i ? ";" : "", new->sectors[i]);
    org_changes_add(ch, "sectors", arena_strdup(a, buf_str(&so)), arena_strdup(a, buf_str(&sn)));
    buf_free(&so);
    buf_free(&sn);
    org_changes_add(ch, "parent_id", old->parent_id ? arena_printf(a, "%lld", (long long)old->parent_id) : NULL,
                    new->parent_id ? arena_printf(a, "%lld", (long long)new->parent_id) : NULL);
}

static void org_db_failed(org_errors *errs)
{
    org_errors_add(errs, "", _("The change could not be saved because of a database error. Please try again."));
}

/* Binds the organisations columns kind, country, identifier, region, district, address,
 * website, parent_id as parameters 1..8 (the same order in INSERT and UPDATE). */
static void org_bind_fields(db_stmt *st, const org *o)
{
    db_bind_text(st, 1, o->kind);
    db_bind_text(st, 2, o->country);
    db_bind_text(st, 3, o->identifier);
    db_bind_text(st, 4, o->region);
    db_bind_text(st, 5, o->district);
    db_bind_text(st, 6, o->address);
    db_bind_text(st, 7, o->website);
    if (o->parent_id) db_bind_int(st, 8, o->parent_id);
    else db_bind_null(st, 8);
}

/* The error after a rolled-back write: a UNIQUE violation can only be the identifier
 * (another writer took it between our check and our write), anything else is the
 * database's fault. */
static void org_write_failed(int rc, org_errors *errs)
{
    if (rc == DB_CONSTRAINT)
        org_errors_add(errs, "identifier", _("Another organisation already has this identifier."));
    else
        org_db_failed(errs);
}

int64_t org_create_as(db *d, arena *a, int64_t user_id, org *o, const char *action,
                      org_errors *errs)
{
    o->id = 0;
    if (!org_validate_db(d, a, o, errs)) return 0;
    char now[32];
    org_now(now);
    if (!db_begin(d)) {
        org_db_failed(errs);
        return 0;
    }
    db_stmt *st = db_prepare(d, "INSERT INTO organisations (kind, country, identifier, region, district,"
                                " address, website, parent_id, created_at, updated_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    org_bind_fields(st, o);
    db_bind_text(st, 9, now);
    db_bind_text(st, 10, now);
    int rc = db_step(st);
    db_done(st);
    if (rc == DB_DONE) {
        o->id = db_last_id(d);
        org_changes ch = { 0 };
        org_diff(a, NULL, o, &ch);
        if (org_write_children(d, a, o) && org_reindex(d, a, o->id)
            && audit_record(d, user_id, "organisation", o->id, action, org_changes_json(a, &ch))
            && db_commit(d)) {
            o->created_at = o->updated_at = arena_strdup(a, now);
            o->archived_at = NULL;
            return o->id;
        }
    }
    db_rollback(d);
    o->id = 0;
    org_write_failed(rc, errs);
    return 0;
}

int64_t org_create(db *d, arena *a, int64_t user_id, org *o, org_errors *errs)
{
    return org_create_as(d, a, user_id, o, "create", errs);
}

bool org_update(db *d, arena *a, int64_t user_id, org *o, org_errors *errs)
{
    org old;
    if (!org_get(d, a, o->id, &old)) return false;
    if (!org_validate_db(d, a, o, errs)) return false;
    org_changes ch = { 0 };
    org_diff(a, &old, o, &ch);
    o->created_at = old.created_at;
    o->archived_at = old.archived_at;
    o->updated_at = old.updated_at;
    if (ch.n == 0) return true;
    char now[32];
    org_now(now);
    if (!db_begin(d)) {
        org_db_failed(errs);
        return false;
    }
    db_stmt *st = db_prepare(d, "UPDATE organisations SET kind = ?, country = ?, identifier = ?, region = ?,"
                                " district = ?, address = ?, website = ?, parent_id = ?, updated_at = ?"
                                " WHERE id = ?");
    org_bind_fields(st, o);
    db_bind_text(st, 9, now);
    db_bind_int(st, 10, o->id);
    int rc = db_step(st);
    db_done(st);
    if (rc == DB_DONE && org_write_children(d, a, o) && org_reindex(d, a, o->id)
        && audit_record(d, user_id, "organisation", o->id, "update", org_changes_json(a, &ch))
        && db_commit(d)) {
        o->updated_at = arena_strdup(a, now);
        return true;
    }
    db_rollback(d);
    org_write_failed(rc, errs);
    return false;
}

/* Archive (archive == true) or restore: flips archived_at in one audited transaction. */
static bool org_set_archived(db *d, int64_t user_id, int64_t id, bool archive)
{
    char now[32];
    org_now(now);
    if (!db_begin(d)) return false;
    db_stmt *st = archive
        ? db_prepare(d, "UPDATE organisations SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL")
        : db_prepare(d, "UPDATE organisations SET archived_at = NULL, updated_at = ? WHERE id = ? AND archived_at IS NOT NULL");
    int i = 1;
    if (archive) db_bind_text(st, i++, now);
    db_bind_text(st, i++, now);
    db_bind_int(st, i, id);
    bool ok = org_run(st) && db_changes(d) == 1;
    if (ok) {
        arena *a = arena_new();
        org_changes ch = { 0 };
        org_changes_add(&ch, "archived", archive ? "false" : "true", archive ? "true" : "false");
        ok = audit_record(d, user_id, "organisation", id, archive ? "archive" : "restore",
                          org_changes_json(a, &ch));
        arena_free(a);
    }
    if (ok && db_commit(d)) return true;
    db_rollback(d);
    return false;
}

bool org_archive(db *d, int64_t user_id, int64_t id) { return org_set_archived(d, user_id, id, true); }
bool org_restore(db *d, int64_t user_id, int64_t id) { return org_set_archived(d, user_id, id, false); }
