//! Schema migrations from `migrations/mssql/`, compiled in and applied in order, numbered as
//! in `migrations/sqlite/`. Each runs in its own transaction under an application lock, so
//! two servers starting at once never apply one twice, and a failed one leaves nothing behind.

use chrono::Utc;

use super::connection::{Connection, take_applock_in_batch};
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
    (
        6,
        "company_names",
        include_str!("../../../../migrations/mssql/0006_company_names.sql"),
    ),
];

statement!(
    /// Run under the migration lock: two servers starting together on an empty database would
    /// otherwise both find no table and the second one's CREATE would fail (error 2714).
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
    /// parser does not take `EXEC @result = …`). Sent as a plain batch, as is
    /// [`COMMIT_MIGRATION`]: through `sp_executesql` the transaction count would differ
    /// before and after the call, which SQL Server refuses with error 266.
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
    for &(version, name, sql) in MIGRATIONS {
        conn.in_transaction = true;
        let client = &mut conn.client;
        if !take_applock_in_batch(client, BEGIN_MIGRATION.sql).await? {
            return Err(StoreError::Unavailable(
                "another server kept the migration lock for a minute".into(),
            ));
        }
        client
            .execute(CREATE_MIGRATIONS_TABLE.sql, &[])
            .await
            .map_err(map_error)?;
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
            .simple_query(COMMIT_MIGRATION.sql)
            .await
            .map_err(map_error)?
            .into_results()
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

    /// Against a TDS mock: the lock is granted only to the plain batch that takes it, and an
    /// RPC (`sp_executesql`) whose text holds `TRANSACTION` is refused as SQL Server refuses it
    /// (error 266, the transaction count differing before and after the call).
    #[tokio::test]
    async fn a_migration_begins_and_commits_in_plain_batches() {
        use mssql_mock_tds::{
            ColumnDefinition, ColumnValue, MockTdsServer, QueryResponse, Row, SqlDataType,
            TerminalError,
        };

        let server = MockTdsServer::new("127.0.0.1:0").await.unwrap();
        let port = server.local_addr().port();
        {
            let registry = server.query_registry();
            let mut registry = registry.lock().await;
            let mode = ColumnDefinition::new("mode", SqlDataType::NVarChar);
            let granted = Row::new(vec![ColumnValue::NVarChar("Exclusive".into())]);
            // A batch must be this text exactly; its lower-case words keep it from matching
            // inside an RPC.
            registry.register(
                BEGIN_MIGRATION.sql,
                QueryResponse::new(vec![mode], vec![granted]),
            );
            // Never a whole batch, but a part of any RPC that holds it.
            let refused = TerminalError::new(266, 16, "transaction count changed by the call");
            registry.register("TRANSACTION", QueryResponse::error_only(refused));
            // Every migration counts as applied: the mock takes each packet for a request,
            // so a migration's text, several packets long, would leave it out of step.
            let applied = ColumnDefinition::new("applied", SqlDataType::Int);
            let once = Row::new(vec![ColumnValue::Int(1)]);
            registry.register(
                "SELECT COUNT(*) AS ",
                QueryResponse::new(vec![applied], vec![once]),
            );
        }
        let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.run_with_shutdown(stopped));

        let text = format!(
            "Server=tcp:127.0.0.1,{port};Database=CRM;User Id=crm;Password=secret;\
             Encrypt=DANGER_PLAINTEXT"
        );
        let manager = super::super::connection::Manager::new(
            super::super::parse_connection_string(&text).unwrap(),
        );
        let mut conn = bb8::ManageConnection::connect(&manager).await.unwrap();
        migrate(&mut conn).await.unwrap();
        assert!(!conn.in_transaction);
    }
}
