/* page_cache.h — rendered answers to anonymous GET requests, reused until anything in
 * the database changes. A handler opts in (web_cache_allow); the dispatcher looks an
 * answer up before running the handler and stores it after. Validity: db_stamp (db.h),
 * so a commit by any thread or any other process sharing the database ends every entry.
 * Memory is bounded (WEB_CACHE_BYTES in all, WEB_CACHE_ENTRIES entries). */
#ifndef KOPIR_WEB_PAGE_CACHE_H
#define KOPIR_WEB_PAGE_CACHE_H
#include <stdbool.h>
#include <stdint.h>

#include "web/web.h"

#define WEB_CACHE_ENTRIES 64
#define WEB_CACHE_BYTES ((size_t)2 << 20)      /* bodies, keys and headers together */
#define WEB_CACHE_ENTRY_MAX ((size_t)256 << 10) /* larger answers are never kept */

/* For handlers: "my answer to an anonymous GET depends only on the method, the path,
 * the query string, the language and the database" (no clock, no cookie, no random
 * value, nothing about the client). Call while handling; the dispatcher decides the
 * rest (anonymous, GET, status 200, the answer does not contain the CSRF token). */
void web_cache_allow(web_req *r);

/* For the dispatcher. web_cache_reset before the handler clears the opt-in. */
void web_cache_reset(void);
/* True when the handler opted in since web_cache_reset. */
bool web_cache_allowed(void);
/* Fills r's answer (status, type, handler headers, body) from the entry for key when it
 * was built at stamp; true on a hit. */
bool web_cache_get(web_req *r, const char *key, uint64_t stamp);
/* Keeps r's answer for key, built at stamp (read before the data: db.h). Replaces the
 * least recently used entries when the bounds would be exceeded. */
void web_cache_put(const web_req *r, const char *key, uint64_t stamp);
/* Drops every entry (tests; server shutdown). */
void web_cache_clear(void);

#endif
