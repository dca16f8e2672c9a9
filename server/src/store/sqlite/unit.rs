//! The SQLite unit of work: a pooled connection inside `BEGIN … COMMIT`, driven from async
//! code by running each statement on tokio's blocking pool.

use async_trait::async_trait;
use r2d2_sqlite::SqliteConnectionManager;
use r2d2_sqlite::rusqlite::Connection;

use super::convert::map_error;
use crate::store::{Access, StoreError, StoreResult, UnitOfWork};

type Pooled = r2d2::PooledConnection<SqliteConnectionManager>;

pub struct SqliteUnitOfWork {
    /// `None` only while a statement runs on the blocking pool.
    conn: Option<InUnit>,
}

/// A pooled connection that never goes back to the pool inside a transaction: dropped with
/// one open, it rolls it back first. The unit may be dropped while its connection is away on
/// the blocking pool (a client that hangs up cancels its call mid-statement); the statement
/// then finishes on its own and this drop, wherever it happens, releases the write lock, which
/// would otherwise stall every later writer on the busy timeout.
struct InUnit(Pooled);

impl Drop for InUnit {
    fn drop(&mut self) {
        // A rollback in SQLite is a local file operation of microseconds.
        if !self.0.is_autocommit()
            && let Err(error) = self.0.execute_batch("ROLLBACK")
        {
            tracing::warn!(%error, "rollback of an unfinished unit of work failed");
        }
    }
}

impl SqliteUnitOfWork {
    pub async fn begin(conn: Pooled, access: Access) -> StoreResult<SqliteUnitOfWork> {
        // IMMEDIATE takes the write lock up front, so two writers queue on the busy timeout
        // instead of one failing at its first write with SQLITE_BUSY.
        let sql = match access {
            Access::Read => "BEGIN DEFERRED",
            Access::Write => "BEGIN IMMEDIATE",
        };
        let mut unit = SqliteUnitOfWork {
            conn: Some(InUnit(conn)),
        };
        unit.run(move |conn| conn.execute_batch(sql)).await?;
        Ok(unit)
    }

    /// Runs `work` on the connection without blocking the async runtime.
    pub async fn run<T, F>(&mut self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> r2d2_sqlite::rusqlite::Result<T> + Send + 'static,
    {
        let conn = self
            .conn
            .take()
            .ok_or_else(|| StoreError::Failed("unit of work already finished".into()))?;
        let (conn, result) = tokio::task::spawn_blocking(move || {
            let result = work(&conn.0);
            (conn, result)
        })
        .await
        .map_err(|e| StoreError::Failed(e.to_string()))?;
        self.conn = Some(conn);
        result.map_err(map_error)
    }
}

#[async_trait]
impl UnitOfWork for SqliteUnitOfWork {
    async fn commit(mut self: Box<Self>) -> StoreResult<()> {
        self.run(|conn| conn.execute_batch("COMMIT")).await
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::store::Store as _;
    use crate::store::sqlite::SqliteStore;

    /// Counts to three million in SQL: a statement that runs long enough to be cancelled.
    const SLOW: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n \
                        WHERE i < 3000000) SELECT count(*) FROM n";

    #[tokio::test]
    async fn a_unit_cancelled_mid_statement_leaves_no_transaction_behind() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("crm.sqlite3"))
            .await
            .unwrap();
        let conn = store.connection().await.unwrap();
        let mut unit = SqliteUnitOfWork::begin(conn, Access::Write).await.unwrap();
        let slow = unit.run(|conn| conn.query_row(SLOW, [], |row| row.get::<_, i64>(0)));
        // The caller hangs up while the statement runs, as a gRPC client can.
        let cancelled = tokio::time::timeout(Duration::from_millis(20), slow).await;
        assert!(
            cancelled.is_err(),
            "the statement was meant to outlast the call"
        );
        drop(unit);

        // The next writer gets the write lock once the statement ends, not after the busy
        // timeout, and its connection is in no transaction.
        let started = Instant::now();
        for _ in 0..4 {
            let next = store.begin(Access::Write).await.unwrap();
            next.commit().await.unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }
}
