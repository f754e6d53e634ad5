/* fuzz_ident.c — libFuzzer driver for src/domain/ident.c: normalise arbitrary bytes, then
 * run both validators; checks that a code the validator accepts carries the check
 * character/digit the generator computes, and that normalisation never overflows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/ident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256) return 0;
    char in[257], out[32];
    memcpy(in, data, size);
    in[size] = '\0';
    size_t outlen = size % sizeof out + 1; /* vary the output size, 1..32 */
    if (ident_normalise(in, out, outlen) && strlen(out) >= outlen) abort();

    if (ident_kz_check(in) == IDENT_OK) {
        if (strlen(in) != 12 || ident_kz_check_digit(in) != in[11] - '0') abort();
    }
    if (ident_uscc_check(in) == IDENT_OK) {
        if (strlen(in) != 18 || ident_uscc_check_char(in) != in[17]) abort();
    }
    if (strlen(in) >= 17) (void)ident_uscc_check_char(in);
    if (strlen(in) >= 11) (void)ident_kz_check_digit(in);
    if (ident_error_message(ident_kz_check(in)) == NULL) abort();
    return 0;
}
