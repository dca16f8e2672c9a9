//! Schema migrations from `migrations/sqlite/`, compiled in and applied in order; each applied
//! migration is recorded in `schema_migrations` and never runs twice.

use chrono::Utc;
use r2d2_sqlite::rusqlite::{Connection, params};

use super::convert::{map_error, time_to_sql};
use crate::store::StoreResult;

/// (number, name, SQL), numbered as in `migrations/mssql/`.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../../../../migrations/sqlite/0001_initial.sql"),
    ),
    (
        2,
        "customers",
        include_str!("../../../../migrations/sqlite/0002_customers.sql"),
    ),
    (
        3,
        "marketing",
        include_str!("../../../../migrations/sqlite/0003_marketing.sql"),
    ),
    (
        4,
        "service_tickets",
        include_str!("../../../../migrations/sqlite/0004_service_tickets.sql"),
    ),
    (
        5,
        "churn",
        include_str!("../../../../migrations/sqlite/0005_churn.sql"),
    ),
];

pub fn migrate(conn: &Connection) -> StoreResult<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version     INTEGER PRIMARY KEY,
             name        TEXT NOT NULL,
             applied_at  TEXT NOT NULL
         )",
    )
    .map_err(map_error)?;

    for &(version, name, sql) in MIGRATIONS {
        let applied: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)",
                [version],
                |row| row.get(0),
            )
            .map_err(map_error)?;
        if applied {
            continue;
        }
        // One transaction per migration: a failed migration leaves nothing behind.
        conn.execute_batch("BEGIN IMMEDIATE").map_err(map_error)?;
        let result = conn.execute_batch(sql).and_then(|()| {
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                params![version, name, time_to_sql(Utc::now())],
            )
        });
        match result {
            Ok(_) => conn.execute_batch("COMMIT").map_err(map_error)?,
            Err(error) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(map_error(error));
            }
        }
        tracing::info!(version, name, "applied migration");
    }
    Ok(())
}
