/* html.h — the escaping HTML writer. The plain conversion %s ESCAPES (text and
 * attribute context alike: & < > " ' are encoded), so a database value can never
 * become markup by accident. Raw markup needs html_raw(), kept explicit and rare.
 * Separate conversions exist for URL components and JSON strings. */
#ifndef KOPIR_WEB_HTML_H
#define KOPIR_WEB_HTML_H
#include <stdarg.h>
#include "util/buf.h"

/* Appends fmt to b. Conversions:
 *   %s  string, HTML-escaped (NULL prints nothing)
 *   %U  string, percent-encoded as a URL component (for query values and path segments)
 *   %J  string, as a JSON string literal with quotes, safe inside <script type=application/json>
 *   %d %ld %lld %u %lu %zu  integers;  %%  a percent sign
 * Any other conversion aborts (a programming error caught by the first test that runs it). */
void html_printf(buf *b, const char *fmt, ...);
void html_vprintf(buf *b, const char *fmt, va_list ap);
/* Appends s HTML-escaped. */
void html_escape(buf *b, const char *s);
/* Appends s percent-encoded (RFC 3986 unreserved characters kept). */
void html_url_escape(buf *b, const char *s);
/* Appends s as a JSON string literal (with quotes), escaping <, >, & and U+2028/9 too. */
void html_json_string(buf *b, const char *s);
/* Appends trusted markup unchanged. Only for constant strings or output of this module. */
void html_raw(buf *b, const char *markup);

#endif
