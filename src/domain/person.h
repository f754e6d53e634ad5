/* person.h — people (contacts) of an organisation: names in several languages, position,
 * phone, e-mail and the languages they speak (read by the meeting scheduler to plan
 * interpreters). Every change is audited (entity "person") and refreshes the search row
 * of the organisation, whose search text includes its people's names. */
#ifndef KOPIR_DOMAIN_PERSON_H
#define KOPIR_DOMAIN_PERSON_H
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/org.h"
#include "i18n/i18n.h"
#include "util/arena.h"

#define PERSON_NAME_MAX 200
#define PERSON_POSITION_MAX 200
#define PERSON_PHONE_MAX 40
#define PERSON_EMAIL_MAX 254
#define PERSON_MAX_PER_ORG 500

/* Spoken languages, as a bit set. Stored as rows of person_languages with the codes
 * "kk", "ru", "zh", "en", "other". */
enum {
    PERSON_LANG_KK = 1 << 0,
    PERSON_LANG_RU = 1 << 1,
    PERSON_LANG_ZH = 1 << 2,
    PERSON_LANG_EN = 1 << 3,
    PERSON_LANG_OTHER = 1 << 4,
    PERSON_LANG_ALL = 0x1f,
};
#define PERSON_LANG_COUNT 5
/* Codes in bit order: "kk", "ru", "zh", "en", "other". */
extern const char *const person_lang_codes[PERSON_LANG_COUNT];
/* The bit of a code, or 0 when unknown. */
unsigned person_lang_bit(const char *code);
/* Translated name of the spoken language with this bit index ("Kazakh", ...). */
const char *person_lang_label(int index);

typedef struct person {
    int64_t id;                      /* 0 before creation */
    int64_t org_id;
    const char *name[LANG_COUNT];    /* by lang_id; zh name + en Latin transcription for Chinese people */
    const char *position, *phone, *email;
    unsigned langs;                  /* PERSON_LANG_* bits */
    const char *created_at, *updated_at, *archived_at;
} person;

/* Normalises (trim; phone keeps its characters, e-mail is lower-cased) and checks every
 * field; errors name the field: "name" (none given) or "name_kk".., "position", "phone"
 * (digits, spaces, + - ( ), 5 to 20 digits), "email", "langs". No database access. */
bool person_validate(arena *a, person *p, org_errors *errs);

/* Validates (also: the organisation exists and is not archived) and inserts; audit
 * "create". Returns the id or 0 with errors (field "" = database failure). */
int64_t person_create(db *d, arena *a, int64_t user_id, person *p, org_errors *errs);
/* Replaces every field of person p->id (may move the person to another organisation);
 * audit "update" with the changes. false with errors->n == 0 when p->id is unknown. */
bool person_update(db *d, arena *a, int64_t user_id, person *p, org_errors *errs);
/* Archive / restore, audited; false when absent or already in that state. */
bool person_archive(db *d, int64_t user_id, int64_t id);
bool person_restore(db *d, int64_t user_id, int64_t id);

bool person_get(db *d, arena *a, int64_t id, person *out);
/* People of an organisation, ordered by id; archived ones only when include_archived. */
person *person_list(db *d, arena *a, int64_t org_id, bool include_archived, int *n);
/* "kk;ru" for a bit set (arena). */
const char *person_langs_string(arena *a, unsigned langs);
/* Parses "kk;ru" / "kk,ru" / "kk ru"; false on an unknown code. */
bool person_langs_parse(const char *s, unsigned *out);

#endif
