/* i18n.h — the four interface languages (kk, ru, zh, en): translation lookup from the
 * gettext .po catalogs built into the binary (po/kk.po ...), plural forms per language,
 * and picking the reader's language. The current language is per thread: the web
 * server sets it at the start of each request, so `_()` needs no argument. */
#ifndef KOPIR_I18N_H
#define KOPIR_I18N_H
#include <stdbool.h>

typedef enum { LANG_KK = 0, LANG_RU, LANG_ZH, LANG_EN, LANG_COUNT } lang_id;

/* Loads and parses the built-in catalogs; call once at start (idempotent, thread-safe
 * after the first call returns). false with a message if a catalog is malformed. */
bool i18n_init(char *err, int errlen);

/* The calling thread's language (LANG_RU until set). */
void i18n_set_lang(lang_id l);
lang_id i18n_lang(void);

/* Translation of msgid into the thread's language; msgid itself (English) when the
 * catalog has no translation. Never NULL; the result lives as long as the process.
 * format_arg lets the compiler check printf("...%d", ...) through _() like a literal. */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
/* Same for an explicit language. */
const char *i18n_gettext_in(lang_id l, const char *msgid) __attribute__((format_arg(2)));
/* Plural: picks the form for n by the language's plural rule (ru: 3 forms, kk/en: 2, zh: 1). */
const char *i18n_ngettext(const char *singular, const char *plural, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));
/* The plural form index for n in language l (exposed for tests). */
int i18n_plural_index(lang_id l, unsigned long n);

/* Mark for translation. N_() only marks (for static tables translated later with _()). */
#define _(s) i18n_gettext(s)
#define N_(s) (s)
#define ngettext_(s, p, n) i18n_ngettext((s), (p), (n))

/* "kk", "ru", "zh", "en". */
const char *i18n_code(lang_id l);
/* BCP 47 tag for <html lang> and ICU: "kk-KZ", "ru-KZ", "zh-CN", "en". */
const char *i18n_tag(lang_id l);
/* The language's own name: "Қазақша", "Русский", "中文", "English". */
const char *i18n_native_name(lang_id l);
/* Parses "kk", "ru", "zh", "en" (case-insensitive; also "zh-CN", "kk-KZ", "ru-RU"...).
 * false when not one of the four. */
bool i18n_parse(const char *code, lang_id *out);
/* Picks a language from an Accept-Language header value, honouring q-values; returns
 * fallback when nothing matches or the header is NULL/malformed. */
lang_id i18n_from_accept_language(const char *header, lang_id fallback);

/* The system error errnum (an errno value) in the current language: the common
 * file errors (no such file, permission denied, a directory, disk full, ...) are
 * translated; others fall back to the C library's strerror text. */
const char *i18n_strerror(int errnum);

/* Number of msgids in the built-in English-source list vs the ones translated in l:
 * used by the completeness test. Fills *missing with the count of untranslated ids. */
int i18n_catalog_size(lang_id l);

#endif
