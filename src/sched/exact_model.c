/* exact_model.c — the SAT model of one scheduling problem for the exact solver:
 * domains, meeting/slot variables, participant occupation, tables, precedences,
 * interpreters, breaks and fairness. The optimisation loop lives in exact.c. */
#define SCHED_EXACT_INTERNAL
#include "sched/exact.h"
#include "sched/sched_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* Meetings of each participant as a CSR list. */
static void index_participants(sched_xenc *e)
{
    const sched_problem *p = e->p;
    e->pm_off = mem_calloc((size_t)p->nparticipants + 1, sizeof(int));
    e->pm = mem_alloc(sizeof(int) * (size_t)(2 * p->nmeetings + 1));
    for (int m = 0; m < p->nmeetings; m++) {
        e->pm_off[p->meetings[m].a + 1]++;
        e->pm_off[p->meetings[m].b + 1]++;
    }
    for (int q = 0; q < p->nparticipants; q++)
        e->pm_off[q + 1] += e->pm_off[q];
    int *fill = mem_calloc((size_t)p->nparticipants, sizeof(int));
    for (int m = 0; m < p->nmeetings; m++) {
        int a = p->meetings[m].a, b = p->meetings[m].b;
        e->pm[e->pm_off[a] + fill[a]++] = m;
        e->pm[e->pm_off[b] + fill[b]++] = m;
    }
    free(fill);
}

/* Slots meeting m may take ignoring precedences: session, both sides' forbidden slots,
 * its fixed slot, and `reach` (where some interpreter able to serve it works). */
static uint64_t base_domain(const sched_xenc *e, int m, uint64_t reach)
{
    const sched_problem *p = e->p;
    const sched_meeting *mt = &p->meetings[m];
    uint64_t all = e->T >= 64 ? ~(uint64_t)0 : BIT(e->T) - 1;
    uint64_t morning = p->nmorning >= 64 ? ~(uint64_t)0 : BIT(p->nmorning) - 1;
    uint64_t d = all;
    if (mt->session == SCHED_SESSION_MORNING)
        d &= morning;
    else if (mt->session == SCHED_SESSION_AFTERNOON)
        d &= ~morning;
    d &= ~p->participants[mt->a].forbidden & ~p->participants[mt->b].forbidden;
    if (mt->fixed_slot >= 0)
        d &= mt->fixed_slot < e->T ? BIT(mt->fixed_slot) : 0;
    return d & reach;
}

/* Tightens domains along precedences to a fixpoint: a meeting comes strictly after the
 * earliest slot of each predecessor and strictly before the latest slot of each
 * successor. Only valid when every meeting is placed. A cycle empties the domains. */
static void propagate_precedences(sched_xenc *e)
{
    const sched_problem *p = e->p;
    for (int round = 0; round <= p->nmeetings + 1; round++) {
        bool changed = false;
        for (int m = 0; m < p->nmeetings; m++) {
            const sched_meeting *mt = &p->meetings[m];
            for (int k = 0; k < mt->nprec; k++) {
                int pr = mt->prec[k];
                if (!e->dom[pr] || !e->dom[m]) {
                    changed |= e->dom[pr] || e->dom[m];
                    e->dom[pr] = e->dom[m] = 0;
                    continue;
                }
                int lo = __builtin_ctzll(e->dom[pr]);      /* m must be > lo */
                int hi = 63 - __builtin_clzll(e->dom[m]);  /* pr must be < hi */
                uint64_t nm = e->dom[m] & ~(BIT(lo + 1) - 1);
                uint64_t np = e->dom[pr] & (BIT(hi) - 1);
                changed |= nm != e->dom[m] || np != e->dom[pr];
                e->dom[m] = nm;
                e->dom[pr] = np;
            }
        }
        if (!changed)
            return;
    }
    for (int m = 0; m < p->nmeetings; m++) /* still changing: a precedence cycle */
        e->dom[m] = 0;
}

static void make_domains(sched_xenc *e)
{
    const sched_problem *p = e->p;
    e->dom = mem_calloc((size_t)p->nmeetings + 1, sizeof(uint64_t));
    e->pdom = mem_calloc((size_t)p->nparticipants + 1, sizeof(uint64_t));
    uint64_t *reach = mem_calloc((size_t)p->nmeetings + 1, sizeof(uint64_t));
    sched_interpreter_reach(p, reach, NULL, NULL);
    for (int m = 0; m < p->nmeetings; m++)
        e->dom[m] = base_domain(e, m, reach[m]);
    free(reach);
    if (!e->unplaced)
        propagate_precedences(e);
    for (int m = 0; m < p->nmeetings; m++) {
        if (!e->dom[m] && !e->unplaced)
            e->infeasible = true;
        e->pdom[p->meetings[m].a] |= e->dom[m];
        e->pdom[p->meetings[m].b] |= e->dom[m];
    }
}

/* x[m][s] with exactly one slot per meeting (at most one, and placed[m] <-> some slot,
 * in allow_unplaced mode). */
static void make_meetings(sched_xenc *e)
{
    const sched_problem *p = e->p;
    int T = e->T, lits[SCHED_MAX_SLOTS + 1];
    e->x = mem_calloc((size_t)p->nmeetings * (size_t)T + 1, sizeof(int));
    e->placed = mem_calloc((size_t)p->nmeetings + 1, sizeof(int));
    for (int m = 0; m < p->nmeetings; m++) {
        int n = 0;
        for (int s = 0; s < T; s++)
            if (e->dom[m] & BIT(s))
                lits[n++] = X(e, m, s) = sched_xnew(e);
        sched_xamo(e, lits, n);
        if (!e->unplaced) {
            e->placed[m] = e->ltrue;
            sched_xclause(e, lits, n);
            continue;
        }
        e->placed[m] = sched_xnew(e);
        for (int k = 0; k < n; k++)
            sched_xc2(e, -lits[k], e->placed[m]);
        lits[n] = -e->placed[m];
        sched_xclause(e, lits, n + 1);
    }
}

/* Implied counts of q's busy slots when every meeting is placed: exactly n_q in all,
 * and for each distinct domain D of its meetings, at least as many busy slots within D
 * as q has meetings confined to D (Hall's condition: e.g. its morning-only meetings
 * need that many morning slots). CDCL cannot count (pigeonhole proofs are exponential
 * for it); the counters make such conflicts immediate. Too few slots: infeasible. */
static void busy_counts(sched_xenc *e, int q, int *lits)
{
    int nq = sched_xnmeet(e, q);
    for (int i = e->pm_off[q]; i <= e->pm_off[q + 1] && nq > 0; i++) {
        uint64_t D = i < e->pm_off[q + 1] ? e->dom[e->pm[i]] : e->pdom[q];
        int need = sched_xconfined(e, q, D), n = 0, seen = 0;
        for (int j = e->pm_off[q]; j < i; j++)
            seen += e->dom[e->pm[j]] == D; /* same D counted before */
        bool all = i == e->pm_off[q + 1];
        if (!all && (seen || need < 2 || D == e->pdom[q]))
            continue;
        for (int s = 0; s < e->T; s++)
            if (D & BIT(s))
                lits[n++] = BUSY(e, q, s);
        sched_xunary c = sched_xcount(e, lits, n, need + 1);
        if (c.n < need)
            e->infeasible = true;
        else
            sched_xc2(e, c.lit[need - 1], c.lit[need - 1]);
        if (all && c.n > need) /* exactly n_q in all */
            sched_xc2(e, -c.lit[need], -c.lit[need]);
        sched_xunary_free(&c);
    }
}

/* busy[q][s] <-> some meeting of q in s, with at most one meeting of q per slot.
 * Implied: when every meeting is placed, q is busy in exactly n_q slots; the counter
 * lets the solver see that directly instead of rediscovering it per conflict. */
static void make_busy(sched_xenc *e)
{
    const sched_problem *p = e->p;
    int T = e->T;
    int *lits = mem_alloc(sizeof(int) * (size_t)(2 * p->nmeetings + T + 2));
    e->busy = mem_calloc((size_t)p->nparticipants * (size_t)T + 1, sizeof(int));
    for (int q = 0; q < p->nparticipants; q++) {
        for (int s = 0; s < T; s++) {
            int n = 0;
            for (int k = e->pm_off[q]; k < e->pm_off[q + 1]; k++)
                if (X(e, e->pm[k], s))
                    lits[n++] = X(e, e->pm[k], s);
            if (n <= 1) {
                BUSY(e, q, s) = n ? lits[0] : -e->ltrue;
                continue;
            }
            int b = BUSY(e, q, s) = sched_xnew(e);
            sched_xamo(e, lits, n);
            for (int k = 0; k < n; k++)
                sched_xc2(e, -lits[k], b);
            lits[n] = -b;
            sched_xclause(e, lits, n + 1);
        }
        if (!e->unplaced)
            busy_counts(e, q, lits);
    }
    free(lits);
}

/* How many meetings slot s can hold at most: tables, or fewer candidates. */
static int slot_room(const sched_xenc *e, int s)
{
    int n = 0;
    for (int m = 0; m < e->p->nmeetings && n < e->p->ntables; m++)
        n += (e->dom[m] >> s) & 1;
    return n;
}

/* Two sides of the event: most B2B events are two groups meeting each other (buyers and
 * sellers, a delegation and local firms). side[q] is a 2-colouring of the meeting graph
 * (depth-first, then single flips while a participant has more partners on its own
 * side than across). Returns how many meetings stay inside a side. */
int sched_xenc_sides(const sched_xenc *e, char *side)
{
    const sched_problem *p = e->p;
    int P = p->nparticipants, *stack = mem_alloc(sizeof(int) * (size_t)(P + 1)), top = 0;
    memset(side, 2, (size_t)P); /* 2: no side yet (char may be unsigned) */
    for (int r = 0; r < P; r++) {
        if (side[r] != 2)
            continue;
        side[r] = 0, stack[top++] = r;
        while (top) {
            int u = stack[--top];
            for (int i = e->pm_off[u]; i < e->pm_off[u + 1]; i++) {
                const sched_meeting *mt = &p->meetings[e->pm[i]];
                int v = mt->a == u ? mt->b : mt->a;
                if (side[v] == 2)
                    side[v] = (char)(1 - side[u]), stack[top++] = v;
            }
        }
    }
    free(stack);
    for (bool changed = true; changed;) { /* each flip cuts more meetings: terminates */
        changed = false;
        for (int u = 0; u < P; u++) {
            int same = 0;
            for (int i = e->pm_off[u]; i < e->pm_off[u + 1]; i++) {
                const sched_meeting *mt = &p->meetings[e->pm[i]];
                same += side[mt->a == u ? mt->b : mt->a] == side[u];
            }
            if (2 * same > sched_xnmeet(e, u))
                side[u] = (char)(1 - side[u]), changed = true;
        }
    }
    int inside = 0;
    for (int m = 0; m < p->nmeetings; m++)
        inside += side[p->meetings[m].a] == side[p->meetings[m].b];
    return inside;
}

/* Collects into lits the meetings that may take slot s with both participants on side k;
 * returns how many. */
static int inside_lits(const sched_xenc *e, int s, const char *side, int k, int *lits)
{
    const sched_problem *p = e->p;
    int n = 0;
    for (int m = 0; m < p->nmeetings; m++)
        if (X(e, m, s) && side[p->meetings[m].a] == k && side[p->meetings[m].b] == k)
            lits[n++] = X(e, m, s);
    return n;
}

/* Implied, per slot s with table counter c: a meeting across the sides makes one
 * participant of side 0 busy, one inside side 0 two, one inside side 1 none, so
 * busy0 + inside1 = meetings + inside0 (each term counted in slot s). With the busy
 * count = 2 x meetings link this fixes each side's busy count, not only their sum:
 * one side cannot fill more than its share of the tables. */
static void side_link(sched_xenc *e, int s, const sched_xunary *c, const char *side, int *lits)
{
    const sched_problem *p = e->p;
    /* above anything either sum can reach, so both counts are exact */
    int cap = c->n + inside_lits(e, s, side, 0, lits) + 1, nbusy = 0;
    sched_xunary lhs[2], rhs[2], sum[2];
    lhs[1] = sched_xcount(e, lits, inside_lits(e, s, side, 1, lits), cap);
    for (int q = 0; q < p->nparticipants; q++)
        if (side[q] == 0 && (e->pdom[q] & BIT(s)))
            lits[nbusy++] = BUSY(e, q, s);
    lhs[0] = sched_xcount(e, lits, nbusy, cap);
    sum[0] = sched_xsum(e, lhs, 2, cap);
    rhs[0] = *c;
    rhs[1] = sched_xcount(e, lits, inside_lits(e, s, side, 0, lits), cap);
    sum[1] = sched_xsum(e, rhs, 2, cap);
    for (int j = 0; j < sum[0].n || j < sum[1].n; j++) {
        int u = j < sum[0].n ? sum[0].lit[j] : -e->ltrue, v = j < sum[1].n ? sum[1].lit[j] : -e->ltrue;
        sched_xc2(e, -u, v);
        sched_xc2(e, u, -v);
    }
    for (int k = 0; k < 2; k++) {
        sched_xunary_free(&lhs[k]);
        sched_xunary_free(&sum[k]);
    }
    sched_xunary_free(&rhs[1]);
}

/* Tables, counted in busy participants: a meeting makes exactly two participants busy
 * (each is in at most one meeting per slot), so slot s holds at most k meetings iff at
 * most 2k participants are busy in it, and the busy count is even: ">= 2j-1 -> >= 2j".
 * One counter over the participants thus carries the table limit and ties "who is busy
 * when" (fixed by the break structure) directly to table room: 27 participants who
 * must be busy at s take all 14 tables. A counter over the meetings as well (linked
 * to this one) cost a third more clauses and made the slow originals 1.5 times slower
 * (docs/sched-exact.md, "Tables as busy participants"). Implied when every meeting is
 * placed: slot s holds at least nmeetings - (room of all other slots) meetings. */
static void make_tables(sched_xenc *e)
{
    const sched_problem *p = e->p;
    int T = e->T, room_all = 0, *room = mem_alloc(sizeof(int) * (size_t)(T + 1));
    int *lits = mem_alloc(sizeof(int) * (size_t)(p->nmeetings + p->nparticipants + 1));
    for (int s = 0; s < T; s++)
        room_all += room[s] = slot_room(e, s);
    /* the side link only where at most a tenth of the meetings stay inside a side:
     * otherwise it is loose and costs more than it prunes (docs/sched-exact.md) */
    char *side = mem_alloc((size_t)p->nparticipants + 1);
    if (10 * sched_xenc_sides(e, side) > p->nmeetings || getenv("KOPIR_EXACT_NOSIDES")) {
        free(side);
        side = NULL;
    }
    for (int s = 0; s < T && !e->infeasible; s++) {
        int n = 0, nb = 0;
        for (int m = 0; m < p->nmeetings; m++)
            n += X(e, m, s) != 0;
        int lo = e->unplaced ? 0 : p->nmeetings - (room_all - room[s]), k = room[s];
        if (n <= p->ntables && lo <= 0)
            continue;
        for (int q = 0; q < p->nparticipants; q++)
            if (e->pdom[q] & BIT(s))
                lits[nb++] = BUSY(e, q, s);
        sched_xunary b = sched_xcount(e, lits, nb, 2 * k + 1);
        if (lo > k || 2 * lo > b.n) {
            e->infeasible = true; /* more meetings than the slot can hold */
            sched_xunary_free(&b);
            break;
        }
        for (int j = 1; 2 * j <= b.n; j++)
            sched_xc2(e, -b.lit[2 * j - 2], b.lit[2 * j - 1]);
        if (2 * k < b.n)
            sched_xc2(e, -b.lit[2 * k], -b.lit[2 * k]);
        if (lo > 0)
            sched_xc2(e, b.lit[2 * lo - 1], b.lit[2 * lo - 1]);
        if (side) { /* meetings >= j <-> busy >= 2j */
            sched_xunary c = { mem_alloc(sizeof(int) * (size_t)(k + 1)), 0 };
            for (int j = 1; j <= k && 2 * j <= b.n; j++)
                c.lit[c.n++] = b.lit[2 * j - 1];
            side_link(e, s, &c, side, lits);
            sched_xunary_free(&c);
        }
        sched_xunary_free(&b);
    }
    free(lits);
    free(room);
    free(side);
}

void sched_xenc_order(sched_xenc *e, int m)
{
    if (e->T == 0 || LE(e, m, e->T - 1))
        return;
    int prev = -e->ltrue;
    for (int s = 0; s < e->T; s++) {
        if (!(e->dom[m] & ((BIT(s) << 1) - 1))) {
            LE(e, m, s) = prev; /* no slot <= s possible yet */
            continue;
        }
        int v = sched_xnew(e);
        sched_xc2(e, -prev, v);
        if (X(e, m, s))
            sched_xc2(e, -X(e, m, s), v);
        sched_xc3(e, -v, prev, X(e, m, s) ? X(e, m, s) : -e->ltrue);
        LE(e, m, s) = prev = v;
    }
}

/* slot(before) < slot(after): after in s -> before in some slot <= s-1. In
 * allow_unplaced mode the constraint binds only when both are placed. */
static void order_pair(sched_xenc *e, int before, int after)
{
    sched_xenc_order(e, before);
    for (int s = 0; s < e->T; s++) {
        if (!X(e, after, s))
            continue;
        int c = s > 0 ? LE(e, before, s - 1) : -e->ltrue;
        sched_xc3(e, -X(e, after, s), c, e->unplaced ? -e->placed[before] : c);
    }
}

/* Two meetings of q whose other sides have no other meeting, with the same domain and
 * no precedence, fixed slot or interpreter, can swap slots without changing anything
 * that is scored: order them (slot of the first < slot of the second). */
static bool symmetric_single(const sched_xenc *e, int m, int q, int *other)
{
    const sched_meeting *mt = &e->p->meetings[m];
    int r = mt->a == q ? mt->b : mt->a;
    *other = r;
    return sched_xnmeet(e, r) == 1 && mt->fixed_slot < 0 && mt->nprec == 0 &&
           !sched_meeting_needs_interpreter(e->p, m);
}

static void break_symmetry(sched_xenc *e, const bool *is_pred)
{
    const sched_problem *p = e->p;
    for (int q = 0; q < p->nparticipants; q++) {
        for (int i = e->pm_off[q]; i < e->pm_off[q + 1]; i++) {
            int m = e->pm[i], r;
            if (!symmetric_single(e, m, q, &r) || is_pred[m])
                continue;
            /* the next equivalent meeting after m in q's list, if any */
            for (int j = i + 1; j < e->pm_off[q + 1]; j++) {
                int m2 = e->pm[j], r2;
                if (!symmetric_single(e, m2, q, &r2) || is_pred[m2] ||
                    e->dom[m2] != e->dom[m] ||
                    p->participants[r].forbidden != p->participants[r2].forbidden)
                    continue;
                order_pair(e, m, m2);
                e->sym[m] = e->sym[m2] = true;
                break;
            }
        }
    }
}

static void make_precedences(sched_xenc *e)
{
    const sched_problem *p = e->p;
    e->le = mem_calloc((size_t)p->nmeetings * (size_t)e->T + 1, sizeof(int));
    bool *is_pred = mem_calloc((size_t)p->nmeetings + 1, sizeof(bool));
    e->sym = mem_calloc((size_t)p->nmeetings + 1, sizeof(bool));
    for (int m = 0; m < p->nmeetings; m++)
        for (int k = 0; k < p->meetings[m].nprec; k++) {
            is_pred[p->meetings[m].prec[k]] = true;
            order_pair(e, p->meetings[m].prec[k], m);
        }
    if (!e->unplaced)
        break_symmetry(e, is_pred);
    free(is_pred);
}

static void add_iv(sched_xenc *e, int m, int i, int s, int v)
{
    if (e->niv == e->capiv) {
        e->capiv = e->capiv ? 2 * e->capiv : 64;
        e->ivm = mem_realloc(e->ivm, sizeof(int) * (size_t)e->capiv);
        e->ivi = mem_realloc(e->ivi, sizeof(int) * (size_t)e->capiv);
        e->ivs = mem_realloc(e->ivs, sizeof(int) * (size_t)e->capiv);
        e->ivv = mem_realloc(e->ivv, sizeof(int) * (size_t)e->capiv);
    }
    e->ivm[e->niv] = m, e->ivi[e->niv] = i, e->ivs[e->niv] = s, e->ivv[e->niv] = v;
    e->niv++;
}

/* A meeting that needs an interpreter gets one among those who can serve it and are
 * available in its slot: y[m][i][s] -> x[m][s], x[m][s] -> OR_i y[m][i][s]; each
 * interpreter serves at most one meeting per slot. */
static void make_interpreters(sched_xenc *e)
{
    const sched_problem *p = e->p;
    int T = e->T;
    int *vl = mem_alloc(sizeof(int) * (size_t)(p->ninterpreters + 1));
    for (int m = 0; m < p->nmeetings; m++) {
        if (!sched_meeting_needs_interpreter(p, m))
            continue;
        for (int s = 0; s < T; s++) {
            if (!X(e, m, s))
                continue;
            int n = 0;
            for (int i = 0; i < p->ninterpreters; i++) {
                if (!(p->interpreters[i].available & BIT(s)) || !sched_interpreter_can_serve(p, i, m))
                    continue;
                int v = sched_xnew(e);
                sched_xc2(e, -v, X(e, m, s));
                add_iv(e, m, i, s, v);
                vl[n++] = v;
            }
            vl[n] = -X(e, m, s);
            sched_xclause(e, vl, n + 1);
        }
    }
    free(vl);
    /* at most one meeting per interpreter and slot: bucket the variables by (i, s) */
    int nb = p->ninterpreters * T;
    int *off = mem_calloc((size_t)nb + 1, sizeof(int)), *ord = mem_alloc(sizeof(int) * (size_t)(e->niv + 1));
    for (int k = 0; k < e->niv; k++)
        off[e->ivi[k] * T + e->ivs[k] + 1]++;
    for (int b = 0; b < nb; b++)
        off[b + 1] += off[b];
    int *fill = mem_calloc((size_t)nb + 1, sizeof(int));
    for (int k = 0; k < e->niv; k++) {
        int b = e->ivi[k] * T + e->ivs[k];
        ord[off[b] + fill[b]++] = e->ivv[k];
    }
    for (int b = 0; b < nb; b++)
        sched_xamo(e, ord + off[b], off[b + 1] - off[b]);
    free(fill);
    free(off);
    free(ord);
}

/* Minimum breaks of q from its possible slots alone: its n_q meetings need n_q busy
 * slots, and every maximal run of possible slots used beyond the first is a break;
 * greedily take the longest runs. */
int sched_xenc_participant_lb(const sched_xenc *e, int q)
{
    int need = sched_xnmeet(e, q), runs[SCHED_MAX_SLOTS], nr = 0, len = 0;
    if (e->unplaced || need < 2)
        return 0;
    for (int s = 0; s <= e->T; s++) {
        if (s < e->T && (e->pdom[q] & BIT(s))) {
            len++;
        } else if (len) {
            runs[nr++] = len;
            len = 0;
        }
    }
    for (int i = 0; i < nr; i++) /* sort descending (nr <= 32) */
        for (int j = i + 1; j < nr; j++)
            if (runs[j] > runs[i]) {
                int t = runs[i];
                runs[i] = runs[j];
                runs[j] = t;
            }
    int used = 0;
    while (used < nr && need > 0)
        need -= runs[used++];
    return used > 0 ? used - 1 : 0;
}

/* Breaks of q: after[s] <-> q busy at s or later; gap[s] <-> busy[s-1] & ~busy[s] &
 * after[s+1] marks the first idle slot of a break, so q's breaks = sum of its gaps.
 * Every definition is two-way so that the counts are exact: fairness needs lower
 * bounds on breaks (>= L), not only upper bounds. */
static int make_gaps(sched_xenc *e, int q, int *gaps, int *after)
{
    int T = e->T, n = 0;
    after[T] = -e->ltrue;
    for (int s = T - 1; s >= 0; s--) {
        if (!(e->pdom[q] >> s)) {
            after[s] = -e->ltrue;
            continue;
        }
        int v = after[s] = sched_xnew(e), b = BUSY(e, q, s);
        sched_xc2(e, -b, v);
        sched_xc2(e, -after[s + 1], v);
        sched_xc3(e, -v, b, after[s + 1]);
    }
    for (int s = 1; s + 1 < T; s++) {
        if (!(e->pdom[q] & BIT(s - 1)) || !(e->pdom[q] >> (s + 1)))
            continue;
        int g = e->gap[(size_t)q * (size_t)T + (size_t)s] = sched_xnew(e);
        int prev = BUSY(e, q, s - 1), cur = BUSY(e, q, s), later = after[s + 1];
        int cl[4] = { -prev, cur, -later, g };
        sched_xclause(e, cl, 4);
        sched_xc2(e, -g, prev);
        sched_xc2(e, -g, -cur);
        sched_xc2(e, -g, later);
        gaps[n++] = g;
    }
    return n;
}

/* Per-participant break counters, the participant lower bounds, and fairness for this
 * encoding's minimum L: L <= breaks(q) <= L + d for every participant. */
static void make_breaks(sched_xenc *e)
{
    const sched_problem *p = e->p;
    int T = e->T, gaps[SCHED_MAX_SLOTS], after[SCHED_MAX_SLOTS + 1];
    e->gap = mem_calloc((size_t)p->nparticipants * (size_t)T + 1, sizeof(int));
    e->brk = mem_calloc((size_t)p->nparticipants + 1, sizeof(sched_xunary));
    e->lbp = mem_calloc((size_t)p->nparticipants + 1, sizeof(int));
    e->aft = mem_calloc((size_t)p->nparticipants * (size_t)T + 1, sizeof(int));
    e->bef = mem_calloc((size_t)p->nparticipants * (size_t)T + 1, sizeof(int));
    int L = e->fairness_min, d = e->fair_d;
    for (int q = 0; q < p->nparticipants; q++) {
        int n = sched_xnmeet(e, q) >= 2 ? make_gaps(e, q, gaps, after) : 0;
        int cap = d >= 0 ? L + d + 1 : n;
        e->brk[q] = sched_xcount(e, gaps, n, cap);
        sched_xunary *c = &e->brk[q];
        if (sched_xnmeet(e, q) >= 2)
            sched_xdays_blocks(e, q, after, c->n > 0 ? c->lit[0] : -e->ltrue);
        int lb = e->lbp[q] = sched_xenc_participant_lb(e, q);
        if (lb > c->n || (L > c->n)) {
            e->infeasible = true;
            continue;
        }
        if (lb > 0)
            sched_xc2(e, c->lit[lb - 1], c->lit[lb - 1]);
        if (L > 0)
            sched_xc2(e, c->lit[L - 1], c->lit[L - 1]);
        if (d >= 0 && c->n > L + d)
            sched_xc2(e, -c->lit[L + d], -c->lit[L + d]);
    }
}

/* KOPIR_EXACT_CADICAL="name=val,name=val" sets CaDiCaL options (for tuning runs). */
static void tune(CCaDiCaL *sat)
{
    const char *env = getenv("KOPIR_EXACT_CADICAL");
    char name[64];
    int val, used;
    while (env && sscanf(env, " %63[^=,]=%d%n", name, &val, &used) == 2) {
        ccadical_set_option(sat, name, val);
        env += used;
        env += *env == ',';
    }
}

/* An estimate of the model's size, dominated by the per-slot counters. */
static double estimate_clauses(const sched_xenc *e)
{
    const sched_problem *p = e->p;
    double total = 0;
    for (int s = 0; s < e->T; s++) {
        double nq = 0;
        for (int q = 0; q < p->nparticipants; q++)
            nq += (double)((e->pdom[q] >> s) & 1);
        total += sched_xtotalizer_cost(nq, 2.0 * p->ntables + 1);
    }
    /* per meeting and slot: x, its ladders and the interval links; per participant: busy,
     * gaps, blocks; per tight participant (exactly as many possible slots as meetings) a
     * capped counter per slot (exact_days.c) */
    for (int q = 0; q < p->nparticipants; q++)
        if (sched_xdays_tight(e, q))
            total += 2.0 * e->T * sched_xnmeet(e, q) * sched_xnmeet(e, q);
    return total + 15.0 * p->nmeetings * e->T + 30.0 * p->nparticipants * e->T;
}

bool sched_exact_declines(const sched_problem *p, const sched_options *o)
{
    if (p->nslots > SCHED_MAX_SLOTS)
        return false; /* sched_exact_solve answers those itself */
    sched_xenc e;
    memset(&e, 0, sizeof e);
    e.p = p;
    e.T = p->nslots;
    e.fair_d = o->fairness;
    e.unplaced = o->allow_unplaced;
    index_participants(&e);
    make_domains(&e);
    bool big = !e.infeasible && estimate_clauses(&e) > SCHED_XMAX_CLAUSES;
    sched_xenc_free(&e);
    return big;
}

/* Builds the whole model of p for fairness minimum L (0 when o->fairness < 0). */
void sched_xenc_build(sched_xenc *e, const sched_problem *p, const sched_options *o, int L, int flavour,
                      double deadline)
{
    memset(e, 0, sizeof(*e));
    e->deadline = deadline;
    e->p = p;
    e->T = p->nslots;
    e->fairness_min = L;
    e->fair_d = o->fairness;
    e->unplaced = o->allow_unplaced;
    e->sat = ccadical_init();
    ccadical_set_option(e->sat, "quiet", 1); /* CaDiCaL would print to stdout */
    /* CaDiCaL in its stable mode only (long Luby-paced runs on saved phases) instead of
     * alternating it with the focused mode: with the interval links it finds schedules
     * sooner and proves no slower (docs/sched-exact.md, "Stable mode only"). */
    ccadical_set_option(e->sat, "stabilizeonly", 1);
    if (flavour == 1) {
        ccadical_set_option(e->sat, "target", 2);
        ccadical_set_option(e->sat, "seed", 7);
    }
    e->ltrue = sched_xnew(e);
    index_participants(e);
    make_domains(e);
    if (e->infeasible)
        return;
    double size = estimate_clauses(e);
    if (size > SCHED_XMAX_CLAUSES) {
        e->too_big = true;
        return;
    }
    /* Events of thousands of meetings: CaDiCaL's elimination, subsumption and
     * vivification rounds pass over millions of clauses without looking at the clock
     * (2 s past the deadline on 3,000 meetings); such models are searched for better
     * schedules, not proofs, so those rounds are left out there. */
    if (size > SCHED_XBIG_CLAUSES) {
        ccadical_set_option(e->sat, "elim", 0);
        ccadical_set_option(e->sat, "subsume", 0);
        ccadical_set_option(e->sat, "vivify", 0);
    }
    tune(e->sat); /* options only before the first clause */
    sched_xc2(e, e->ltrue, e->ltrue);
    e->build_start = sched_now();
    make_meetings(e);
    make_busy(e);
    make_tables(e);
    make_precedences(e);
    make_interpreters(e);
    make_breaks(e);
    sched_xdays_intervals(e);
    e->build_start = 0;
}

void sched_xenc_free(sched_xenc *e)
{
    if (e->sat)
        ccadical_release(e->sat);
    if (e->brk)
        for (int q = 0; q < e->p->nparticipants; q++)
            sched_xunary_free(&e->brk[q]);
    free(e->brk);
    free(e->sym);
    free(e->lbp);
    free(e->aft);
    free(e->bef);
    free(e->gap);
    free(e->le);
    free(e->busy);
    free(e->placed);
    free(e->x);
    free(e->dom);
    free(e->pdom);
    free(e->pm);
    free(e->pm_off);
    free(e->ivm);
    free(e->ivi);
    free(e->ivs);
    free(e->ivv);
    memset(e, 0, sizeof(*e));
}
