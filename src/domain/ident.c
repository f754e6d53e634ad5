/* ident.c — check digits of Kazakhstan's IIN/BIN (12 digits, two weight passes mod 11)
 * and China's Unified Social Credit Code (18 characters, GB 32100-2015, mod 31), plus
 * the normalisation applied to pasted input. Algorithms: ../shared/domain.md. */
#include "domain/ident.h"

#include "i18n/i18n.h"

#include <string.h>

enum { KZ_LEN = 12, USCC_LEN = 18 };

/* GB 32100-2015 alphabet: value = index. I, O, Z, S, V are left out so they cannot be
 * confused with 1, 0, 2, 5, U. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Weighted sum mod 11 of eleven digits; first pass weights 1..11, second 3..11,1,2. */
static int kz_pass(const char *d, int first_weight)
{
    int s = 0;
    for (int i = 0; i < 11; i++) {
        int w = (first_weight + i - 1) % 11 + 1;
        s += (d[i] - '0') * w;
    }
    return s % 11;
}

int ident_kz_check_digit(const char *first11)
{
    for (int i = 0; i < 11; i++)
        if (first11[i] < '0' || first11[i] > '9') return -1;
    int c = kz_pass(first11, 1);
    if (c == 10) c = kz_pass(first11, 3);
    return c == 10 ? -1 : c;
}

ident_error ident_kz_check(const char *s)
{
    if (!s || !*s) return IDENT_EMPTY;
    size_t n = strnlen(s, KZ_LEN + 1);
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return IDENT_BAD_CHAR;
    if (n != KZ_LEN) return IDENT_BAD_LENGTH;
    int c = ident_kz_check_digit(s);
    if (c < 0) return IDENT_NEVER_ISSUED;
    return s[11] - '0' == c ? IDENT_OK : IDENT_BAD_CHECK;
}

/* Value of an upper-case USCC character, or -1 when it is not in the alphabet. */
static int uscc_value(char c)
{
    if (c == '\0') return -1;
    const char *p = strchr(uscc_alphabet, c);
    return p ? (int)(p - uscc_alphabet) : -1;
}

char ident_uscc_check_char(const char *first17)
{
    int sum = 0, w = 1;
    for (int i = 0; i < 17; i++) {
        int v = uscc_value(first17[i]);
        if (v < 0) return 0;
        sum += v * w;
        w = w * 3 % 31;
    }
    return uscc_alphabet[(31 - sum % 31) % 31];
}

ident_error ident_uscc_check(const char *s)
{
    if (!s || !*s) return IDENT_EMPTY;
    size_t n = strnlen(s, USCC_LEN + 1);
    for (size_t i = 0; i < n; i++)
        if (uscc_value(s[i]) < 0) return IDENT_BAD_CHAR;
    if (n != USCC_LEN) return IDENT_BAD_LENGTH;
    return ident_uscc_check_char(s) == s[17] ? IDENT_OK : IDENT_BAD_CHECK;
}

bool ident_normalise(const char *s, char *out, size_t outlen)
{
    if (!out || outlen == 0) return false;
    size_t o = 0;
    for (const char *p = s ? s : ""; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '-' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (o + 1 >= outlen) {
            out[0] = '\0';
            return false;
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return true;
}

const char *ident_error_message(ident_error e)
{
    switch (e) {
    case IDENT_OK: return N_("The identifier is valid.");
    case IDENT_EMPTY: return N_("The identifier is empty.");
    case IDENT_BAD_LENGTH: return N_("The identifier has the wrong number of characters.");
    case IDENT_BAD_CHAR: return N_("The identifier contains a character that is not allowed.");
    case IDENT_BAD_CHECK: return N_("The check digit does not match: please check the number for typos.");
    case IDENT_NEVER_ISSUED: return N_("No such number is ever issued: please check it for typos.");
    }
    return N_("The identifier is not valid.");
}
