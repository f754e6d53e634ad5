/* ident.h — official identifiers with their check digits (see ../shared/domain.md):
 * Kazakhstan's IIN (people) and BIN (legal entities), 12 digits, and China's Unified
 * Social Credit Code (USCC, GB 32100-2015), 18 characters. */
#ifndef KOPIR_DOMAIN_IDENT_H
#define KOPIR_DOMAIN_IDENT_H
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    IDENT_OK = 0,
    IDENT_EMPTY,         /* nothing given */
    IDENT_BAD_LENGTH,    /* wrong number of characters */
    IDENT_BAD_CHAR,      /* a character outside the alphabet */
    IDENT_BAD_CHECK,     /* check digit/character does not match */
    IDENT_NEVER_ISSUED,  /* KZ: both weight passes give 10 */
} ident_error;

/* Validates a 12-digit IIN/BIN (same check algorithm). Spaces are not allowed here:
 * normalise first. */
ident_error ident_kz_check(const char *s);
/* The check digit for the first 11 digits, or -1 when never issued (exposed for tests). */
int ident_kz_check_digit(const char *first11);
/* Validates an 18-character USCC, upper case. */
ident_error ident_uscc_check(const char *s);
/* The check character for the first 17 characters, or 0 on a bad character. */
char ident_uscc_check_char(const char *first17);
/* Copies s into out (outlen bytes) without spaces, dashes and tabs, upper-cased (ASCII);
 * returns false when it does not fit. Users paste "9111 0000 6000 3734 1L". */
bool ident_normalise(const char *s, char *out, size_t outlen);
/* An English message key for an error, e.g. "check digit does not match"; callers
 * translate it with _(). */
const char *ident_error_message(ident_error e);

#endif
