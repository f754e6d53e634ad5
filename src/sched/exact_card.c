/* exact_card.c — SAT building blocks for the exact scheduler: fresh variables, clauses,
 * at-most-one (ladder) and counting (totalizer) encodings on top of CaDiCaL. */
#define SCHED_EXACT_INTERNAL
#include "sched/exact.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* A fresh variable. */
int sched_xnew(sched_xenc *e)
{
    return ++e->nvars;
}

/* Adds the clause lits[0] v ... v lits[n-1]. */
void sched_xclause(sched_xenc *e, const int *lits, int n)
{
    if (e->stopped)
        return;
    /* The clock is read once per 65,536 clauses (a few milliseconds of encoding). While
     * the model is built, time to free it is kept too: about a third of the time it
     * took to build (0.4 s for 4 million clauses). */
    if ((++e->nclauses & 0xffff) == 0 && e->deadline > 0) {
        double t = sched_now(), reserve = e->build_start > 0 ? 0.35 * (t - e->build_start) : 0;
        if (t + reserve >= e->deadline) {
            e->stopped = true;
            return;
        }
    }
    for (int i = 0; i < n; i++)
        ccadical_add(e->sat, lits[i]);
    ccadical_add(e->sat, 0);
}

void sched_xc2(sched_xenc *e, int a, int b)
{
    int c[2] = { a, b };
    sched_xclause(e, c, 2);
}

void sched_xc3(sched_xenc *e, int a, int b, int c)
{
    int cl[3] = { a, b, c };
    sched_xclause(e, cl, 3);
}

/* At most one of lits. Pairwise up to 6 literals (15 clauses, no new variables);
 * above that the sequential "ladder" encoding: s_i = some of lits[0..i] is true,
 * 3n clauses and n-1 variables, and unit propagation still enforces AMO fully. */
void sched_xamo(sched_xenc *e, const int *lits, int n)
{
    if (n <= 6) {
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                sched_xc2(e, -lits[i], -lits[j]);
        return;
    }
    int prev = lits[0];
    for (int i = 1; i < n; i++) {
        sched_xc2(e, -prev, -lits[i]);
        if (i == n - 1)
            break;
        int s = sched_xnew(e);
        sched_xc2(e, -prev, s);
        sched_xc2(e, -lits[i], s);
        prev = s;
    }
}

/* r = a + b in unary, truncated to cap outputs. Both directions are encoded so that
 * the outputs are exact (needed for lower bounds such as "exactly n_p busy slots" and
 * the fairness minimum): a_i & b_j -> r_{i+j} and ~a_{i+1} & ~b_{j+1} -> ~r_{i+j+1}. */
static sched_xunary merge(sched_xenc *e, sched_xunary a, sched_xunary b, int cap)
{
    sched_xunary r;
    r.n = a.n + b.n < cap ? a.n + b.n : cap;
    r.lit = mem_alloc(sizeof(int) * (size_t)(r.n > 0 ? r.n : 1));
    for (int k = 0; k < r.n; k++)
        r.lit[k] = sched_xnew(e);
    for (int i = 0; i <= a.n; i++) {
        for (int j = 0; j <= b.n; j++) {
            int k = i + j; /* a >= i and b >= j  ->  r >= i + j */
            if (k >= 1 && k <= r.n) {
                int cl[3], n = 0;
                if (i > 0)
                    cl[n++] = -a.lit[i - 1];
                if (j > 0)
                    cl[n++] = -b.lit[j - 1];
                cl[n++] = r.lit[k - 1];
                sched_xclause(e, cl, n);
            }
            k = i + j + 1; /* a <= i and b <= j  ->  r <= i + j, i.e. ~r_{i+j+1} */
            if (k <= r.n) {
                int cl[3], n = 0;
                if (i < a.n)
                    cl[n++] = a.lit[i];
                if (j < b.n)
                    cl[n++] = b.lit[j];
                cl[n++] = -r.lit[k - 1];
                sched_xclause(e, cl, n);
            }
        }
    }
    return r;
}

/* Sum of items (unary numbers) as a balanced totalizer tree, outputs truncated to cap.
 * The items are left untouched (a fresh array is returned), so a caller can sum the
 * same per-participant counters again with another cap. */
sched_xunary sched_xsum(sched_xenc *e, const sched_xunary *items, int n, int cap)
{
    if (n == 0) {
        sched_xunary z = { mem_alloc(sizeof(int)), 0 };
        return z;
    }
    if (n == 1) {
        /* lit[cap-1] = ">= cap" stays exact under truncation */
        sched_xunary u = { NULL, items[0].n < cap ? items[0].n : cap };
        u.lit = mem_alloc(sizeof(int) * (size_t)(u.n > 0 ? u.n : 1));
        memcpy(u.lit, items[0].lit, sizeof(int) * (size_t)u.n);
        return u;
    }
    int h = n / 2;
    sched_xunary a = sched_xsum(e, items, h, cap);
    sched_xunary b = sched_xsum(e, items + h, n - h, cap);
    sched_xunary r = merge(e, a, b, cap);
    sched_xunary_free(&a);
    sched_xunary_free(&b);
    return r;
}

/* Unary count of n literals, truncated to cap outputs (totalizer). */
sched_xunary sched_xcount(sched_xenc *e, const int *lits, int n, int cap)
{
    sched_xunary *items = mem_alloc(sizeof(*items) * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        items[i].lit = mem_alloc(sizeof(int));
        items[i].lit[0] = lits[i];
        items[i].n = 1;
    }
    sched_xunary r = sched_xsum(e, items, n, cap);
    for (int i = 0; i < n; i++)
        free(items[i].lit);
    free(items);
    return r;
}

/* Clauses of a totalizer over n literals truncated at K: about 2 n min(n, K) per level
 * of the tree where nodes are truncated, and log2(n / K) + 1 such levels. */
double sched_xtotalizer_cost(double n, double K)
{
    double k = n < K ? n : K, levels = 1;
    for (double m = n; m > K; m /= 2)
        levels++;
    return 2 * n * k * levels;
}

void sched_xunary_free(sched_xunary *u)
{
    free(u->lit);
    u->lit = NULL;
    u->n = 0;
}
