//! The embedded SQLite backend (`rusqlite`, bundled): one file in WAL mode, created and
//! migrated on first open. What a single-site install, local mode and every test use.

mod api_keys;
mod audit;
mod churn;
mod collation;
mod contacts;
mod convert;
mod customers;
mod dictionary;
mod interactions;
mod migrate;
mod name_search;
mod opportunities;
mod plan_items;
mod roles;
mod sales;
mod sequences;
mod sessions;
mod ticket_rounds;
mod tickets;
mod unit;
mod users;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use r2d2_sqlite::SqliteConnectionManager;

use super::{Access, JobLock, Store, StoreError, StoreResult, UnitOfWork};
use unit::SqliteUnitOfWork;

pub use migrate::MIGRATIONS;
pub use sales::SqliteOrderSource;

pub(crate) type Pool = r2d2::Pool<SqliteConnectionManager>;

/// How long a writer waits for another writer's transaction before giving up.
const BUSY_TIMEOUT_MS: u32 = 10_000;

pub struct SqliteStore {
    pool: Pool,
    path: PathBuf,
    /// Job locks of this process. One SQLite file has one server; across processes the
    /// job's own records (e.g. a scheduled run's unique row) keep a job to one runner.
    job_locks: std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> StoreResult<SqliteStore> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError::Unavailable(format!("{e}: {}", parent.display())))?;
        }
        let manager = SqliteConnectionManager::file(path).with_init(|conn| {
            conn.execute_batch(&format!(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};"
            ))?;
            // The schema's indexes and triggers need these on every connection.
            conn.create_collation(collation::NAME, collation::compare)?;
            name_search::register(conn)
        });
        let pool = r2d2::Pool::builder()
            .max_size(8)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(30))
            .build(manager)
            .map_err(|e| StoreError::Unavailable(format!("{e}: {}", path.display())))?;

        let store = SqliteStore {
            pool,
            path: path.to_owned(),
            job_locks: Default::default(),
        };
        let conn = store.connection().await?;
        tokio::task::spawn_blocking(move || migrate::migrate(&conn))
            .await
            .map_err(|e| StoreError::Failed(e.to_string()))??;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on a connection of the store (with its collation and functions), off the
    /// async runtime: for bulk tools such as the benchmarks' data generator, never for use
    /// cases, which go through [`Store::begin`].
    pub async fn bulk<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let mut conn = self.connection().await?;
        tokio::task::spawn_blocking(move || work(&mut conn).map_err(convert::map_error))
            .await
            .map_err(|e| StoreError::Failed(e.to_string()))?
    }

    /// A pooled connection; waiting for one happens off the async runtime.
    async fn connection(&self) -> StoreResult<r2d2::PooledConnection<SqliteConnectionManager>> {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || pool.get())
            .await
            .map_err(|e| StoreError::Failed(e.to_string()))?
            .map_err(|e| StoreError::Unavailable(e.to_string()))
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn begin(&self, access: Access) -> StoreResult<Box<dyn UnitOfWork>> {
        let conn = self.connection().await?;
        Ok(Box::new(SqliteUnitOfWork::begin(conn, access).await?))
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn try_job_lock(&self, job: &str) -> StoreResult<Option<JobLock>> {
        let lock = self
            .job_locks
            .lock()
            .map_err(|e| StoreError::Failed(e.to_string()))?
            .entry(job.to_owned())
            .or_default()
            .clone();
        Ok(lock.try_lock_owned().ok().map(JobLock::new))
    }
}
