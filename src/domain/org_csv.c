/* org_csv.c — the RFC 4180 reader, and the import and export of organisations as CSV
 * (columns: org_csv_columns; semantics: org_csv.h and docs/organisations.md). */
#include "domain/org_csv.h"
#include "domain/org_util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/ident.h"
#include "util/text.h"

const char *const org_csv_columns[] = {
    "kind", "country", "identifier",
    "name_kk", "name_ru", "name_zh", "name_en",
    "short_name_kk", "short_name_ru", "short_name_zh", "short_name_en",
    "region", "district", "address", "website", "sectors",
    "description_kk", "description_ru", "description_zh", "description_en",
    "parent_identifier", NULL,
};
enum {
    COL_KIND, COL_COUNTRY, COL_IDENT, COL_NAME, COL_SHORT = COL_NAME + LANG_COUNT,
    COL_REGION = COL_SHORT + LANG_COUNT, COL_DISTRICT, COL_ADDRESS, COL_WEBSITE, COL_SECTORS,
    COL_DESC, COL_PARENT = COL_DESC + LANG_COUNT, COL_COUNT
};

/* ---- the reader ---- */

void org_csv_open(org_csv_reader *r, const char *data, size_t len, int max_records)
{
    memset(r, 0, sizeof *r);
    r->p = data;
    r->end = data + len;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) r->p += 3;
    r->line = 1;
    r->max_records = max_records;
    r->delim = ',';
}

char org_csv_sniff(const char *data, size_t len)
{
    bool quoted = false, comma = false, semicolon = false;
    for (size_t i = 0; i < len && (quoted || (data[i] != '\n' && data[i] != '\r')); i++) {
        if (data[i] == '"') quoted = !quoted;
        else if (!quoted && data[i] == ',') comma = true;
        else if (!quoted && data[i] == ';') semicolon = true;
    }
    return semicolon && !comma ? ';' : ',';
}

static org_csv_status org_csv_fail(org_csv_reader *r, const char **err, const char *msg)
{
    r->error = msg;
    *err = msg;
    return ORG_CSV_ERROR;
}

/* Reads one quoted field (r->p at the opening quote) into b; CRLF inside becomes LF. */
static bool org_csv_quoted(org_csv_reader *r, buf *b)
{
    r->p++;
    while (r->p < r->end) {
        char c = *r->p;
        if (c == '"') {
            if (r->p + 1 < r->end && r->p[1] == '"') {
                buf_putc(b, '"');
                r->p += 2;
                continue;
            }
            r->p++;
            return true;
        }
        if (c == '\r' && r->p + 1 < r->end && r->p[1] == '\n') {
            r->p++;
            continue;
        }
        if (c == '\n' || c == '\r') r->line++;
        buf_putc(b, c);
        r->p++;
    }
    return false;
}

/* Reads one field at r->p into a new arena string; NULL with *err on failure. */
static char *org_csv_field_read(org_csv_reader *r, arena *a, buf *b, int start, const char **err)
{
    buf_reset(b);
    b->overflow = false;
    if (r->p < r->end && *r->p == '"') {
        int qline = r->line;
        if (!org_csv_quoted(r, b)) {
            *err = arena_printf(a, _("Line %d: a quoted field is not closed."), qline);
            return NULL;
        }
        if (r->p < r->end && *r->p != r->delim && *r->p != '\r' && *r->p != '\n') {
            *err = arena_printf(a, _("Line %d: after a closing quote only a comma or the end of the line may follow."), r->line);
            return NULL;
        }
    } else {
        const char *s = r->p;
        while (r->p < r->end && *r->p != r->delim && *r->p != '\r' && *r->p != '\n') r->p++;
        buf_append(b, s, (size_t)(r->p - s));
    }
    if (b->overflow) {
        *err = arena_printf(a, _("Line %d: a field is longer than %d bytes."), start, ORG_CSV_MAX_FIELD);
        return NULL;
    }
    if (!text_valid_utf8(buf_str(b), b->len)) {
        *err = arena_printf(a, _("Line %d: the text is not valid UTF-8 or contains control characters. Save the file as CSV UTF-8."), start);
        return NULL;
    }
    return arena_strndup(a, buf_str(b), b->len);
}

org_csv_status org_csv_next(org_csv_reader *r, arena *a, char ***fields, int *n, int *line,
                            const char **err)
{
    *n = 0;
    if (r->error) return org_csv_fail(r, err, r->error);
    while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
        if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n') r->p++;
        r->p++;
        r->line++;
    }
    if (r->p >= r->end) return ORG_CSV_END;
    if (r->max_records && r->records >= r->max_records)
        return org_csv_fail(r, err, arena_printf(a, _("The file has more than %d rows."), r->max_records - 1));
    *line = r->line;
    char **v = arena_calloc(a, ORG_CSV_MAX_FIELDS, sizeof *v);
    buf b = BUF_INIT;
    buf_init(&b, ORG_CSV_MAX_FIELD);
    for (;;) {
        if (*n >= ORG_CSV_MAX_FIELDS) {
            buf_free(&b);
            return org_csv_fail(r, err, arena_printf(a, _("Line %d: more than %d fields."), *line, ORG_CSV_MAX_FIELDS));
        }
        char *f = org_csv_field_read(r, a, &b, *line, err);
        if (!f) {
            buf_free(&b);
            return org_csv_fail(r, err, *err);
        }
        v[(*n)++] = f;
        if (r->p < r->end && *r->p == r->delim) {
            r->p++;
            continue;
        }
        break;
    }
    buf_free(&b);
    if (r->p < r->end) {
        if (*r->p == '\r') r->p++;
        if (r->p < r->end && *r->p == '\n') r->p++;
        r->line++;
    }
    r->records++;
    *fields = v;
    return ORG_CSV_RECORD;
}

/* ---- import ---- */

typedef struct org_csv_ctx {
    db *d;
    arena *a;
    int64_t user_id;
    org_csv_report *rep;
    int col[COL_COUNT];        /* field index of each column, -1 when absent */
    int ncols;                 /* fields in the header */
    int nseen;                 /* identifiers seen in earlier rows */
    const char **seen_ident;
    int *seen_line;
} org_csv_ctx;

static void org_csv_issue_add(org_csv_ctx *c, int line, const char *field, const char *msg)
{
    org_csv_report *rep = c->rep;
    if (rep->nissues >= ORG_CSV_MAX_ISSUES) return;
    rep->issues[rep->nissues++] = (org_csv_issue){ line, field, msg };
}

/* Maps header names to columns; false with rep->fatal when the header is unusable. */
static bool org_csv_header(org_csv_ctx *c, char **f, int n)
{
    for (int k = 0; k < COL_COUNT; k++) c->col[k] = -1;
    c->ncols = n;
    for (int i = 0; i < n; i++) {
        char *h = text_trim(c->a, f[i]);
        int k = 0;
        while (org_csv_columns[k] && strcasecmp(org_csv_columns[k], h) != 0) k++;
        if (!org_csv_columns[k]) {
            c->rep->fatal = arena_printf(c->a, _("Unknown column \"%s\" in the first line. The columns are described in the import help."), h);
            return false;
        }
        if (c->col[k] >= 0) {
            c->rep->fatal = arena_printf(c->a, _("The column \"%s\" appears twice in the first line."), h);
            return false;
        }
        c->col[k] = i;
    }
    bool name = false;
    for (int l = 0; l < LANG_COUNT; l++) name = name || c->col[COL_NAME + l] >= 0;
    /* Name the missing column: a user who wrote "type" instead of "kind" sees which. */
    int missing = c->col[COL_KIND] < 0 ? COL_KIND : c->col[COL_COUNTRY] < 0 ? COL_COUNTRY : -1;
    if (missing >= 0) {
        c->rep->fatal = arena_printf(c->a, _("The first line has no column \"%s\", which is required."),
                                     org_csv_columns[missing]);
        return false;
    }
    if (!name) {
        c->rep->fatal = _("The first line must name the columns, with at least kind, country and one of name_kk, name_ru, name_zh, name_en.");
        return false;
    }
    return true;
}

/* True when a spreadsheet could read s as a formula, also after removing apostrophes in
 * front: = + - @ after any leading apostrophes. Export prefixes such values with one
 * apostrophe and import removes one, so every value survives the round trip. */
static bool org_csv_formula(const char *s)
{
    while (*s == '\'') s++;
    return *s && strchr("=+-@", *s);
}

/* The value of column k in the row, the spreadsheet apostrophe removed; NULL if absent. */
static const char *org_csv_get(org_csv_ctx *c, char **f, int k)
{
    int i = c->col[k];
    if (i < 0) return NULL;
    const char *s = f[i];
    if (s[0] == '\'' && org_csv_formula(s)) s++;
    return s;
}

static void org_csv_sectors(org_csv_ctx *c, const char *s, org *o, int line, bool *bad)
{
    char *copy = arena_strdup(c->a, s ? s : "");
    for (char *save = NULL, *t = strtok_r(copy, ";, ", &save); t; t = strtok_r(NULL, ";, ", &save)) {
        if (o->nsectors == ORG_MAX_SECTORS) {
            org_csv_issue_add(c, line, "sectors", _("Too many sectors."));
            *bad = true;
            return;
        }
        o->sectors[o->nsectors++] = t;
    }
}

/* Checks the identifier against earlier rows and resolves the parent; false if bad. */
static bool org_csv_links(org_csv_ctx *c, char **f, org *o, int line)
{
    bool ok = true;
    char norm[ORG_IDENT_MAX + 1];
    if (o->identifier && ident_normalise(o->identifier, norm, sizeof norm) && *norm) {
        for (int i = 0; i < c->nseen; i++)
            if (strcmp(c->seen_ident[i], norm) == 0) {
                org_csv_issue_add(c, line, "identifier", arena_printf(c->a, _("The identifier %s is already used on line %d of this file."), norm, c->seen_line[i]));
                ok = false;
                break;
            }
        if (ok && c->nseen < ORG_CSV_MAX_ROWS) {
            c->seen_ident[c->nseen] = arena_strdup(c->a, norm);
            c->seen_line[c->nseen++] = line;
        }
    }
    const char *p = org_csv_get(c, f, COL_PARENT);
    if (p && *p) {
        int64_t pid = ident_normalise(p, norm, sizeof norm) ? org_find_identifier(c->d, norm) : 0;
        if (!pid) {
            org_csv_issue_add(c, line, "parent_identifier", arena_printf(c->a, _("No organisation has the identifier %s: a parent must be in the database or on an earlier line."), p));
            ok = false;
        }
        o->parent_id = pid;
    }
    return ok;
}

/* Imports one data row; false when it was rejected. Database failures set rep->fatal. */
static bool org_csv_row(org_csv_ctx *c, char **f, int n, int line)
{
    if (n != c->ncols) {
        org_csv_issue_add(c, line, "", arena_printf(c->a, _("This row has %d fields but the first line has %d."), n, c->ncols));
        return false;
    }
    org o;
    memset(&o, 0, sizeof o);
    o.kind = org_csv_get(c, f, COL_KIND);
    o.country = org_csv_get(c, f, COL_COUNTRY);
    o.identifier = org_csv_get(c, f, COL_IDENT);
    for (int l = 0; l < LANG_COUNT; l++) {
        o.name[l] = org_csv_get(c, f, COL_NAME + l);
        o.short_name[l] = org_csv_get(c, f, COL_SHORT + l);
        o.description[l] = org_csv_get(c, f, COL_DESC + l);
    }
    o.region = org_csv_get(c, f, COL_REGION);
    o.district = org_csv_get(c, f, COL_DISTRICT);
    o.address = org_csv_get(c, f, COL_ADDRESS);
    o.website = org_csv_get(c, f, COL_WEBSITE);
    bool bad = false;
    org_csv_sectors(c, org_csv_get(c, f, COL_SECTORS), &o, line, &bad);
    bad = !org_csv_links(c, f, &o, line) || bad;
    org_errors errs = { 0 };
    if (bad) {
        org_validate(c->a, &o, &errs);
    } else if (org_create_as(c->d, c->a, c->user_id, &o, "import", &errs)) {
        return true;
    }
    for (int i = 0; i < errs.n; i++) {
        if (!*errs.e[i].field) {
            c->rep->fatal = errs.e[i].message;
            return false;
        }
        const char *field = strcmp(errs.e[i].field, "parent_id") == 0 ? "parent_identifier" : errs.e[i].field;
        org_csv_issue_add(c, line, field, errs.e[i].message);
    }
    return false;
}

bool org_csv_import(db *d, arena *a, int64_t user_id, const char *data, size_t len,
                    bool skip_invalid, org_csv_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->issues = arena_calloc(a, ORG_CSV_MAX_ISSUES, sizeof *rep->issues);
    if (len > ORG_CSV_MAX_BYTES) {
        rep->fatal = arena_printf(a, _("The file is larger than %d MiB."), ORG_CSV_MAX_BYTES / (1024 * 1024));
        return false;
    }
    org_csv_ctx c = { .d = d, .a = a, .user_id = user_id, .rep = rep };
    c.seen_ident = arena_calloc(a, ORG_CSV_MAX_ROWS, sizeof *c.seen_ident);
    c.seen_line = arena_calloc(a, ORG_CSV_MAX_ROWS, sizeof *c.seen_line);
    org_csv_reader r;
    org_csv_open(&r, data, len, ORG_CSV_MAX_ROWS + 1);
    r.delim = org_csv_sniff(r.p, (size_t)(r.end - r.p));
    char **f;
    int n, line;
    const char *err = NULL;
    org_csv_status st = org_csv_next(&r, a, &f, &n, &line, &err);
    if (st != ORG_CSV_RECORD) {
        rep->fatal = st == ORG_CSV_END ? _("The file is empty.") : err;
        return false;
    }
    if (!org_csv_header(&c, f, n)) return false;
    if (!db_begin(d)) {
        rep->fatal = _("The change could not be saved because of a database error. Please try again.");
        return false;
    }
    while (!rep->fatal && (st = org_csv_next(&r, a, &f, &n, &line, &err)) == ORG_CSV_RECORD) {
        rep->rows++;
        if (org_csv_row(&c, f, n, line)) rep->imported++;
        else rep->rejected++;
    }
    if (st == ORG_CSV_ERROR && !rep->fatal) rep->fatal = err;
    if (rep->fatal || (rep->rejected && !skip_invalid) || !db_commit(d)) {
        if (!rep->fatal && !(rep->rejected && !skip_invalid))
            rep->fatal = _("The change could not be saved because of a database error. Please try again.");
        db_rollback(d);
        rep->imported = 0;
        return false;
    }
    return true;
}

/* ---- export ---- */

void org_csv_field(buf *out, const char *s)
{
    if (!s) return;
    bool formula = org_csv_formula(s);
    size_t len = strlen(s);
    bool quote = formula || strpbrk(s, ",\"\r\n") || (len && (s[0] == ' ' || s[len - 1] == ' '));
    if (!quote) {
        buf_puts(out, s);
        return;
    }
    buf_putc(out, '"');
    if (formula) buf_putc(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"') buf_putc(out, '"');
        buf_putc(out, *p);
    }
    buf_putc(out, '"');
}

static void org_csv_write(db *d, arena *a, const org *o, buf *out)
{
    const char *v[COL_COUNT] = { 0 };
    v[COL_KIND] = o->kind;
    v[COL_COUNTRY] = o->country;
    v[COL_IDENT] = o->identifier;
    for (int l = 0; l < LANG_COUNT; l++) {
        v[COL_NAME + l] = o->name[l];
        v[COL_SHORT + l] = o->short_name[l];
        v[COL_DESC + l] = o->description[l];
    }
    v[COL_REGION] = o->region;
    v[COL_DISTRICT] = o->district;
    v[COL_ADDRESS] = o->address;
    v[COL_WEBSITE] = o->website;
    const char *sec = "";
    for (int i = 0; i < o->nsectors; i++) sec = arena_printf(a, "%s%s%s", sec, i ? ";" : "", o->sectors[i]);
    v[COL_SECTORS] = sec;
    if (o->parent_id) {
        db_stmt *st = db_prepare(d, "SELECT identifier FROM organisations WHERE id = ?");
        db_bind_int(st, 1, o->parent_id);
        if (db_step(st) == DB_ROW) v[COL_PARENT] = arena_strdup(a, db_col_text(st, 0));
        db_done(st);
    }
    for (int k = 0; k < COL_COUNT; k++) {
        if (k) buf_putc(out, ',');
        org_csv_field(out, v[k]);
    }
    buf_puts(out, "\r\n");
}

static int org_csv_cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* Loads every organisation matching f (all pages, at most ORG_CSV_MAX_ROWS). */
static org *org_csv_collect(db *d, arena *a, const org_filter *f, int *n, bool *ok)
{
    org *all = arena_calloc(a, ORG_CSV_MAX_ROWS, sizeof *all);
    org_filter page = *f;
    page.per_page = ORG_PER_PAGE_MAX;
    *n = 0;
    *ok = true;
    for (page.page = 1; *n < ORG_CSV_MAX_ROWS; page.page++) {
        org_list_result r;
        if (!org_list(d, a, &page, &r)) {
            *ok = false;
            break;
        }
        for (int i = 0; i < r.n && *n < ORG_CSV_MAX_ROWS; i++) all[(*n)++] = r.items[i];
        if (r.n < page.per_page) break;
    }
    return all;
}

bool org_csv_export(db *d, arena *a, const org_filter *f, buf *out)
{
    buf_puts(out, "\xEF\xBB\xBF");
    for (int k = 0; k < COL_COUNT; k++) {
        if (k) buf_putc(out, ',');
        buf_puts(out, org_csv_columns[k]);
    }
    buf_puts(out, "\r\n");
    int n;
    bool ok;
    org *all = org_csv_collect(d, a, f, &n, &ok);
    if (!ok) return false;
    /* Parents are written before their branches (so the file imports again), otherwise
     * in the filter's order: each pass writes the rows whose parent is outside the set
     * or already written. Parents never form cycles, so every pass writes something. */
    int64_t *ids = arena_calloc(a, (size_t)n + 1, sizeof *ids);
    int64_t *done = arena_calloc(a, (size_t)n + 1, sizeof *done);
    bool *written = arena_calloc(a, (size_t)n + 1, sizeof *written);
    for (int i = 0; i < n; i++) ids[i] = all[i].id;
    qsort(ids, (size_t)n, sizeof *ids, org_csv_cmp_id);
    int ndone = 0;
    for (bool progress = true; progress && ndone < n;) {
        progress = false;
        int pass_start = ndone;
        for (int i = 0; i < n; i++) {
            int64_t p = all[i].parent_id;
            if (written[i]) continue;
            if (p && bsearch(&p, ids, (size_t)n, sizeof *ids, org_csv_cmp_id)
                && !bsearch(&p, done, (size_t)pass_start, sizeof *done, org_csv_cmp_id))
                continue;
            org_csv_write(d, a, &all[i], out);
            written[i] = true;
            done[ndone++] = all[i].id;
            progress = true;
        }
        qsort(done, (size_t)ndone, sizeof *done, org_csv_cmp_id);
    }
    return !out->overflow;
}
