/* audit.h — the audit trail: every change to a business record writes one row saying
 * who changed what, when, with old and new values, inside the same transaction as the
 * change itself (callers begin/commit; audit_record only inserts). */
#ifndef KOPIR_DB_AUDIT_H
#define KOPIR_DB_AUDIT_H
#include <stdint.h>
#include "db/db.h"

/* Writes one audit row: user_id (0 = system/CLI), entity ("organisation", "person",
 * "user", ...), entity_id, action ("create", "update", "archive", "restore", "import"),
 * changes as a JSON object {"field": {"old": ..., "new": ...}} (NULL = none).
 * Time is now in UTC. Returns false on a database error. */
bool audit_record(db *d, int64_t user_id, const char *entity, int64_t entity_id,
                  const char *action, const char *changes_json);

#endif
