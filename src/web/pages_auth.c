/* pages_auth.c — login (form and POST with throttling), logout, and the password change
 * page. Sessions live in the database (domain/auth.h); this file maps them onto the
 * kopir_session cookie and decides where to send the user afterwards. */
#include "domain/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#include <string.h>

#define SESSION_COOKIE "kopir_session"

bool pages_local_path(const char *s)
{
    if (!s || s[0] != '/' || s[1] == '/' || strlen(s) > 2048) return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7F || *p == '\\') return false;
    return true;
}

/* Redirects to next when it is a local path (it already carries its language prefix),
 * else to the home page. */
static void redirect_next(web_req *r, const char *next)
{
    if (pages_local_path(next)) {
        r->status = 303;
        buf_reset(&r->out);
        web_set_header(r, "Location", next);
    } else {
        web_redirect(r, "/");
    }
}

static void login_form(web_req *r, const char *name, const char *error)
{
    layout_begin(r, _("Log in"));
    if (error) layout_notice(r, LAYOUT_ERROR, error);
    form_begin(r, "/login", "post");
    const char *next = web_query(r, "next");
    if (!next) next = web_form(r, "next");
    if (pages_local_path(next)) form_hidden(r, "next", next);
    form_text(r, "name", _("User name"), name, NULL,
              "required maxlength=\"64\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\"");
    form_password(r, "password", _("Password"), NULL,
                  "required maxlength=\"256\" autocomplete=\"current-password\"");
    form_submit(r, _("Log in"));
    form_end(r);
    layout_end(r);
}

static void login_get(web_req *r)
{
    if (r->user.id) {
        redirect_next(r, web_query(r, "next"));
        return;
    }
    login_form(r, NULL, NULL);
}

static void login_post(web_req *r)
{
    const char *name = web_form(r, "name");
    const char *password = web_form(r, "password");
    if (!name || !*name || !password || !*password) {
        r->status = 422;
        login_form(r, name, _("Enter your user name and password."));
        return;
    }
    const char *token = NULL, *csrf = NULL;
    web_user u;
    auth_result res = auth_login(r->db, r->arena, name, password, r->client_ip, &token, &csrf, &u);
    if (res == AUTH_THROTTLED) {
        r->status = 429;
        login_form(r, name, _("Too many failed attempts. Please wait 15 minutes and try again."));
        return;
    }
    if (res != AUTH_OK) {
        r->status = 401;
        login_form(r, name, _("Wrong user name or password."));
        return;
    }
    const char *old = web_cookie(r, SESSION_COOKIE);
    if (old) auth_logout(r->db, old);   /* rotation: the pre-login session never survives */
    web_set_cookie(r, SESSION_COOKIE, token, AUTH_SESSION_SECONDS);
    web_set_cookie(r, "kopir_csrf", "", 0);
    r->user = u;
    r->csrf = csrf;
    redirect_next(r, web_form(r, "next"));
}

static void logout_post(web_req *r)
{
    const char *tok = web_cookie(r, SESSION_COOKIE);
    if (tok) auth_logout(r->db, tok);
    web_set_cookie(r, SESSION_COOKIE, "", 0);
    layout_flash(r, LAYOUT_OK, N_("You have logged out."));
    web_redirect(r, "/");
}

static void password_form(web_req *r, const form_errors *e)
{
    layout_begin(r, _("Change password"));
    form_begin(r, "/account/password", "post");
    form_errors_summary(r, e);
    form_password(r, "current", _("Current password"), form_error_for(e, "current"),
                  "required autocomplete=\"current-password\"");
    form_password(r, "new", _("New password"), form_error_for(e, "new"),
                  "required minlength=\"8\" maxlength=\"256\" autocomplete=\"new-password\"");
    form_password(r, "confirm", _("New password again"), form_error_for(e, "confirm"),
                  "required minlength=\"8\" maxlength=\"256\" autocomplete=\"new-password\"");
    form_submit(r, _("Change password"));
    form_end(r);
    layout_end(r);
}

static void password_get(web_req *r)
{
    form_errors e = { 0 };
    password_form(r, &e);
}

/* Checks the form; then verifies the current password by logging in (which honours
 * throttling), sets the new one (ending every session), and logs in afresh. */
static void password_post(web_req *r)
{
    form_errors e = { 0 };
    const char *cur = web_form(r, "current"), *nw = web_form(r, "new"), *again = web_form(r, "confirm");
    if (!cur || !*cur) form_error(&e, "current", _("Enter your current password."));
    if (!nw || strlen(nw) < AUTH_PASSWORD_MIN)
        form_error(&e, "new", _("The new password must have at least 8 characters."));
    else if (strlen(nw) > AUTH_PASSWORD_MAX)
        form_error(&e, "new", _("The new password is too long (at most 256 characters)."));
    else if (!again || strcmp(nw, again) != 0)
        form_error(&e, "confirm", _("The two new passwords are not the same."));
    const char *tok = NULL, *csrf = NULL;
    web_user u;
    if (!form_has_errors(&e)) {
        auth_result res = auth_login(r->db, r->arena, r->user.name, cur, r->client_ip, &tok, &csrf, &u);
        if (res == AUTH_THROTTLED)
            form_error(&e, "current", _("Too many failed attempts. Please wait 15 minutes and try again."));
        else if (res != AUTH_OK)
            form_error(&e, "current", _("The current password is not correct."));
    }
    const char *err = NULL;
    if (!form_has_errors(&e) && !auth_user_set_password(r->db, r->user.id, nw, &err))
        form_error(&e, "new", _(err ? err : "The password could not be changed."));
    if (form_has_errors(&e)) {
        if (tok) auth_logout(r->db, tok);
        r->status = 422;
        password_form(r, &e);
        return;
    }
    /* every session ended with the old password: open a fresh one for this browser */
    if (auth_login(r->db, r->arena, r->user.name, nw, r->client_ip, &tok, &csrf, &u) == AUTH_OK)
        web_set_cookie(r, SESSION_COOKIE, tok, AUTH_SESSION_SECONDS);
    else
        web_set_cookie(r, SESSION_COOKIE, "", 0);
    layout_flash(r, LAYOUT_OK, N_("Your password has been changed."));
    web_redirect(r, "/");
}

void pages_auth_routes(void)
{
    web_route("GET", "/login", PERM_PUBLIC, login_get);
    web_route("POST", "/login", PERM_PUBLIC, login_post);
    web_route("POST", "/logout", PERM_VIEWER, logout_post);
    web_route("GET", "/account/password", PERM_VIEWER, password_get);
    web_route("POST", "/account/password", PERM_VIEWER, password_post);
}
