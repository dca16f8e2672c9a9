//! Conversion between SQLite values and the store's types, and of SQLite errors into
//! [`StoreError`]: in one place, so every table reads and writes them alike.

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::{self, ErrorCode};

use crate::store::StoreError;

/// UTC text that sorts as it reads, with microseconds.
pub fn time_to_sql(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

pub fn time_from_sql(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

pub fn optional_time_from_sql(text: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    text.as_deref().map(time_from_sql).transpose()
}

/// A stored code that is not one of ours means a damaged or newer database.
pub fn bad_code(column: &str, code: &str) -> rusqlite::Error {
    let message = format!("unknown code {code:?} in column {column}");
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, message.into())
}

pub fn map_error(error: rusqlite::Error) -> StoreError {
    match &error {
        rusqlite::Error::SqliteFailure(failure, _) => match failure.code {
            ErrorCode::ConstraintViolation => match failure.extended_code {
                rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                    StoreError::Duplicate(error.to_string())
                }
                // A referenced record went meanwhile, as SQL Server's 547 says too.
                rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY => StoreError::Conflict,
                // CHECK or NOT NULL: the rules in `app/` let nothing like it through.
                _ => StoreError::Failed(error.to_string()),
            },
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                StoreError::Unavailable(error.to_string())
            }
            ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::DiskFull => {
                StoreError::Unavailable(error.to_string())
            }
            _ => StoreError::Failed(error.to_string()),
        },
        _ => StoreError::Failed(error.to_string()),
    }
}

pub use crate::store::backend_common::expect_one_row;

/// `LIKE` pattern for "contains", with the wildcard characters of the input escaped.
pub fn contains_pattern(text: &str) -> String {
    crate::store::backend_common::like_contains(text, &['%', '_'])
}

/// Runs a `SELECT COUNT(*) … WHERE <column> = ?1 …` once per id: how many rows each id has,
/// leaving out ids without any. One indexed count per id beats a `GROUP BY` over the table.
pub fn counts_by_id(
    conn: &rusqlite::Connection,
    sql: &str,
    ids: &[i64],
) -> rusqlite::Result<std::collections::HashMap<i64, u64>> {
    let mut statement = conn.prepare_cached(sql)?;
    let mut counts = std::collections::HashMap::new();
    for &id in ids {
        let count: i64 = statement.query_row([id], |row| row.get(0))?;
        if count > 0 {
            counts.insert(id, count as u64);
        }
    }
    Ok(counts)
}

/// One page of a list ordered by creation time: the rows of `select` (a query without `WHERE`
/// whose table alias is `alias`) under `condition`, and how many rows match in all. `values`
/// are bound to the condition's `?`s in order.
pub fn created_page<T>(
    conn: &rusqlite::Connection,
    (table, alias, select): (&str, &str, &str),
    (condition, mut values): (String, Vec<rusqlite::types::Value>),
    order: crate::store::CreatedOrder,
    page: crm_shared::paging::Page,
    from_row: fn(&rusqlite::Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<(Vec<T>, u64)> {
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM {table} {alias} WHERE {condition}"),
        rusqlite::params_from_iter(values.iter()),
        |row| row.get(0),
    )?;
    let direction = match order {
        crate::store::CreatedOrder::NewestFirst => "DESC",
        crate::store::CreatedOrder::OldestFirst => "ASC",
    };
    values.push(rusqlite::types::Value::Integer(page.size.into()));
    values.push(rusqlite::types::Value::Integer(page.offset() as i64));
    let sql = format!(
        "{select} WHERE {condition}
         ORDER BY {alias}.created_at {direction}, {alias}.id {direction} LIMIT ? OFFSET ?"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(values.iter()), from_row)?
        .collect::<Result<_, _>>()?;
    Ok((rows, total as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_violations_are_told_apart() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE parents (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
             CREATE TABLE children (id INTEGER PRIMARY KEY,
                                    parent_id INTEGER NOT NULL REFERENCES parents (id),
                                    rating INTEGER CHECK (rating BETWEEN 1 AND 5));
             INSERT INTO parents (id, code) VALUES (1, 'a');",
        )
        .unwrap();
        let fail = |sql: &str| map_error(conn.execute(sql, []).unwrap_err());

        let duplicate = fail("INSERT INTO parents (code) VALUES ('a')");
        assert!(
            matches!(duplicate, StoreError::Duplicate(_)),
            "{duplicate:?}"
        );
        let same_id = fail("INSERT INTO parents (id) VALUES (1)");
        assert!(matches!(same_id, StoreError::Duplicate(_)), "{same_id:?}");
        let orphan = fail("INSERT INTO children (parent_id) VALUES (2)");
        assert!(matches!(orphan, StoreError::Conflict), "{orphan:?}");
        let checked = fail("INSERT INTO children (parent_id, rating) VALUES (1, 9)");
        assert!(matches!(checked, StoreError::Failed(_)), "{checked:?}");
    }
}
