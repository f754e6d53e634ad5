/* fuzz_po.c — libFuzzer driver for the .po parser (src/i18n/po.c): arbitrary bytes must
 * either parse or fail with a message, never crash, read out of bounds or leak; every
 * entry handed to the callback must be well-formed (NUL-terminated, sane form count). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/po.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool check_entry(void *ctx, const po_entry *e, char *err, int errlen)
{
    (void)err;
    (void)errlen;
    size_t *total = ctx;
    if (!e->msgid || e->nforms < 1 || e->nforms > PO_MAX_FORMS) abort();
    if (e->msgid_plural == NULL && e->nforms != 1) abort();
    *total += strlen(e->msgid);
    for (int i = 0; i < e->nforms; i++) {
        if (!e->msgstr[i]) abort();
        *total += strlen(e->msgstr[i]);
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[128];
    size_t total = 0;
    err[0] = '\0';
    /* Copy into an exact-size heap block so ASan sees any read past len. */
    char *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    bool ok = i18n_po_parse(copy, size, check_entry, &total, err, sizeof err);
    if (!ok && (err[0] == '\0' || strlen(err) >= sizeof err)) abort();
    if (total > size * 2 + 16) abort(); /* unescaping never grows text */
    free(copy);
    return 0;
}
