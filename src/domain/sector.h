/* sector.h — the small sector classifier organisations are tagged with: NACE Rev. 2
 * sections (A..U), which Kazakhstan's OKED follows, with labels in kk, ru, zh, en. */
#ifndef KOPIR_DOMAIN_SECTOR_H
#define KOPIR_DOMAIN_SECTOR_H
#include <stdbool.h>
#include "i18n/i18n.h"

typedef struct sector {
    const char *code;                 /* "A".."U" */
    const char *label[LANG_COUNT];    /* indexed by lang_id */
} sector;

/* All sectors in code order; *n receives the count. */
const sector *sector_all(int *n);
/* The sector with this code (case-sensitive), or NULL. */
const sector *sector_find(const char *code);
/* Label in language l. */
const char *sector_label(const sector *s, lang_id l);

#endif
