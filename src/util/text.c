/* text.c — UTF-8 helpers: strict validation (no overlongs, surrogates, code points past
 * U+10FFFF, NUL or C0 controls other than tab/LF/CR), character count, Unicode-aware
 * trimming, and the search folding that lets Kazakh and Russian spellings meet. */
#include "util/text.h"

#include <stdint.h>
#include <string.h>

/* Decodes one code point from s (at most n bytes). Returns its length in bytes and
 * stores it in *cp, or returns 0 when the bytes are not well-formed shortest-form
 * UTF-8 of a scalar value (RFC 3629). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0) return 0;
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0; /* continuation byte, C0/C1 overlong lead, or F5..FF */
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

/* Appends the UTF-8 encoding of cp (a valid scalar value) to out; returns bytes written. */
static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool text_valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n == 0) return false;
        if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') return false;
        i += n;
    }
    return true;
}

size_t text_char_count(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) n++;
    return n;
}

/* East Asian Wide and Fullwidth blocks (Unicode UAX #11), as terminals draw them. */
static bool is_wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t text_display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, w = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        if (k == 0) { /* not UTF-8: one column per byte, as a terminal shows a stray byte */
            w++;
            i++;
            continue;
        }
        if (!(cp >= 0x0300 && cp <= 0x036F) && !(cp >= 0x0483 && cp <= 0x0489))
            w += is_wide(cp) ? 2 : 1;
        i += k;
    }
    return w;
}

/* White space for trimming: ASCII space and controls \t\n\v\f\r, and Unicode spaces
 * people paste from documents: no-break spaces, the general punctuation spaces,
 * line/paragraph separators, the ideographic space, zero-width space and BOM. */
static bool is_space(uint32_t cp)
{
    if (cp == ' ' || (cp >= '\t' && cp <= '\r')) return true;
    switch (cp) {
    case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000: case 0x200B: case 0xFEFF:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

char *text_trim(arena *a, const char *s)
{
    if (!s) return arena_strdup(a, "");
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), start = 0, end = 0, i = 0;
    bool seen = false;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n == 0) { n = 1; cp = 0xFFFD; } /* invalid byte: kept, never trimmed */
        if (!is_space(cp)) {
            if (!seen) start = i;
            seen = true;
            end = i + n;
        }
        i += n;
    }
    return seen ? arena_strndup(a, s + start, end - start) : arena_strdup(a, "");
}

/* The folded form of one code point: lower case, then Kazakh letters to their Russian
 * look-alikes and ё to е, so "Бәйтерек" and "Байтерек" fold to the same key. */
static uint32_t fold_cp(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32; /* Latin-1 capitals */
    if (cp >= 0x0410 && cp <= 0x042F) cp += 32;                /* А..Я */
    else if (cp >= 0x0400 && cp <= 0x040F) cp += 80;           /* Ѐ..Џ, incl. Ё and І */
    switch (cp) {
    case 0x04D8: case 0x04D9: return 0x0430; /* Ә ә → а */
    case 0x0492: case 0x0493: return 0x0433; /* Ғ ғ → г */
    case 0x049A: case 0x049B: return 0x043A; /* Қ қ → к */
    case 0x04A2: case 0x04A3: return 0x043D; /* Ң ң → н */
    case 0x04E8: case 0x04E9: return 0x043E; /* Ө ө → о */
    case 0x04B0: case 0x04B1: return 0x0443; /* Ұ ұ → у */
    case 0x04AE: case 0x04AF: return 0x0443; /* Ү ү → у */
    case 0x04BA: case 0x04BB: return 0x0445; /* Һ һ → х */
    case 0x0456: return 0x0438;              /* і (and І, lowered above) → и */
    case 0x0451: return 0x0435;              /* ё (and Ё) → е */
    default: return cp;
    }
}

char *text_fold(arena *a, const char *s)
{
    if (!s) return arena_strdup(a, "");
    size_t len = strlen(s);
    /* Folding never lengthens a character: every mapping stays within its UTF-8 length
     * or shrinks (Latin-1 stays 2 bytes, Cyrillic 2, ASCII 1). */
    char *out = arena_alloc(a, len + 1);
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n == 0) { out[o++] = s[i++]; continue; } /* invalid byte: copied as is */
        o += utf8_encode(fold_cp(cp), out + o);
        i += n;
    }
    out[o] = '\0';
    return out;
}
