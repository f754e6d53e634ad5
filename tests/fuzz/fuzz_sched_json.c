/* fuzz_sched_json.c — libFuzzer driver for the JSON problem reader: any bytes must give
 * a problem that validates or a clean "NAME:LINE:COL: message", never a crash. Inputs
 * are made to start with '{' so they always reach the JSON reader. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sched/sched.h"
#include "sched/sched_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    if (size > 0) text[0] = '{';
    sched_problem p;
    char err[256];
    if (sched_problem_read_buffer("fuzz.json", text, (int)size, &p, err, sizeof err)) {
        /* An accepted problem must be usable by the rest of the library. */
        if (!sched_problem_validate(&p, err, sizeof err)) abort();
        (void)sched_upper_bound_placed(&p);
        (void)sched_lower_bound_breaks(&p);
        (void)sched_trivially_infeasible(&p, err, sizeof err);
        sched_problem_free(&p);
    } else if (strncmp(err, "fuzz.json:", 10) != 0) {
        abort();
    }
    free(text);
    return 0;
}
