/* demo.h — the demo scenario of the article (/work/shared/seed): the West Kazakhstan
 * akimat, Shandong's Department of Commerce, the development corporation, the chamber
 * and its Baiterek branch, a charity foundation, Kazakh and Chinese companies of the
 * presented sectors, two training centres, fictional people, and demo accounts. */
#ifndef KOPIR_DOMAIN_DEMO_H
#define KOPIR_DOMAIN_DEMO_H
#include <stdbool.h>
#include <stdio.h>

#include "db/db.h"
#include "util/arena.h"

/* The demo accounts: name, password, role name. */
typedef struct demo_account {
    const char *name, *password, *role;
} demo_account;
/* admin/kopir-admin, coordinator/kopir-coordinator, member/kopir-member (member of the
 * Baiterek water company), viewer/kopir-viewer; terminated by name == NULL. */
extern const demo_account demo_accounts[];

typedef enum { DEMO_LOADED = 0, DEMO_ALREADY, DEMO_FAILED } demo_result;

/* Loads everything in one transaction (all or nothing). DEMO_ALREADY, changing nothing,
 * when the demo is already in the database (its akimat's BIN is present). On failure
 * err says why (English, for the operator). Accounts that already exist are kept as
 * they are. *norgs and *npeople receive what was created. */
demo_result demo_load(db *d, arena *a, int *norgs, int *npeople, char *err, int errlen);

#endif
