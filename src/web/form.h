/* form.h — HTML form helpers so every form in kopir looks and behaves alike: labelled
 * fields with their error next to them, an error summary at the top, the CSRF field, and
 * fields that keep what the user typed when the form comes back with errors. */
#ifndef KOPIR_WEB_FORM_H
#define KOPIR_WEB_FORM_H
#include <stdbool.h>
#include "web/web.h"

/* One choice of a select or checkbox group; arrays end with value == NULL.
 * label is already translated. */
typedef struct form_option {
    const char *value, *label;
} form_option;

/* Validation errors of one submitted form: field name -> translated message.
 * Initialise with `form_errors e = {0};`. Messages past FORM_MAX_ERRORS are dropped
 * (the form still counts as failed). */
#define FORM_MAX_ERRORS 32
typedef struct form_errors {
    int n;
    bool overflow;
    struct {
        const char *field;    /* form field name, or NULL for a message about the whole form */
        const char *message;  /* translated */
    } item[FORM_MAX_ERRORS];
} form_errors;

/* Records an error for field (NULL: the whole form). The first error of a field wins. */
void form_error(form_errors *e, const char *field, const char *message);
/* The message for field, or NULL. */
const char *form_error_for(const form_errors *e, const char *field);
bool form_has_errors(const form_errors *e);
/* Writes the summary box ("Please correct the following:" + one linked line per error)
 * with role="alert"; nothing when e has no errors. Call right after form_begin. */
void form_errors_summary(web_req *r, const form_errors *e);

/* What a field should show: the submitted value when this request is a POST carrying
 * field `name`, else fallback (the stored value, or NULL for empty). */
const char *form_value(web_req *r, const char *name, const char *fallback);

/* Opens <form method=... action=web_url(action_path)>; method "get" or "post". POST forms
 * get the hidden _csrf field with r->csrf. form_begin_upload is the multipart/form-data
 * variant for forms with form_file. */
void form_begin(web_req *r, const char *action_path, const char *method);
void form_begin_upload(web_req *r, const char *action_path);
/* <label> + <input id="f-NAME" name="NAME" value="VALUE"> + the error (aria-invalid and
 * aria-describedby set when error != NULL). attrs is CONSTANT markup added to the input
 * (e.g. "required maxlength=\"64\"" or "type=\"email\""; the default type is text);
 * NULL for none. label and error are translated text (escaped here). */
void form_text(web_req *r, const char *name, const char *label, const char *value,
               const char *error, const char *attrs);
/* Password input: never shows a value back. */
void form_password(web_req *r, const char *name, const char *label, const char *error,
                   const char *attrs);
void form_textarea(web_req *r, const char *name, const char *label, const char *value,
                   const char *error, const char *attrs);
/* <select>; the option whose value equals selected is preselected. */
void form_select(web_req *r, const char *name, const char *label, const form_option *options,
                 const char *selected, const char *error);
/* A <fieldset> of checkboxes named name; those whose value is in checked[0..nchecked) are
 * ticked (pass web_form_all() of a POST, or the stored values). */
void form_checkboxes(web_req *r, const char *name, const char *legend,
                     const form_option *options, const char *const *checked, int nchecked,
                     const char *error);
/* A single checkbox sending value "1". */
void form_checkbox(web_req *r, const char *name, const char *label, bool checked);
/* A file input (only inside form_begin_upload); accept like ".csv,text/csv" or NULL. */
void form_file(web_req *r, const char *name, const char *label, const char *accept,
               const char *error);
void form_hidden(web_req *r, const char *name, const char *value);
/* The submit button (label translated). */
void form_submit(web_req *r, const char *label);
void form_end(web_req *r);
/* A complete one-button POST form (logout, archive, delete): action, CSRF field and a
 * button. confirm: a translated question that app.js asks before submitting (NULL: none);
 * without JavaScript the form submits directly. */
void form_button(web_req *r, const char *action_path, const char *label, const char *confirm);

#endif
