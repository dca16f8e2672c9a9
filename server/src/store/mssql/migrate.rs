//! Schema migrations from `migrations/mssql/`, compiled in and applied in order, numbered as
//! in `migrations/sqlite/`. Each runs in its own transaction under an application lock, so
//! two servers starting at once never apply one twice, and a failed one leaves nothing behind.

use chrono::Utc;

use super::connection::{Connection, take_applock};
use super::convert::{Columns, Value, as_params, map_error};
use super::statement::statement;
use crate::store::{StoreError, StoreResult};

/// (number, name, T-SQL), numbered as in `migrations/sqlite/`.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../../../../migrations/mssql/0001_initial.sql"),
    ),
    (
        2,
        "customers",
        include_str!("../../../../migrations/mssql/0002_customers.sql"),
    ),
    (
        3,
        "marketing",
        include_str!("../../../../migrations/mssql/0003_marketing.sql"),
    ),
    (
        4,
        "service_tickets",
        include_str!("../../../../migrations/mssql/0004_service_tickets.sql"),
    ),
    (
        5,
        "churn",
        include_str!("../../../../migrations/mssql/0005_churn.sql"),
    ),
];

statement!(
    CREATE_MIGRATIONS_TABLE = "IF OBJECT_ID(N'dbo.schema_migrations', N'U') IS NULL
         CREATE TABLE dbo.schema_migrations (
             version     INT NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
             name        NVARCHAR(100) NOT NULL,
             applied_at  DATETIME2 NOT NULL
         )"
);

statement!(
    /// Starts a migration's transaction and waits (a minute at most) for any other server's
    /// migration to end; the lock goes with the transaction. `APPLOCK_MODE` then tells
    /// whether it was granted (the procedure's return value says so too, but the offline
    /// parser does not take `EXEC @result = …`).
    BEGIN_MIGRATION = "BEGIN TRANSACTION;
         EXEC sp_getapplock @Resource = N'crm_migrate', @LockMode = N'Exclusive',
              @LockOwner = N'Transaction', @LockTimeout = 60000;
         SELECT APPLOCK_MODE(N'public', N'crm_migrate', N'Transaction') AS mode"
);

statement!(
    MIGRATION_APPLIED = "SELECT COUNT(*) AS applied FROM dbo.schema_migrations WHERE version = @P1"
);

statement!(
    RECORD_MIGRATION =
        "INSERT INTO dbo.schema_migrations (version, name, applied_at) VALUES (@P1, @P2, @P3)"
);

statement!(COMMIT_MIGRATION = "COMMIT TRANSACTION");

/// The batches of a migration file: the text between lines that hold only `GO`.
pub fn batches(sql: &str) -> Vec<String> {
    let mut batches = vec![String::new()];
    for line in sql.lines() {
        if line.trim().eq_ignore_ascii_case("GO") {
            batches.push(String::new());
        } else {
            let batch = batches.last_mut().expect("never empty");
            batch.push_str(line);
            batch.push('\n');
        }
    }
    batches
        .into_iter()
        .filter(|b| {
            b.lines()
                .any(|l| !l.trim().is_empty() && !l.trim().starts_with("--"))
        })
        .collect()
}

pub async fn migrate(conn: &mut Connection) -> StoreResult<()> {
    let client = &mut conn.client;
    client
        .execute(CREATE_MIGRATIONS_TABLE.sql, &[])
        .await
        .map_err(map_error)?;

    for &(version, name, sql) in MIGRATIONS {
        conn.in_transaction = true;
        let client = &mut conn.client;
        if !take_applock(client, BEGIN_MIGRATION.sql, &[]).await? {
            return Err(StoreError::Unavailable(
                "another server kept the migration lock for a minute".into(),
            ));
        }
        let applied = client
            .query(MIGRATION_APPLIED.sql, &as_params(&[Value::from(version)]))
            .await
            .map_err(map_error)?
            .into_row()
            .await
            .map_err(map_error)?
            .map(|row| Columns::new(&row).i64())
            .transpose()?
            .unwrap_or(0);
        if applied == 0 {
            for batch in batches(sql) {
                client.execute(batch, &[]).await.map_err(|e| {
                    StoreError::Failed(format!("migration {version} ({name}): {}", map_error(e)))
                })?;
            }
            let record = [
                Value::from(version),
                Value::from(name),
                Value::from(Utc::now()),
            ];
            client
                .execute(RECORD_MIGRATION.sql, &as_params(&record))
                .await
                .map_err(map_error)?;
            tracing::info!(version, name, "applied migration");
        }
        client
            .execute(COMMIT_MIGRATION.sql, &[])
            .await
            .map_err(map_error)?;
        conn.in_transaction = false;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_lines_split_batches_and_comment_only_batches_are_dropped() {
        let sql = "-- header\nCREATE TABLE a (x INT);\ngo\n  GO  \nCREATE VIEW v AS SELECT 1 AS x;\nGO\n-- end\n";
        let found = batches(sql);
        assert_eq!(found.len(), 2);
        assert!(found[0].contains("CREATE TABLE a"));
        assert!(found[1].starts_with("CREATE VIEW v"));
    }
}
