/* heur_kempe.c — Kempe-chain moves for the heuristic: exchanging a closed group of
 * meetings between two slots keeps everyone single-booked by construction, so large
 * reshuffles stay feasible and only unary constraints, tables, precedences and
 * interpreters need checking. Whole-slot swaps are the largest such chain. */
#include "sched/sched.h"
#include "sched/sched_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct sched_hmove_buf {
    sched_hmove *mv;     /* [n] the chain: meeting and its new slot */
    int k;
    int *old;            /* [n] slots before applying, for rollback */
    unsigned *mark;      /* [n] == v when the meeting is in the chain */
    int *target;         /* [n] its new slot, valid when marked */
    unsigned v;
    uint64_t *pmask;     /* [np] participants' masks after the move */
    unsigned *pmark;     /* [np] == v when pmask is valid */
    int *plist, np;      /* touched participants */
};

void sched_heur_kempe_init(sched_heur *h)
{
    sched_hmove_buf *c = mem_calloc(1, sizeof *c);
    size_t n = (size_t)(h->n ? h->n : 1), np = (size_t)(h->np ? h->np : 1);
    c->mv = mem_calloc(n, sizeof(sched_hmove));
    c->old = mem_calloc(n, sizeof(int));
    c->mark = mem_calloc(n, sizeof(unsigned));
    c->target = mem_calloc(n, sizeof(int));
    c->pmask = mem_calloc(np, sizeof(uint64_t));
    c->pmark = mem_calloc(np, sizeof(unsigned));
    c->plist = mem_calloc(np, sizeof(int));
    h->chain = c;
}

void sched_heur_kempe_free(sched_heur *h)
{
    sched_hmove_buf *c = h->chain;
    if (!c) return;
    free(c->mv);
    free(c->old);
    free(c->mark);
    free(c->target);
    free(c->pmask);
    free(c->pmark);
    free(c->plist);
    free(c);
    h->chain = NULL;
}

static void add(sched_heur *h, int m, int to)
{
    sched_hmove_buf *c = h->chain;
    c->mark[m] = c->v;
    c->target[m] = to;
    c->mv[c->k++] = (sched_hmove){ m, to };
}

/* Closes the chain from index `from` on: for every mover, the meetings its
 * participants have in its target slot move to its source slot. */
static void close_chain(sched_heur *h, int from)
{
    sched_hmove_buf *c = h->chain;
    for (int i = from; i < c->k; i++) {
        int m = c->mv[i].m, to = c->mv[i].to, src = h->slot[m];
        const sched_meeting *mt = &h->p->meetings[m];
        int who[2] = { mt->a, mt->b };
        for (int s = 0; s < 2; s++) {
            int y = h->at[(size_t)who[s] * (size_t)h->ns + (size_t)to];
            if (y >= 0 && c->mark[y] != c->v) add(h, y, src);
        }
    }
}

/* Net table change of slot t under the chain. */
static int net(const sched_heur *h, int t)
{
    const sched_hmove_buf *c = h->chain;
    int d = 0;
    for (int i = 0; i < c->k; i++) d += (c->mv[i].to == t) - (h->slot[c->mv[i].m] == t);
    return d;
}

/* Grows the chain by random meetings of an overfull slot until both fit (bounded). */
static bool fit_tables(sched_heur *h, int s, int t)
{
    sched_hmove_buf *c = h->chain;
    for (int tries = 0; tries < 8; tries++) {
        int over = h->cnt[t] + net(h, t) > h->nt ? t : h->cnt[s] + net(h, s) > h->nt ? s : -1;
        if (over < 0) return true;
        int other = over == t ? s : t, cnt = h->cnt[over];
        const int *list = &h->slist[(size_t)over * (size_t)h->scap];
        int r = (int)(sched_heur_rand(h) % (uint64_t)(cnt ? cnt : 1)), y = -1;
        for (int j = 0; j < cnt && y < 0; j++)
            if (c->mark[list[(r + j) % cnt]] != c->v) y = list[(r + j) % cnt];
        if (y < 0) return false;
        int from = c->k;
        add(h, y, other);
        close_chain(h, from);
    }
    return false;
}

static int tentative(const sched_heur *h, int q)
{
    const sched_hmove_buf *c = h->chain;
    return c->mark[q] == c->v ? c->target[q] : h->slot[q];
}

static bool chain_valid(const sched_heur *h)
{
    const sched_hmove_buf *c = h->chain;
    for (int i = 0; i < c->k; i++) {
        int m = c->mv[i].m, t = c->mv[i].to;
        if (!(h->dom[m] & ((uint64_t)1 << t))) return false;
        const sched_meeting *mt = &h->p->meetings[m];
        for (int j = 0; j < mt->nprec; j++)
            if (tentative(h, mt->prec[j]) >= t) return false;
        for (int j = h->succ_start[m]; j < h->succ_start[m + 1]; j++) {
            int st = tentative(h, h->succ[j]);
            if (st >= 0 && st <= t) return false;
        }
    }
    return true;
}

static void touch(sched_heur *h, int q)
{
    sched_hmove_buf *c = h->chain;
    if (c->pmark[q] == c->v) return;
    c->pmark[q] = c->v;
    c->pmask[q] = h->busy[q];
    c->plist[c->np++] = q;
}

static void chain_delta(sched_heur *h, sched_hdelta *d)
{
    sched_hmove_buf *c = h->chain;
    c->np = 0;
    for (int i = 0; i < c->k; i++) {
        const sched_meeting *mt = &h->p->meetings[c->mv[i].m];
        touch(h, mt->a);
        touch(h, mt->b);
        uint64_t from = (uint64_t)1 << h->slot[c->mv[i].m];
        c->pmask[mt->a] &= ~from;
        c->pmask[mt->b] &= ~from;
    }
    for (int i = 0; i < c->k; i++) {
        const sched_meeting *mt = &h->p->meetings[c->mv[i].m];
        c->pmask[mt->a] |= (uint64_t)1 << c->mv[i].to;
        c->pmask[mt->b] |= (uint64_t)1 << c->mv[i].to;
    }
    *d = (sched_hdelta){ 0, 0, 0, 0 };
    for (int j = 0; j < c->np; j++)
        sched_heur_delta_add(h, c->plist[j], c->pmask[c->plist[j]], d);
}

static bool chain_apply(sched_heur *h)
{
    sched_hmove_buf *c = h->chain;
    for (int i = 0; i < c->k; i++) {
        c->old[i] = h->slot[c->mv[i].m];
        sched_heur_remove(h, c->mv[i].m);
    }
    for (int i = 0; i < c->k; i++) {
        if (sched_heur_place(h, c->mv[i].m, c->mv[i].to)) continue;
        for (int j = 0; j < i; j++) sched_heur_remove(h, c->mv[j].m);
        for (int j = 0; j < c->k; j++) sched_heur_place(h, c->mv[j].m, c->old[j]);
        return false;
    }
    return true;
}

static int finish(sched_heur *h, int s, int t, sched_haccept accept, void *arg)
{
    if (!fit_tables(h, s, t) || !chain_valid(h)) return 0;
    sched_hdelta d;
    chain_delta(h, &d);
    if (!accept(h, &d, arg)) return 0;
    return chain_apply(h) ? 1 : 0;
}

int sched_heur_kempe(sched_heur *h, int m, int t, sched_haccept accept, void *arg)
{
    int s = h->slot[m];
    if (s < 0 || s == t) return 0;
    sched_hmove_buf *c = h->chain;
    c->v++;
    c->k = 0;
    add(h, m, t);
    close_chain(h, 0);
    return finish(h, s, t, accept, arg);
}

int sched_heur_swap_slots(sched_heur *h, int s, int t, sched_haccept accept, void *arg)
{
    if (s == t) return 0;
    sched_hmove_buf *c = h->chain;
    c->v++;
    c->k = 0;
    for (int side = 0; side < 2; side++) {
        int from = side ? t : s, to = side ? s : t;
        for (int j = 0; j < h->cnt[from]; j++) add(h, h->slist[(size_t)from * (size_t)h->scap + (size_t)j], to);
    }
    return finish(h, s, t, accept, arg);
}
