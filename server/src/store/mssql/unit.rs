//! The SQL Server unit of work: a pooled connection inside `BEGIN TRANSACTION … COMMIT`.
//!
//! The transaction always ends: [`commit`](UnitOfWork::commit) commits it, and a unit dropped
//! without commit leaves its connection marked as in a transaction, which the pool then
//! discards rather than hand out again; closing the connection makes the server roll back.
//! No connection ever returns to the pool mid-transaction.
//!
//! Unlike SQLite, SQL Server does not keep a transaction through a failed statement: with
//! `XACT_ABORT` (see the session settings) a duplicate key, a lock timeout or a deadlock rolls
//! the whole transaction back, and what the connection ran next would run outside any
//! transaction, each statement committed on its own. So once a statement of a unit failed, the
//! unit runs nothing more and cannot commit; it can only be dropped.

use tiberius::Row;
use tokio_stream::StreamExt;

use super::connection::{Manager, TdsClient};
use super::convert::{Columns, Value, as_params, map_error, rows_as};
use super::statement::{Statement, statement};
use crate::store::{Access, StoreError, StoreResult};

statement!(BEGIN = "BEGIN TRANSACTION");
statement!(COMMIT = "COMMIT TRANSACTION");

pub struct MssqlUnitOfWork {
    conn: bb8::PooledConnection<'static, Manager>,
    /// The statement that failed, after which the server has rolled the transaction back.
    failed: Option<&'static str>,
}

impl MssqlUnitOfWork {
    /// Commits the transaction; the connection then goes back to the pool.
    pub async fn commit_transaction(&mut self) -> StoreResult<()> {
        self.usable()?;
        let result = match self.conn.client.simple_query(COMMIT.sql).await {
            Ok(stream) => stream.into_results().await.map(drop),
            Err(error) => Err(error),
        };
        if result.is_err() {
            self.failed = Some(COMMIT.name);
        }
        result.map_err(map_error)?;
        self.conn.in_transaction = false;
        Ok(())
    }

    pub async fn begin(
        mut conn: bb8::PooledConnection<'static, Manager>,
        _access: Access,
    ) -> StoreResult<MssqlUnitOfWork> {
        // Row locks taken as rows are written are enough on SQL Server: unlike SQLite, two
        // writers need not queue for the whole database up front.
        conn.in_transaction = true;
        conn.client
            .simple_query(BEGIN.sql)
            .await
            .map_err(map_error)?
            .into_results()
            .await
            .map_err(map_error)?;
        Ok(MssqlUnitOfWork { conn, failed: None })
    }

    /// Refuses to run anything once a statement failed (see the module's comment).
    fn usable(&self) -> StoreResult<()> {
        match self.failed {
            None => Ok(()),
            Some(name) => Err(StoreError::Failed(format!(
                "{name} failed earlier in this unit of work and SQL Server rolled its \
                 transaction back; nothing more runs in it"
            ))),
        }
    }

    /// The outcome of `name` as the store reports it; a failure ends the unit's use.
    pub(super) fn settle<T>(
        &mut self,
        name: &'static str,
        result: Result<T, tiberius::error::Error>,
    ) -> StoreResult<T> {
        result.map_err(|error| {
            self.failed = Some(name);
            failed_at(name, error)
        })
    }

    /// Every result set of the statement, each with its rows.
    async fn results(
        &mut self,
        statement: &Statement,
        params: &[Value],
    ) -> StoreResult<Vec<Vec<Row>>> {
        self.usable()?;
        let result = match self
            .conn
            .client
            .query(statement.text(), &as_params(params))
            .await
        {
            Ok(stream) => stream.into_results().await,
            Err(error) => Err(error),
        };
        self.settle(statement.name, result)
    }

    /// Every row of the statement's first result.
    pub async fn rows(&mut self, statement: &Statement, params: &[Value]) -> StoreResult<Vec<Row>> {
        let results = self.results(statement, params).await?;
        Ok(results.into_iter().next().unwrap_or_default())
    }

    /// The first row of the statement's first result, if any.
    pub async fn row(
        &mut self,
        statement: &Statement,
        params: &[Value],
    ) -> StoreResult<Option<Row>> {
        Ok(self.rows(statement, params).await?.into_iter().next())
    }

    /// Each row of the first result converted by `from_row`.
    pub async fn list<T>(
        &mut self,
        statement: &Statement,
        params: &[Value],
        from_row: fn(&mut Columns) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        rows_as(&self.rows(statement, params).await?, from_row)
    }

    /// The first row converted by `from_row`, if any.
    pub async fn one<T>(
        &mut self,
        statement: &Statement,
        params: &[Value],
        from_row: fn(&mut Columns) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        match self.row(statement, params).await? {
            Some(row) => from_row(&mut Columns::new(&row)).map(Some),
            None => Ok(None),
        }
    }

    /// The integer in the first column of the last result: a `COUNT(*)`, an id from
    /// `OUTPUT INSERTED.id`, or the `@@ROWCOUNT` a batch ends with.
    pub async fn scalar(&mut self, statement: &Statement, params: &[Value]) -> StoreResult<i64> {
        let results = self.results(statement, params).await?;
        let row = results
            .last()
            .and_then(|rows| rows.first())
            .ok_or_else(|| StoreError::Failed(format!("{} returned no row", statement.name)))?;
        Columns::new(row).i64()
    }

    /// Runs a statement that returns nothing.
    pub async fn execute(&mut self, statement: &Statement, params: &[Value]) -> StoreResult<()> {
        self.usable()?;
        let result = self
            .conn
            .client
            .execute(statement.text(), &as_params(params))
            .await;
        self.settle(statement.name, result).map(drop)
    }

    /// Passes each row of the statement's results to `each` as it arrives, so a result of a
    /// million rows is never all in memory. The first error `each` returns ends the calls and
    /// is returned once the rest of the result has been read.
    pub async fn for_each_row<F>(
        &mut self,
        statement: &Statement,
        params: &[Value],
        mut each: F,
    ) -> StoreResult<()>
    where
        F: FnMut(&Row) -> StoreResult<()> + Send,
    {
        self.usable()?;
        let sql = statement.text();
        // Only the server's failure ends the unit's use, not a row `each` refused.
        let mut refused = false;
        let outcome = stream_rows(
            &mut self.conn.client,
            (statement.name, &sql),
            params,
            |row| {
                let outcome = each(row);
                refused |= outcome.is_err();
                outcome
            },
        )
        .await;
        if outcome.is_err() && !refused {
            self.failed = Some(statement.name);
        }
        outcome
    }

    /// Runs a statement without parameters as a batch of its own rather than through
    /// `sp_executesql`: a temporary table it creates then lives on in the session, for the
    /// next statements, instead of ending with the procedure call.
    pub async fn batch(&mut self, statement: &Statement) -> StoreResult<()> {
        self.usable()?;
        let result = match self.conn.client.simple_query(statement.text()).await {
            Ok(stream) => stream.into_results().await.map(drop),
            Err(error) => Err(error),
        };
        self.settle(statement.name, result)
    }

    /// The raw client, for what statements cannot do (bulk loads into a temporary table);
    /// the caller hands its outcome to [`settle`](Self::settle).
    pub fn client(&mut self) -> StoreResult<&mut TdsClient> {
        self.usable()?;
        Ok(&mut self.conn.client)
    }
}

/// Runs `sql` (named `name` in errors) and passes each row to `each` as it arrives; shared by
/// the unit of work and the order source, which has connections of its own. The stream is
/// read to its end even after `each` failed, so the connection is left ready for the next
/// request.
pub(super) async fn stream_rows<F>(
    client: &mut TdsClient,
    (name, sql): (&str, &str),
    params: &[Value],
    mut each: F,
) -> StoreResult<()>
where
    F: FnMut(&Row) -> StoreResult<()> + Send,
{
    let params = as_params(params);
    let mut rows = client
        .query(sql, &params)
        .await
        .map_err(|e| failed_at(name, e))?
        .into_row_stream();
    let mut outcome = Ok(());
    while let Some(row) = rows.next().await {
        let row = row.map_err(|e| failed_at(name, e))?;
        if outcome.is_ok() {
            outcome = each(&row);
        }
    }
    outcome
}

/// The statement's name goes with a failure that is not one of the expected kinds, so the one
/// log line a failure gets says where it happened.
pub(super) fn failed_at(name: &str, error: tiberius::error::Error) -> StoreError {
    match map_error(error) {
        StoreError::Failed(message) => StoreError::Failed(format!("{name}: {message}")),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use mssql_mock_tds::{MockTdsServer, QueryResponse, TerminalError};

    use super::*;
    use crate::store::mssql::parse_connection_string;

    /// Against a TDS mock that refuses one statement: once it failed (and a real server has
    /// rolled the transaction back), the unit sends the server nothing more, a commit included.
    #[tokio::test]
    async fn after_a_failed_statement_the_unit_runs_nothing_more() {
        let server = MockTdsServer::new("127.0.0.1:0").await.unwrap();
        let port = server.local_addr().port();
        let connections = server.connection_store();
        // Upper case throughout, as the mock finds it within an RPC's text.
        let failing = Statement {
            name: "tests::FAILING",
            sql: "SELECT X FROM DUPLICATED",
            recompile: false,
        };
        let refused = TerminalError::new(2627, 14, "duplicate key from the mock");
        server
            .query_registry()
            .lock()
            .await
            .register(failing.sql, QueryResponse::error_only(refused));
        let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.run_with_shutdown(stopped));

        let text = format!(
            "Server=tcp:127.0.0.1,{port};Database=CRM;User Id=crm;Password=secret;\
             Encrypt=DANGER_PLAINTEXT"
        );
        let pool = bb8::Pool::builder()
            .max_size(1)
            .build_unchecked(Manager::new(parse_connection_string(&text).unwrap()));
        let conn = pool.get_owned().await.unwrap();
        let mut unit = MssqlUnitOfWork::begin(conn, Access::Write).await.unwrap();
        let sent = || async {
            let connections = connections.lock().await;
            let all = connections.all();
            all.values()
                .map(|c| c.transaction_descriptor_headers.len())
                .sum::<usize>()
        };

        let error = unit.rows(&failing, &[]).await.unwrap_err();
        assert!(matches!(error, StoreError::Duplicate(_)), "{error:?}");
        let before = sent().await;
        let again = unit.scalar(&failing, &[]).await.unwrap_err();
        assert!(
            matches!(&again, StoreError::Failed(m) if m.contains("tests::FAILING failed earlier")),
            "{again:?}"
        );
        let commit = unit.commit_transaction().await.unwrap_err();
        assert!(matches!(commit, StoreError::Failed(_)), "{commit:?}");
        assert_eq!(sent().await, before, "nothing more reached the server");
    }
}
