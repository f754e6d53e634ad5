/* i18n.c — translation tables built from the embedded po/{kk,ru,zh,en}.po at start-up
 * (one open-addressing hash table per language), the per-language plural rules of
 * ../shared/domain.md written out in C, the thread's current language, and choosing
 * a language from a code or an Accept-Language header. */
#include "i18n/i18n.h"
#include "i18n/po.h"
#include "util/assets.h"
#include "util/mem.h"
#include "util/text.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct tr_entry {
    char *msgid;                    /* NULL marks an empty slot */
    char *forms[PO_MAX_FORMS];      /* translation, or its plural forms */
    int nforms;
} tr_entry;

typedef struct catalog {
    tr_entry *slots;
    size_t cap;                     /* power of two */
    size_t count;
} catalog;

typedef struct lang_info {
    const char *code, *tag, *native;
    int nplurals;                   /* must match the catalog's Plural-Forms header */
} lang_info;

static const lang_info langs[LANG_COUNT] = {
    [LANG_KK] = { "kk", "kk-KZ", "Қазақша", 2 },
    [LANG_RU] = { "ru", "ru-KZ", "Русский", 3 },
    [LANG_ZH] = { "zh", "zh-CN", "中文", 1 },
    [LANG_EN] = { "en", "en", "English", 2 },
};

static catalog catalogs[LANG_COUNT];
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool init_ok;
static char init_err[256];
static _Thread_local lang_id current = LANG_RU;

/* ---- hash table ---- */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

static tr_entry *slot_for(const catalog *c, const char *msgid)
{
    if (c->cap == 0) return NULL;
    size_t i = (size_t)hash_str(msgid) & (c->cap - 1);
    while (c->slots[i].msgid && strcmp(c->slots[i].msgid, msgid) != 0)
        i = (i + 1) & (c->cap - 1);
    return &c->slots[i];
}

static void catalog_grow(catalog *c)
{
    catalog bigger = { mem_calloc(c->cap ? c->cap * 2 : 256, sizeof(tr_entry)),
                       c->cap ? c->cap * 2 : 256, c->count };
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].msgid) *slot_for(&bigger, c->slots[i].msgid) = c->slots[i];
    free(c->slots);
    *c = bigger;
}

static const tr_entry *catalog_get(const catalog *c, const char *msgid)
{
    const tr_entry *e = slot_for(c, msgid);
    return e && e->msgid ? e : NULL;
}

/* ---- loading ---- */

typedef struct load_ctx {
    catalog *cat;
    const lang_info *info;
    bool header_seen;
} load_ctx;

/* Checks the header entry: UTF-8 charset and the expected nplurals. */
static bool check_header(load_ctx *lc, const char *h, char *err, int errlen)
{
    const char *cs = strcasestr(h, "charset=");
    if (!cs || strncasecmp(cs + 8, "UTF-8", 5) != 0) {
        snprintf(err, (size_t)errlen, "header: charset must be UTF-8");
        return false;
    }
    const char *pf = strstr(h, "Plural-Forms:");
    const char *np = pf ? strstr(pf, "nplurals=") : NULL;
    int n = np ? atoi(np + 9) : 0;
    if (n != lc->info->nplurals) {
        snprintf(err, (size_t)errlen, "header: Plural-Forms must have nplurals=%d",
                 lc->info->nplurals);
        return false;
    }
    lc->header_seen = true;
    return true;
}

static bool load_entry(void *ctx, const po_entry *e, char *err, int errlen)
{
    load_ctx *lc = ctx;
    if (e->msgctxt) return true; /* kopir has no pgettext: contexts are not used */
    if (e->msgid[0] == '\0') return check_header(lc, e->msgstr[0], err, errlen);
    if (!lc->header_seen) {
        snprintf(err, (size_t)errlen, "line %d: the header entry must come first", e->line);
        return false;
    }
    if (e->fuzzy) return true;
    for (int i = 0; i < e->nforms; i++) {
        if (e->msgstr[i][0] == '\0') return true; /* untranslated: fall back to msgid */
        if (!text_valid_utf8(e->msgstr[i], strlen(e->msgstr[i]))) {
            snprintf(err, (size_t)errlen, "line %d: translation is not valid UTF-8", e->line);
            return false;
        }
    }
    if (e->msgid_plural && e->nforms != lc->info->nplurals) {
        snprintf(err, (size_t)errlen, "line %d: %d plural forms, the language has %d",
                 e->line, e->nforms, lc->info->nplurals);
        return false;
    }
    catalog *c = lc->cat;
    if ((c->count + 1) * 2 > c->cap) catalog_grow(c);
    tr_entry *slot = slot_for(c, e->msgid);
    if (slot->msgid) {
        snprintf(err, (size_t)errlen, "line %d: duplicate msgid", e->line);
        return false;
    }
    slot->msgid = mem_strdup(e->msgid);
    slot->nforms = e->nforms;
    for (int i = 0; i < e->nforms; i++) slot->forms[i] = mem_strdup(e->msgstr[i]);
    c->count++;
    return true;
}

bool i18n_load_po_text(lang_id l, const char *data, size_t len, char *err, int errlen)
{
    char why[200] = "";
    load_ctx lc = { &catalogs[l], &langs[l], false };
    if (!i18n_po_parse(data, len, load_entry, &lc, why, sizeof why)) {
        snprintf(err, (size_t)errlen, "%s", why);
        return false;
    }
    if (!lc.header_seen) {
        snprintf(err, (size_t)errlen, "no header entry with Plural-Forms");
        return false;
    }
    return true;
}

static bool load_lang(lang_id l, char *err, int errlen)
{
    char name[32], why[200] = "";
    snprintf(name, sizeof name, "po/%s.po", langs[l].code);
    const asset *a = assets_find(name);
    if (!a) {
        snprintf(err, (size_t)errlen, "%s: not built into the binary", name);
        return false;
    }
    if (!i18n_load_po_text(l, (const char *)a->data, a->size, why, sizeof why)) {
        snprintf(err, (size_t)errlen, "%s: %s", name, why);
        return false;
    }
    return true;
}

static void init_all(void)
{
    init_ok = true;
    for (int l = 0; l < LANG_COUNT && init_ok; l++)
        init_ok = load_lang((lang_id)l, init_err, sizeof init_err);
}

bool i18n_init(char *err, int errlen)
{
    pthread_once(&init_once, init_all);
    if (!init_ok && err && errlen > 0) snprintf(err, (size_t)errlen, "%s", init_err);
    return init_ok;
}

/* ---- lookup ---- */

void i18n_set_lang(lang_id l)
{
    if ((int)l >= 0 && l < LANG_COUNT) current = l;
}

lang_id i18n_lang(void)
{
    return current;
}

static const tr_entry *lookup(lang_id l, const char *msgid)
{
    if (!msgid || !msgid[0] || (int)l < 0 || l >= LANG_COUNT) return NULL;
    pthread_once(&init_once, init_all); /* callers that forgot i18n_init still work */
    return catalog_get(&catalogs[l], msgid);
}

const char *i18n_gettext_in(lang_id l, const char *msgid)
{
    const tr_entry *e = lookup(l, msgid);
    return e ? e->forms[0] : (msgid ? msgid : "");
}

const char *i18n_gettext(const char *msgid)
{
    return i18n_gettext_in(current, msgid);
}

int i18n_plural_index(lang_id l, unsigned long n)
{
    switch (l) {
    case LANG_RU:
        if (n % 10 == 1 && n % 100 != 11) return 0;
        if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20)) return 1;
        return 2;
    case LANG_ZH:
        return 0;
    case LANG_KK:
    case LANG_EN:
    default:
        return n != 1;
    }
}

const char *i18n_ngettext(const char *singular, const char *plural, unsigned long n)
{
    const tr_entry *e = lookup(current, singular);
    int idx = i18n_plural_index(current, n);
    if (e && idx < e->nforms) return e->forms[idx];
    return n == 1 ? singular : plural;
}

int i18n_catalog_size(lang_id l)
{
    if ((int)l < 0 || l >= LANG_COUNT) return 0;
    pthread_once(&init_once, init_all);
    return (int)catalogs[l].count;
}

/* ---- language names and choice ---- */

const char *i18n_code(lang_id l)
{
    return (int)l >= 0 && l < LANG_COUNT ? langs[l].code : "ru";
}

const char *i18n_tag(lang_id l)
{
    return (int)l >= 0 && l < LANG_COUNT ? langs[l].tag : "ru-KZ";
}

const char *i18n_native_name(lang_id l)
{
    return (int)l >= 0 && l < LANG_COUNT ? langs[l].native : "Русский";
}

/* Matches a language range of n bytes: the primary subtag (letters only) must be one of
 * ours, optionally followed by "-" or "_" and more subtags. */
static bool parse_range(const char *s, size_t n, lang_id *out)
{
    if (n < 2 || n > 35) return false;
    size_t p = 0;
    while (p < n && s[p] != '-' && s[p] != '_') p++;
    if (p != 2) return false;
    for (size_t i = p; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  ((c == '-' || c == '_') && i + 1 < n);
        if (!ok) return false;
    }
    for (int l = 0; l < LANG_COUNT; l++)
        if (strncasecmp(s, langs[l].code, 2) == 0) { *out = (lang_id)l; return true; }
    return false;
}

bool i18n_parse(const char *code, lang_id *out)
{
    lang_id l;
    if (!code || !parse_range(code, strlen(code), &l)) return false;
    if (out) *out = l;
    return true;
}

/* Parses a q-value ("1", "1.0", "0.8", "0.125"; at most three decimals) into thousandths;
 * -1 when malformed. */
static int parse_q(const char *s, size_t n)
{
    if (n == 0 || (s[0] != '0' && s[0] != '1')) return -1;
    int v = (s[0] - '0') * 1000;
    if (n == 1) return v;
    if (s[1] != '.' || n > 5) return -1;
    int scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v += (s[i] - '0') * scale;
    }
    return v > 1000 ? -1 : v;
}

/* One Accept-Language item "range[;q=value]" of n bytes (spaces around parts allowed):
 * the language it names and its weight (0..1000), or -1 when it names none of ours
 * or is malformed. */
static int parse_item(const char *s, size_t n, lang_id *l)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    const char *semi = memchr(s, ';', n);
    size_t rn = semi ? (size_t)(semi - s) : n;
    while (rn > 0 && (s[rn - 1] == ' ' || s[rn - 1] == '\t')) rn--;
    if (!parse_range(s, rn, l)) return -1;
    if (!semi) return 1000;
    const char *p = semi + 1;
    size_t pn = n - (size_t)(p - s);
    while (pn > 0 && (*p == ' ' || *p == '\t')) { p++; pn--; }
    if (pn < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') return -1;
    return parse_q(p + 2, pn - 2);
}

lang_id i18n_from_accept_language(const char *header, lang_id fallback)
{
    if (!header) return fallback;
    size_t len = strnlen(header, 4096);
    if (len == 4096) return fallback; /* longer than any real browser sends */
    lang_id best = fallback;
    int best_q = 0, items = 0;
    const char *p = header, *end = header + len;
    while (p < end && items < 64) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        size_t n = comma ? (size_t)(comma - p) : (size_t)(end - p);
        lang_id l;
        int q = parse_item(p, n, &l);
        if (q > best_q) { /* strictly greater: among equal weights the first wins */
            best_q = q;
            best = l;
        }
        items++;
        p += n + (comma ? 1 : 0);
    }
    return best;
}

const char *i18n_strerror(int errnum)
{
    switch (errnum) {
    case ENOENT: return _("no such file or directory");
    case EACCES:
    case EPERM: return _("permission denied");
    case EISDIR: return _("is a directory");
    case ENOTDIR: return _("a part of the path is not a directory");
    case ENOSPC: return _("no space left on the disk");
    case EROFS: return _("the file system is read-only");
    case EEXIST: return _("already exists");
    case ENAMETOOLONG: return _("the file name is too long");
    default: return strerror(errnum);
    }
}
