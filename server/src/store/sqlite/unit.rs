//! The SQLite unit of work: a pooled connection inside `BEGIN … COMMIT`, driven from async
//! code by running each statement on tokio's blocking pool.

use async_trait::async_trait;
use r2d2_sqlite::SqliteConnectionManager;
use r2d2_sqlite::rusqlite::Connection;

use super::convert::map_error;
use crate::store::{Access, StoreError, StoreResult, UnitOfWork};

type Pooled = r2d2::PooledConnection<SqliteConnectionManager>;

pub struct SqliteUnitOfWork {
    /// `None` only while a statement runs on the blocking pool, or after commit.
    conn: Option<Pooled>,
    finished: bool,
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
            conn: Some(conn),
            finished: false,
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
            let result = work(&conn);
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
        self.run(|conn| conn.execute_batch("COMMIT")).await?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for SqliteUnitOfWork {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // A rollback in SQLite is a local file operation of microseconds; doing it here keeps
        // the connection clean before it returns to the pool.
        if let Some(conn) = self.conn.take()
            && let Err(error) = conn.execute_batch("ROLLBACK")
        {
            tracing::warn!(%error, "rollback of an unfinished unit of work failed");
        }
    }
}
