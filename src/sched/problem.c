/* problem.c — the problem model's lifecycle: reading (dispatch to the .dzn or JSON
 * reader), validation, freeing; language and interpreter predicates; default options;
 * solution allocation and copying; status and reason names (codes of the JSON output,
 * not translated; the messages are, with _()). */
#include "sched/sched.h"
#include "sched/sched_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/mem.h"

void sched_errf(char *err, int errlen, const char *fmt, ...)
{
    if (!err || errlen <= 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, (size_t)errlen, fmt, ap);
    va_end(ap);
}

double sched_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool sched_text_begin(const char *name, const char **data, int *len, char *err, int errlen)
{
    if (*len >= 3 && memcmp(*data, "\xEF\xBB\xBF", 3) == 0) {
        *data += 3;
        *len -= 3;
    }
    const char *nul = *len > 0 ? memchr(*data, '\0', (size_t)*len) : NULL;
    if (!nul) return true;
    int line = 1, col = 1;
    for (const char *c = *data; c < nul; c++) {
        if (*c == '\n') line++, col = 1;
        else if (((unsigned char)*c & 0xC0) != 0x80) col++; /* UTF-8 continuation bytes are no column */
    }
    sched_errf(err, errlen, "%s:%d:%d: %s", name, line, col, _("the text contains a NUL character"));
    return false;
}

bool sched_problem_read_buffer(const char *name, const char *data, int len,
                               sched_problem *out, char *err, int errlen)
{
    memset(out, 0, sizeof *out);
    if (!name) name = "input";
    if (!data || len < 0) len = 0;
    if (!sched_text_begin(name, &data, &len, err, errlen)) return false;
    int i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    if (i == len) {
        sched_errf(err, errlen, "%s: %s", name, _("the file is empty"));
        return false;
    }
    /* Chosen by content: whatever starts like a JSON value goes to the JSON reader (which
     * says what is wrong with it: "expected an object" for an array or a number), and a
     * .dzn file starts with an assignment or a comment. Only a file that looks like
     * neither goes by its name, so a .dzn named .json still reads. */
    const char *c = data + i;
    size_t rest = (size_t)(len - i), nl = strlen(name);
    bool json_start = (*c && strchr("{[\"-0123456789", *c)) ||
                      (rest >= 4 && (!strncmp(c, "null", 4) || !strncmp(c, "true", 4))) ||
                      (rest >= 5 && !strncmp(c, "false", 5));
    bool dzn_start = !json_start && (isalpha((unsigned char)*c) || *c == '_' || *c == '%' || *c == '/');
    bool json = json_start || (!dzn_start && nl >= 5 && strcasecmp(name + nl - 5, ".json") == 0);
    bool ok = json ? sched_json_read(name, data, len, out, err, errlen) : sched_dzn_read(name, data, len, out, err, errlen);
    if (!ok) {
        sched_problem_free(out);
        return false;
    }
    char verr[512]; /* room for a translated message */
    if (!sched_problem_validate(out, verr, sizeof verr)) {
        sched_errf(err, errlen, "%s: %s", name, verr);
        sched_problem_free(out);
        return false;
    }
    return true;
}

bool sched_problem_read_file(const char *path, sched_problem *out, char *err, int errlen)
{
    memset(out, 0, sizeof *out);
    /* Errors about the file as a whole carry no line and column ("FILE: ..."). */
    FILE *f = fopen(path, "rb");
    if (!f) {
        char msg[512];
        snprintf(msg, sizeof msg, _("cannot open: %s"), i18n_strerror(errno));
        sched_errf(err, errlen, "%s: %s", path, msg);
        return false;
    }
    char *data = mem_alloc(SCHED_MAX_INPUT + 1);
    size_t n = fread(data, 1, SCHED_MAX_INPUT + 1, f);
    int rerr = ferror(f) ? errno : 0;
    fclose(f);
    bool ok = false;
    if (rerr) {
        char msg[512];
        snprintf(msg, sizeof msg, _("cannot read: %s"), i18n_strerror(rerr));
        sched_errf(err, errlen, "%s: %s", path, msg);
    } else if (n > SCHED_MAX_INPUT) {
        char msg[512];
        snprintf(msg, sizeof msg, _("file larger than %d bytes"), SCHED_MAX_INPUT);
        sched_errf(err, errlen, "%s: %s", path, msg);
    } else {
        ok = sched_problem_read_buffer(path, data, (int)n, out, err, errlen);
    }
    free(data);
    return ok;
}

static bool validate_meeting(const sched_problem *p, int m, char *err, int errlen)
{
    const sched_meeting *mt = &p->meetings[m];
    if (mt->a < 0 || mt->a >= p->nparticipants || mt->b < 0 || mt->b >= p->nparticipants) {
        sched_errf(err, errlen, _("meeting %d: participant out of range"), m + 1);
        return false;
    }
    if (mt->a == mt->b) {
        sched_errf(err, errlen, _("meeting %d: a participant cannot meet itself"), m + 1);
        return false;
    }
    if (mt->session < SCHED_SESSION_MORNING || mt->session > SCHED_SESSION_ANY) {
        sched_errf(err, errlen, _("meeting %d: session must be 1, 2 or 3"), m + 1);
        return false;
    }
    if (mt->fixed_slot < -1 || mt->fixed_slot >= p->nslots) {
        sched_errf(err, errlen, _("meeting %d: fixed slot out of range"), m + 1);
        return false;
    }
    if (mt->nprec < 0 || mt->nprec > p->nmeetings || (mt->nprec > 0 && !mt->prec)) {
        sched_errf(err, errlen, _("meeting %d: bad precedence list"), m + 1);
        return false;
    }
    for (int k = 0; k < mt->nprec; k++) {
        int q = mt->prec[k];
        if (q < 0 || q >= p->nmeetings || q == m) {
            sched_errf(err, errlen, _("meeting %d: precedence %d out of range or itself"), m + 1, q + 1);
            return false;
        }
    }
    return true;
}

static bool validate_interpreters(const sched_problem *p, char *err, int errlen)
{
    if (p->nlanguages < 0 || p->nlanguages > SCHED_MAX_LANGUAGES) {
        sched_errf(err, errlen, _("at most %d languages"), SCHED_MAX_LANGUAGES);
        return false;
    }
    if (p->ninterpreters < 0 || p->ninterpreters > SCHED_MAX_INTERPRETERS ||
        (p->ninterpreters > 0 && !p->interpreters)) {
        sched_errf(err, errlen, _("bad interpreter count"));
        return false;
    }
    for (int i = 0; i < p->ninterpreters; i++) {
        const sched_interpreter *in = &p->interpreters[i];
        if (in->npairs < 0 || in->npairs > SCHED_MAX_PAIRS || (in->npairs > 0 && !in->pairs)) {
            sched_errf(err, errlen, _("interpreter %d: bad language pair list"), i + 1);
            return false;
        }
        for (int k = 0; k < in->npairs; k++) {
            const sched_lang_pair *lp = &in->pairs[k];
            if (lp->l1 < 0 || lp->l1 >= p->nlanguages || lp->l2 < 0 || lp->l2 >= p->nlanguages) {
                sched_errf(err, errlen, _("interpreter %d: language out of range"), i + 1);
                return false;
            }
        }
    }
    return true;
}

bool sched_problem_validate(const sched_problem *p, char *err, int errlen)
{
    if (p->nslots < 1 || p->nslots > SCHED_MAX_SLOTS) {
        sched_errf(err, errlen, _("number of slots must be 1..%d"), SCHED_MAX_SLOTS);
        return false;
    }
    if (p->nmorning < 0 || p->nmorning > p->nslots) {
        sched_errf(err, errlen, _("morning slots must be 0..%d"), p->nslots);
        return false;
    }
    if (p->ntables < 1 || p->ntables > SCHED_MAX_TABLES) {
        sched_errf(err, errlen, _("number of tables must be 1..%d"), SCHED_MAX_TABLES);
        return false;
    }
    if (p->nparticipants < 0 || p->nparticipants > SCHED_MAX_PARTICIPANTS ||
        p->nmeetings < 0 || p->nmeetings > SCHED_MAX_MEETINGS ||
        (p->nparticipants > 0 && !p->participants) || (p->nmeetings > 0 && !p->meetings)) {
        sched_errf(err, errlen, _("at most %d participants and %d meetings"),
                   SCHED_MAX_PARTICIPANTS, SCHED_MAX_MEETINGS);
        return false;
    }
    for (int m = 0; m < p->nmeetings; m++)
        if (!validate_meeting(p, m, err, errlen)) return false;
    uint64_t outside = ~sched_mask_first(p->nslots);
    uint32_t langs = p->nlanguages >= 32 ? ~(uint32_t)0 : (((uint32_t)1 << p->nlanguages) - 1);
    for (int q = 0; q < p->nparticipants; q++) {
        if (p->participants[q].forbidden & outside) {
            sched_errf(err, errlen, _("participant %d: forbidden slot out of range"), q + 1);
            return false;
        }
        if (p->participants[q].languages & ~langs) {
            sched_errf(err, errlen, _("participant %d: language out of range"), q + 1);
            return false;
        }
    }
    return validate_interpreters(p, err, errlen);
}

void sched_problem_free(sched_problem *p)
{
    if (!p) return;
    arena_free(p->owner);
    memset(p, 0, sizeof *p);
}

bool sched_meeting_needs_interpreter(const sched_problem *p, int m)
{
    uint32_t la = p->participants[p->meetings[m].a].languages;
    uint32_t lb = p->participants[p->meetings[m].b].languages;
    return la && lb && !(la & lb);
}

typedef struct pair_key {
    uint64_t key; /* the two sides' language sets, smaller first */
    int m;
} pair_key;

static int pair_key_cmp(const void *x, const void *y)
{
    const pair_key *a = x, *b = y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return a->m - b->m;
}

int sched_interpreter_reach(const sched_problem *p, uint64_t *out, int *group, int *first)
{
    pair_key *k = mem_alloc(sizeof(pair_key) * (size_t)(p->nmeetings + 1));
    int n = 0, ng = 0;
    uint64_t all = sched_mask_first(p->nslots), reach = 0;
    for (int m = 0; m < p->nmeetings; m++) {
        out[m] = all;
        if (group) group[m] = -1;
        if (!sched_meeting_needs_interpreter(p, m)) continue;
        uint64_t la = p->participants[p->meetings[m].a].languages, lb = p->participants[p->meetings[m].b].languages;
        k[n++] = (pair_key){ la < lb ? la << 32 | lb : lb << 32 | la, m };
    }
    qsort(k, (size_t)n, sizeof *k, pair_key_cmp);
    for (int j = 0; j < n; j++) {
        if (j == 0 || k[j].key != k[j - 1].key) { /* a new group: scan the interpreters once */
            reach = 0;
            for (int i = 0; i < p->ninterpreters; i++)
                if (sched_interpreter_can_serve(p, i, k[j].m)) reach |= p->interpreters[i].available;
            if (first) first[ng] = k[j].m;
            ng++;
        }
        out[k[j].m] = reach & all;
        if (group) group[k[j].m] = ng - 1;
    }
    free(k);
    return ng;
}

bool sched_interpreter_can_serve(const sched_problem *p, int i, int m)
{
    uint32_t la = p->participants[p->meetings[m].a].languages;
    uint32_t lb = p->participants[p->meetings[m].b].languages;
    const sched_interpreter *in = &p->interpreters[i];
    for (int k = 0; k < in->npairs; k++) {
        uint32_t b1 = (uint32_t)1 << in->pairs[k].l1, b2 = (uint32_t)1 << in->pairs[k].l2;
        if (((la & b1) && (lb & b2)) || ((la & b2) && (lb & b1))) return true;
    }
    return false;
}

uint64_t sched_meeting_domain(const sched_problem *p, int m)
{
    const sched_meeting *mt = &p->meetings[m];
    uint64_t all = sched_mask_first(p->nslots), morning = sched_mask_first(p->nmorning);
    uint64_t d = all;
    if (mt->session == SCHED_SESSION_MORNING) d &= morning;
    else if (mt->session == SCHED_SESSION_AFTERNOON) d &= ~morning;
    d &= ~p->participants[mt->a].forbidden & ~p->participants[mt->b].forbidden;
    if (mt->fixed_slot >= 0) d &= (uint64_t)1 << mt->fixed_slot;
    return d;
}

void sched_options_default(sched_options *o)
{
    memset(o, 0, sizeof *o);
    o->fairness = 2;
    o->time_limit = 60;
    o->mode = SCHED_MODE_HEURISTIC;
    o->allow_unplaced = false;
    o->seed = 1;
}

void sched_solution_init(sched_solution *s, const sched_problem *p)
{
    memset(s, 0, sizeof *s);
    int n = p->nmeetings;
    s->nmeetings = n;
    s->slot = mem_calloc((size_t)(n ? n : 1), sizeof(int));
    s->table = mem_calloc((size_t)(n ? n : 1), sizeof(int));
    s->interpreter = mem_calloc((size_t)(n ? n : 1), sizeof(int));
    s->why = mem_calloc((size_t)(n ? n : 1), sizeof(sched_why));
    s->why_who = mem_calloc((size_t)(n ? n : 1), sizeof(int));
    for (int m = 0; m < n; m++) {
        s->slot[m] = s->table[m] = s->interpreter[m] = s->why_who[m] = -1;
        s->why[m] = SCHED_WHY_NONE;
    }
    s->status = SCHED_UNKNOWN;
}

void sched_solution_free(sched_solution *s)
{
    if (!s) return;
    free(s->slot);
    free(s->table);
    free(s->interpreter);
    free(s->why);
    free(s->why_who);
    memset(s, 0, sizeof *s);
}

static void *dup_array(const void *src, size_t n, size_t size)
{
    void *d = mem_calloc(n ? n : 1, size);
    if (src && n) memcpy(d, src, n * size);
    return d;
}

void sched_solution_copy(sched_solution *dst, const sched_solution *src)
{
    *dst = *src;
    size_t n = (size_t)(src->nmeetings > 0 ? src->nmeetings : 0);
    dst->slot = dup_array(src->slot, n, sizeof(int));
    dst->table = dup_array(src->table, n, sizeof(int));
    dst->interpreter = dup_array(src->interpreter, n, sizeof(int));
    dst->why = dup_array(src->why, n, sizeof(sched_why));
    dst->why_who = dup_array(src->why_who, n, sizeof(int));
}

const char *sched_status_name(sched_status st)
{
    switch (st) {
    case SCHED_OPTIMAL: return "optimal";
    case SCHED_FEASIBLE: return "feasible";
    case SCHED_INFEASIBLE: return "infeasible";
    default: return "unknown";
    }
}

const char *sched_why_name(sched_why w)
{
    switch (w) {
    case SCHED_WHY_PARTICIPANT: return "participant";
    case SCHED_WHY_TABLES: return "tables";
    case SCHED_WHY_INTERPRETER: return "interpreter";
    case SCHED_WHY_PRECEDENCE: return "precedence";
    case SCHED_WHY_FAIRNESS: return "fairness";
    default: return "none";
    }
}
