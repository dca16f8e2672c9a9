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
    (
        6,
        "company_names",
        include_str!("../../../../migrations/sqlite/0006_company_names.sql"),
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

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use crate::store::CustomerFilter;
    use crate::store::contract::fixtures::{Staff, page, read, write};
    use crate::store::sqlite::SqliteStore;

    #[tokio::test]
    async fn names_saved_before_0006_get_full_width_brackets_and_stay_searchable() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("crm.sqlite3");
        let store = SqliteStore::open(&file).await.unwrap();
        let mut unit = write(&store).await.unwrap();
        let staff = Staff::new(unit.as_mut()).await.unwrap();
        let id = staff
            .customer(unit.as_mut(), 1, "苏州甲乙(集团)")
            .await
            .unwrap();
        unit.commit().await.unwrap();
        drop(store);
        // The database as one from before 0006 would be.
        Connection::open(&file)
            .unwrap()
            .execute("DELETE FROM schema_migrations WHERE version = 6", [])
            .unwrap();

        let store = SqliteStore::open(&file).await.unwrap();
        let mut unit = read(&store).await.unwrap();
        let name = format!("苏州甲乙（集团）{}", staff.tag);
        let named = unit.customers_named(&name).await.unwrap();
        assert_eq!(named.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [id]);
        let filter = CustomerFilter {
            query: "乙（集团）".into(),
            ..CustomerFilter::default()
        };
        let found = unit.list_customers(&filter, page(1, 20)).await.unwrap();
        let ids: Vec<i64> = found.customers.iter().map(|c| c.id).collect();
        assert_eq!(ids, [id], "the name index follows the new name");
    }
}
