/* po.h — internal to src/i18n: the gettext .po parser i18n.c builds its tables from,
 * exposed separately so tests and the fuzzer (tests/fuzz/fuzz_po.c) can drive it. */
#ifndef KOPIR_I18N_PO_H
#define KOPIR_I18N_PO_H
#include <stdbool.h>
#include <stddef.h>

#include "i18n/i18n.h"

enum { PO_MAX_FORMS = 8,             /* msgstr[0..7]; no language needs more than 6 */
       PO_MAX_STRING = 64 * 1024 };  /* longest msgid/msgstr after unescaping */

/* One catalog entry as read from the file. Strings are unescaped and NUL-terminated;
 * they are only valid during the callback (copy what you keep). */
typedef struct po_entry {
    const char *msgctxt;            /* NULL when the entry has no context */
    const char *msgid;              /* "" for the header entry */
    const char *msgid_plural;       /* NULL for a singular entry */
    const char *msgstr[PO_MAX_FORMS]; /* msgstr, or msgstr[0..nforms-1] */
    int nforms;                     /* 1 for singular; number of msgstr[n] for plural */
    bool fuzzy;                     /* "#, fuzzy" flag seen */
    int line;                       /* line of the entry's msgid, for messages */
} po_entry;

/* Called once per complete entry (obsolete "#~" entries are skipped by the parser; fuzzy
 * ones are passed with fuzzy set). Return false to stop parsing with an error: the
 * callback writes its reason into err. */
typedef bool (*po_entry_fn)(void *ctx, const po_entry *e, char *err, int errlen);

/* Parses len bytes of .po text (UTF-8; need not be NUL-terminated). Understands
 * comments, flags, msgctxt, msgid, msgid_plural, msgstr, msgstr[n], strings split over
 * several quoted lines and the C escapes \n \t \r \" \\ \a \b \f \v \' \? \ooo \xhh
 * (an escape giving NUL is refused). Returns false with "line N: reason" in err on
 * the first syntax error or when fn returns false. */
bool i18n_po_parse(const char *data, size_t len, po_entry_fn fn, void *ctx,
                   char *err, int errlen);

/* Adds the translations in .po text (header included) to language l's table, as
 * i18n_init does for the built-in po/LL.po: fuzzy and empty translations are skipped;
 * a wrong charset or nplurals, a plural entry with the wrong number of forms, invalid
 * UTF-8, a msgid already present or an entry before the header is an error (entries
 * before the failing one stay loaded). Not thread-safe: for start-up and tests. */
bool i18n_load_po_text(lang_id l, const char *data, size_t len, char *err, int errlen);

#endif
