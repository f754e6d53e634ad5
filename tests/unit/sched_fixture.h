/* sched_fixture.h — a small crafted problem shared by the scheduler's unit tests:
 * five participants with languages, sessions, a fixed meeting, a forbidden slot, a
 * precedence and interpreters, plus a hand-made valid schedule for it. */
#ifndef KOPIR_TEST_SCHED_FIXTURE_H
#define KOPIR_TEST_SCHED_FIXTURE_H
#include <stdlib.h>
#include <string.h>

#include "sched/sched.h"

/* Meetings: 1: P1-P2 (needs an interpreter), 2: P3-P4 (needs one), 3: P1-P3 morning,
 * 4: P2-P4 fixed to slot 2, 5: P1-P5 after meeting 3. P3 may not meet in slot 4.
 * Interpreters: 1 kk/ru-zh all day, 2 ru-zh slots 1-3, 3 kk-zh slot 1, 4 en-zh. */
static const char *fixture_json =
    "{\"slots\": 4, \"morning\": 2, \"tables\": 2, \"languages\": [\"kk\", \"ru\", \"zh\", \"en\"],\n"
    " \"participants\": [{\"languages\": [\"kk\", \"ru\"]}, {\"languages\": [\"zh\"]},\n"
    "   {\"languages\": [\"ru\"], \"forbidden\": [4]}, {\"languages\": [\"zh\"]}, {}],\n"
    " \"meetings\": [{\"a\": 1, \"b\": 2}, {\"a\": 3, \"b\": 4}, {\"a\": 1, \"b\": 3, \"session\": \"morning\"},\n"
    "   {\"a\": 2, \"b\": 4, \"fixed\": 2}, {\"a\": 1, \"b\": 5, \"after\": [3]}],\n"
    " \"interpreters\": [{\"pairs\": [[\"kk\", \"zh\"], [\"ru\", \"zh\"]]},\n"
    "   {\"pairs\": [[\"ru\", \"zh\"]], \"available\": [1, 2, 3]},\n"
    "   {\"pairs\": [[\"kk\", \"zh\"]], \"available\": [1]}, {\"pairs\": [[\"en\", \"zh\"]]}]}\n";

static inline void fixture_problem(sched_problem *p)
{
    char err[256];
    if (!sched_problem_read_buffer("fixture.json", fixture_json, (int)strlen(fixture_json), p, err, sizeof err))
        p->nmeetings = -1;
}

/* Slots (0-based) 2,2,0,1,1; tables 0,1,0,0,1; interpreters 1,0,-,-,-.
 * Breaks: P3 meets in slots 1 and 3 (one break), everyone else none. */
static inline void fixture_solution(const sched_problem *p, sched_solution *s)
{
    static const int slot[5] = { 2, 2, 0, 1, 1 }, table[5] = { 0, 1, 0, 0, 1 }, interp[5] = { 1, 0, -1, -1, -1 };
    sched_solution_init(s, p);
    for (int m = 0; m < 5; m++) {
        s->slot[m] = slot[m];
        s->table[m] = table[m];
        s->interpreter[m] = interp[m];
    }
    s->status = SCHED_FEASIBLE;
    s->placed = 5;
    s->total_breaks = 1;
    s->max_breaks = 1;
    s->min_breaks = 0;
}

#endif
