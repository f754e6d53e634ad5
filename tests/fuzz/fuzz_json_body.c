/* fuzz_json_body.c — libFuzzer driver for web_json_body and the JSON error path: any
 * body either parses to an object or yields a 400/415 error object that is itself valid
 * JSON with error.code and error.message. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    web_req r;
    memset(&r, 0, sizeof r);
    r.arena = arena_new();
    r.api = true;
    r.content_type = size && data[0] & 1 ? "application/json; charset=utf-8" : "text/plain";
    r.body = arena_strndup(r.arena, (const char *)data, size);
    r.body_len = size;
    json_t *v = web_json_body(&r);
    if (v) {
        if (!json_is_object(v) || r.out.len) abort();
        json_decref(v);
    } else {
        if (r.status != 400 && r.status != 415) abort();
        json_t *e = json_loads(buf_str(&r.out), 0, NULL);
        if (!e || !json_is_string(json_object_get(json_object_get(e, "error"), "code"))) abort();
        json_decref(e);
    }
    buf_free(&r.out);
    arena_free(r.arena);
    return 0;
}
