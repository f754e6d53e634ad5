/* fuzz_sched_dzn.c — libFuzzer driver for the .dzn problem reader: any bytes must give
 * a problem that validates or a clean "NAME:LINE:COL: message", never a crash. An input
 * whose first non-blank byte is '{' would go to the JSON reader, so that byte is bent. */
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
    size_t i = 0;
    while (i < size && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) i++;
    if (i < size && text[i] == '{') text[i] = '%';
    sched_fuzz_read("fuzz.dzn", text, size);
    free(text);
    return 0;
}
