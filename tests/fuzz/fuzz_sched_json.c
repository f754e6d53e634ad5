/* fuzz_sched_json.c — libFuzzer driver for the JSON problem reader: any bytes must give
 * a problem that validates or a clean "NAME:LINE:COL: message", never a crash. Inputs
 * are made to start with '{' so they always reach the JSON reader. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sched_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    if (size > 0) text[0] = '{';
    sched_fuzz_read("fuzz.json", text, size);
    free(text);
    return 0;
}
