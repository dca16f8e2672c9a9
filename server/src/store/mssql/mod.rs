//! The SQL Server backend (DESIGN §3.1) through tiberius: what the owner's production server
//! runs. Same store interface and same rules as the embedded SQLite store; the schema is in
//! `migrations/mssql/`, every statement is declared with [`statement!`](statement::statement)
//! and parsed offline by the tests, and values convert in one place ([`convert`]).

mod api_keys;
mod audit;
mod churn;
mod connection;
mod contacts;
mod convert;
mod customers;
mod dictionary;
mod interactions;
mod migrate;
mod opportunities;
mod plan_items;
mod roles;
pub mod sales;
mod sequences;
mod sessions;
pub mod site;
pub mod statement;
mod ticket_rounds;
mod tickets;
mod unit;
mod users;

use std::time::Duration;

use tiberius::{Config, EncryptionLevel};

use super::{Access, JobLock, Store, StoreError, StoreResult, UnitOfWork};
use connection::{Manager, take_applock};
use convert::{Value, as_params};
use statement::statement;

pub use connection::SESSION_SETTINGS;
pub use migrate::{MIGRATIONS, batches};
pub use unit::MssqlUnitOfWork;

/// Connections the server keeps open at most; a unit of work holds one while it runs.
const POOL_SIZE: u32 = 16;
/// How long a use case waits for a free connection before the store counts as unavailable.
const POOL_WAIT: Duration = Duration::from_secs(30);

pub struct MssqlStore {
    pool: bb8::Pool<Manager>,
    /// Connects outside the pool too, for job locks.
    manager: Manager,
    /// Server and database, for logs (never the password).
    target: String,
}

statement!(
    /// Without waiting; the lock belongs to the session, not to a transaction.
    /// `APPLOCK_MODE` says whether it was granted.
    TRY_JOB_LOCK = "EXEC sp_getapplock @Resource = @P1, @LockMode = N'Exclusive',
              @LockOwner = N'Session', @LockTimeout = 0;
         SELECT APPLOCK_MODE(N'public', @P1, N'Session') AS mode"
);

/// Reads an ADO.NET connection string. Unlike tiberius, and like current Microsoft drivers,
/// the connection is encrypted unless the string says `Encrypt=false`.
pub fn parse_connection_string(text: &str) -> StoreResult<Config> {
    let mut config = Config::from_ado_string(text)
        .map_err(|e| StoreError::Failed(format!("bad SQL Server connection string: {e}")))?;
    let says_encrypt = text
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .any(|(key, _)| key.trim().eq_ignore_ascii_case("encrypt"));
    if !says_encrypt {
        config.encryption(EncryptionLevel::Required);
    }
    Ok(config)
}

/// Opens one connection as the pool would (TCP, TLS, login, session settings) and runs
/// `SELECT 1` on it: `crm-server selftest`'s first step, which says at once whether an address,
/// a certificate or a password is wrong.
pub async fn check_connection(connection_string: &str) -> StoreResult<()> {
    let manager = Manager::new(parse_connection_string(connection_string)?);
    let mut conn = bb8::ManageConnection::connect(&manager).await?;
    bb8::ManageConnection::is_valid(&manager, &mut conn).await
}

/// Where a connection string points, for logs: `host:port/database`.
fn describe(text: &str, config: &Config) -> String {
    let database = text
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| {
            let key = key.trim();
            key.eq_ignore_ascii_case("database") || key.eq_ignore_ascii_case("initial catalog")
        })
        .map(|(_, value)| value.trim().to_owned())
        .unwrap_or_else(|| "(default database)".into());
    format!("{}/{database}", config.get_addr())
}

impl MssqlStore {
    /// Connects, and brings the schema up to date.
    pub async fn open(connection_string: &str) -> StoreResult<MssqlStore> {
        let config = parse_connection_string(connection_string)?;
        let target = describe(connection_string, &config);
        MssqlStore::open_with(config, target).await
    }

    /// Connects with settings made in code (`target` names them in logs), and brings the
    /// schema up to date.
    pub async fn open_with(config: Config, target: String) -> StoreResult<MssqlStore> {
        let store = MssqlStore::connect_with(config, target).await?;
        let mut conn = store.connection().await?;
        migrate::migrate(&mut conn).await?;
        tracing::info!(target = %store.target, "SQL Server store ready");
        Ok(store)
    }

    /// Connects without touching the schema, for what needs connections only (the tests of the
    /// connection layer); [`open`](Self::open) is this and then the migrations.
    pub async fn connect(connection_string: &str) -> StoreResult<MssqlStore> {
        let config = parse_connection_string(connection_string)?;
        let target = describe(connection_string, &config);
        MssqlStore::connect_with(config, target).await
    }

    /// [`connect`](Self::connect) with settings made in code. The first connection is made
    /// here, not by the pool: the pool retries a failing connection until its wait runs out
    /// and then reports only the timeout, so the cause (refused, certificate, login) would be
    /// lost.
    pub async fn connect_with(config: Config, target: String) -> StoreResult<MssqlStore> {
        let manager = Manager::new(config);
        let first = bb8::ManageConnection::connect(&manager).await?;
        let pool = bb8::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            .connection_timeout(POOL_WAIT)
            .build_unchecked(manager.clone());
        pool.add(first)
            .map_err(|_| StoreError::Failed("a new pool refused its first connection".into()))?;
        Ok(MssqlStore {
            pool,
            manager,
            target,
        })
    }

    /// A transaction on a connection from the pool: committed by
    /// [`commit_transaction`](MssqlUnitOfWork::commit_transaction), rolled back when dropped
    /// without, and then its connection is closed rather than pooled again.
    pub async fn begin_unit(&self, access: Access) -> StoreResult<MssqlUnitOfWork> {
        MssqlUnitOfWork::begin(self.connection().await?, access).await
    }

    /// Server and database, for logs.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Takes an application lock (`sp_getapplock`, owned by the session) on a connection of
    /// its own, outside the pool: the lock lasts while the connection is open, and ends with
    /// it if this server dies, so a crashed runner never blocks the next.
    async fn job_lock(&self, job: &str) -> StoreResult<Option<JobLock>> {
        let mut conn = bb8::ManageConnection::connect(&self.manager).await?;
        let held = take_applock(
            &mut conn.client,
            TRY_JOB_LOCK.sql,
            &as_params(&[Value::from(job)]),
        )
        .await?;
        Ok(held.then(|| JobLock::new(conn)))
    }

    async fn connection(&self) -> StoreResult<bb8::PooledConnection<'static, Manager>> {
        self.pool.get_owned().await.map_err(|e| match e {
            bb8::RunError::User(error) => error,
            bb8::RunError::TimedOut => StoreError::Unavailable(format!(
                "no SQL Server connection to {} within {} s",
                self.target,
                POOL_WAIT.as_secs()
            )),
        })
    }
}

#[async_trait::async_trait]
impl Store for MssqlStore {
    async fn begin(&self, access: Access) -> StoreResult<Box<dyn UnitOfWork>> {
        let conn = self.connection().await?;
        Ok(Box::new(MssqlUnitOfWork::begin(conn, access).await?))
    }

    fn backend(&self) -> &'static str {
        "mssql"
    }

    async fn try_job_lock(&self, job: &str) -> StoreResult<Option<JobLock>> {
        self.job_lock(job).await
    }
}

#[async_trait::async_trait]
impl UnitOfWork for MssqlUnitOfWork {
    async fn commit(mut self: Box<Self>) -> StoreResult<()> {
        self.commit_transaction().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_encrypted_unless_the_string_says_otherwise() {
        let plain = "server=tcp:db1,1433;database=CRM;user id=crm;password=x;encrypt=false";
        let default = "server=tcp:db1,1433;database=CRM;user id=crm;password=x";
        for (text, expected) in [(plain, false), (default, true)] {
            let config = parse_connection_string(text).unwrap();
            let debug = format!("{config:?}");
            assert_eq!(debug.contains("Required"), expected, "{debug}");
        }
        assert_eq!(
            describe(default, &parse_connection_string(default).unwrap()),
            "db1:1433/CRM"
        );
    }

    #[test]
    fn a_broken_connection_string_is_a_clear_error() {
        let error = parse_connection_string("server=tcp:db1,notaport").expect_err("refused");
        assert!(error.to_string().contains("connection string"), "{error}");
    }
}
