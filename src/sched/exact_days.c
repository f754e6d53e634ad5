/* exact_days.c — implied constraints on each participant's day for the exact solver's
 * model (exact_model.c builds the variables they use): the block of a participant
 * without a break, its span and compulsory part, the links that keep every meeting
 * inside both participants' days, and the counts of tight days. All of them hold only
 * when every meeting is placed. */
#define SCHED_EXACT_INTERNAL
#include "sched/exact.h"

#include <stdlib.h>

#include "util/mem.h"

/* Implied: a participant without a break is busy in one block of exactly n_q slots.
 * If its first meeting is in s (busy[s], nothing before) and it has no break (~nb),
 * it is busy in s+1 .. s+n_q-1 and idle from s+n_q on; symmetrically from its last
 * meeting. Without these the solver only finds that through the n_q counter, one
 * conflict at a time. */
void sched_xdays_blocks(sched_xenc *e, int q, const int *after, int nb)
{
    int T = e->T, nq = sched_xnmeet(e, q), before[SCHED_MAX_SLOTS + 1];
    if (e->unplaced)
        return;
    for (int s = 0; s < T; s++) { /* before[s] <-> busy at s or earlier */
        int prev = s > 0 ? before[s - 1] : -e->ltrue, b = BUSY(e, q, s);
        before[s] = sched_xnew(e);
        sched_xc2(e, -b, before[s]);
        sched_xc2(e, -prev, before[s]);
        sched_xc3(e, -before[s], b, prev);
        e->bef[(size_t)q * (size_t)T + (size_t)s] = before[s];
        e->aft[(size_t)q * (size_t)T + (size_t)s] = after[s];
    }
    for (int s = 0; s < T; s++) {
        if (!(e->pdom[q] & BIT(s)))
            continue;
        int b = BUSY(e, q, s), pre = s > 0 ? before[s - 1] : -e->ltrue;
        int post = s + 1 < T ? after[s + 1] : -e->ltrue;
        for (int k = 1; k <= nq; k++) {
            int fwd = s + k < T ? (k < nq ? BUSY(e, q, s + k) : -after[s + k]) : (k < nq ? -e->ltrue : e->ltrue);
            int bwd = s - k >= 0 ? (k < nq ? BUSY(e, q, s - k) : -before[s - k]) : (k < nq ? -e->ltrue : e->ltrue);
            int c1[4] = { -b, pre, nb, fwd }, c2[4] = { -b, post, nb, bwd };
            sched_xclause(e, c1, 4);
            sched_xclause(e, c2, 4);
        }
    }
}

/* Implied: each meeting lies inside both participants' days (first to last busy slot):
 * slot(m) <= s -> q busy at s or earlier, slot(m) >= s -> q busy at s or later, with
 * order variables le[m][s]. These carry bounds from one participant's day to its
 * partners' (q is done before s, so its partner r met q before s), which CDCL otherwise
 * learns one slot at a time. */
static void link_meeting_days(sched_xenc *e, int m)
{
    const sched_meeting *mt = &e->p->meetings[m];
    int ends[2] = { mt->a, mt->b }, T = e->T;
    for (int k = 0; k < 2; k++) {
        const int *bef = &e->bef[(size_t)ends[k] * (size_t)T], *aft = &e->aft[(size_t)ends[k] * (size_t)T];
        if (!bef[0])
            continue; /* fewer than two meetings: no day to bound */
        sched_xenc_order(e, m);
        for (int s = 0; s < T; s++) {
            sched_xc2(e, -LE(e, m, s), bef[s]);
            if (s > 0)
                sched_xc2(e, LE(e, m, s - 1), aft[s]);
        }
    }
}

/* Implied: a participant without a break spans exactly n_q slots, so busy at s + n_q or
 * later means idle up to s. With the links above, a partner's bound moves q's whole
 * block (the block clauses of sched_xdays_blocks need its exact first or last slot). */
static void limit_span(sched_xenc *e, int q)
{
    int T = e->T, nq = sched_xnmeet(e, q);
    const int *bef = &e->bef[(size_t)q * (size_t)T], *aft = &e->aft[(size_t)q * (size_t)T];
    if (!bef[0] || e->brk[q].n == 0)
        return;
    for (int s = 0; s + nq < T; s++)
        sched_xc3(e, -aft[s + nq], e->brk[q].lit[0], -bef[s]);
}

/* Implied: a participant with exactly as many meetings as possible slots (a host whose
 * afternoon is all afternoon-only meetings, say) is busy in every one of them, so
 * exactly r_b of its meetings lie in slots <= b, r_b its possible slots up to b. This
 * is the pigeonhole CDCL cannot count: when its partners' own days push more of its
 * meetings early than its early slots hold, some partner must take a break. Measured
 * on the 195-meeting graph (ticf-13crafb, forum-13crafb): 26.5 -> 19-21 s for the
 * pair's sum of means over six variable orders; no cost on the other originals. */
bool sched_xdays_tight(const sched_xenc *e, int q)
{
    int nq = sched_xnmeet(e, q);
    return nq >= 2 && __builtin_popcountll(e->pdom[q]) == nq;
}

static void fill_tight_day(sched_xenc *e, int q, int *lits)
{
    int T = e->T, nq = sched_xnmeet(e, q);
    if (!sched_xdays_tight(e, q) || !e->bef[(size_t)q * (size_t)T])
        return;
    for (int b = 0; b + 1 < T; b++) {
        int r = __builtin_popcountll(e->pdom[q] & ((BIT(b) << 1) - 1)), n = 0;
        if (r == 0 || r == nq)
            continue; /* the domains say it already */
        for (int i = e->pm_off[q]; i < e->pm_off[q + 1]; i++)
            if (LE(e, e->pm[i], b) != -e->ltrue)
                lits[n++] = LE(e, e->pm[i], b);
        if (n < r) { /* fewer meetings than early slots to fill: no schedule */
            sched_xc2(e, -e->ltrue, -e->ltrue);
            continue;
        }
        sched_xunary c = sched_xcount(e, lits, n, n < r + 1 ? n : r + 1);
        sched_xc2(e, c.lit[r - 1], c.lit[r - 1]);
        if (r < c.n)
            sched_xc2(e, -c.lit[r], -c.lit[r]);
        sched_xunary_free(&c);
    }
}

/* Whether q's meetings fit a break-free block of slots (a bit mask): q is busy in every
 * slot of it, so it lies within q's possible slots, and for each domain D[i] of q's
 * meetings the block has at least need[i] slots of D[i], the meetings confined to it
 * (Hall's condition, necessary only: some blocks that pass may still not fit). */
static bool block_may_fit(const sched_xenc *e, int q, uint64_t block, const uint64_t *D, const int *need)
{
    if (block & ~e->pdom[q])
        return false;
    for (int i = 0; i < sched_xnmeet(e, q); i++)
        if (__builtin_popcountll(block & D[i]) < need[i])
            return false;
    return true;
}

/* Implied: the slots that every possible break-free block of q covers (its compulsory
 * part, as in cumulative scheduling) are busy unless q has a break. A participant with
 * morning-only and afternoon-only meetings is busy on both sides of lunch; on the
 * 195-meeting graph that is 27 participants for the 28 seats of each lunch-side slot,
 * which the counters then see at once instead of after each block is placed. */
static void compulsory_part(sched_xenc *e, int q)
{
    int T = e->T, nq = sched_xnmeet(e, q);
    if (nq < 2 || nq > T || !e->bef[(size_t)q * (size_t)T])
        return;
    uint64_t D[SCHED_MAX_SLOTS];
    int need[SCHED_MAX_SLOTS]; /* nq <= T: one entry per meeting */
    for (int i = 0; i < nq; i++) {
        D[i] = e->dom[e->pm[e->pm_off[q] + i]];
        need[i] = sched_xconfined(e, q, D[i]);
    }
    uint64_t all = ~(uint64_t)0, run = BIT(nq - 1) | (BIT(nq - 1) - 1);
    bool any = false;
    for (int st = 0; st + nq <= T; st++)
        if (block_may_fit(e, q, run << st, D, need)) {
            all &= run << st;
            any = true;
        }
    int nb = e->brk[q].n > 0 ? e->brk[q].lit[0] : -e->ltrue;
    if (!any) {
        sched_xc2(e, nb, nb);
        return;
    }
    for (int s = 0; s < T; s++)
        if (all & BIT(s))
            sched_xc2(e, nb, BUSY(e, q, s));
}

/* Interval reasoning on the participants' days (measured in docs/sched-exact.md:
 * forum-13crafc and ticf-13crafc 3-4 times faster). Needs every meeting placed, like the
 * blocks; KOPIR_EXACT_NOINTERVALS turns it off for experiments. */
void sched_xdays_intervals(sched_xenc *e)
{
    if (e->unplaced || getenv("KOPIR_EXACT_NOINTERVALS"))
        return;
    for (int m = 0; m < e->p->nmeetings; m++)
        link_meeting_days(e, m);
    for (int q = 0; q < e->p->nparticipants; q++)
        limit_span(e, q);
    for (int q = 0; q < e->p->nparticipants && !getenv("KOPIR_EXACT_NOCOMPULSORY"); q++)
        compulsory_part(e, q);
    if (getenv("KOPIR_EXACT_NOTIGHT"))
        return;
    int *lits = mem_alloc(sizeof(int) * (size_t)(e->p->nmeetings + 1));
    for (int q = 0; q < e->p->nparticipants; q++)
        fill_tight_day(e, q, lits);
    free(lits);
}
