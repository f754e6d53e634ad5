/* layout.h — the page frame every HTML page shares: <head> (language, viewport,
 * hashed stylesheet), the header with the product name, navigation, language switcher
 * and login state, the <main> element and the footer; plus notices ("Saved.") shown in
 * the current page or carried over a redirect to the next one. */
#ifndef KOPIR_WEB_LAYOUT_H
#define KOPIR_WEB_LAYOUT_H
#include "web/web.h"

/* Starts a complete HTML5 page in r->out: doctype, <html lang> from r->lang,
 * <title>title — Көпір</title>, viewport meta, the stylesheet and script under their
 * content-hashed /static names, the site header (product name linking home, the
 * navigation entries r->user may see, the language switcher linking the same page and
 * query in kk/ru/zh/en with native names, the user name with a logout button, or a login
 * link), any pending flash notice, then opens <main> and writes <h1>title</h1>.
 * title is already translated (it is escaped here). Sets r->resp_type to HTML. */
void layout_begin(web_req *r, const char *title);
/* Closes <main>, writes the footer and closes the page. */
void layout_end(web_req *r);

typedef enum { LAYOUT_INFO = 0, LAYOUT_OK, LAYOUT_ERROR } layout_kind;

/* Writes a notice box into the page now (after layout_begin); message already
 * translated. Errors use role="alert" so screen readers announce them. */
void layout_notice(web_req *r, layout_kind kind, const char *message);
/* Queues a notice for the NEXT page this browser renders (use before web_redirect after
 * a successful POST: "Organisation saved."). msgid is the ENGLISH text (a literal marked
 * with N_() or _()-able); it travels in a short-lived cookie signed with a per-process
 * key, and the next layout_begin shows its translation in that page's language. */
void layout_flash(web_req *r, layout_kind kind, const char *msgid);

/* Adds a navigation entry (call at start-up, from a module's *_routes()). path is a local
 * path without language prefix ("/orgs"); label_msgid an English msgid marked with N_();
 * the link is shown only to users whose role >= perm (PERM_PUBLIC: everyone). Entries
 * are sorted by order (Home is 0, Organisations 20; leave gaps). A path added twice is
 * ignored. The entry whose path is the longest prefix of the request path is marked
 * aria-current="page". */
void layout_nav_add(const char *path, const char *label_msgid, web_perm perm, int order);

#endif
