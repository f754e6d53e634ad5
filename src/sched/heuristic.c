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
    int g = h->cgroup[m];
    for (int c = h->cand_start[g]; c < h->cand_start[g + 1]; c++) {
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

void sched_heur_delta_add(const sched_heur *h, int q, uint64_t mask, sched_hdelta *d)
{
    int nb = sched_mask_breaks(mask), ob = h->brk[q];
    d->breaks += nb - ob;
    d->excess += excess_of(h, nb) - excess_of(h, ob);
    d->idle += sched_mask_idle(mask) - sched_mask_idle(h->busy[q]);
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
    d->excess = d->breaks = d->idle = 0;
    for (int j = 0; j < nq; j++)
        sched_heur_delta_add(h, qs[j], nm[j], d);
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

/* State of the annealing shared with the acceptance callback. */
typedef struct sa_ctx {
    double temp;
    heur_key bk;        /* best key so far */
    bool saved;         /* best[] holds the best schedule (else the current one is it) */
    int *best;
} sa_ctx;

/* Metropolis rule on the weighted cost; copies the best schedule just before the
 * search leaves it, so copies happen only when needed. */
static bool sa_accept(sched_heur *h, const sched_hdelta *d, void *arg)
{
    sa_ctx *c = arg;
    double w = (double)h->w_un * d->unplaced + (double)h->w_ex * d->excess + d->breaks + h->w_idle * d->idle;
    if (w > 0) {
        double u = (double)(sched_heur_rand(h) >> 11) * (1.0 / 9007199254740992.0);
        if (!(c->temp > 0 && u < exp(-w / c->temp))) return false;
    }
    heur_key after = { h->nu + d->unplaced, h->excess + d->excess, h->breaks + d->breaks };
    if (!c->saved && key_less(c->bk, after)) {
        memcpy(c->best, h->slot, sizeof(int) * (size_t)h->n);
        c->saved = true;
    }
    return true;
}

/* A meeting of a participant with breaks and a slot that could close a gap: a
 * free slot between its first and last meeting or next to them. False if none. */
static bool focused(sched_heur *h, int *m, int *t)
{
    for (int tries = 0; tries < 8; tries++) {
        int q = (int)(sched_heur_rand(h) % (uint64_t)h->np);
        uint64_t b = h->busy[q];
        if (h->brk[q] == 0) continue;
        int lo = __builtin_ctzll(b), hi = 63 - __builtin_clzll(b);
        uint64_t span = sched_mask_first(hi + 2 < h->ns ? hi + 2 : h->ns) & ~sched_mask_first(lo > 0 ? lo - 1 : 0);
        uint64_t free_slots = span & ~b;
        int k = (int)(sched_heur_rand(h) % (uint64_t)__builtin_popcountll(b));
        for (uint64_t x = b; x; x &= x - 1, k--)
            if (k == 0) *m = h->at[(size_t)q * (size_t)h->ns + (size_t)__builtin_ctzll(x)];
        free_slots &= h->dom[*m];
        if (!free_slots) continue;
        int r = (int)(sched_heur_rand(h) % (uint64_t)__builtin_popcountll(free_slots));
        for (uint64_t x = free_slots; x; x &= x - 1, r--)
            if (r == 0) *t = __builtin_ctzll(x);
        return true;
    }
    return false;
}

/* One move: insert an unplaced meeting (ejecting what blocks it), swap two whole
 * slots, or a Kempe chain from a random or a focused meeting. */
static void step(sched_heur *h, sa_ctx *c)
{
    unsigned r = (unsigned)(sched_heur_rand(h) & 31);
    if (h->nu > 0 && r < 8) {
        int m = h->ulist[sched_heur_rand(h) % (uint64_t)h->nu], t = random_target(h, m);
        sched_hmove mv[4];
        sched_hdelta d;
        if (t < 0) return;
        int k = build_move(h, m, t, mv);
        if (sched_heur_eval(h, mv, k, &d) && sa_accept(h, &d, c)) sched_heur_apply(h, mv, k);
        return;
    }
    if (r == 31) {
        int s = (int)(sched_heur_rand(h) % (uint64_t)h->ns), t = (int)(sched_heur_rand(h) % (uint64_t)h->ns);
        sched_heur_swap_slots(h, s, t, sa_accept, c);
        return;
    }
    int m = -1, t = -1;
    if (!(r & 1) || !focused(h, &m, &t)) {
        m = (int)(sched_heur_rand(h) % (uint64_t)h->n);
        t = random_target(h, m);
    }
    if (t >= 0 && h->slot[m] >= 0) sched_heur_kempe(h, m, t, sa_accept, c);
}

static bool reached(heur_key k, long target_breaks)
{
    return k.unplaced == 0 && k.excess == 0 && k.breaks <= target_breaks;
}

/* Annealing rounds from hot to cold. Stops after 4 rounds without improving the
 * best (lexicographic key) once a fair schedule, complete unless allow_unplaced, exists (so a run is
 * deterministic when it ends that way), at the deadline, or at target_breaks.
 * Ends in the best schedule. */
void sched_heur_search(sched_heur *h, long target_breaks)
{
    if (h->n == 0) return;
    sched_heur_kempe_init(h);
    sa_ctx c = { 0, current_key(h), true, mem_alloc(sizeof(int) * (size_t)h->n) };
    memcpy(c.best, h->slot, sizeof(int) * (size_t)h->n);
    bool stop = reached(c.bk, target_breaks);
    /* Rounds double in length (up to 64x): longer anneals find better schedules, and
     * doubling lets a generous time limit buy them. t0/t1 suit break deltas of 1-2
     * (measured on the 20 originals: t0 from 0.6 to 2 give the same quality, 0.6 sooner). */
    long round_len = 20000 + 60L * h->n;
    const double t0 = 0.6, t1 = 0.05;
    const int maxstall = 4;
    int rounds = 0;
    /* Without a complete fair schedule yet, stagnation is no reason to stop. */
    for (int stall = 0; (stall < maxstall || (c.bk.unplaced > 0 && !h->allow_unplaced) || c.bk.excess > 0) && !stop;
         stall++) {
        long len = round_len << (rounds < 6 ? rounds : 6);
        rounds++;
        for (long it = 0; it < len && !stop; it++) {
            if ((it & 255) == 0 && sched_now() > h->deadline) stop = true;
            c.temp = t0 * pow(t1 / t0, (double)it / (double)len);
            step(h, &c);
            h->iterations++;
            if (key_less(current_key(h), c.bk)) {
                c.bk = current_key(h);
                c.saved = false;
                stall = -1;
                stop = stop || reached(c.bk, target_breaks);
            }
        }
    }
    if (!c.saved) memcpy(c.best, h->slot, sizeof(int) * (size_t)h->n);
    restore(h, c.best);
    free(c.best);
    sched_heur_kempe_free(h);
}
