/* sched_lp.c — writes the B2B scheduling problem of a .dzn/JSON file as a 0-1 integer
 * program in CPLEX LP format, for CBC or GLPK, to compare with the exact SAT solver.
 * Built by bench/sched against the objects of the normal build.
 * usage: sched_lp FILE FAIRNESS > model.lp
 *
 * Model: x_m_s = meeting m in slot s (only allowed slots); busy(q,s) = sum of q's x in s;
 * a_q_s = q has a meeting in s or later; g_q_s = a break of q starts in s, defined
 * exactly (g <= busy(s-1), g <= 1 - busy(s), g <= a(s+1), g >= busy(s-1) - busy(s) +
 * a(s+1) - 1) so that per-participant break counts are exact and fairness can use a
 * minimum variable: L <= breaks(q) <= L + d. Minimise the sum of g. Interpreters are
 * not modelled (the benchmark has none); such problems are refused. */
#include <stdio.h>
#include <stdlib.h>

#include "sched/sched.h"

#define BIT(s) ((uint64_t)1 << (s))

static uint64_t domain(const sched_problem *p, int m)
{
    const sched_meeting *mt = &p->meetings[m];
    uint64_t d = p->nslots >= 64 ? ~(uint64_t)0 : BIT(p->nslots) - 1;
    uint64_t morning = p->nmorning >= 64 ? ~(uint64_t)0 : BIT(p->nmorning) - 1;
    if (mt->session == SCHED_SESSION_MORNING)
        d &= morning;
    if (mt->session == SCHED_SESSION_AFTERNOON)
        d &= ~morning;
    d &= ~p->participants[mt->a].forbidden & ~p->participants[mt->b].forbidden;
    if (mt->fixed_slot >= 0)
        d &= BIT(mt->fixed_slot);
    return d;
}

/* " + x_m_s" for every meeting of q allowed in s; returns how many were written. */
static int busy_terms(const sched_problem *p, const uint64_t *dom, int q, int s, const char *sign)
{
    int n = 0;
    for (int m = 0; m < p->nmeetings; m++)
        if ((p->meetings[m].a == q || p->meetings[m].b == q) && (dom[m] & BIT(s))) {
            printf(" %s x_%d_%d", sign, m, s);
            n++;
        }
    return n;
}

static void meeting_rows(const sched_problem *p, const uint64_t *dom)
{
    for (int m = 0; m < p->nmeetings; m++) {
        printf(" one_%d: 0 L", m);
        for (int s = 0; s < p->nslots; s++)
            if (dom[m] & BIT(s))
                printf(" + x_%d_%d", m, s);
        printf(" = 1\n");
        for (int k = 0; k < p->meetings[m].nprec; k++) { /* slot(pr) + 1 <= slot(m) */
            int pr = p->meetings[m].prec[k];
            printf(" prec_%d_%d:", m, k);
            for (int s = 0; s < p->nslots; s++) {
                if (dom[m] & BIT(s))
                    printf(" + %d x_%d_%d", s, m, s);
                if (dom[pr] & BIT(s))
                    printf(" - %d x_%d_%d", s, pr, s);
            }
            printf(" >= 1\n");
        }
    }
    for (int s = 0; s < p->nslots; s++) {
        printf(" tab_%d: 0 L", s);
        for (int m = 0; m < p->nmeetings; m++)
            if (dom[m] & BIT(s))
                printf(" + x_%d_%d", m, s);
        printf(" <= %d\n", p->ntables);
    }
}

static void participant_rows(const sched_problem *p, const uint64_t *dom, int d)
{
    int T = p->nslots;
    for (int q = 0; q < p->nparticipants; q++) {
        for (int s = 0; s < T; s++) {
            printf(" clash_%d_%d: 0 L", q, s);
            busy_terms(p, dom, q, s, "+");
            printf(" <= 1\n");
            /* a(s) >= busy(s), a(s) >= a(s+1), a(s) <= busy(s) + a(s+1) */
            printf(" a1_%d_%d: a_%d_%d", q, s, q, s);
            busy_terms(p, dom, q, s, "-");
            printf(" >= 0\n");
            if (s + 1 < T)
                printf(" a2_%d_%d: a_%d_%d - a_%d_%d >= 0\n", q, s, q, s, q, s + 1);
            printf(" a3_%d_%d: a_%d_%d", q, s, q, s);
            busy_terms(p, dom, q, s, "-");
            if (s + 1 < T)
                printf(" - a_%d_%d", q, s + 1);
            printf(" <= 0\n");
        }
        for (int s = 1; s + 1 < T; s++) {
            printf(" g1_%d_%d: g_%d_%d", q, s, q, s);
            busy_terms(p, dom, q, s - 1, "-");
            printf(" <= 0\n g2_%d_%d: g_%d_%d", q, s, q, s);
            busy_terms(p, dom, q, s, "+");
            printf(" <= 1\n g3_%d_%d: g_%d_%d - a_%d_%d <= 0\n", q, s, q, s, q, s + 1);
            printf(" g4_%d_%d: g_%d_%d", q, s, q, s);
            busy_terms(p, dom, q, s - 1, "-");
            busy_terms(p, dom, q, s, "+");
            printf(" - a_%d_%d >= -1\n", q, s + 1);
        }
        if (d >= 0 && T > 2) { /* L <= breaks(q) <= L + d */
            printf(" fmin_%d:", q);
            for (int s = 1; s + 1 < T; s++)
                printf(" + g_%d_%d", q, s);
            printf(" - L >= 0\n fmax_%d:", q);
            for (int s = 1; s + 1 < T; s++)
                printf(" + g_%d_%d", q, s);
            printf(" - L <= %d\n", d);
        }
    }
}

static void bounds_and_types(const sched_problem *p, const uint64_t *dom)
{
    int T = p->nslots;
    printf("Bounds\n 0 <= L <= %d\n", T);
    printf("Binaries\n");
    for (int m = 0; m < p->nmeetings; m++)
        for (int s = 0; s < T; s++)
            if (dom[m] & BIT(s))
                printf(" x_%d_%d\n", m, s);
    for (int q = 0; q < p->nparticipants; q++) {
        for (int s = 0; s < T; s++)
            printf(" a_%d_%d\n", q, s);
        for (int s = 1; s + 1 < T; s++)
            printf(" g_%d_%d\n", q, s);
    }
    printf("General\n L\nEnd\n");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE FAIRNESS > model.lp\n", argv[0]);
        return 2;
    }
    char err[512];
    sched_problem p;
    if (!sched_problem_read_file(argv[1], &p, err, (int)sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    if (p.ninterpreters > 0) {
        fprintf(stderr, "%s: interpreters are not modelled\n", argv[1]);
        return 2;
    }
    uint64_t *dom = calloc((size_t)p.nmeetings + 1, sizeof(uint64_t));
    for (int m = 0; m < p.nmeetings; m++)
        dom[m] = domain(&p, m);
    printf("\\ B2B meeting scheduling: %s, fairness %s\nMinimize\n obj: 0 L", argv[1], argv[2]);
    for (int q = 0; q < p.nparticipants; q++)
        for (int s = 1; s + 1 < p.nslots; s++)
            printf(" + g_%d_%d", q, s);
    printf("\nSubject To\n");
    meeting_rows(&p, dom);
    participant_rows(&p, dom, atoi(argv[2]));
    bounds_and_types(&p, dom);
    free(dom);
    sched_problem_free(&p);
    return 0;
}
