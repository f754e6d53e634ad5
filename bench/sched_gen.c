/* sched_gen.c — generates a large, seeded B2B event in kopir's JSON problem format
 * (docs/sched-json.md) for the heuristic-mode scale run of bench/sched.
 * usage: sched_gen PARTICIPANTS MEETINGS SLOTS TABLES LANGUAGES INTERPRETERS SEED > event.json
 * Half the participants are Kazakh-side (kk and/or ru), half Chinese-side (zh, some ru);
 * some speak en or de (the fifth language). Meetings are distinct cross pairs with
 * skewed popularity; 10 % of participants have a forbidden slot; interpreters bridge
 * one or two pairs and work most slots. Slots are split evenly into two sessions. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;

static unsigned rnd(unsigned n)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (unsigned)(state % n);
}

static const char *lang[5] = { "kk", "ru", "zh", "en", "de" };

static void participants(int np, int nl, int slots)
{
    printf("  \"participants\": [\n");
    for (int i = 0; i < np; i++) {
        int kz = i % 2 == 0, n = 0, l[5];
        if (kz) {
            l[n++] = 1;
            if (rnd(10) < 7)
                l[n++] = 0;
        } else {
            l[n++] = 2;
            if (rnd(10) < 3)
                l[n++] = 1;
        }
        if (nl > 3 && rnd(10) < 4)
            l[n++] = 3;
        if (nl > 4 && rnd(20) == 0)
            l[n++] = 4;
        printf("    {\"name\": \"%s company %d\", \"languages\": [", kz ? "KZ" : "CN", i + 1);
        for (int k = 0; k < n; k++)
            printf("%s\"%s\"", k ? ", " : "", lang[l[k]]);
        printf("]");
        if (rnd(10) == 0)
            printf(", \"forbidden\": [%u]", 1 + rnd((unsigned)slots));
        printf("}%s\n", i + 1 < np ? "," : "");
    }
    printf("  ],\n");
}

/* Distinct cross-border pairs (a Kazakh-side even index, a Chinese-side odd index),
 * with popular participants (low indices of each side) requested more often. */
static void meetings(int np, int nm)
{
    int half = np / 2;
    uint64_t *seen = calloc((size_t)half * (size_t)half / 64 + 1, sizeof(uint64_t));
    printf("  \"meetings\": [\n");
    for (int m = 0; m < nm; m++) {
        unsigned a, b;
        size_t key;
        int tries = 0;
        do {
            a = rnd(rnd(4) == 0 ? (unsigned)half / 10 + 1 : (unsigned)half);
            b = rnd(rnd(4) == 0 ? (unsigned)half / 10 + 1 : (unsigned)half);
            key = (size_t)a * (size_t)half + b;
        } while ((seen[key / 64] >> (key % 64) & 1) && ++tries < 1000);
        seen[key / 64] |= (uint64_t)1 << (key % 64);
        unsigned s = rnd(10);
        printf("    {\"a\": %u, \"b\": %u%s}%s\n", 2 * a + 1, 2 * b + 2,
               s == 0 ? ", \"session\": \"morning\"" : s == 1 ? ", \"session\": \"afternoon\"" : "",
               m + 1 < nm ? "," : "");
    }
    printf("  ],\n");
    free(seen);
}

static void interpreters(int ni, int slots)
{
    static const int pairs[4][2] = { { 0, 2 }, { 1, 2 }, { 3, 2 }, { 4, 2 } };
    printf("  \"interpreters\": [\n");
    for (int i = 0; i < ni; i++) {
        int p1 = (int)rnd(10) < 5 ? 0 : 1, p2 = (int)rnd(4);
        printf("    {\"name\": \"Interpreter %d\", \"pairs\": [[\"%s\", \"%s\"]", i + 1,
               lang[pairs[p1][0]], lang[pairs[p1][1]]);
        if (p2 != p1)
            printf(", [\"%s\", \"%s\"]", lang[pairs[p2][0]], lang[pairs[p2][1]]);
        printf("], \"available\": [");
        int first = 1;
        for (int s = 1; s <= slots; s++)
            if (rnd(8) != 0) {
                printf("%s%d", first ? "" : ", ", s);
                first = 0;
            }
        printf("]}%s\n", i + 1 < ni ? "," : "");
    }
    printf("  ]\n");
}

int main(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: %s PARTICIPANTS MEETINGS SLOTS TABLES LANGUAGES INTERPRETERS SEED\n", argv[0]);
        return 2;
    }
    int np = atoi(argv[1]), nm = atoi(argv[2]), slots = atoi(argv[3]), tables = atoi(argv[4]);
    int nl = atoi(argv[5]), ni = atoi(argv[6]);
    state = (uint64_t)strtoull(argv[7], NULL, 10) * 0x9E3779B97F4A7C15ULL | 1;
    if (np < 4 || nm < 1 || nm > (np / 2) * (np / 2) / 2 || slots < 1 || slots > 64 || nl < 3 || nl > 5) {
        fprintf(stderr, "sched_gen: sizes out of range\n");
        return 2;
    }
    printf("{\n  \"format\": \"kopir-sched-1\", \"slots\": %d, \"morning\": %d, \"tables\": %d,\n",
           slots, slots / 2, tables);
    printf("  \"languages\": [");
    for (int l = 0; l < nl; l++)
        printf("%s\"%s\"", l ? ", " : "", lang[l]);
    printf("],\n");
    participants(np, nl, slots);
    meetings(np, nm);
    interpreters(ni, slots);
    printf("}\n");
    return 0;
}
