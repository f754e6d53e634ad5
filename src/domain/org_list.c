/* org_list.c — filtered, searched, sorted and paginated lists of organisations.
 * Search: the query is folded like the index (text_fold) and split into words; every
 * word must occur. Words of 3+ characters go to the trigram FTS5 index; shorter ones
 * (two Chinese characters such as 商务 are a whole word) use instr() on the same text.
 * A page costs six statements whatever its size: count, ids, then the rows, names,
 * descriptions and sectors of all the page's ids at once. */
#include "domain/org.h"
#include "domain/org_util.h"

#include <string.h>

#include "util/buf.h"
#include "util/text.h"

#define ORG_SHORT_SLOTS 4

static const char *const org_lang_codes[LANG_COUNT] = { "kk", "ru", "zh", "en" };

/* The WHERE clause shared by the count and the page query; bound by org_bind_where. */
#define ORG_WHERE \
    " WHERE (? = 2 OR (o.archived_at IS NOT NULL) = ?)" \
    " AND (? IS NULL OR o.kind = ?)" \
    " AND (? IS NULL OR o.country = ?)" \
    " AND (? IS NULL OR o.district = ?)" \
    " AND (? IS NULL OR EXISTS (SELECT 1 FROM organisation_sectors s WHERE s.org_id = o.id AND s.sector = ?))" \
    " AND (? = 0 OR o.parent_id = ?)" \
    " AND (? IS NULL OR o.id IN (SELECT rowid FROM organisation_search WHERE organisation_search MATCH ?))" \
    " AND (? IS NULL OR o.id IN (SELECT rowid FROM organisation_search WHERE instr(body, ?) > 0))" \
    " AND (? IS NULL OR o.id IN (SELECT rowid FROM organisation_search WHERE instr(body, ?) > 0))" \
    " AND (? IS NULL OR o.id IN (SELECT rowid FROM organisation_search WHERE instr(body, ?) > 0))" \
    " AND (? IS NULL OR o.id IN (SELECT rowid FROM organisation_search WHERE instr(body, ?) > 0))"

/* The search query split for the WHERE clause. */
typedef struct org_query {
    const char *match;                    /* FTS5 query: "w1" AND "w2" ..., or NULL */
    const char *shorts[ORG_SHORT_SLOTS];  /* words under 3 characters, or NULL */
    bool none;                            /* the query can match nothing (invalid text) */
} org_query;

/* Word separators of a query. '"' and '*' are among them because people type a quoted
 * phrase or a trailing wildcard out of habit from web search: matching is by substring
 * already, so «"Атамекен"» and «Атамек*» should find what «Атамекен» finds. */
static bool org_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '"' || c == '*';
}

static void org_parse_query(arena *a, const char *q, org_query *out)
{
    memset(out, 0, sizeof *out);
    if (!q || !*q) return;
    size_t len = strlen(q);
    if (len > ORG_QUERY_MAX * 4 || !text_valid_utf8(q, len)) {
        out->none = true;
        return;
    }
    char *f = text_fold(a, q);
    buf m = BUF_INIT;
    int nshort = 0;
    for (char *p = f; *p;) {
        while (*p && org_is_space(*p)) p++;
        char *start = p;
        while (*p && !org_is_space(*p)) p++;
        if (p == start) break;
        char *word = arena_strndup(a, start, (size_t)(p - start));
        if (text_char_count(word) >= 3) {
            buf_puts(&m, m.len ? " AND \"" : "\"");
            for (const char *c = word; *c; c++) {
                if (*c == '"') buf_putc(&m, '"');
                buf_putc(&m, *c);
            }
            buf_putc(&m, '"');
        } else if (nshort < ORG_SHORT_SLOTS) {
            out->shorts[nshort++] = word;
        }
    }
    if (m.len) out->match = arena_strdup(a, buf_str(&m));
    buf_free(&m);
}

static const char *org_nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* Binds a "(? IS NULL OR x = ?)" pair. */
static void org_bind_pair(db_stmt *st, int *i, const char *v)
{
    db_bind_text(st, (*i)++, v);
    db_bind_text(st, (*i)++, v);
}

/* The ids of one page as a fixed list of placeholders: as many as a page holds, the
 * unused ones bound to NULL (which IN never matches). Fixed text keeps the statements
 * prepared once and the SQL portable (no array binding, no json_each). */
#define ORG_Q10 "?,?,?,?,?,?,?,?,?,?"
#define ORG_IDS_IN " IN (" ORG_Q10 "," ORG_Q10 "," ORG_Q10 "," ORG_Q10 "," ORG_Q10 "," \
                   ORG_Q10 "," ORG_Q10 "," ORG_Q10 "," ORG_Q10 "," ORG_Q10 ")"
_Static_assert(ORG_PER_PAGE_MAX == 100, "ORG_IDS_IN must have one placeholder per row of a page");

static void org_bind_ids(db_stmt *st, const org_list_result *out)
{
    for (int k = 0; k < ORG_PER_PAGE_MAX; k++) {
        if (k < out->n) db_bind_int(st, k + 1, out->items[k].id);
        else db_bind_null(st, k + 1);
    }
}

/* The page's item with this id (a page holds at most 100, so a scan is cheapest). */
static org *org_item(org_list_result *out, int64_t id)
{
    for (int k = 0; k < out->n; k++)
        if (out->items[k].id == id) return &out->items[k];
    return NULL;
}

static lang_id org_row_lang(db_stmt *st, int col, bool *ok)
{
    lang_id l = LANG_RU;
    *ok = i18n_parse(db_col_text(st, col), &l);
    return l;
}

/* Fills the page's items (ids set, in page order) with what org_get loads, in four
 * statements for the whole page instead of four per organisation. */
static bool org_load_page(db *d, arena *a, org_list_result *out)
{
    db_stmt *st = db_prepare(d, "SELECT id, kind, country, identifier, region, district, address, website,"
                                " parent_id, created_at, updated_at, archived_at FROM organisations"
                                " WHERE id" ORG_IDS_IN);
    org_bind_ids(st, out);
    int rc, found = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        org *o = org_item(out, db_col_int(st, 0));
        if (!o || o->kind) continue;
        found++;
        o->kind = arena_strdup(a, db_col_text(st, 1));
        o->country = arena_strdup(a, db_col_text(st, 2));
        o->identifier = arena_strdup(a, db_col_text(st, 3));
        o->region = arena_strdup(a, db_col_text(st, 4));
        o->district = arena_strdup(a, db_col_text(st, 5));
        o->address = arena_strdup(a, db_col_text(st, 6));
        o->website = arena_strdup(a, db_col_text(st, 7));
        o->parent_id = db_col_int(st, 8);
        o->created_at = arena_strdup(a, db_col_text(st, 9));
        o->updated_at = arena_strdup(a, db_col_text(st, 10));
        o->archived_at = arena_strdup(a, db_col_text(st, 11));
    }
    db_done(st);
    if (rc != DB_DONE || found != out->n) return false;

    st = db_prepare(d, "SELECT org_id, lang, name, short_name FROM organisation_names WHERE org_id" ORG_IDS_IN);
    org_bind_ids(st, out);
    bool ok;
    while ((rc = db_step(st)) == DB_ROW) {
        org *o = org_item(out, db_col_int(st, 0));
        lang_id l = org_row_lang(st, 1, &ok);
        if (!o || !ok) continue;
        o->name[l] = arena_strdup(a, db_col_text(st, 2));
        o->short_name[l] = arena_strdup(a, db_col_text(st, 3));
    }
    db_done(st);
    if (rc != DB_DONE) return false;

    st = db_prepare(d, "SELECT org_id, lang, description FROM organisation_descriptions WHERE org_id" ORG_IDS_IN);
    org_bind_ids(st, out);
    while ((rc = db_step(st)) == DB_ROW) {
        org *o = org_item(out, db_col_int(st, 0));
        lang_id l = org_row_lang(st, 1, &ok);
        if (o && ok) o->description[l] = arena_strdup(a, db_col_text(st, 2));
    }
    db_done(st);
    if (rc != DB_DONE) return false;

    st = db_prepare(d, "SELECT org_id, sector FROM organisation_sectors WHERE org_id" ORG_IDS_IN
                       " ORDER BY org_id, sector");
    org_bind_ids(st, out);
    while ((rc = db_step(st)) == DB_ROW) {
        org *o = org_item(out, db_col_int(st, 0));
        if (o && o->nsectors < ORG_MAX_SECTORS) o->sectors[o->nsectors++] = arena_strdup(a, db_col_text(st, 1));
    }
    db_done(st);
    return rc == DB_DONE;
}

static void org_bind_where(db_stmt *st, int *i, const org_filter *f, const org_query *q)
{
    db_bind_int(st, (*i)++, f->state);
    db_bind_int(st, (*i)++, f->state == ORG_ARCHIVED ? 1 : 0);
    org_bind_pair(st, i, org_nonempty(f->kind));
    org_bind_pair(st, i, org_nonempty(f->country));
    org_bind_pair(st, i, org_nonempty(f->district));
    org_bind_pair(st, i, org_nonempty(f->sector));
    db_bind_int(st, (*i)++, f->parent_id);
    db_bind_int(st, (*i)++, f->parent_id);
    org_bind_pair(st, i, q->match);
    for (int k = 0; k < ORG_SHORT_SLOTS; k++) org_bind_pair(st, i, q->shorts[k]);
}

bool org_list(db *d, arena *a, const org_filter *f, org_list_result *out)
{
    memset(out, 0, sizeof *out);
    out->per_page = f->per_page < 1 ? 20 : f->per_page > ORG_PER_PAGE_MAX ? ORG_PER_PAGE_MAX : f->per_page;
    out->page = f->page < 1 ? 1 : f->page > 100000 ? 100000 : f->page;
    org_query q;
    org_parse_query(a, f->q, &q);
    if (q.none) {
        out->items = arena_calloc(a, 1, sizeof(org));
        return true;
    }
    int i = 1;
    db_stmt *st = db_prepare(d, "SELECT count(*) FROM organisations o" ORG_WHERE);
    org_bind_where(st, &i, f, &q);
    int rc = db_step(st);
    out->total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    if (rc != DB_ROW) return false;

    st = db_prepare(d, "SELECT o.id FROM organisations o" ORG_WHERE
                       /* the name in the reader's language, else ru, kk, en, zh: one
                        * primary-key lookup each (a sorted subquery per row was the
                        * most expensive part of the page) */
                       " ORDER BY CASE WHEN ? = 0 THEN coalesce("
                       "   (SELECT name_fold FROM organisation_names WHERE org_id = o.id AND lang = ?),"
                       "   (SELECT name_fold FROM organisation_names WHERE org_id = o.id AND lang = 'ru'),"
                       "   (SELECT name_fold FROM organisation_names WHERE org_id = o.id AND lang = 'kk'),"
                       "   (SELECT name_fold FROM organisation_names WHERE org_id = o.id AND lang = 'en'),"
                       "   (SELECT name_fold FROM organisation_names WHERE org_id = o.id AND lang = 'zh')) END,"
                       " CASE WHEN ? = 1 THEN o.created_at END DESC,"
                       " CASE WHEN ? = 2 THEN o.updated_at END DESC,"
                       " CASE WHEN ? = 0 THEN o.id END, o.id DESC"
                       " LIMIT ? OFFSET ?");
    i = 1;
    org_bind_where(st, &i, f, &q);
    db_bind_int(st, i++, f->sort);
    db_bind_text(st, i++, org_lang_codes[(int)f->lang >= 0 && f->lang < LANG_COUNT ? f->lang : LANG_RU]);
    db_bind_int(st, i++, f->sort);
    db_bind_int(st, i++, f->sort);
    db_bind_int(st, i++, f->sort);
    db_bind_int(st, i++, out->per_page);
    db_bind_int(st, i++, (int64_t)(out->page - 1) * out->per_page);
    out->items = arena_calloc(a, (size_t)out->per_page, sizeof(org));
    while ((rc = db_step(st)) == DB_ROW && out->n < out->per_page) out->items[out->n++].id = db_col_int(st, 0);
    db_done(st);
    if (rc != DB_DONE && rc != DB_ROW) return false;
    return out->n == 0 || org_load_page(d, a, out);
}

const char **org_districts(db *d, arena *a, int *n)
{
    int cap = 16;
    const char **v = arena_calloc(a, (size_t)cap, sizeof *v);
    *n = 0;
    db_stmt *st = db_prepare(d, "SELECT DISTINCT district FROM organisations"
                                " WHERE archived_at IS NULL AND district IS NOT NULL ORDER BY district");
    while (db_step(st) == DB_ROW && *n < 1000) {
        if (*n == cap) {
            const char **nv = arena_calloc(a, (size_t)cap * 2, sizeof *v);
            memcpy(nv, v, (size_t)cap * sizeof *v);
            v = nv;
            cap *= 2;
        }
        v[(*n)++] = arena_strdup(a, db_col_text(st, 0));
    }
    db_done(st);
    return v;
}
