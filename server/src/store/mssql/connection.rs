//! Connections to SQL Server for the pool: TCP (through SQL Browser for a named instance),
//! TLS and login by tiberius, then the session settings every statement of the backend
//! assumes.

use std::time::Duration;

use tiberius::{Client, Config, SqlBrowser};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};

use super::convert::{Columns, map_error};
use crate::store::StoreError;

pub type TdsClient = Client<Compat<TcpStream>>;

/// How long connecting and logging in may take before the database counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// `NOCOUNT` keeps row counts out of the way (updates read `@@ROWCOUNT` where they need it);
/// `XACT_ABORT` makes any error end the whole transaction, so none is left half-done; the
/// others are what filtered indexes and computed columns require of every writer.
pub const SESSION_SETTINGS: &str = "SET NOCOUNT ON; SET XACT_ABORT ON; \
     SET ANSI_NULLS ON; SET ANSI_PADDING ON; SET ANSI_WARNINGS ON; SET ARITHABORT ON; \
     SET CONCAT_NULL_YIELDS_NULL ON; SET QUOTED_IDENTIFIER ON; SET NUMERIC_ROUNDABORT OFF; \
     SET LOCK_TIMEOUT 30000;";

/// A pooled connection. `in_transaction` stays set when a unit of work is dropped without
/// commit; the pool then discards the connection instead of handing it out again, and the
/// server rolls the transaction back when the connection closes.
pub struct Connection {
    pub client: TdsClient,
    pub in_transaction: bool,
}

#[derive(Clone)]
pub struct Manager {
    config: Config,
}

impl Manager {
    pub fn new(config: Config) -> Manager {
        Manager { config }
    }
}

impl bb8::ManageConnection for Manager {
    type Connection = Connection;
    type Error = StoreError;

    async fn connect(&self) -> Result<Connection, StoreError> {
        let client = tokio::time::timeout(CONNECT_TIMEOUT, open(self.config.clone()))
            .await
            .map_err(|_| {
                StoreError::Unavailable(format!(
                    "no answer from SQL Server at {} within {} s",
                    self.config.get_addr(),
                    CONNECT_TIMEOUT.as_secs()
                ))
            })??;
        Ok(Connection {
            client,
            in_transaction: false,
        })
    }

    async fn is_valid(&self, conn: &mut Connection) -> Result<(), StoreError> {
        conn.client
            .simple_query("SELECT 1")
            .await
            .map_err(map_error)?
            .into_results()
            .await
            .map_err(map_error)?;
        Ok(())
    }

    fn has_broken(&self, conn: &mut Connection) -> bool {
        conn.in_transaction
    }
}

async fn open(config: Config) -> Result<TdsClient, StoreError> {
    let client = match Client::connect(config.clone(), tcp(&config).await?.compat_write()).await {
        // Azure SQL and availability groups may send the client on to another address.
        Err(tiberius::error::Error::Routing { host, port }) => {
            let mut routed = config.clone();
            routed.host(&host);
            routed.port(port);
            Client::connect(routed.clone(), tcp(&routed).await?.compat_write()).await
        }
        other => other,
    };
    let mut client = client.map_err(map_error)?;
    client
        .simple_query(SESSION_SETTINGS)
        .await
        .map_err(map_error)?
        .into_results()
        .await
        .map_err(map_error)?;
    Ok(client)
}

async fn tcp(config: &Config) -> Result<TcpStream, StoreError> {
    let addr = config.get_addr();
    // tiberius says "Could not resolve server host" for every failure, a refused port
    // included; the operator needs to know which of the two it was.
    if let Err(error) = tokio::net::lookup_host(&addr).await {
        return Err(StoreError::Unavailable(format!(
            "the SQL Server host in {addr} was not found: {error}"
        )));
    }
    let stream = TcpStream::connect_named(config).await.map_err(|_| {
        StoreError::Unavailable(format!(
            "SQL Server at {addr} refused the connection or did not answer: check the \
             host, the port (or that SQL Server Browser runs, for a named instance), the \
             firewall, and that SQL Server accepts TCP/IP"
        ))
    })?;
    stream
        .set_nodelay(true)
        .map_err(|e| StoreError::Unavailable(e.to_string()))?;
    Ok(stream)
}

/// Runs `sql`, which takes an application lock (`sp_getapplock`) and selects
/// `APPLOCK_MODE(…)`, through `sp_executesql`; whether the lock is held, i.e. the mode is
/// `Exclusive`.
pub async fn take_applock(
    client: &mut TdsClient,
    sql: &str,
    params: &[&dyn tiberius::ToSql],
) -> Result<bool, StoreError> {
    let stream = client.query(sql, params).await.map_err(map_error)?;
    lock_held(stream).await
}

/// [`take_applock`] for a batch without parameters that also begins the transaction the lock
/// belongs to. It goes as a plain batch: a transaction begun inside `sp_executesql` (which
/// every `query` and `execute` of tiberius is) outlives the call, and SQL Server answers that
/// with error 266 ("Transaction count after EXECUTE indicates a mismatching number of BEGIN
/// and COMMIT statements"), so the lock would never be taken.
pub async fn take_applock_in_batch(client: &mut TdsClient, sql: &str) -> Result<bool, StoreError> {
    let stream = client.simple_query(sql).await.map_err(map_error)?;
    lock_held(stream).await
}

async fn lock_held(stream: tiberius::QueryStream<'_>) -> Result<bool, StoreError> {
    let mode = stream
        .into_row()
        .await
        .map_err(map_error)?
        .map(|row| Columns::new(&row).text())
        .transpose()?
        .unwrap_or_default();
    Ok(mode == "Exclusive")
}
