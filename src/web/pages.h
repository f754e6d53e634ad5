/* pages.h — route registration of the web layer's own pages (home, login, logout,
 * password change), called from web_routes_register_all() in routes.c. */
#ifndef KOPIR_WEB_PAGES_H
#define KOPIR_WEB_PAGES_H

void pages_home_routes(void);
void pages_auth_routes(void);

/* True when s is a safe local redirect target: starts with one '/', no backslash, no
 * control characters or spaces, at most 2048 bytes (so "//evil.example" and
 * "/\evil.example" are refused). */
#include <stdbool.h>
bool pages_local_path(const char *s);

#endif
