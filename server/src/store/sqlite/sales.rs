//! The sales system's orders on the embedded store (DESIGN §4): read through [`OrderSource`],
//! filled by the order import and the demo. On SQL Server the same interface reads views of
//! the sales database instead.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use crm_shared::date::format_date;
use crm_shared::paging::Page;
use rusqlite::{Connection, Row, TransactionBehavior, params};

use super::convert::{map_error, time_to_sql};
use super::{Pool, SqliteStore};
use crate::io::order_import::{ImportReport, ImportedOrder, RowError};
use crate::store::{
    LastOrders, OrderLineRecord, OrderRecord, OrderSource, OrderSummaryRecord, StoreError,
    StoreResult,
};

/// The order source over the store's own sales tables.
#[derive(Clone)]
pub struct SqliteOrderSource {
    pool: Pool,
}

impl SqliteStore {
    /// The sales tables of this database as an order source.
    pub fn order_source(&self) -> SqliteOrderSource {
        SqliteOrderSource {
            pool: self.pool.clone(),
        }
    }
}

const SUMMARY_COLUMNS: &str = "o.id, o.number, o.customer_code, o.order_date,
     o.delivery_address, o.state,
     (SELECT COALESCE(SUM(quantity * unit_price_fen), 0) FROM sales_order_lines
       WHERE order_id = o.id)";

fn date_from_sql(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

fn summary_from_row(row: &Row) -> rusqlite::Result<OrderSummaryRecord> {
    Ok(OrderSummaryRecord {
        id: row.get(0)?,
        number: row.get(1)?,
        customer_code: row.get(2)?,
        date: date_from_sql(&row.get::<_, String>(3)?)?,
        delivery_address: row.get(4)?,
        state: row.get(5)?,
        total_fen: row.get(6)?,
    })
}

fn line_from_row(row: &Row) -> rusqlite::Result<OrderLineRecord> {
    let quantity: i64 = row.get(4)?;
    let unit_price_fen: i64 = row.get(6)?;
    Ok(OrderLineRecord {
        id: row.get(0)?,
        line_no: row.get(1)?,
        product_code: row.get(2)?,
        product_name: row.get(3)?,
        quantity,
        unit: row.get(5)?,
        unit_price_fen,
        amount_fen: quantity.saturating_mul(unit_price_fen),
    })
}

impl SqliteOrderSource {
    /// Runs `work` on a pooled connection off the async runtime.
    async fn with_connection<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool
                .get()
                .map_err(|e| StoreError::Unavailable(e.to_string()))?;
            work(&mut conn).map_err(map_error)
        })
        .await
        .map_err(|e| StoreError::Failed(e.to_string()))?
    }

    /// Imports parsed orders in one transaction: orders imported before are skipped, and an
    /// order naming no known customer fails the whole import.
    pub async fn import(
        &self,
        orders: Vec<ImportedOrder>,
        at: DateTime<Utc>,
    ) -> StoreResult<ImportReport> {
        self.with_connection(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let report = import_in(&tx, &orders, at)?;
            if report.errors.is_empty() {
                tx.commit()?;
            }
            Ok(report)
        })
        .await
    }
}

fn import_in(
    conn: &Connection,
    orders: &[ImportedOrder],
    at: DateTime<Utc>,
) -> rusqlite::Result<ImportReport> {
    let mut report = ImportReport::default();
    let mut known =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM sales_orders WHERE number = ?1)")?;
    let mut customer =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM customers WHERE order_code = ?1)")?;
    let mut new_orders = Vec::new();
    for order in orders {
        if known.query_row([&order.number], |row| row.get::<_, bool>(0))? {
            report.orders_skipped += 1;
        } else if !customer.query_row([&order.customer_code], |row| row.get::<_, bool>(0))? {
            report.errors.push(RowError {
                line: order.line,
                message: format!(
                    "客户编码“{}”不是任何客户的销售系统编码或客户编号",
                    order.customer_code
                ),
            });
        } else {
            new_orders.push(order);
        }
    }
    if !report.errors.is_empty() {
        return Ok(report);
    }

    let mut products: HashMap<&str, i64> = HashMap::new();
    let mut product = conn.prepare_cached(
        "INSERT INTO sales_products (code, name, unit) VALUES (?1, ?2, ?3)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, unit = excluded.unit
         RETURNING id",
    )?;
    let mut insert_order = conn.prepare_cached(
        "INSERT INTO sales_orders (number, customer_code, order_date, delivery_address, state,
                                   imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_line = conn.prepare_cached(
        "INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, unit_price_fen)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let imported_at = time_to_sql(at);
    for order in new_orders {
        insert_order.execute(params![
            order.number,
            order.customer_code,
            format_date(order.date),
            order.delivery_address,
            order.state,
            imported_at
        ])?;
        let order_id = conn.last_insert_rowid();
        for line in &order.lines {
            let product_id = match products.get(line.product_code.as_str()) {
                Some(id) => *id,
                None => {
                    let id = product.query_row(
                        params![line.product_code, line.product_name, line.unit],
                        |row| row.get(0),
                    )?;
                    products.insert(&line.product_code, id);
                    id
                }
            };
            insert_line.execute(params![
                order_id,
                line.line_no,
                product_id,
                line.quantity,
                line.unit_price_fen
            ])?;
            report.lines_imported += 1;
        }
        report.orders_imported += 1;
    }
    Ok(report)
}

#[async_trait]
impl OrderSource for SqliteOrderSource {
    async fn list_orders(
        &self,
        customer_code: &str,
        states: &[i32],
        page: Page,
    ) -> StoreResult<(Vec<OrderSummaryRecord>, u64)> {
        let customer_code = customer_code.to_owned();
        // State codes are integers: written into the statement, they cannot inject anything.
        let states: Vec<String> = states.iter().map(i32::to_string).collect();
        let states = states.join(", ");
        self.with_connection(move |conn| {
            let condition = format!("o.customer_code = ?1 AND o.state IN ({states})");
            let total: i64 = conn.query_row(
                &format!("SELECT COUNT(*) FROM sales_orders o WHERE {condition}"),
                [&customer_code],
                |row| row.get(0),
            )?;
            let orders = conn
                .prepare_cached(&format!(
                    "SELECT {SUMMARY_COLUMNS} FROM sales_orders o WHERE {condition}
                     ORDER BY o.order_date DESC, o.number DESC LIMIT ?2 OFFSET ?3"
                ))?
                .query_map(
                    params![customer_code, page.size, page.offset() as i64],
                    summary_from_row,
                )?
                .collect::<Result<_, _>>()?;
            Ok((orders, total as u64))
        })
        .await
    }

    async fn order(&self, id: i64) -> StoreResult<Option<OrderRecord>> {
        self.with_connection(move |conn| {
            let sql = format!("SELECT {SUMMARY_COLUMNS} FROM sales_orders o WHERE o.id = ?1");
            let Some(summary) = conn
                .prepare_cached(&sql)?
                .query_map([id], summary_from_row)?
                .next()
                .transpose()?
            else {
                return Ok(None);
            };
            let lines = conn
                .prepare_cached(
                    "SELECT l.id, l.line_no, p.code, p.name, l.quantity, p.unit, l.unit_price_fen
                     FROM sales_order_lines l JOIN sales_products p ON p.id = l.product_id
                     WHERE l.order_id = ?1 ORDER BY l.line_no",
                )?
                .query_map([id], line_from_row)?
                .collect::<Result<_, _>>()?;
            Ok(Some(OrderRecord { summary, lines }))
        })
        .await
    }

    async fn last_order_dates(&self, cancelled: &[i32]) -> StoreResult<LastOrders> {
        let cancelled = cancelled.to_vec();
        self.with_connection(move |conn| {
            // Without cancelled states the customer index alone answers (a covering scan).
            let condition = match cancelled.len() {
                0 => String::new(),
                n => format!("WHERE state NOT IN ({})", vec!["?"; n].join(", ")),
            };
            let sql = format!(
                "SELECT customer_code, MAX(order_date) FROM sales_orders {condition}
                 GROUP BY customer_code"
            );
            let mut statement = conn.prepare(&sql)?;
            let mut rows = statement.query(rusqlite::params_from_iter(cancelled))?;
            let mut last = LastOrders::default();
            while let Some(row) = rows.next()? {
                // Borrowed from the row: no string a customer is made on the way.
                let code = row.get_ref(0)?.as_str()?;
                let date = date_from_sql(row.get_ref(1)?.as_str()?)?;
                last.push(code, date);
            }
            Ok(last.finish())
        })
        .await
    }
}
