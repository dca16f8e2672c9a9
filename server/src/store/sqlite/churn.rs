//! Churn runs, warnings and delay measures on SQLite. A scan's result is applied through a
//! temporary table in two statements, whatever the number of customers.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use crm_shared::churn::WarningStatus;
use crm_shared::paging::Page;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::convert::{
    bad_code, contains_pattern, expect_one_row, optional_time_from_sql, time_from_sql, time_to_sql,
};
use super::unit::SqliteUnitOfWork;
use crate::store::{
    CandidatePicker, ChurnCandidate, ChurnRunRecord, ChurnStore, ChurnWarningFilter,
    ChurnWarningRecord, DelayMeasureRecord, DueCustomer, NewDelayMeasure, ScanChanges, StoreError,
    StoreResult, WarningNames,
};

const DATE_FORMAT: &str = "%Y-%m-%d";

const WARNING_SELECT: &str = "SELECT w.id, w.customer_id, w.status, w.last_order_date,
         w.opened_at, w.closed_at, w.reason, w.confirmed_by, w.version,
         c.number, c.name, c.manager_id, COALESCE(m.display_name, ''), confirmer.display_name,
         (SELECT COUNT(*) FROM delay_measures d WHERE d.warning_id = w.id)
     FROM churn_warnings w
     JOIN customers c ON c.id = w.customer_id
     LEFT JOIN users m ON m.id = c.manager_id
     LEFT JOIN users confirmer ON confirmer.id = w.confirmed_by";

fn optional_date(text: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|text| {
        NaiveDate::parse_from_str(&text, DATE_FORMAT).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
    })
    .transpose()
}

const RUN_SELECT: &str = "SELECT r.id, r.scheduled_for, r.started_by, r.started_at,
         r.finished_at, r.customers_checked, r.warnings_opened, r.warnings_closed, r.error,
         u.display_name
     FROM churn_runs r LEFT JOIN users u ON u.id = r.started_by";

fn warning_from_row(row: &Row) -> rusqlite::Result<ChurnWarningRecord> {
    let status: String = row.get(2)?;
    Ok(ChurnWarningRecord {
        id: row.get(0)?,
        customer_id: row.get(1)?,
        status: WarningStatus::from_code(&status).ok_or_else(|| bad_code("status", &status))?,
        last_order_date: optional_date(row.get(3)?)?,
        opened_at: time_from_sql(&row.get::<_, String>(4)?)?,
        closed_at: optional_time_from_sql(row.get(5)?)?,
        reason: row.get(6)?,
        confirmed_by: row.get(7)?,
        version: row.get(8)?,
        names: WarningNames {
            customer_number: row.get(9)?,
            customer_name: row.get(10)?,
            manager_id: row.get(11)?,
            manager_name: row.get(12)?,
            confirmed_by: row.get(13)?,
            measures: row.get::<_, i64>(14)? as u64,
        },
    })
}

fn run_from_row(row: &Row) -> rusqlite::Result<ChurnRunRecord> {
    Ok(ChurnRunRecord {
        id: row.get(0)?,
        scheduled_for: optional_time_from_sql(row.get(1)?)?,
        started_by: row.get(2)?,
        started_at: time_from_sql(&row.get::<_, String>(3)?)?,
        finished_at: optional_time_from_sql(row.get(4)?)?,
        customers_checked: row.get::<_, i64>(5)? as u64,
        changes: ScanChanges {
            opened: row.get::<_, i64>(6)? as u64,
            closed: row.get::<_, i64>(7)? as u64,
        },
        error: row.get(8)?,
        started_by_name: row.get(9)?,
    })
}

fn measure_from_row(row: &Row) -> rusqlite::Result<DelayMeasureRecord> {
    Ok(DelayMeasureRecord {
        id: row.get(0)?,
        warning_id: row.get(1)?,
        measure: row.get(2)?,
        created_by: row.get(3)?,
        created_at: time_from_sql(&row.get::<_, String>(4)?)?,
        created_by_name: row.get(5)?,
    })
}

/// The `WHERE` clause of a warning list and its values.
fn warning_condition(filter: &ChurnWarningFilter) -> (String, Vec<Value>) {
    let mut conditions = vec!["1 = 1".to_owned()];
    let mut values = Vec::new();
    if let Some(status) = filter.status {
        conditions.push("w.status = ?".into());
        values.push(Value::Text(status.code().to_owned()));
    }
    if filter.open_only {
        conditions.push("w.status IN ('open', 'delayed')".into());
    }
    if let Some(id) = filter.manager_id {
        conditions.push("c.manager_id = ?".into());
        values.push(Value::Integer(id));
    }
    let name = filter.customer_name.trim();
    if !name.is_empty() {
        conditions.push("c.name LIKE ? ESCAPE '\\'".into());
        values.push(Value::Text(contains_pattern(name)));
    }
    (conditions.join(" AND "), values)
}

#[async_trait]
impl ChurnStore for SqliteUnitOfWork {
    async fn pick_churn_candidates(
        &mut self,
        mut pick: CandidatePicker,
    ) -> StoreResult<(u64, Vec<DueCustomer>)> {
        self.run(move |conn| {
            let mut statement = conn.prepare(
                "SELECT id, order_code, created_at FROM customers WHERE status = 'active'
                 ORDER BY id",
            )?;
            let mut rows = statement.query([])?;
            let (mut seen, mut picked) = (0, Vec::new());
            while let Some(row) = rows.next()? {
                let candidate = ChurnCandidate {
                    customer_id: row.get(0)?,
                    order_code: row.get(1)?,
                    created_at: time_from_sql(&row.get::<_, String>(2)?)?,
                };
                seen += 1;
                picked.extend(pick(&candidate));
            }
            Ok((seen, picked))
        })
        .await
    }

    async fn claim_churn_run(
        &mut self,
        scheduled_for: Option<DateTime<Utc>>,
        started_by: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        let claimed = self
            .run(move |conn| {
                conn.execute(
                    "INSERT INTO churn_runs (scheduled_for, started_by, started_at)
                     VALUES (?1, ?2, ?3)",
                    params![scheduled_for.map(time_to_sql), started_by, time_to_sql(at)],
                )?;
                Ok(conn.last_insert_rowid())
            })
            .await;
        match claimed {
            Ok(id) => Ok(Some(id)),
            // Another instance (or an earlier start) has this scheduled instant's run: the
            // unique key on `scheduled_for` refused the second row.
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
        let error = error.to_owned();
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "UPDATE churn_runs SET finished_at = ?1, customers_checked = ?2,
                         warnings_opened = ?3, warnings_closed = ?4, error = ?5
                     WHERE id = ?6",
                    params![
                        time_to_sql(at),
                        customers_checked as i64,
                        changes.opened as i64,
                        changes.closed as i64,
                        error,
                        id
                    ],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn latest_scheduled_churn_run(&mut self) -> StoreResult<Option<DateTime<Utc>>> {
        self.run(|conn| {
            let latest: Option<String> =
                conn.query_row("SELECT MAX(scheduled_for) FROM churn_runs", [], |r| {
                    r.get(0)
                })?;
            optional_time_from_sql(latest)
        })
        .await
    }

    async fn churn_run(&mut self, id: i64) -> StoreResult<Option<ChurnRunRecord>> {
        self.run(move |conn| {
            conn.prepare_cached(&format!("{RUN_SELECT} WHERE r.id = ?1"))?
                .query_row([id], run_from_row)
                .optional()
        })
        .await
    }

    async fn list_churn_runs(&mut self, page: Page) -> StoreResult<(Vec<ChurnRunRecord>, u64)> {
        self.run(move |conn| {
            let total: i64 = conn.query_row("SELECT COUNT(*) FROM churn_runs", [], |r| r.get(0))?;
            let sql =
                format!("{RUN_SELECT} ORDER BY r.started_at DESC, r.id DESC LIMIT ?1 OFFSET ?2");
            let rows = conn
                .prepare_cached(&sql)?
                .query_map(
                    params![i64::from(page.size), page.offset() as i64],
                    run_from_row,
                )?
                .collect::<Result<_, _>>()?;
            Ok((rows, total as u64))
        })
        .await
    }

    async fn apply_churn_scan(
        &mut self,
        run_id: i64,
        due: &[DueCustomer],
        at: DateTime<Utc>,
    ) -> StoreResult<ScanChanges> {
        let due = due.to_vec();
        self.run(move |conn| {
            conn.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS churn_due (
                     customer_id INTEGER PRIMARY KEY, last_order_date TEXT NULL);
                 DELETE FROM temp.churn_due;",
            )?;
            {
                let mut insert = conn.prepare_cached(
                    "INSERT INTO temp.churn_due (customer_id, last_order_date) VALUES (?1, ?2)",
                )?;
                for customer in &due {
                    let date = customer
                        .last_order_date
                        .map(|d| d.format(DATE_FORMAT).to_string());
                    insert.execute(params![customer.customer_id, date])?;
                }
            }
            let at = time_to_sql(at);
            let opened = conn.execute(
                "INSERT INTO churn_warnings (customer_id, status, last_order_date, opened_at,
                     opened_by_run)
                 SELECT d.customer_id, 'open', d.last_order_date, ?1, ?2
                 FROM temp.churn_due d
                 JOIN customers c ON c.id = d.customer_id AND c.status = 'active'
                 WHERE NOT EXISTS (SELECT 1 FROM churn_warnings w
                     WHERE w.customer_id = d.customer_id AND w.status IN ('open', 'delayed'))",
                params![at, run_id],
            )?;
            let closed = conn.execute(
                "UPDATE churn_warnings SET status = 'recovered', closed_at = ?1,
                     version = version + 1
                 WHERE status IN ('open', 'delayed')
                   AND customer_id NOT IN (SELECT customer_id FROM temp.churn_due)",
                params![at],
            )?;
            conn.execute("DELETE FROM temp.churn_due", [])?;
            Ok(ScanChanges {
                opened: opened as u64,
                closed: closed as u64,
            })
        })
        .await
    }

    async fn churn_warning(&mut self, id: i64) -> StoreResult<Option<ChurnWarningRecord>> {
        self.run(move |conn| {
            conn.prepare_cached(&format!("{WARNING_SELECT} WHERE w.id = ?1"))?
                .query_row([id], warning_from_row)
                .optional()
        })
        .await
    }

    async fn list_churn_warnings(
        &mut self,
        filter: &ChurnWarningFilter,
        page: Page,
    ) -> StoreResult<(Vec<ChurnWarningRecord>, u64)> {
        let (condition, mut values) = warning_condition(filter);
        self.run(move |conn| {
            let total: i64 = conn.query_row(
                &format!(
                    "SELECT COUNT(*) FROM churn_warnings w JOIN customers c ON c.id = w.customer_id
                     WHERE {condition}"
                ),
                params_from_iter(values.iter()),
                |row| row.get(0),
            )?;
            values.push(Value::Integer(page.size.into()));
            values.push(Value::Integer(page.offset() as i64));
            let sql = format!(
                "{WARNING_SELECT} WHERE {condition}
                 ORDER BY w.opened_at DESC, w.id DESC LIMIT ? OFFSET ?"
            );
            let rows = conn
                .prepare_cached(&sql)?
                .query_map(params_from_iter(values.iter()), warning_from_row)?
                .collect::<Result<_, _>>()?;
            Ok((rows, total as u64))
        })
        .await
    }

    async fn update_churn_warning(
        &mut self,
        warning: &ChurnWarningRecord,
        version: i64,
    ) -> StoreResult<()> {
        let w = warning.clone();
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "UPDATE churn_warnings SET status = ?1, closed_at = ?2, reason = ?3,
                         confirmed_by = ?4, version = version + 1
                     WHERE id = ?5 AND version = ?6",
                    params![
                        w.status.code(),
                        w.closed_at.map(time_to_sql),
                        w.reason,
                        w.confirmed_by,
                        w.id,
                        version
                    ],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn list_delay_measures(
        &mut self,
        warning_id: i64,
    ) -> StoreResult<Vec<DelayMeasureRecord>> {
        self.run(move |conn| {
            conn.prepare_cached(
                "SELECT d.id, d.warning_id, d.measure, d.created_by, d.created_at, u.display_name
                 FROM delay_measures d JOIN users u ON u.id = d.created_by
                 WHERE d.warning_id = ?1 ORDER BY d.id",
            )?
            .query_map([warning_id], measure_from_row)?
            .collect()
        })
        .await
    }

    async fn insert_delay_measure(&mut self, new: &NewDelayMeasure) -> StoreResult<i64> {
        let new = new.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO delay_measures (warning_id, measure, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    new.warning_id,
                    new.measure,
                    new.created_by,
                    time_to_sql(new.created_at)
                ],
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }
}
