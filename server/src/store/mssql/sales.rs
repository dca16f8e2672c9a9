//! The sales system's orders on SQL Server (DESIGN §4), read through [`OrderSource`] from the
//! tables or views the configuration names: on a real site, views of the sales database,
//! which may be another database or server, hence a pool of its own. Read-only, so no
//! transaction.

use std::time::Duration;

use async_trait::async_trait;
use crm_shared::paging::Page;
use serde::Deserialize;
use tiberius::Row;

use super::connection::Manager;
use super::convert::{Columns, Value, as_params, page_values, rows_as};
use super::statement::{Statement, statement};
use super::unit::{failed_at, stream_rows};
use super::{describe, parse_connection_string};
use crate::store::{
    LastOrders, OrderLineRecord, OrderRecord, OrderSource, OrderSummaryRecord, StoreError,
    StoreResult,
};

/// Connections to the sales database at most: its reads are short (an order list, an order)
/// but for the weekly scan's one aggregate.
const POOL_SIZE: u32 = 4;
/// How long a read waits for a free connection before the sales database counts as
/// unavailable.
const POOL_WAIT: Duration = Duration::from_secs(30);

/// Where the sales system's orders are read from: table or view names, each of one to three
/// dot-separated parts (`view`, `schema.view`, `database.schema.view`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SalesTables {
    pub orders: String,
    pub order_lines: String,
    pub products: String,
}

impl Default for SalesTables {
    fn default() -> Self {
        SalesTables {
            orders: "sales_orders".into(),
            order_lines: "sales_order_lines".into(),
            products: "sales_products".into(),
        }
    }
}

impl SalesTables {
    /// Refuses a name that is not a plain or bracketed identifier of one to three parts: the
    /// names are written into the statements, so none may carry any other SQL.
    pub fn check(&self) -> StoreResult<()> {
        for (key, name) in [
            ("orders", &self.orders),
            ("order_lines", &self.order_lines),
            ("products", &self.products),
        ] {
            if !is_object_name(name) {
                return Err(StoreError::Failed(format!(
                    "sales table name {key} is not a name of one to three parts of letters, \
                     digits and _ or [bracketed]: {name:?}"
                )));
            }
        }
        Ok(())
    }

    /// The statement with the configured names in place of `{orders}`, `{order_lines}` and
    /// `{products}`.
    fn render(&self, statement: &Statement) -> SalesStatement {
        let sql = statement
            .text()
            .replace("{orders}", &self.orders)
            .replace("{order_lines}", &self.order_lines)
            .replace("{products}", &self.products);
        SalesStatement {
            name: statement.name,
            sql,
        }
    }
}

/// `part(.part){0,2}`, each part a plain identifier (a letter or `_`, then letters, digits
/// and `_`) or `[anything but ]]`.
fn is_object_name(name: &str) -> bool {
    let mut parts = 0;
    let mut rest = name;
    loop {
        let after = if let Some(bracketed) = rest.strip_prefix('[') {
            match bracketed.split_once(']') {
                Some((inside, after))
                    if !inside.is_empty() && !inside.chars().any(char::is_control) =>
                {
                    after
                }
                _ => return false,
            }
        } else {
            let end = rest.find('.').unwrap_or(rest.len());
            let (part, after) = rest.split_at(end);
            let mut chars = part.chars();
            let starts_well = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
            if !starts_well || !chars.all(|c| c.is_alphanumeric() || c == '_') {
                return false;
            }
            after
        };
        parts += 1;
        if parts > 3 {
            return false;
        }
        match after.strip_prefix('.') {
            Some(next) => rest = next,
            None => return after.is_empty(),
        }
    }
}

statement!(
    COUNT_ORDERS = "SELECT COUNT(*) AS orders FROM {orders} o
         WHERE o.customer_code = @P1
           AND CHARINDEX(N',' + CAST(o.state AS NVARCHAR(11)) + N',', @P2) > 0"
);

statement!(
    /// The page's orders are numbered in the wanted order first, and only their totals are
    /// summed. The total is the lines' sum, as the sales tables hold no total; quantities are
    /// widened first, so a view with `INT` columns cannot overflow in the product.
    LIST_ORDERS = "SELECT o.id, o.number, o.customer_code, o.order_date, o.delivery_address,
                o.state,
                (SELECT COALESCE(SUM(CAST(l.quantity AS BIGINT) * l.unit_price_fen), 0)
                 FROM {order_lines} l WHERE l.order_id = o.id) AS total_fen
         FROM (SELECT id, number, customer_code, order_date, delivery_address, state,
                      ROW_NUMBER() OVER (ORDER BY order_date DESC, number DESC) AS row_no
               FROM {orders}
               WHERE customer_code = @P1
                 AND CHARINDEX(N',' + CAST(state AS NVARCHAR(11)) + N',', @P2) > 0) AS o
         WHERE o.row_no > @P3 AND o.row_no <= @P3 + @P4
         ORDER BY o.row_no"
);

statement!(
    ORDER = "SELECT o.id, o.number, o.customer_code, o.order_date, o.delivery_address, o.state,
                (SELECT COALESCE(SUM(CAST(l.quantity AS BIGINT) * l.unit_price_fen), 0)
                 FROM {order_lines} l WHERE l.order_id = o.id) AS total_fen
         FROM {orders} o
         WHERE o.id = @P1"
);

statement!(
    ORDER_LINES = "SELECT l.id, l.line_no, p.code, p.name, l.quantity, p.unit, l.unit_price_fen
         FROM {order_lines} l JOIN {products} p ON p.id = l.product_id
         WHERE l.order_id = @P1
         ORDER BY l.line_no"
);

statement!(
    /// `@P1` lists the cancelled states as `,3,4,` (`,,` for none): one parameter, whatever
    /// their number, and a form SQL Server 2012 knows. The customer index covers the query.
    /// The codes are matched to the customers' in Rust, byte for byte, while SQL Server
    /// compares (and groups) text ignoring trailing spaces: a view over a `CHAR` column gives
    /// codes padded with them, which would match no customer, so they are cut here.
    LAST_ORDER_DATES = "SELECT RTRIM(customer_code) AS customer_code,
                MAX(order_date) AS last_order_date
         FROM {orders}
         WHERE CHARINDEX(N',' + CAST(state AS NVARCHAR(11)) + N',', @P1) = 0
         GROUP BY customer_code"
);

/// A statement with the configured names filled in.
#[derive(Clone, Debug)]
struct SalesStatement {
    name: &'static str,
    sql: String,
}

/// Every statement of the order source, rendered once.
#[derive(Clone, Debug)]
struct SalesStatements {
    count_orders: SalesStatement,
    list_orders: SalesStatement,
    order: SalesStatement,
    order_lines: SalesStatement,
    last_order_dates: SalesStatement,
}

impl SalesStatements {
    fn render(tables: &SalesTables) -> SalesStatements {
        SalesStatements {
            count_orders: tables.render(&COUNT_ORDERS),
            list_orders: tables.render(&LIST_ORDERS),
            order: tables.render(&ORDER),
            order_lines: tables.render(&ORDER_LINES),
            last_order_dates: tables.render(&LAST_ORDER_DATES),
        }
    }
}

/// The order source over the sales tables or views of a SQL Server database.
#[derive(Clone)]
pub struct MssqlOrderSource {
    pool: bb8::Pool<Manager>,
    statements: std::sync::Arc<SalesStatements>,
    /// Server and database, for errors and logs (never the password).
    target: String,
}

impl MssqlOrderSource {
    /// Checks the names and connects once, so a wrong address, login or name of a table
    /// shows at start rather than at the first order list.
    pub async fn open(connection_string: &str, tables: SalesTables) -> StoreResult<Self> {
        tables.check()?;
        let config = parse_connection_string(connection_string)?;
        let target = describe(connection_string, &config);
        let pool = bb8::Pool::builder()
            .max_size(POOL_SIZE)
            .connection_timeout(POOL_WAIT)
            .build_unchecked(Manager::new(config));
        let source = MssqlOrderSource {
            pool,
            statements: std::sync::Arc::new(SalesStatements::render(&tables)),
            target,
        };
        drop(source.connection().await?);
        tracing::info!(target = %source.target, ?tables, "sales database ready");
        Ok(source)
    }

    async fn connection(&self) -> StoreResult<bb8::PooledConnection<'_, Manager>> {
        self.pool.get().await.map_err(|e| match e {
            bb8::RunError::User(error) => error,
            bb8::RunError::TimedOut => StoreError::Unavailable(format!(
                "no connection to the sales database {} within {} s",
                self.target,
                POOL_WAIT.as_secs()
            )),
        })
    }

    /// Every row of the statement's first result.
    async fn rows(&self, statement: &SalesStatement, params: &[Value]) -> StoreResult<Vec<Row>> {
        let mut conn = self.connection().await?;
        conn.client
            .query(statement.sql.as_str(), &as_params(params))
            .await
            .map_err(|e| failed_at(statement.name, e))?
            .into_first_result()
            .await
            .map_err(|e| failed_at(statement.name, e))
    }

    /// Each row of the first result converted by `from_row`.
    async fn list<T>(
        &self,
        statement: &SalesStatement,
        params: &[Value],
        from_row: fn(&mut Columns) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        rows_as(&self.rows(statement, params).await?, from_row)
    }
}

/// State codes as the statements test them: `,5,6,`.
fn state_list(states: &[i32]) -> Value {
    let listed: Vec<String> = states.iter().map(i32::to_string).collect();
    Value::from(format!(",{},", listed.join(",")))
}

fn summary_from_row(row: &mut Columns) -> StoreResult<OrderSummaryRecord> {
    Ok(OrderSummaryRecord {
        id: row.i64()?,
        number: row.text()?,
        customer_code: row.text()?,
        date: row.naive_date()?,
        delivery_address: row.text()?,
        state: row.i32()?,
        total_fen: row.i64()?,
    })
}

fn line_from_row(row: &mut Columns) -> StoreResult<OrderLineRecord> {
    let id = row.i64()?;
    let line_no = row.i32()?;
    let product_code = row.text()?;
    let product_name = row.text()?;
    let quantity = row.i64()?;
    let unit = row.text()?;
    let unit_price_fen = row.i64()?;
    Ok(OrderLineRecord {
        id,
        line_no,
        product_code,
        product_name,
        quantity,
        unit,
        unit_price_fen,
        amount_fen: quantity.saturating_mul(unit_price_fen),
    })
}

fn count_from_row(row: &mut Columns) -> StoreResult<u64> {
    row.u64()
}

#[async_trait]
impl OrderSource for MssqlOrderSource {
    async fn list_orders(
        &self,
        customer_code: &str,
        states: &[i32],
        page: Page,
    ) -> StoreResult<(Vec<OrderSummaryRecord>, u64)> {
        let statements = &self.statements;
        let mut values = vec![Value::from(customer_code), state_list(states)];
        let total = self
            .list(&statements.count_orders, &values, count_from_row)
            .await?
            .into_iter()
            .next()
            .unwrap_or_default();

        values.extend(page_values(page));
        let orders = self
            .list(&statements.list_orders, &values, summary_from_row)
            .await?;
        Ok((orders, total))
    }

    async fn order(&self, id: i64) -> StoreResult<Option<OrderRecord>> {
        let values = [Value::from(id)];
        let found = self
            .list(&self.statements.order, &values, summary_from_row)
            .await?;
        let Some(summary) = found.into_iter().next() else {
            return Ok(None);
        };
        let lines = self
            .list(&self.statements.order_lines, &values, line_from_row)
            .await?;
        Ok(Some(OrderRecord { summary, lines }))
    }

    async fn last_order_dates(&self, cancelled: &[i32]) -> StoreResult<LastOrders> {
        let statement = &self.statements.last_order_dates;
        let mut conn = self.connection().await?;
        let mut last = LastOrders::default();
        stream_rows(
            &mut conn.client,
            (statement.name, &statement.sql),
            &[state_list(cancelled)],
            |row| {
                // Borrowed from the row: no string per customer is made on the way.
                let mut row = Columns::new(row);
                let code = row.text_ref()?;
                last.push(code, row.naive_date()?);
                Ok(())
            },
        )
        .await?;
        Ok(last.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_of_one_to_three_plain_or_bracketed_parts_pass() {
        for name in [
            "sales_orders",
            "dbo.sales_orders",
            "Sales.dbo.v_orders2",
            "[Sales DB].[dbo].[Order View]",
            "[销售库].dbo.订单",
            "_x",
        ] {
            assert!(is_object_name(name), "{name}");
        }
    }

    #[test]
    fn table_names_that_could_carry_sql_are_refused() {
        for name in [
            "",
            "orders; DROP TABLE customers",
            "orders o",
            "orders--",
            "a.b.c.d",
            "a..b",
            "a.",
            ".a",
            "1orders",
            "[]",
            "[a]]b]",
            "[a]b",
            "[a",
            "dbo.[x] WHERE 1 = 1",
            "(SELECT 1)",
            "#due",
        ] {
            assert!(!is_object_name(name), "{name}");
        }
        let tables = SalesTables {
            products: "products]; DROP TABLE x; --".into(),
            ..SalesTables::default()
        };
        let error = tables.check().expect_err("refused");
        assert!(error.to_string().contains("products"), "{error}");
        assert!(SalesTables::default().check().is_ok());
    }

    #[test]
    fn statements_name_the_configured_tables() {
        let tables = SalesTables {
            orders: "Sales.dbo.v_orders".into(),
            order_lines: "Sales.dbo.v_lines".into(),
            products: "[Sales].[dbo].[v products]".into(),
        };
        let rendered = SalesStatements::render(&tables);
        assert!(rendered.order_lines.sql.contains(
            "FROM Sales.dbo.v_lines l JOIN [Sales].[dbo].[v products] p ON p.id = l.product_id"
        ));
        assert!(
            rendered
                .last_order_dates
                .sql
                .contains("FROM Sales.dbo.v_orders\n")
        );
        for statement in [
            &rendered.count_orders,
            &rendered.list_orders,
            &rendered.order,
            &rendered.order_lines,
            &rendered.last_order_dates,
        ] {
            assert!(!statement.sql.contains('{'), "{}", statement.sql);
        }
    }

    #[test]
    fn states_are_one_comma_wrapped_list() {
        assert_eq!(state_list(&[5, 6]), Value::from(",5,6,"));
        assert_eq!(state_list(&[]), Value::from(",,"));
    }
}
