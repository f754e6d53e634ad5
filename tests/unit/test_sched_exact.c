/* test_sched_exact.c — the exact scheduler against a brute-force solver on hundreds of
 * small random problems (sessions, forbidden and fixed slots, precedences, languages
 * and interpreters, tables, fairness d in {-1, 0, 1, 2}, allow_unplaced): the optimum
 * and infeasibility must agree exactly and every schedule must pass sched_check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define SCHED_EXACT_INTERNAL /* test_sides and test_intervals read the encoder's variables */
#include "sched/exact.h"
#include "sched/sched.h"

/* ---- random problems, built in memory ---- */

typedef struct rng {
    uint64_t s;
} rng;

static unsigned rnd(rng *r, unsigned n)
{
    r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(r->s >> 33) % n;
}

/* Storage of one random problem (the problem's pointers point into it). */
typedef struct rproblem {
    sched_problem p;
    sched_participant part[8];
    sched_meeting meet[10];
    int prec[10][2];
    sched_interpreter interp[3];
    sched_lang_pair pairs[3][2];
} rproblem;

static void random_meetings(rng *g, rproblem *rp)
{
    sched_problem *p = &rp->p;
    for (int m = 0; m < p->nmeetings; m++) {
        sched_meeting *mt = &rp->meet[m];
        mt->a = (int)rnd(g, (unsigned)p->nparticipants);
        do
            mt->b = (int)rnd(g, (unsigned)p->nparticipants);
        while (mt->b == mt->a);
        unsigned k = rnd(g, 10);
        mt->session = k == 0 ? SCHED_SESSION_MORNING : k == 1 ? SCHED_SESSION_AFTERNOON : SCHED_SESSION_ANY;
        if (mt->session == SCHED_SESSION_MORNING && p->nmorning == 0)
            mt->session = SCHED_SESSION_ANY;
        if (mt->session == SCHED_SESSION_AFTERNOON && p->nmorning == p->nslots)
            mt->session = SCHED_SESSION_ANY;
        mt->fixed_slot = rnd(g, 16) == 0 ? (int)rnd(g, (unsigned)p->nslots) : -1;
        mt->prec = rp->prec[m];
        mt->nprec = 0;
        if (m > 0 && rnd(g, 7) == 0) /* earlier index: acyclic */
            rp->prec[m][mt->nprec++] = (int)rnd(g, (unsigned)m);
    }
}

static void random_languages(rng *g, rproblem *rp)
{
    sched_problem *p = &rp->p;
    p->nlanguages = (int)rnd(g, 4);
    p->ninterpreters = p->nlanguages >= 2 ? (int)rnd(g, 3) : 0;
    for (int q = 0; q < p->nparticipants; q++)
        rp->part[q].languages = p->nlanguages && rnd(g, 2) ? (uint32_t)rnd(g, 1u << p->nlanguages) : 0;
    for (int i = 0; i < p->ninterpreters; i++) {
        sched_interpreter *in = &rp->interp[i];
        in->npairs = 1 + (int)rnd(g, 2);
        in->pairs = rp->pairs[i];
        for (int k = 0; k < in->npairs; k++) {
            in->pairs[k].l1 = (int)rnd(g, (unsigned)p->nlanguages);
            do
                in->pairs[k].l2 = (int)rnd(g, (unsigned)p->nlanguages);
            while (in->pairs[k].l2 == in->pairs[k].l1);
        }
        in->available = (uint64_t)rnd(g, 1u << p->nslots);
        if (rnd(g, 2))
            in->available = ((uint64_t)1 << p->nslots) - 1;
    }
}

static void random_problem(rng *g, rproblem *rp, int max_meetings)
{
    memset(rp, 0, sizeof(*rp));
    sched_problem *p = &rp->p;
    p->nparticipants = 3 + (int)rnd(g, rnd(g, 2) ? 2 : 4);
    p->nmeetings = 2 + (int)rnd(g, (unsigned)max_meetings - 1);
    p->nslots = 3 + (int)rnd(g, 3);
    p->nmorning = (int)rnd(g, (unsigned)p->nslots + 1);
    p->ntables = rnd(g, 5) ? 2 + (int)rnd(g, 2) : 1;
    p->participants = rp->part;
    p->meetings = rp->meet;
    p->interpreters = rp->interp;
    for (int q = 0; q < p->nparticipants; q++)
        for (int s = 0; s < p->nslots; s++)
            if (rnd(g, 14) == 0)
                rp->part[q].forbidden |= (uint64_t)1 << s;
    random_meetings(g, rp);
    random_languages(g, rp);
}

/* ---- brute force ---- */

typedef struct brute {
    const sched_problem *p;
    int fairness;
    bool unplaced;
    int slot[10];
    uint64_t busy[8];
    int count[SCHED_MAX_SLOTS];
    bool found;
    int best_unplaced, best_breaks;
} brute;

/* Can the meetings needing an interpreter in slot s get distinct ones? (tiny DFS) */
static bool interpreters_fit(const brute *b, int s, int m, uint32_t used)
{
    const sched_problem *p = b->p;
    while (m < p->nmeetings && (b->slot[m] != s || !sched_meeting_needs_interpreter(p, m)))
        m++;
    if (m == p->nmeetings)
        return true;
    for (int i = 0; i < p->ninterpreters; i++)
        if (!(used & (1u << i)) && (p->interpreters[i].available >> s & 1) &&
            sched_interpreter_can_serve(p, i, m) && interpreters_fit(b, s, m + 1, used | (1u << i)))
            return true;
    return false;
}

static void evaluate(brute *b)
{
    const sched_problem *p = b->p;
    for (int m = 0; m < p->nmeetings; m++)
        for (int k = 0; k < p->meetings[m].nprec; k++) {
            int q = p->meetings[m].prec[k];
            if (b->slot[m] >= 0 && b->slot[q] >= 0 && b->slot[q] >= b->slot[m])
                return;
        }
    for (int s = 0; s < p->nslots; s++)
        if (!interpreters_fit(b, s, 0, 0))
            return;
    int total = 0, mx = 0, mn = 1 << 20, unpl = 0;
    for (int q = 0; q < p->nparticipants; q++) {
        uint64_t m = b->busy[q];
        int br = m ? __builtin_popcountll(m & ~(m >> 1)) - 1 : 0;
        total += br;
        mx = br > mx ? br : mx;
        mn = br < mn ? br : mn;
    }
    if (b->fairness >= 0 && mx - mn > b->fairness)
        return;
    for (int m = 0; m < p->nmeetings; m++)
        unpl += b->slot[m] < 0;
    if (!b->found || unpl < b->best_unplaced || (unpl == b->best_unplaced && total < b->best_breaks)) {
        b->found = true;
        b->best_unplaced = unpl;
        b->best_breaks = total;
    }
}

static bool slot_allowed(const brute *b, int m, int s)
{
    const sched_problem *p = b->p;
    const sched_meeting *mt = &p->meetings[m];
    if (mt->session == SCHED_SESSION_MORNING && s >= p->nmorning)
        return false;
    if (mt->session == SCHED_SESSION_AFTERNOON && s < p->nmorning)
        return false;
    if (mt->fixed_slot >= 0 && mt->fixed_slot != s)
        return false;
    uint64_t bit = (uint64_t)1 << s;
    return !((p->participants[mt->a].forbidden | p->participants[mt->b].forbidden) & bit) &&
           !((b->busy[mt->a] | b->busy[mt->b]) & bit) && b->count[s] < p->ntables;
}

static void dfs(brute *b, int m)
{
    const sched_problem *p = b->p;
    if (m == p->nmeetings) {
        evaluate(b);
        return;
    }
    const sched_meeting *mt = &p->meetings[m];
    for (int s = 0; s < p->nslots; s++) {
        if (!slot_allowed(b, m, s))
            continue;
        uint64_t bit = (uint64_t)1 << s;
        b->slot[m] = s;
        b->busy[mt->a] |= bit, b->busy[mt->b] |= bit, b->count[s]++;
        dfs(b, m + 1);
        b->busy[mt->a] &= ~bit, b->busy[mt->b] &= ~bit, b->count[s]--;
    }
    if (b->unplaced) {
        b->slot[m] = -1;
        dfs(b, m + 1);
    }
}

/* ---- the comparison ---- */

static int run_one(rng *g, int index, int *nonzero, int *infeasible)
{
    rproblem rp;
    bool unplaced = rnd(g, 4) == 0;
    random_problem(g, &rp, unplaced ? 6 : 8);
    char err[256];
    if (!sched_problem_validate(&rp.p, err, (int)sizeof err))
        return 0;
    static const int fair[4] = { -1, 0, 1, 2 };
    brute b = { .p = &rp.p, .fairness = fair[rnd(g, 4)], .unplaced = unplaced };
    dfs(&b, 0);
    sched_options o;
    sched_options_default(&o);
    o.mode = SCHED_MODE_EXACT;
    o.fairness = b.fairness;
    o.allow_unplaced = unplaced;
    o.time_limit = 20;
    sched_solution s;
    sched_solution_init(&s, &rp.p);
    sched_status st = sched_exact_solve(&rp.p, &o, NULL, &s);
    if (!b.found) {
        if (st != SCHED_INFEASIBLE)
            fail_msg("instance %d: brute force says infeasible, exact says %s", index, sched_status_name(st));
        ++*infeasible;
    } else {
        if (st != SCHED_OPTIMAL)
            fail_msg("instance %d: brute force optimum (%d unplaced, %d breaks), exact says %s",
                     index, b.best_unplaced, b.best_breaks, sched_status_name(st));
        if (s.nmeetings - s.placed != b.best_unplaced || s.total_breaks != b.best_breaks)
            fail_msg("instance %d: brute force (%d unplaced, %d breaks), exact (%d unplaced, %d breaks)",
                     index, b.best_unplaced, b.best_breaks, s.nmeetings - s.placed, s.total_breaks);
        if (!sched_check(&rp.p, &s, o.fairness, unplaced, err, (int)sizeof err))
            fail_msg("instance %d: exact schedule fails the checker: %s", index, err);
        if (!unplaced && s.lower_bound != s.total_breaks)
            fail_msg("instance %d: optimal but lower bound %d != %d", index, s.lower_bound, s.total_breaks);
        *nonzero += b.best_breaks > 0;
    }
    sched_solution_free(&s);
    return 1;
}

static void test_exact_matches_brute_force(void **state)
{
    (void)state;
    rng g = { 20240601 };
    int done = 0, nonzero = 0, infeasible = 0;
    for (int i = 0; done < 1500; i++)
        done += run_one(&g, i, &nonzero, &infeasible);
    /* the generator must exercise the objective, not only feasibility */
    if (getenv("SCHED_EXACT_TEST_STATS"))
        fprintf(stderr, "%d instances, %d infeasible, %d with breaks\n", done, infeasible, nonzero);
    assert_true(nonzero >= 20 && infeasible >= 20);
}

/* The same comparison with the core-guided engine alone from the first round
 * (KOPIR_EXACT_LINMAX=1), so that its finishing moves run on small instances too: the
 * unbudgeted calls and the cubes on who takes the last break (exact_opt.c). */
static void test_core_engine_alone_matches_brute_force(void **state)
{
    (void)state;
    rng g = { 20261125 };
    int done = 0, nonzero = 0, infeasible = 0;
    setenv("KOPIR_EXACT_LINMAX", "1", 1);
    for (int i = 0; done < 500; i++)
        done += run_one(&g, i, &nonzero, &infeasible);
    unsetenv("KOPIR_EXACT_LINMAX");
    assert_true(nonzero >= 10 && infeasible >= 10);
}

/* Each single-engine search (KOPIR_EXACT_SEARCH asc, desc, core) past the solo switch
 * from the first round: the same comparison, so that every strategy a knob can select
 * stays exact and ends (a lone linear engine once waited forever for a core engine). */
static void test_single_engines_match_brute_force(void **state)
{
    (void)state;
    static const char *strategies[] = { "asc", "desc", "core" };
    setenv("KOPIR_EXACT_LINMAX", "1", 1);
    for (int k = 0; k < 3; k++) {
        rng g = { 20261207u + (unsigned)k };
        int done = 0, nonzero = 0, infeasible = 0;
        setenv("KOPIR_EXACT_SEARCH", strategies[k], 1);
        for (int i = 0; done < 150; i++)
            done += run_one(&g, i, &nonzero, &infeasible);
        assert_true(nonzero >= 3 && infeasible >= 3);
    }
    unsetenv("KOPIR_EXACT_SEARCH");
    unsetenv("KOPIR_EXACT_LINMAX");
}

/* allow_unplaced through sched_solve in exact mode: every meeting left out has a
 * reason, also when the SAT search found the schedule (its models carry none). */
static void test_unplaced_have_reasons(void **state)
{
    (void)state;
    rng g = { 20261208 };
    int checked = 0, unplaced = 0;
    while (checked < 300) {
        rproblem rp;
        random_problem(&g, &rp, 8);
        char err[256];
        if (!sched_problem_validate(&rp.p, err, (int)sizeof err))
            continue;
        sched_options o;
        sched_options_default(&o);
        o.mode = SCHED_MODE_EXACT;
        o.allow_unplaced = true;
        o.fairness = (int)rnd(&g, 3);
        o.time_limit = 5;
        sched_solution s;
        sched_solve(&rp.p, &o, &s);
        for (int m = 0; m < rp.p.nmeetings; m++)
            if (s.slot[m] < 0) {
                unplaced++;
                if (s.why[m] == SCHED_WHY_NONE)
                    fail_msg("instance %d: meeting %d unplaced without a reason", checked, m + 1);
            }
        sched_solution_free(&s);
        checked++;
    }
    assert_true(unplaced >= 50);
}

/* The two sides of an event (exact_model.c's side link): a bipartite meeting graph
 * (a 4-cycle with a pendant meeting) is split with no meeting inside a side; a
 * triangle leaves exactly one. */
static int sides_of(const int (*ab)[2], int nm, int np, char *side)
{
    sched_participant part[6] = { { 0 } };
    int none[1] = { 0 };
    sched_meeting meet[6];
    for (int m = 0; m < nm; m++)
        meet[m] = (sched_meeting){ ab[m][0], ab[m][1], SCHED_SESSION_ANY, -1, 0, none };
    sched_problem p = { .nparticipants = np, .nmeetings = nm, .nslots = 6, .nmorning = 6, .ntables = 2,
                        .participants = part, .meetings = meet };
    sched_options o;
    sched_options_default(&o);
    sched_xenc e;
    sched_xenc_build(&e, &p, &o, 0, 0, 0);
    int inside = sched_xenc_sides(&e, side);
    sched_xenc_free(&e);
    return inside;
}

static void test_sides(void **state)
{
    (void)state;
    static const int square[5][2] = { { 0, 1 }, { 1, 2 }, { 2, 3 }, { 3, 0 }, { 2, 4 } };
    static const int triangle[3][2] = { { 0, 1 }, { 1, 2 }, { 2, 0 } };
    char side[6];
    assert_int_equal(sides_of(square, 5, 5, side), 0);
    for (int m = 0; m < 5; m++)
        assert_int_not_equal(side[square[m][0]], side[square[m][1]]);
    assert_int_equal(sides_of(triangle, 3, 3, side), 1);
}

/* Picks from an encoding two root literals and a literal that the constraint under
 * test must fix false from them. */
typedef void pick_fn(const sched_xenc *e, int units[2], int *lit);

/* Whether the encoding of p fixes pick's literal false by unit propagation alone (no
 * conflict allowed, so nothing learnt), with the environment variable `off` set (the
 * constraint under test turned off) or not. */
static bool deduces(const sched_problem *p, const char *off, bool set, pick_fn *pick)
{
    if (set)
        setenv(off, "1", 1);
    sched_options o;
    sched_options_default(&o);
    sched_xenc e;
    sched_xenc_build(&e, p, &o, 0, 0, 0);
    int units[2], lit;
    pick(&e, units, &lit);
    for (int i = 0; i < 2; i++) {
        ccadical_add(e.sat, units[i]);
        ccadical_add(e.sat, 0);
    }
    ccadical_limit(e.sat, "conflicts", 0);
    ccadical_solve(e.sat);
    bool fixed_false = ccadical_fixed(e.sat, lit) < 0;
    sched_xenc_free(&e);
    unsetenv(off);
    return fixed_false;
}

/* Participant 0 done before slot 2, participant 1 without a break; 1 busy at slot 3 or later. */
static void pick_intervals(const sched_xenc *e, int units[2], int *lit)
{
    units[0] = -e->aft[0 * e->T + 2];
    units[1] = -e->brk[1].lit[0];
    *lit = e->aft[1 * e->T + 3];
}

/* The interval links: participant 0 (meetings with 1 and 2) is done before slot 2, so
 * its meeting with 1 is in slot 0 or 1 and participant 1 (meetings with 0 and 3) is busy
 * by slot 1; without a break its two meetings then end by slot 2, so "1 busy at slot 3
 * or later" is false by propagation alone. Without the links only search finds that. */
static void test_intervals(void **state)
{
    (void)state;
    sched_participant part[4] = { { 0 } };
    int none[1] = { 0 };
    sched_meeting meet[3] = { { 0, 1, SCHED_SESSION_ANY, -1, 0, none }, { 0, 2, SCHED_SESSION_ANY, -1, 0, none },
                              { 1, 3, SCHED_SESSION_ANY, -1, 0, none } };
    sched_problem p = { .nparticipants = 4, .nmeetings = 3, .nslots = 6, .nmorning = 6, .ntables = 2,
                        .participants = part, .meetings = meet };
    assert_true(deduces(&p, "KOPIR_EXACT_NOINTERVALS", false, pick_intervals));
    assert_false(deduces(&p, "KOPIR_EXACT_NOINTERVALS", true, pick_intervals));
}

/* Meetings 0 and 1 in slot 0 or 1; the literal: meeting 2 there too. */
static void pick_tight_day(const sched_xenc *e, int units[2], int *lit)
{
    units[0] = e->le[0 * e->T + 1];
    units[1] = e->le[1 * e->T + 1];
    *lit = e->le[2 * e->T + 1];
}

/* A tight day: participant 0 has three meetings and three slots, so exactly two of
 * its meetings are in slots 0-1; with two of them there, propagation puts the third
 * after slot 1 (a pigeonhole that CDCL otherwise finds only by search). Participants
 * 1 and 2 also meet each other, so that no symmetry ordering says it instead. */
/* A participant with a morning-only, an afternoon-only and a free meeting in 3 + 3
 * slots: without a break its block of three starts at slot 1 or 2, so it is busy at 2
 * and 3 whatever the start. The span clauses alone bound it to 1..4 and no further. */
static void pick_compulsory(const sched_xenc *e, int units[2], int *lit)
{
    units[0] = -e->brk[0].lit[0];
    units[1] = e->ltrue;
    *lit = -e->busy[0 * e->T + 2];
}

static void test_compulsory_part(void **state)
{
    (void)state;
    sched_participant part[4] = { { 0 } };
    int none[1] = { 0 };
    sched_meeting meet[3] = { { 0, 1, SCHED_SESSION_MORNING, -1, 0, none },
                              { 0, 2, SCHED_SESSION_AFTERNOON, -1, 0, none },
                              { 0, 3, SCHED_SESSION_ANY, -1, 0, none } };
    sched_problem p = { .nparticipants = 4, .nmeetings = 3, .nslots = 6, .nmorning = 3, .ntables = 3,
                        .participants = part, .meetings = meet };
    assert_true(deduces(&p, "KOPIR_EXACT_NOCOMPULSORY", false, pick_compulsory));
    assert_false(deduces(&p, "KOPIR_EXACT_NOCOMPULSORY", true, pick_compulsory));
}

static void test_tight_day(void **state)
{
    (void)state;
    sched_participant part[4] = { { 0 } };
    int none[1] = { 0 };
    sched_meeting meet[4] = { { 0, 1, SCHED_SESSION_ANY, -1, 0, none }, { 0, 2, SCHED_SESSION_ANY, -1, 0, none },
                              { 0, 3, SCHED_SESSION_ANY, -1, 0, none }, { 1, 2, SCHED_SESSION_ANY, -1, 0, none } };
    sched_problem p = { .nparticipants = 4, .nmeetings = 4, .nslots = 3, .nmorning = 3, .ntables = 3,
                        .participants = part, .meetings = meet };
    assert_true(deduces(&p, "KOPIR_EXACT_NOTIGHT", false, pick_tight_day));
    assert_false(deduces(&p, "KOPIR_EXACT_NOTIGHT", true, pick_tight_day));
}

/* A problem that is infeasible only through fairness: participants 0 and 1 meet in
 * slots 0 and 2 (fixed), so each has a break while participant 2 (no meetings) has
 * none: with d = 0 no schedule exists; with d = 1 the optimum is 2 breaks. */
static void test_fairness_infeasible(void **state)
{
    (void)state;
    sched_participant part[3] = { { 0 } };
    int none[1] = { 0 };
    sched_meeting meet[2] = { { 0, 1, SCHED_SESSION_ANY, 0, 0, none }, { 0, 1, SCHED_SESSION_ANY, 2, 0, none } };
    sched_problem p = { .nparticipants = 3, .nmeetings = 2, .nslots = 3, .nmorning = 3, .ntables = 1,
                        .participants = part, .meetings = meet };
    sched_options o;
    sched_options_default(&o);
    o.fairness = 0;
    sched_solution s;
    sched_solution_init(&s, &p);
    assert_int_equal(sched_exact_solve(&p, &o, NULL, &s), SCHED_INFEASIBLE);
    sched_solution_free(&s);
    o.fairness = 1;
    sched_solution_init(&s, &p);
    assert_int_equal(sched_exact_solve(&p, &o, NULL, &s), SCHED_OPTIMAL);
    assert_int_equal(s.total_breaks, 2);
    sched_solution_free(&s);
}

/* The time limit holds on an instance that needs far longer (ticf-13crafb, about 40 s):
 * the answer comes within the limit plus a little, with the best schedule found (it
 * must pass the checker) and a lower bound not above it. Skipped without the data. */
static void test_time_limit(void **state)
{
    (void)state;
    const char *root = getenv("KOPIR_ROOT");
    char path[1024], err[256];
    snprintf(path, sizeof path, "%s/../shared/benchmarks/b2bsp/data_table03_origin/ticf-13crafb.original.dzn",
             root ? root : ".");
    sched_problem p;
    if (!sched_problem_read_file(path, &p, err, (int)sizeof err))
        skip();
    sched_options o;
    sched_options_default(&o);
    o.mode = SCHED_MODE_EXACT;
    o.time_limit = 1.0;
    sched_solution s;
    sched_solution_init(&s, &p);
    sched_status st = sched_exact_solve(&p, &o, NULL, &s);
    assert_true(s.seconds < 2.0);
    assert_true(st == SCHED_FEASIBLE || st == SCHED_UNKNOWN);
    if (st == SCHED_FEASIBLE) {
        assert_true(sched_check(&p, &s, 2, false, err, (int)sizeof err));
        assert_true(s.lower_bound <= s.total_breaks);
    }
    sched_solution_free(&s);
    sched_problem_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_matches_brute_force),
        cmocka_unit_test(test_core_engine_alone_matches_brute_force),
        cmocka_unit_test(test_single_engines_match_brute_force),
        cmocka_unit_test(test_unplaced_have_reasons),
        cmocka_unit_test(test_sides),
        cmocka_unit_test(test_intervals),
        cmocka_unit_test(test_tight_day),
        cmocka_unit_test(test_compulsory_part),
        cmocka_unit_test(test_fairness_infeasible),
        cmocka_unit_test(test_time_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
