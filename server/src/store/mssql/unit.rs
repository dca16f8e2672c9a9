//! The SQL Server unit of work: a pooled connection inside `BEGIN TRANSACTION … COMMIT`.
//!
//! The transaction always ends: [`commit`](UnitOfWork::commit) commits it, and a unit dropped
//! without commit leaves its connection marked as in a transaction, which the pool then
//! discards rather than hand out again; closing the connection makes the server roll back.
//! No connection ever returns to the pool mid-transaction.

use tiberius::Row;
use tokio_stream::StreamExt;

use super::connection::{Manager, TdsClient};
use super::convert::{Columns, Value, as_params, map_error};
use super::statement::{Statement, statement};
use crate::store::{Access, StoreError, StoreResult};

statement!(BEGIN = "BEGIN TRANSACTION");
statement!(COMMIT = "COMMIT TRANSACTION");

pub struct MssqlUnitOfWork {
    conn: bb8::PooledConnection<'static, Manager>,
}

impl MssqlUnitOfWork {
    /// Commits the transaction; the connection then goes back to the pool.
    pub async fn commit_transaction(&mut self) -> StoreResult<()> {
        self.conn
            .client
            .simple_query(COMMIT.sql)
            .await
            .map_err(map_error)?
            .into_results()
            .await
            .map_err(map_error)?;
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
        Ok(MssqlUnitOfWork { conn })
    }

    /// Every row of the statement's first result.
    pub async fn rows(&mut self, statement: &Statement, params: &[Value]) -> StoreResult<Vec<Row>> {
        self.conn
            .client
            .query(statement.text(), &as_params(params))
            .await
            .map_err(|e| failed_in(statement, e))?
            .into_first_result()
            .await
            .map_err(|e| failed_in(statement, e))
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
        self.rows(statement, params)
            .await?
            .iter()
            .map(|row| from_row(&mut Columns::new(row)))
            .collect()
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
        let results = self
            .conn
            .client
            .query(statement.text(), &as_params(params))
            .await
            .map_err(|e| failed_in(statement, e))?
            .into_results()
            .await
            .map_err(|e| failed_in(statement, e))?;
        let row = results
            .last()
            .and_then(|rows| rows.first())
            .ok_or_else(|| StoreError::Failed(format!("{} returned no row", statement.name)))?;
        Columns::new(row).i64()
    }

    /// Runs a statement that returns nothing.
    pub async fn execute(&mut self, statement: &Statement, params: &[Value]) -> StoreResult<()> {
        self.conn
            .client
            .execute(statement.text(), &as_params(params))
            .await
            .map_err(|e| failed_in(statement, e))?;
        Ok(())
    }

    /// Passes each row of the statement's results to `each` as it arrives, so a result of a
    /// million rows is never all in memory. The first error `each` returns ends the calls and
    /// is returned once the rest of the result has been read.
    pub async fn for_each_row<F>(
        &mut self,
        statement: &Statement,
        params: &[Value],
        each: F,
    ) -> StoreResult<()>
    where
        F: FnMut(&Row) -> StoreResult<()> + Send,
    {
        let sql = statement.text();
        stream_rows(&mut self.conn.client, (statement.name, &sql), params, each).await
    }

    /// Runs a statement without parameters as a batch of its own rather than through
    /// `sp_executesql`: a temporary table it creates then lives on in the session, for the
    /// next statements, instead of ending with the procedure call.
    pub async fn batch(&mut self, statement: &Statement) -> StoreResult<()> {
        self.conn
            .client
            .simple_query(statement.text())
            .await
            .map_err(|e| failed_in(statement, e))?
            .into_results()
            .await
            .map_err(|e| failed_in(statement, e))?;
        Ok(())
    }

    /// The raw client, for what statements cannot do (bulk loads into a temporary table).
    pub fn client(&mut self) -> &mut TdsClient {
        &mut self.conn.client
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
fn failed_in(statement: &Statement, error: tiberius::error::Error) -> StoreError {
    failed_at(statement.name, error)
}

/// [`failed_in`] for a statement known by its name only.
pub(super) fn failed_at(name: &str, error: tiberius::error::Error) -> StoreError {
    match map_error(error) {
        StoreError::Failed(message) => StoreError::Failed(format!("{name}: {message}")),
        other => other,
    }
}
