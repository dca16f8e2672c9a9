//! Churn runs, warnings and delay measures on SQL Server. The 正常 customers are streamed to
//! the scan one row at a time, and a scan's result is applied through a temporary table,
//! bulk-loaded, in two set-based statements whatever the number of customers.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_shared::churn::WarningStatus;
use crm_shared::paging::Page;
use tiberius::IntoRow;

use super::convert::{Columns, Value, bad_code, contains_pattern, expect_one_row, page_values};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{
    CandidatePicker, ChurnCandidate, ChurnRunRecord, ChurnStore, ChurnWarningFilter,
    ChurnWarningRecord, DelayMeasureRecord, DueCustomer, NewDelayMeasure, ScanChanges, StoreError,
    StoreResult, WarningNames,
};

/// A warning's columns with its customer's and people's names and its number of measures,
/// in the order of `warning_from_row`, for a `FROM` that ends in `churn_warnings w` and is
/// followed by [`warning_joins!`].
macro_rules! warning_columns {
    () => {
        "SELECT w.id, w.customer_id, w.status, w.last_order_date, w.opened_at, w.closed_at,
                w.reason, w.confirmed_by, w.version, c.number, c.name, c.manager_id,
                COALESCE(m.display_name, N''), confirmer.display_name,
                (SELECT COUNT(*) FROM delay_measures d WHERE d.warning_id = w.id)"
    };
}

/// The joins of [`warning_columns!`].
macro_rules! warning_joins {
    () => {
        " JOIN customers c ON c.id = w.customer_id
          LEFT JOIN users m ON m.id = c.manager_id
          LEFT JOIN users confirmer ON confirmer.id = w.confirmed_by "
    };
}

/// The filter of the warning list over `churn_warnings w JOIN customers c`, shared by its
/// count and its page: status (NULL when not filtered on), open ones only (a flag), manager,
/// and a "contains" pattern for the customer's name.
macro_rules! warning_condition {
    () => {
        "(@P1 IS NULL OR w.status = @P1)
           AND (@P2 = 0 OR w.status IN (N'open', N'delayed'))
           AND (@P3 IS NULL OR c.manager_id = @P3)
           AND (@P4 IS NULL OR c.name LIKE @P4 ESCAPE '\\')"
    };
}

/// A run's columns with the name of who started it, in the order of `run_from_row`, for a
/// `FROM` that ends in `churn_runs r` and is followed by [`run_joins!`].
macro_rules! run_columns {
    () => {
        "SELECT r.id, r.scheduled_for, r.started_by, r.started_at, r.finished_at,
                r.customers_checked, r.warnings_opened, r.warnings_closed, r.error,
                u.display_name"
    };
}

/// The joins of [`run_columns!`].
macro_rules! run_joins {
    () => {
        " LEFT JOIN users u ON u.id = r.started_by "
    };
}

statement!(
    ACTIVE_CUSTOMERS = "SELECT id, order_code, created_at FROM customers
         WHERE status = N'active'
         ORDER BY id"
);

statement!(
    /// Returns the new run's id, or no row when the scheduled instant has its run. The check
    /// and the insert are one step: the key-range lock HOLDLOCK takes on the instant makes a
    /// second claimer wait for the first one's commit and then see its run, so the unique
    /// index never has to refuse a row (the error would end the transaction, as the session
    /// runs with XACT_ABORT). A run by hand (NULL) never matches.
    CLAIM_RUN = "IF NOT EXISTS (SELECT 1 FROM churn_runs WITH (UPDLOCK, HOLDLOCK)
                        WHERE @P1 IS NOT NULL AND scheduled_for IS NOT NULL
                          AND scheduled_for = @P1)
             INSERT INTO churn_runs (scheduled_for, started_by, started_at)
             OUTPUT INSERTED.id
             VALUES (@P1, @P2, @P3);"
);

statement!(
    FINISH_RUN = "UPDATE churn_runs
         SET finished_at = @P1, customers_checked = @P2, warnings_opened = @P3,
             warnings_closed = @P4, error = @P5
         WHERE id = @P6;
         SELECT @@ROWCOUNT AS changed;"
);

statement!(
    CHURN_RUN = concat!(
        run_columns!(),
        " FROM churn_runs r",
        run_joins!(),
        "WHERE r.id = @P1"
    )
);

statement!(LATEST_SCHEDULED_RUN = "SELECT MAX(scheduled_for) AS latest FROM churn_runs");

statement!(COUNT_RUNS = "SELECT COUNT(*) AS runs FROM churn_runs");

statement!(
    LIST_RUNS = concat!(
        run_columns!(),
        " FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY started_at DESC, id DESC) AS row_no
                FROM churn_runs) AS numbered
              JOIN churn_runs r ON r.id = numbered.id",
        run_joins!(),
        "WHERE numbered.row_no > @P1 AND numbered.row_no <= @P1 + @P2
         ORDER BY numbered.row_no"
    )
);

statement!(
    /// Run as a batch of its own, so the table outlives the statement (see
    /// [`MssqlUnitOfWork::batch`]). A table left by an earlier scan of the session goes first.
    CREATE_DUE = "IF OBJECT_ID(N'tempdb..#due') IS NOT NULL DROP TABLE #due;
         CREATE TABLE #due (
             customer_id     BIGINT NOT NULL PRIMARY KEY,
             last_order_date DATE NULL
         );"
);

statement!(
    /// A 预警 for each due customer still 正常 and without an open warning.
    OPEN_WARNINGS = "INSERT INTO churn_warnings (customer_id, status, last_order_date,
             opened_at, opened_by_run)
         SELECT d.customer_id, N'open', d.last_order_date, @P1, @P2
         FROM #due d
              JOIN customers c ON c.id = d.customer_id AND c.status = N'active'
         WHERE NOT EXISTS (SELECT 1 FROM churn_warnings w
                           WHERE w.customer_id = d.customer_id
                             AND w.status IN (N'open', N'delayed'));
         SELECT @@ROWCOUNT AS opened;"
);

statement!(
    /// The open warnings of customers not due any more close as 已恢复.
    CLOSE_WARNINGS = "UPDATE w
         SET status = N'recovered', closed_at = @P1, version = w.version + 1
         FROM churn_warnings w
         WHERE w.status IN (N'open', N'delayed')
           AND NOT EXISTS (SELECT 1 FROM #due d WHERE d.customer_id = w.customer_id);
         SELECT @@ROWCOUNT AS closed;"
);

statement!(DROP_DUE = "DROP TABLE #due");

statement!(
    CHURN_WARNING = concat!(
        warning_columns!(),
        " FROM churn_warnings w",
        warning_joins!(),
        "WHERE w.id = @P1"
    )
);

statement!(
    COUNT_WARNINGS = recompiled concat!(
        "SELECT COUNT(*) AS matched
         FROM churn_warnings w JOIN customers c ON c.id = w.customer_id
         WHERE ",
        warning_condition!()
    )
);

statement!(
    /// The matching warnings are numbered first; only the page's rows are joined for their
    /// names and measures.
    LIST_WARNINGS = recompiled concat!(
        warning_columns!(),
        " FROM (SELECT w.id,
                       ROW_NUMBER() OVER (ORDER BY w.opened_at DESC, w.id DESC) AS row_no
                FROM churn_warnings w JOIN customers c ON c.id = w.customer_id
                WHERE ",
        warning_condition!(),
        ") AS matching
              JOIN churn_warnings w ON w.id = matching.id",
        warning_joins!(),
        "WHERE matching.row_no > @P5 AND matching.row_no <= @P5 + @P6
         ORDER BY matching.row_no"
    )
);

statement!(
    UPDATE_WARNING = "UPDATE churn_warnings
         SET status = @P1, closed_at = @P2, reason = @P3, confirmed_by = @P4,
             version = version + 1
         WHERE id = @P5 AND version = @P6;
         SELECT @@ROWCOUNT AS changed;"
);

statement!(
    LIST_MEASURES = "SELECT d.id, d.warning_id, d.measure, d.created_by, d.created_at,
                u.display_name
         FROM delay_measures d JOIN users u ON u.id = d.created_by
         WHERE d.warning_id = @P1
         ORDER BY d.id"
);

statement!(
    INSERT_MEASURE = "INSERT INTO delay_measures (warning_id, measure, created_by, created_at)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4)"
);

/// The table name the bulk load writes to, as [`CREATE_DUE`] creates it.
const DUE_TABLE: &str = "#due";

fn warning_from_row(row: &mut Columns) -> StoreResult<ChurnWarningRecord> {
    let id = row.i64()?;
    let customer_id = row.i64()?;
    let status = row.text()?;
    Ok(ChurnWarningRecord {
        id,
        customer_id,
        status: WarningStatus::from_code(&status).ok_or_else(|| bad_code("status", &status))?,
        last_order_date: row.opt_naive_date()?,
        opened_at: row.time()?,
        closed_at: row.opt_time()?,
        reason: row.text()?,
        confirmed_by: row.opt_i64()?,
        version: row.i64()?,
        names: WarningNames {
            customer_number: row.text()?,
            customer_name: row.text()?,
            manager_id: row.opt_i64()?,
            manager_name: row.text()?,
            confirmed_by: row.opt_text()?,
            measures: row.u64()?,
        },
    })
}

fn run_from_row(row: &mut Columns) -> StoreResult<ChurnRunRecord> {
    Ok(ChurnRunRecord {
        id: row.i64()?,
        scheduled_for: row.opt_time()?,
        started_by: row.opt_i64()?,
        started_at: row.time()?,
        finished_at: row.opt_time()?,
        customers_checked: row.u64()?,
        changes: ScanChanges {
            opened: row.u64()?,
            closed: row.u64()?,
        },
        error: row.text()?,
        started_by_name: row.opt_text()?,
    })
}

fn measure_from_row(row: &mut Columns) -> StoreResult<DelayMeasureRecord> {
    Ok(DelayMeasureRecord {
        id: row.i64()?,
        warning_id: row.i64()?,
        measure: row.text()?,
        created_by: row.i64()?,
        created_at: row.time()?,
        created_by_name: row.text()?,
    })
}

fn candidate_from_row(row: &mut Columns) -> StoreResult<ChurnCandidate> {
    Ok(ChurnCandidate {
        customer_id: row.i64()?,
        order_code: row.text()?,
        created_at: row.time()?,
    })
}

fn id_from_row(row: &mut Columns) -> StoreResult<i64> {
    row.i64()
}

fn latest_from_row(row: &mut Columns) -> StoreResult<Option<DateTime<Utc>>> {
    row.opt_time()
}

/// The values of `warning_condition!`, in its order.
fn warning_values(filter: &ChurnWarningFilter) -> Vec<Value> {
    let name = filter.customer_name.trim();
    vec![
        Value::from(filter.status.map(|s| s.code().to_owned())),
        Value::from(filter.open_only),
        Value::from(filter.manager_id),
        Value::from((!name.is_empty()).then(|| contains_pattern(name))),
    ]
}

/// A count as a `BIGINT` parameter (no count comes near the limit).
fn count_value(count: u64) -> Value {
    Value::from(i64::try_from(count).unwrap_or(i64::MAX))
}

impl MssqlUnitOfWork {
    /// Loads the due customers into `#due` with a bulk load, a stream of rows rather than a
    /// statement per customer.
    async fn load_due(&mut self, due: &[DueCustomer]) -> StoreResult<()> {
        let client = self.client()?;
        let loaded = async {
            let mut load = client.bulk_insert(DUE_TABLE).await?;
            for customer in due {
                let row = (customer.customer_id, customer.last_order_date).into_row();
                load.send(row).await?;
            }
            load.finalize().await
        }
        .await;
        self.settle("churn::load_due", loaded).map(drop)
    }
}

#[async_trait]
impl ChurnStore for MssqlUnitOfWork {
    async fn pick_churn_candidates(
        &mut self,
        mut pick: CandidatePicker,
    ) -> StoreResult<(u64, Vec<DueCustomer>)> {
        let (mut seen, mut picked) = (0, Vec::new());
        self.for_each_row(&ACTIVE_CUSTOMERS, &[], |row| {
            let candidate = candidate_from_row(&mut Columns::new(row))?;
            seen += 1;
            picked.extend(pick(&candidate));
            Ok(())
        })
        .await?;
        Ok((seen, picked))
    }

    async fn claim_churn_run(
        &mut self,
        scheduled_for: Option<DateTime<Utc>>,
        started_by: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        let values = [
            Value::from(scheduled_for),
            Value::from(started_by),
            Value::from(at),
        ];
        match self.one(&CLAIM_RUN, &values, id_from_row).await {
            Ok(claimed) => Ok(claimed),
            // Should the index refuse a row all the same, it means the same; the caller drops
            // this unit of work without writing more (SQL Server has rolled it back, and it
            // runs nothing more).
            Err(StoreError::Duplicate(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    async fn finish_churn_run(
        &mut self,
        id: i64,
        customers_checked: u64,
        changes: ScanChanges,
        error: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let values = [
            Value::from(at),
            count_value(customers_checked),
            count_value(changes.opened),
            count_value(changes.closed),
            Value::from(error),
            Value::from(id),
        ];
        let changed = self.scalar(&FINISH_RUN, &values).await?;
        expect_one_row(changed)
    }

    async fn churn_run(&mut self, id: i64) -> StoreResult<Option<ChurnRunRecord>> {
        self.one(&CHURN_RUN, &[Value::from(id)], run_from_row).await
    }

    async fn latest_scheduled_churn_run(&mut self) -> StoreResult<Option<DateTime<Utc>>> {
        let latest = self
            .one(&LATEST_SCHEDULED_RUN, &[], latest_from_row)
            .await?;
        Ok(latest.flatten())
    }

    async fn list_churn_runs(&mut self, page: Page) -> StoreResult<(Vec<ChurnRunRecord>, u64)> {
        let total = self.scalar(&COUNT_RUNS, &[]).await?;
        let runs = self
            .list(&LIST_RUNS, &page_values(page), run_from_row)
            .await?;
        Ok((runs, total as u64))
    }

    async fn apply_churn_scan(
        &mut self,
        run_id: i64,
        due: &[DueCustomer],
        at: DateTime<Utc>,
    ) -> StoreResult<ScanChanges> {
        self.batch(&CREATE_DUE).await?;
        if !due.is_empty() {
            self.load_due(due).await?;
        }

        let values = [Value::from(at), Value::from(run_id)];
        let opened = self.scalar(&OPEN_WARNINGS, &values).await?;
        let closed = self.scalar(&CLOSE_WARNINGS, &[Value::from(at)]).await?;

        self.batch(&DROP_DUE).await?;
        Ok(ScanChanges {
            opened: opened as u64,
            closed: closed as u64,
        })
    }

    async fn churn_warning(&mut self, id: i64) -> StoreResult<Option<ChurnWarningRecord>> {
        self.one(&CHURN_WARNING, &[Value::from(id)], warning_from_row)
            .await
    }

    async fn list_churn_warnings(
        &mut self,
        filter: &ChurnWarningFilter,
        page: Page,
    ) -> StoreResult<(Vec<ChurnWarningRecord>, u64)> {
        let mut values = warning_values(filter);
        let total = self.scalar(&COUNT_WARNINGS, &values).await?;

        values.extend(page_values(page));
        let warnings = self.list(&LIST_WARNINGS, &values, warning_from_row).await?;
        Ok((warnings, total as u64))
    }

    async fn update_churn_warning(
        &mut self,
        warning: &ChurnWarningRecord,
        version: i64,
    ) -> StoreResult<()> {
        let values = [
            Value::from(warning.status.code()),
            Value::from(warning.closed_at),
            Value::from(warning.reason.as_str()),
            Value::from(warning.confirmed_by),
            Value::from(warning.id),
            Value::from(version),
        ];
        let changed = self.scalar(&UPDATE_WARNING, &values).await?;
        expect_one_row(changed)
    }

    async fn list_delay_measures(
        &mut self,
        warning_id: i64,
    ) -> StoreResult<Vec<DelayMeasureRecord>> {
        self.list(&LIST_MEASURES, &[Value::from(warning_id)], measure_from_row)
            .await
    }

    async fn insert_delay_measure(&mut self, new: &NewDelayMeasure) -> StoreResult<i64> {
        let values = [
            Value::from(new.warning_id),
            Value::from(new.measure.as_str()),
            Value::from(new.created_by),
            Value::from(new.created_at),
        ];
        self.scalar(&INSERT_MEASURE, &values).await
    }
}
