/* audit.c — writes audit trail rows (audit.h). The caller's transaction covers both
 * the change and its audit row, so neither is ever stored without the other. */
#include "db/audit.h"

bool audit_record(db *d, int64_t user_id, const char *entity, int64_t entity_id,
                  const char *action, const char *changes_json)
{
    char now[DB_TIME_LEN];
    db_stmt *st = db_prepare(d, "INSERT INTO audit_log (at, user_id, entity, entity_id, action, changes) "
                                "VALUES (?, ?, ?, ?, ?, ?)");
    db_bind_text(st, 1, db_time_now(0, now));
    if (user_id > 0) db_bind_int(st, 2, user_id);
    else db_bind_null(st, 2);  /* 0 = system/CLI: NULL keeps the foreign key valid */
    db_bind_text(st, 3, entity);
    if (entity_id > 0) db_bind_int(st, 4, entity_id);
    else db_bind_null(st, 4);
    db_bind_text(st, 5, action);
    db_bind_text(st, 6, changes_json);
    int rc = db_step(st);
    db_done(st);
    return rc == DB_DONE;
}
