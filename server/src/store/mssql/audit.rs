//! The audit log on SQL Server: appended to in the same transaction as the write it records.

use async_trait::async_trait;
use crm_shared::paging::Page;

use super::convert::{Columns, Value, page_values};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{AuditFilter, AuditRecord, AuditStore, NewAuditEntry, StoreResult};

statement!(
    APPEND_AUDIT = "INSERT INTO audit_log (at, user_id, username, entity, entity_id, action,
                                            old_value, new_value)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5, @P6, @P7, @P8)"
);

statement!(
    COUNT_AUDIT = "SELECT COUNT(*) FROM audit_log
         WHERE (@P1 IS NULL OR entity = @P1) AND (@P2 IS NULL OR entity_id = @P2)
           AND (@P3 IS NULL OR user_id = @P3)"
);

statement!(
    LIST_AUDIT = recompiled "SELECT id, at, user_id, username, entity, entity_id, action, old_value,
                new_value
         FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY id DESC) AS row_no
               FROM audit_log
               WHERE (@P1 IS NULL OR entity = @P1) AND (@P2 IS NULL OR entity_id = @P2)
                 AND (@P3 IS NULL OR user_id = @P3)) AS matching
         WHERE row_no > @P4 AND row_no <= @P4 + @P5
         ORDER BY row_no"
);

fn audit_from_row(row: &mut Columns) -> StoreResult<AuditRecord> {
    Ok(AuditRecord {
        id: row.i64()?,
        entry: NewAuditEntry {
            at: row.time()?,
            user_id: row.opt_i64()?,
            username: row.text()?,
            entity: row.text()?,
            entity_id: row.i64()?,
            action: row.text()?,
            old_value: row.opt_text()?,
            new_value: row.opt_text()?,
        },
    })
}

#[async_trait]
impl AuditStore for MssqlUnitOfWork {
    async fn append_audit(&mut self, entry: &NewAuditEntry) -> StoreResult<i64> {
        let values = [
            Value::from(entry.at),
            Value::from(entry.user_id),
            Value::from(entry.username.as_str()),
            Value::from(entry.entity.as_str()),
            Value::from(entry.entity_id),
            Value::from(entry.action.as_str()),
            Value::from(entry.old_value.clone()),
            Value::from(entry.new_value.clone()),
        ];
        self.scalar(&APPEND_AUDIT, &values).await
    }

    async fn list_audit(
        &mut self,
        filter: &AuditFilter,
        page: Page,
    ) -> StoreResult<(Vec<AuditRecord>, u64)> {
        let mut values = vec![
            Value::from(filter.entity.clone()),
            Value::from(filter.entity_id),
            Value::from(filter.user_id),
        ];
        let total = self.scalar(&COUNT_AUDIT, &values).await?;
        values.extend(page_values(page));
        let entries = self.list(&LIST_AUDIT, &values, audit_from_row).await?;
        Ok((entries, total as u64))
    }
}
