//! The audit log on SQLite: appended to in the same transaction as the write it records.

use async_trait::async_trait;
use crm_shared::paging::Page;
use r2d2_sqlite::rusqlite::params;

use super::convert::{time_from_sql, time_to_sql};
use super::unit::SqliteUnitOfWork;
use crate::store::{AuditFilter, AuditRecord, AuditStore, NewAuditEntry, StoreResult};

#[async_trait]
impl AuditStore for SqliteUnitOfWork {
    async fn append_audit(&mut self, entry: &NewAuditEntry) -> StoreResult<i64> {
        let entry = entry.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO audit_log (at, user_id, username, entity, entity_id, action,
                                        old_value, new_value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    time_to_sql(entry.at),
                    entry.user_id,
                    entry.username,
                    entry.entity,
                    entry.entity_id,
                    entry.action,
                    entry.old_value,
                    entry.new_value
                ],
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }

    async fn list_audit(
        &mut self,
        filter: &AuditFilter,
        page: Page,
    ) -> StoreResult<(Vec<AuditRecord>, u64)> {
        let filter = filter.clone();
        self.run(move |conn| {
            let condition = "(?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2)
                             AND (?3 IS NULL OR user_id = ?3)";
            let args = params![filter.entity, filter.entity_id, filter.user_id];
            let total: i64 = conn.query_row(
                &format!("SELECT COUNT(*) FROM audit_log WHERE {condition}"),
                args,
                |row| row.get(0),
            )?;
            let sql = format!(
                "SELECT id, at, user_id, username, entity, entity_id, action, old_value, new_value
                 FROM audit_log WHERE {condition} ORDER BY id DESC LIMIT ?4 OFFSET ?5"
            );
            let entries = conn
                .prepare_cached(&sql)?
                .query_map(
                    params![
                        filter.entity,
                        filter.entity_id,
                        filter.user_id,
                        page.size,
                        page.offset() as i64
                    ],
                    |row| {
                        Ok(AuditRecord {
                            id: row.get(0)?,
                            entry: NewAuditEntry {
                                at: time_from_sql(&row.get::<_, String>(1)?)?,
                                user_id: row.get(2)?,
                                username: row.get(3)?,
                                entity: row.get(4)?,
                                entity_id: row.get(5)?,
                                action: row.get(6)?,
                                old_value: row.get(7)?,
                                new_value: row.get(8)?,
                            },
                        })
                    },
                )?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((entries, total as u64))
        })
        .await
    }
}
