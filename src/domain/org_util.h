/* org_util.h — helpers shared by the organisation module's files (org*.c, person.c,
 * org_csv.c, demo.c): text field checks, per-language field names, UTC time, and
 * the audit change set builder. Not for other modules. */
#ifndef KOPIR_DOMAIN_ORG_UTIL_H
#define KOPIR_DOMAIN_ORG_UTIL_H
#include <stdbool.h>
#include <stddef.h>

#include "domain/org.h"

/* Trims *s (empty -> NULL), checks valid UTF-8, at most max characters and, unless
 * multiline, no line breaks or tabs; adds an error for field and returns false when bad. */
bool org_check_text(arena *a, const char **s, const char *field, size_t max, bool multiline,
                    org_errors *errs);
/* "name_kk", "description_zh", ... (arena). */
const char *org_lang_field(arena *a, const char *prefix, lang_id l);
/* The current time as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void org_now(char out[32]);

/* An audit change set: pairs of field names and old/new values (NULL = absent). */
typedef struct org_changes {
    int n;
    struct {
        const char *field, *old_value, *new_value;
    } c[64];
} org_changes;
/* Adds the pair when old and new differ (NULL and "" count as equal). */
void org_changes_add(org_changes *ch, const char *field, const char *old_value,
                     const char *new_value);
/* {"field": {"old": ..., "new": ...}, ...} (arena); NULL when ch is empty. */
char *org_changes_json(arena *a, const org_changes *ch);

#endif
