/* text.h — UTF-8 text helpers shared by every module: validation, length in characters,
 * trimming, and the search folding that lets Kazakh and Russian spellings find each
 * other (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ→у, ү→у, һ→х, і→и, plus lower-casing Cyrillic and
 * Latin; ../shared/domain.md). */
#ifndef KOPIR_UTIL_TEXT_H
#define KOPIR_UTIL_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include "util/arena.h"

/* True when s is valid UTF-8 with no NUL and no C0 control characters other than
 * tab, LF and CR. */
bool text_valid_utf8(const char *s, size_t len);
/* Number of Unicode code points in valid UTF-8 s. */
size_t text_char_count(const char *s);
/* Columns valid UTF-8 s takes in a terminal: 2 for East Asian wide and full-width
 * characters (Chinese), 0 for combining marks, 1 otherwise. For padding text tables. */
size_t text_display_width(const char *s);
/* Copy of s without leading/trailing ASCII and Unicode spaces (arena). */
char *text_trim(arena *a, const char *s);
/* Search folding (arena): lower case, Kazakh letters folded to their Russian look-alikes,
 * ё→е. Pages always show the original; only indexes and queries are folded. */
char *text_fold(arena *a, const char *s);

#endif
