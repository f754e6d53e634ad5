/* api.c — JSON responses and request bodies for /api/v1 (jansson): the one error object
 * shape {"error":{"code","message","field"}} and the body parser with its 400 errors. */
#include "web/web.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void web_json(web_req *r, int status, json_t *v)
{
    buf_reset(&r->out);
    r->status = status;
    r->resp_type = "application/json; charset=utf-8";
    char *s = json_dumps(v, JSON_COMPACT | JSON_ESCAPE_SLASH);
    json_decref(v);
    if (!s) {   /* only NaN/Inf or an allocation failure: never valid output */
        r->status = 500;
        buf_puts(&r->out, "{\"error\":{\"code\":\"internal\",\"message\":\"JSON encoding failed\",\"field\":null}}");
        return;
    }
    buf_puts(&r->out, s);
    buf_putc(&r->out, '\n');
    free(s);
}

void web_json_error(web_req *r, int status, const char *code, const char *message,
                    const char *field)
{
    json_t *err = json_object();
    json_object_set_new(err, "code", json_string(code));
    json_object_set_new(err, "message", json_string(message ? message : ""));
    json_object_set_new(err, "field", field ? json_string(field) : json_null());
    json_t *v = json_object();
    json_object_set_new(v, "error", err);
    web_json(r, status, v);
}

json_t *web_json_body(web_req *r)
{
    const char *ct = r->content_type;
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        web_json_error(r, 415, "unsupported_media_type",
                       _("The request body must be JSON (Content-Type: application/json)."), NULL);
        return NULL;
    }
    json_error_t je;
    json_t *v = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        web_json_error(r, 400, "bad_json", _("The request body is not valid JSON."), NULL);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        web_json_error(r, 400, "bad_json", _("The request body must be a JSON object."), NULL);
        return NULL;
    }
    return v;
}
