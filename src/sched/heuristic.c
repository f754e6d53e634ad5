/* heuristic.c — the heuristic's moves and search: placing and removing meetings with
 * interpreter matching per slot, evaluating compound moves on slot bitmasks, and the
 * simulated-annealing loop with restarts from the best schedule found. */
#include "sched/sched.h"
#include "sched/sched_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* Augmenting paths longer than this are not explored: the matching stays valid, it
 * may only miss a rare placement. Bounds recursion on huge interpreter pools. */
#define HEUR_MAX_AUGMENT 256

uint64_t sched_heur_rand(sched_heur *h)
{
    /* xorshift64*: fast, and the same seed gives the same sequence everywhere. */
    h->rng ^= h->rng >> 12;
    h->rng ^= h->rng << 25;
    h->rng ^= h->rng >> 27;
    return h->rng * 0x2545F4914F6CDD1DULL;
}

static int excess_of(const sched_heur *h, int b)
{
    return b > h->capb ? b - h->capb : 0;
}

/* Sets participant q's busy mask and keeps breaks and excess totals current. */
static void set_busy(sched_heur *h, int q, uint64_t mask)
{
    int nb = sched_mask_breaks(mask);
    h->breaks += nb - h->brk[q];
    h->excess += excess_of(h, nb) - excess_of(h, h->brk[q]);
    h->brk[q] = nb;
    h->busy[q] = mask;
}

static bool augment(sched_heur *h, int m, int t, int depth)
{
    if (depth > HEUR_MAX_AUGMENT) return false;
    for (int c = h->cand_start[m]; c < h->cand_start[m + 1]; c++) {
        int i = h->cand[c];
        if (!(h->p->interpreters[i].available & ((uint64_t)1 << t)) || h->stamp[i] == h->stampv) continue;
        h->stamp[i] = h->stampv;
        int *who = &h->iwho[(size_t)i * (size_t)h->ns + (size_t)t];
        if ((h->ibusy[i] & ((uint64_t)1 << t)) && !augment(h, *who, t, depth + 1)) continue;
        h->ibusy[i] |= (uint64_t)1 << t;
        *who = m;
        h->interp[m] = i;
        return true;
    }
    return false;
}

static void unlist(sched_heur *h, int m)
{
    int k = h->upos[m];
    if (k < 0) return;
    int last = h->ulist[--h->nu];
    h->ulist[k] = last;
    h->upos[last] = k;
    h->upos[m] = -1;
}

bool sched_heur_place(sched_heur *h, int m, int t)
{
    if (h->needs[m]) {
        h->stampv++;
        if (!augment(h, m, t, 0)) return false;
    }
    const sched_meeting *mt = &h->p->meetings[m];
    h->slot[m] = t;
    set_busy(h, mt->a, h->busy[mt->a] | (uint64_t)1 << t);
    set_busy(h, mt->b, h->busy[mt->b] | (uint64_t)1 << t);
    h->at[(size_t)mt->a * (size_t)h->ns + (size_t)t] = m;
    h->at[(size_t)mt->b * (size_t)h->ns + (size_t)t] = m;
    h->spos[m] = h->cnt[t];
    h->slist[(size_t)t * (size_t)h->scap + (size_t)h->cnt[t]++] = m;
    unlist(h, m);
    return true;
}

void sched_heur_remove(sched_heur *h, int m)
{
    int t = h->slot[m];
    if (t < 0) return;
    const sched_meeting *mt = &h->p->meetings[m];
    if (h->interp[m] >= 0) {
        h->ibusy[h->interp[m]] &= ~((uint64_t)1 << t);
        h->iwho[(size_t)h->interp[m] * (size_t)h->ns + (size_t)t] = -1;
        h->interp[m] = -1;
    }
    set_busy(h, mt->a, h->busy[mt->a] & ~((uint64_t)1 << t));
    set_busy(h, mt->b, h->busy[mt->b] & ~((uint64_t)1 << t));
    h->at[(size_t)mt->a * (size_t)h->ns + (size_t)t] = -1;
    h->at[(size_t)mt->b * (size_t)h->ns + (size_t)t] = -1;
    int *list = &h->slist[(size_t)t * (size_t)h->scap];
    int last = list[--h->cnt[t]];
    list[h->spos[m]] = last;
    h->spos[last] = h->spos[m];
    h->slot[m] = -1;
    h->upos[m] = h->nu;
    h->ulist[h->nu++] = m;
}

bool sched_heur_prec_ok(const sched_heur *h, int m, int t)
{
    const sched_meeting *mt = &h->p->meetings[m];
    for (int k = 0; k < mt->nprec; k++)
        if (h->slot[mt->prec[k]] >= t) return false;
    for (int k = h->succ_start[m]; k < h->succ_start[m + 1]; k++) {
        int s = h->slot[h->succ[k]];
        if (s >= 0 && s <= t) return false;
    }
    return true;
}

/* Slot of q once the moves are applied. */
static int tentative(const sched_heur *h, const sched_hmove *mv, int k, int q)
{
    for (int i = 0; i < k; i++)
        if (mv[i].m == q) return mv[i].to;
    return h->slot[q];
}

static bool prec_after_moves(const sched_heur *h, const sched_hmove *mv, int k)
{
    for (int i = 0; i < k; i++) {
        int m = mv[i].m, t = mv[i].to;
        if (t < 0) continue;
        const sched_meeting *mt = &h->p->meetings[m];
        for (int j = 0; j < mt->nprec; j++)
            if (tentative(h, mv, k, mt->prec[j]) >= t) return false;
        for (int j = h->succ_start[m]; j < h->succ_start[m + 1]; j++) {
            int s = tentative(h, mv, k, h->succ[j]);
            if (s >= 0 && s <= t) return false;
        }
    }
    return true;
}

/* Net table use per touched slot must stay within the tables. */
static bool tables_after_moves(const sched_heur *h, const sched_hmove *mv, int k)
{
    int slots[8], delta[8], ns = 0;
    for (int i = 0; i < k; i++) {
        int from = h->slot[mv[i].m], to = mv[i].to;
        for (int side = 0; side < 2; side++) {
            int s = side ? to : from, d = side ? 1 : -1, j = 0;
            if (s < 0) continue;
            while (j < ns && slots[j] != s) j++;
            if (j == ns) {
                slots[ns] = s;
                delta[ns++] = 0;
            }
            delta[j] += d;
        }
    }
    for (int j = 0; j < ns; j++)
        if (delta[j] > 0 && h->cnt[slots[j]] + delta[j] > h->nt) return false;
    return true;
}

bool sched_heur_eval(const sched_heur *h, const sched_hmove *mv, int k, sched_hdelta *d)
{
    int qs[8], nq = 0;
    uint64_t nm[8];
    d->unplaced = 0;
    for (int i = 0; i < k; i++) {
        const sched_meeting *mt = &h->p->meetings[mv[i].m];
        int from = h->slot[mv[i].m], to = mv[i].to;
        if (to >= 0 && !(h->dom[mv[i].m] & ((uint64_t)1 << to))) return false;
        d->unplaced += (to < 0) - (from < 0);
        int who[2] = { mt->a, mt->b };
        for (int s = 0; s < 2; s++) {
            int j = 0;
            while (j < nq && qs[j] != who[s]) j++;
            if (j == nq) {
                qs[nq] = who[s];
                nm[nq++] = h->busy[who[s]];
            }
            if (from >= 0) nm[j] &= ~((uint64_t)1 << from);
        }
    }
    for (int i = 0; i < k; i++) {
        if (mv[i].to < 0) continue;
        const sched_meeting *mt = &h->p->meetings[mv[i].m];
        uint64_t bit = (uint64_t)1 << mv[i].to;
        for (int j = 0; j < nq; j++) {
            if (qs[j] != mt->a && qs[j] != mt->b) continue;
            if (nm[j] & bit) return false;
            nm[j] |= bit;
        }
    }
    if (!tables_after_moves(h, mv, k) || !prec_after_moves(h, mv, k)) return false;
    d->excess = d->breaks = 0;
    for (int j = 0; j < nq; j++) {
        int nb = sched_mask_breaks(nm[j]), ob = h->brk[qs[j]];
        d->breaks += nb - ob;
        d->excess += excess_of(h, nb) - excess_of(h, ob);
    }
    return true;
}

bool sched_heur_apply(sched_heur *h, const sched_hmove *mv, int k)
{
    int old[8];
    for (int i = 0; i < k; i++) {
        old[i] = h->slot[mv[i].m];
        sched_heur_remove(h, mv[i].m);
    }
    for (int i = 0; i < k; i++) {
        if (mv[i].to < 0 || sched_heur_place(h, mv[i].m, mv[i].to)) continue;
        for (int j = 0; j < i; j++) sched_heur_remove(h, mv[j].m);
        /* The old assignment had a matching, so augmenting paths find one again. */
        for (int j = 0; j < k; j++)
            if (old[j] >= 0) sched_heur_place(h, mv[j].m, old[j]);
        return false;
    }
    return true;
}

/* Moves m to slot t, displacing what blocks it: the meetings its two participants
 * already have in t go to m's old slot (or out, when m was unplaced), and when t has
 * no table left one more of t's meetings goes the same way (a swap). */
static int build_move(sched_heur *h, int m, int t, sched_hmove *mv)
{
    int s = h->slot[m], k = 0;
    const sched_meeting *mt = &h->p->meetings[m];
    int ma = h->at[(size_t)mt->a * (size_t)h->ns + (size_t)t];
    int mb = h->at[(size_t)mt->b * (size_t)h->ns + (size_t)t];
    mv[k++] = (sched_hmove){ m, t };
    if (ma >= 0) mv[k++] = (sched_hmove){ ma, s };
    if (mb >= 0 && mb != ma) mv[k++] = (sched_hmove){ mb, s };
    int c = h->cnt[t];
    if (c + 1 - (k - 1) > h->nt && c > k - 1) {
        const int *list = &h->slist[(size_t)t * (size_t)h->scap];
        int r = (int)(sched_heur_rand(h) % (uint64_t)c);
        while (list[r] == ma || list[r] == mb) r = (r + 1) % c;
        mv[k++] = (sched_hmove){ list[r], s };
    }
    return k;
}

/* A random slot of m's domain other than its current one, or -1. */
static int random_target(sched_heur *h, int m)
{
    uint64_t d = h->dom[m];
    if (h->slot[m] >= 0) d &= ~((uint64_t)1 << h->slot[m]);
    if (!d) return -1;
    int r = (int)(sched_heur_rand(h) % (uint64_t)h->ns);
    uint64_t hi = d & ~sched_mask_first(r);
    return __builtin_ctzll(hi ? hi : d);
}

typedef struct heur_key {
    int unplaced;
    long excess, breaks;
} heur_key;

static heur_key current_key(const sched_heur *h)
{
    return (heur_key){ h->nu, h->excess, h->breaks };
}

/* Lexicographic: placing comes first, then fairness, then breaks. */
static bool key_less(heur_key x, heur_key y)
{
    if (x.unplaced != y.unplaced) return x.unplaced < y.unplaced;
    if (x.excess != y.excess) return x.excess < y.excess;
    return x.breaks < y.breaks;
}

static void restore(sched_heur *h, const int *slots)
{
    for (int m = 0; m < h->n; m++)
        if (h->slot[m] != slots[m]) sched_heur_remove(h, m);
    for (int m = 0; m < h->n; m++)
        if (slots[m] >= 0 && h->slot[m] < 0) sched_heur_place(h, m, slots[m]);
}

/* Picks a random move and decides by the Metropolis rule at temperature temp
 * whether to take it; true with the move in mv/k and its change in d. */
static bool choose(sched_heur *h, double temp, sched_hmove *mv, int *k, sched_hdelta *d)
{
    int m;
    if (h->nu > 0 && (sched_heur_rand(h) & 3) == 0)
        m = h->ulist[sched_heur_rand(h) % (uint64_t)h->nu];
    else
        m = (int)(sched_heur_rand(h) % (uint64_t)h->n);
    int t = random_target(h, m);
    if (t < 0) return false;
    *k = build_move(h, m, t, mv);
    if (!sched_heur_eval(h, mv, *k, d)) return false;
    long w = (long)h->w_un * d->unplaced + (long)h->w_ex * d->excess + d->breaks;
    if (w <= 0) return true;
    double u = (double)(sched_heur_rand(h) >> 11) * (1.0 / 9007199254740992.0);
    return temp > 0 && u < exp(-(double)w / temp);
}

static bool reached(heur_key k, long target_breaks)
{
    return k.unplaced == 0 && k.excess == 0 && k.breaks <= target_breaks;
}

/* Annealing rounds from hot to cold; the best schedule (lexicographic key) is copied
 * only when the search is about to leave it. Stops after 25 rounds without
 * improvement (so a run is deterministic when it ends that way), at the deadline, or
 * at target_breaks with everything placed and fair. Ends in the best schedule. */
void sched_heur_search(sched_heur *h, long target_breaks)
{
    if (h->n == 0) return;
    int *best = mem_alloc(sizeof(int) * (size_t)h->n);
    memcpy(best, h->slot, sizeof(int) * (size_t)h->n);
    heur_key bk = current_key(h);
    bool saved = true, stop = reached(bk, target_breaks);
    long round_len = 20000 + 60L * h->n;
    const double t0 = 1.5, t1 = 0.05;
    for (int stall = 0; stall < 25 && !stop; stall++) {
        for (long it = 0; it < round_len && !stop; it++) {
            if ((it & 1023) == 0 && sched_now() > h->deadline) stop = true;
            double temp = t0 * pow(t1 / t0, (double)it / (double)round_len);
            sched_hmove mv[4];
            sched_hdelta d;
            int k;
            if (!choose(h, temp, mv, &k, &d)) continue;
            heur_key after = { h->nu + d.unplaced, h->excess + d.excess, h->breaks + d.breaks };
            if (!saved && key_less(bk, after)) {
                memcpy(best, h->slot, sizeof(int) * (size_t)h->n);
                saved = true;
            }
            if (!sched_heur_apply(h, mv, k)) continue;
            h->iterations++;
            if (key_less(current_key(h), bk)) {
                bk = current_key(h);
                saved = false;
                stall = -1;
                stop = stop || reached(bk, target_breaks);
            }
        }
    }
    if (!saved) memcpy(best, h->slot, sizeof(int) * (size_t)h->n);
    restore(h, best);
    free(best);
}
