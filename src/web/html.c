/* html.c — the escaping HTML writer (html.h): html_printf where %s escapes, plus the
 * URL-component and JSON-string encoders. Every byte of page output that is not constant
 * markup passes through one of the escapers here. */
#include "web/html.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_escape(buf *b, const char *s)
{
    if (!s) return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_append(b, run, (size_t)(p - run));
        buf_puts(b, rep);
        run = p + 1;
    }
    buf_puts(b, run);
}

void html_url_escape(buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s) return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            char enc[3] = { '%', hex[c >> 4], hex[c & 15] };
            buf_append(b, enc, 3);
        }
    }
}

/* Length of the valid UTF-8 sequence at p (1..4) and its code point, or 0 when the bytes
 * there are not a valid, shortest-form encoding of a scalar value. */
static int utf8_decode(const unsigned char *p, uint32_t *cp)
{
    unsigned char c = p[0];
    if (c < 0x80) { *cp = c; return 1; }
    int n;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) { n = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; v = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n;
}

void html_json_string(buf *b, const char *s)
{
    buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        uint32_t cp;
        int n = utf8_decode(p, &cp);
        if (n == 0) { /* invalid byte: JSON must stay valid UTF-8 */
            buf_puts(b, "\\ufffd");
            p++;
            continue;
        }
        switch (cp) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        case '<': buf_puts(b, "\\u003c"); break;   /* no "</script>" or "<!--" inside a script block */
        case '>': buf_puts(b, "\\u003e"); break;
        case '&': buf_puts(b, "\\u0026"); break;
        case '\'': buf_puts(b, "\\u0027"); break;
        case 0x2028: buf_puts(b, "\\u2028"); break; /* line separators end JavaScript lines */
        case 0x2029: buf_puts(b, "\\u2029"); break;
        default:
            if (cp < 0x20 || cp == 0x7F) buf_printf(b, "\\u%04x", (unsigned)cp);
            else buf_append(b, p, (size_t)n);
        }
        p += n;
    }
    buf_putc(b, '"');
}

void html_raw(buf *b, const char *markup)
{
    buf_puts(b, markup);
}

/* Aborts on a conversion html_printf does not know: a programming error. */
static _Noreturn void html_bad_format(const char *fmt)
{
    fprintf(stderr, "kopir: html_printf: unsupported conversion in \"%s\"\n", fmt);
    abort();
}

void html_vprintf(buf *b, const char *fmt, va_list ap)
{
    const char *run = fmt;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') continue;
        buf_append(b, run, (size_t)(p - run));
        p++;
        switch (*p) {
        case '%': buf_putc(b, '%'); break;
        case 's': html_escape(b, va_arg(ap, const char *)); break;
        case 'U': html_url_escape(b, va_arg(ap, const char *)); break;
        case 'J': html_json_string(b, va_arg(ap, const char *)); break;
        case 'd': buf_printf(b, "%d", va_arg(ap, int)); break;
        case 'u': buf_printf(b, "%u", va_arg(ap, unsigned)); break;
        case 'z':
            if (p[1] != 'u') html_bad_format(fmt);
            p++;
            buf_printf(b, "%zu", va_arg(ap, size_t));
            break;
        case 'l':
            if (p[1] == 'd') { p++; buf_printf(b, "%ld", va_arg(ap, long)); }
            else if (p[1] == 'u') { p++; buf_printf(b, "%lu", va_arg(ap, unsigned long)); }
            else if (p[1] == 'l' && p[2] == 'd') { p += 2; buf_printf(b, "%lld", va_arg(ap, long long)); }
            else html_bad_format(fmt);
            break;
        default: html_bad_format(fmt);
        }
        run = p + 1;
    }
    buf_puts(b, run);
}

void html_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    html_vprintf(b, fmt, ap);
    va_end(ap);
}
