/* form_parse.h — pure parsers for what arrives in a request: URL percent-decoding,
 * application/x-www-form-urlencoded (bodies and query strings), multipart/form-data and
 * the Cookie header, each with hard limits. No server needed: the unit tests and the
 * libFuzzer driver (tests/fuzz/fuzz_form.c) call these directly. */
#ifndef KOPIR_WEB_FORM_PARSE_H
#define KOPIR_WEB_FORM_PARSE_H
#include <stdbool.h>
#include <stddef.h>
#include "util/arena.h"
#include "web/web.h"

/* Request limits (see docs/web.md). */
#define WEB_MAX_BODY ((size_t)1 << 20)          /* forms and JSON: 1 MiB */
#define WEB_MAX_UPLOAD ((size_t)8 << 20)        /* multipart/form-data: 8 MiB */
#define WEB_MAX_URL 4096
#define WEB_MAX_FIELDS 200
#define WEB_MAX_NAME 128
#define WEB_MAX_VALUE ((size_t)64 << 10)        /* non-file field values: 64 KiB */

typedef struct form_limits {
    int max_fields;       /* fields (files included) */
    size_t max_name;      /* bytes of a field name */
    size_t max_value;     /* bytes of a non-file value (after decoding) */
} form_limits;
#define FORM_LIMITS_DEFAULT { WEB_MAX_FIELDS, WEB_MAX_NAME, WEB_MAX_VALUE }

typedef enum {
    FORM_OK = 0,
    FORM_MALFORMED,         /* bad percent escape, broken multipart framing, no boundary */
    FORM_TOO_MANY_FIELDS,
    FORM_NAME_TOO_LONG,
    FORM_VALUE_TOO_LONG,
    FORM_BAD_UTF8,          /* a name or non-file value is not valid UTF-8 (or holds NUL/controls) */
} form_status;

/* Percent-decodes s[0..len) into a NUL-terminated arena string (and *outlen when not
 * NULL); plus_space turns '+' into a space (form encoding). NULL when a '%' is not
 * followed by two hex digits. The result may contain NUL bytes: check it. */
char *form_url_decode(arena *a, const char *s, size_t len, bool plus_space, size_t *outlen);

/* Parses "a=1&b=2&b=3" (empty pieces skipped, a name without '=' gets value "").
 * Names and values are decoded, checked for UTF-8 and limits. On success *out and *n
 * receive the pairs in order (arena). *bad receives the offending field name (or NULL)
 * on failure when bad is not NULL. */
form_status form_parse_urlencoded(arena *a, const char *s, size_t len, const form_limits *lim,
                                  web_pair **out, int *n, const char **bad);

/* The boundary parameter of a multipart/form-data Content-Type (1..70 chars, quotes
 * removed), or NULL. */
const char *form_multipart_boundary(arena *a, const char *content_type);

/* Parses a multipart/form-data body. Every part becomes a pair (name, value); parts with
 * a filename are also returned as files (their contents are not UTF-8-checked and not
 * bound by max_value, only by the body limit the server enforces). */
form_status form_parse_multipart(arena *a, const char *body, size_t len, const char *boundary,
                                 const form_limits *lim, web_pair **out, int *n,
                                 web_file **files, int *nfiles, const char **bad);

/* Parses a Cookie header "a=1; b=2" (at most 64 cookies; malformed pieces skipped;
 * values are not decoded). */
void form_parse_cookies(arena *a, const char *header, web_pair **out, int *n);

/* The translated message for a failed parse (for 400/413 pages and error objects). */
const char *form_status_message(form_status st);
/* The HTTP status for a failed parse: 413 for limits, 400 otherwise. */
int form_status_http(form_status st);

#endif
