/* sched_fuzz.h — what both scheduler reader fuzzers check (fuzz_sched_dzn.c,
 * fuzz_sched_json.c): a problem read from any bytes validates and is usable by the
 * rest of the library, or the reader fails with a clean "NAME:LINE:COL: message". */
#ifndef KOPIR_SCHED_FUZZ_H
#define KOPIR_SCHED_FUZZ_H
#include <stdlib.h>
#include <string.h>

#include "sched/sched.h"
#include "sched/sched_internal.h"

/* Reads text[0..size) as file `name`; aborts (a finding) on any broken promise. */
static inline void sched_fuzz_read(const char *name, const char *text, size_t size)
{
    sched_problem p;
    char err[256];
    if (sched_problem_read_buffer(name, text, (int)size, &p, err, sizeof err)) {
        if (!sched_problem_validate(&p, err, sizeof err)) abort();
        (void)sched_upper_bound_placed(&p);
        (void)sched_lower_bound_breaks(&p);
        (void)sched_trivially_infeasible(&p, err, sizeof err);
        sched_problem_free(&p);
    } else if (strncmp(err, name, strlen(name)) != 0 || err[strlen(name)] != ':') {
        abort();
    }
}
#endif
