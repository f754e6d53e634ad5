/* org.h — the organisations registry: validation, create/update/archive/restore with an
 * audit row in the same transaction, lookup, filtered and searched lists, and the
 * code tables (kinds, countries). People (contacts) are in person.h, CSV in org_csv.h.
 * Tables: src/db/migrations/002_organisations.sql. Documented in docs/organisations.md. */
#ifndef KOPIR_DOMAIN_ORG_H
#define KOPIR_DOMAIN_ORG_H
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "i18n/i18n.h"
#include "util/arena.h"

/* Limits, in characters (Unicode code points). */
#define ORG_NAME_MAX 300
#define ORG_SHORT_NAME_MAX 100
#define ORG_DESCRIPTION_MAX 5000
#define ORG_PLACE_MAX 200        /* region, district */
#define ORG_ADDRESS_MAX 500
#define ORG_WEBSITE_MAX 300
#define ORG_IDENT_MAX 40         /* before normalisation */
#define ORG_MAX_SECTORS 21       /* NACE sections A..U */
#define ORG_MAX_ERRORS 32
#define ORG_QUERY_MAX 200        /* search text */
#define ORG_PER_PAGE_MAX 100

/* One validation error: the field it is about (the form/JSON/CSV field name, e.g.
 * "identifier", "name_ru", "sectors") and a message already translated into the
 * calling thread's language. */
typedef struct org_error {
    const char *field;
    const char *message;
} org_error;

typedef struct org_errors {
    int n;
    org_error e[ORG_MAX_ERRORS];
} org_errors;

/* Appends an error (ignored past ORG_MAX_ERRORS). */
void org_errors_add(org_errors *errs, const char *field, const char *message);
/* The message for field, or NULL (forms print it next to the field). */
const char *org_errors_get(const org_errors *errs, const char *field);

/* An organisation. Strings are arena-owned; NULL means "not given". Per-language arrays
 * are indexed by lang_id (LANG_KK, LANG_RU, LANG_ZH, LANG_EN). */
typedef struct org {
    int64_t id;                        /* 0 before creation */
    const char *kind;                  /* code, see org_kind_valid */
    const char *country;               /* "KZ", "CN", "OTHER" */
    const char *identifier;            /* BIN (KZ) / USCC (CN), normalised; NULL = none */
    const char *name[LANG_COUNT];
    const char *short_name[LANG_COUNT];
    const char *description[LANG_COUNT];
    const char *region, *district, *address, *website;
    int64_t parent_id;                 /* 0 = none */
    int nsectors;
    const char *sectors[ORG_MAX_SECTORS]; /* section letters, sorted, unique */
    const char *created_at, *updated_at, *archived_at; /* UTC; archived_at NULL = active */
} org;

/* ---- code tables ---- */

/* The kind codes in display order, terminated by NULL. */
extern const char *const org_kinds[];
/* The country codes, terminated by NULL. */
extern const char *const org_countries[];
bool org_kind_valid(const char *code);
bool org_country_valid(const char *code);
/* Translated labels ("Government body", "Kazakhstan", ...); code itself when unknown. */
const char *org_kind_label(const char *code);
const char *org_country_label(const char *code);

/* The name to show a reader of language l. Fallback order: l, then ru, kk, en, zh
 * (Russian is the language every Kazakh and many Chinese partners read). "" if none. */
const char *org_display_name(const org *o, lang_id l);
/* The same order for any per-language array (names of people, descriptions). */
const char *org_pick_lang(const char *const v[LANG_COUNT], lang_id l);

/* ---- validation ---- */

/* Normalises o in place (trims every text, empty strings become NULL, identifier loses
 * spaces/dashes and becomes upper case, sector letters upper-cased, sorted, de-duplicated)
 * and checks every field; adds one error per bad field. Does not touch the database
 * (identifier uniqueness and the parent are checked by org_create/org_update).
 * Returns true when there were no errors. */
bool org_validate(arena *a, org *o, org_errors *errs);

/* ---- changes; each writes an audit row in the same transaction ---- */

/* Validates (org_validate, then: identifier not used by another organisation, parent
 * exists and would not make a cycle) and inserts. Returns the new id (also stored in
 * o->id), or 0 with errors: field errors for invalid input, or one error with field ""
 * when the database failed (pages answer 500 then). Nothing is written on failure.
 * user_id 0 = the CLI. action is the audit action: "create" or "import". */
int64_t org_create(db *d, arena *a, int64_t user_id, org *o, org_errors *errs);
int64_t org_create_as(db *d, arena *a, int64_t user_id, org *o, const char *action,
                      org_errors *errs);
/* Replaces every field of organisation o->id by o's (load it with org_get and change
 * what you need: that is how PATCH works). Audit row with the fields that changed.
 * false with errors on invalid input or a database failure (field ""), false with
 * errors->n == 0 when o->id is unknown. */
bool org_update(db *d, arena *a, int64_t user_id, org *o, org_errors *errs);
/* Sets / clears archived_at; audit "archive" / "restore". false when the organisation
 * does not exist or is already in that state. */
bool org_archive(db *d, int64_t user_id, int64_t id);
bool org_restore(db *d, int64_t user_id, int64_t id);

/* Loads organisation id (archived too) into out; false when absent. */
bool org_get(db *d, arena *a, int64_t id, org *out);
/* Id of the organisation with this (normalised) identifier, or 0. */
int64_t org_find_identifier(db *d, const char *identifier);
/* Rebuilds the search row of organisation id from the database (called by person.c). */
bool org_reindex(db *d, arena *a, int64_t id);
/* Checks the search index (for `kopir check`): the FTS5 integrity check, and that every
 * organisation has exactly the search text org_reindex would write (none missing or
 * outdated, none left without its organisation). Prints each problem to stderr and
 * returns their number (0 = consistent, also when the tables do not exist yet). */
int org_check_index(db *d);

/* ---- lists ---- */

typedef enum { ORG_ACTIVE = 0, ORG_ARCHIVED, ORG_ALL } org_state;
typedef enum { ORG_SORT_NAME = 0, ORG_SORT_CREATED, ORG_SORT_UPDATED } org_sort;

typedef struct org_filter {
    const char *q;          /* search text (folded like the index); NULL/"" = all */
    const char *kind, *country, *district, *sector; /* NULL/"" = any */
    int64_t parent_id;      /* 0 = any */
    org_state state;
    org_sort sort;          /* name A→Z in lang, created newest first, updated newest first */
    lang_id lang;           /* for sorting by name */
    int page, per_page;     /* 1-based; per_page clamped to 1..ORG_PER_PAGE_MAX */
} org_filter;

/* Parses "name", "created", "updated"; false when unknown (out unchanged). */
bool org_sort_parse(const char *s, org_sort *out);
const char *org_sort_name(org_sort s);
/* Parses "active", "archived", "all". */
bool org_state_parse(const char *s, org_state *out);

typedef struct org_list_result {
    int64_t total;          /* matching organisations, all pages */
    int page, per_page;     /* as applied */
    int n;                  /* organisations on this page */
    org *items;             /* full records (names, sectors...), arena */
} org_list_result;

/* Runs the filter: the search text is split on spaces, every word must occur (folded
 * substring match: trigram FTS for words of 3+ characters, instr() for shorter ones).
 * false on a database error. */
bool org_list(db *d, arena *a, const org_filter *f, org_list_result *out);

/* Distinct non-empty districts of active organisations, sorted (filter drop-down). */
const char **org_districts(db *d, arena *a, int *n);

#endif
