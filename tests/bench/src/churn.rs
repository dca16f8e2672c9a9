//! The weekly churn scan on 1,000,000 customers and 10,000,000 orders (issue: under 5 s and
//! 200 MB on the 2-core machine), run through the use case the scheduler runs: the order
//! source's one aggregate query, the due customers found in memory, one set-based apply.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use chrono::{Duration, Utc};
use crm_server::app::{ChurnSettings, SessionPolicy, SystemClock};
use crm_server::config::DatabaseUrl;
use crm_server::server::{ServerOptions, prepare};
use crm_server::store::sqlite::SqliteStore;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::params;

use crate::customers;

pub async fn scan(data: &Path, customers: usize, orders: usize, runs: usize) -> anyhow::Result<()> {
    let path = data.join(format!("churn-{customers}-{orders}.sqlite3"));
    if !path.exists() {
        let partial = path.with_extension("orders-partial");
        customers::generate(&partial, customers).await?;
        add_orders(&partial, orders).await?;
        std::fs::rename(&partial, &path)?;
    }
    forget_warnings(&path).await?;
    let app = prepare(&options(&path)).await?;

    println!("churn scan on {customers} customers and {orders} orders ({runs} runs)");
    reset_peak_memory();
    for run in 1..=runs.max(1) {
        let started = Instant::now();
        let report = app.churn_scan(None, None).await?;
        let elapsed = started.elapsed();
        let report = report.ok_or_else(|| anyhow::anyhow!("the run was not recorded"))?;
        println!(
            "run {run}: {:>8.0} ms   checked {}   opened {}   closed {}   peak RSS {} MB",
            elapsed.as_secs_f64() * 1000.0,
            report.customers_checked,
            report.changes.opened,
            report.changes.closed,
            peak_memory_mb().unwrap_or(0),
        );
    }
    Ok(())
}

/// Starts every benchmark from no warnings, so the first run opens them all.
async fn forget_warnings(path: &Path) -> anyhow::Result<()> {
    let store = SqliteStore::open(path).await?;
    store
        .bulk(|conn| {
            conn.execute_batch(
                "DELETE FROM delay_measures; DELETE FROM churn_warnings; DELETE FROM churn_runs;",
            )
        })
        .await?;
    Ok(())
}

/// The server's options on the generated store, without a schedule of its own.
fn options(path: &Path) -> ServerOptions {
    ServerOptions {
        listen: String::new(),
        database: DatabaseUrl::Sqlite(path.to_owned()),
        demo: false,
        tls: None,
        sessions: SessionPolicy::default(),
        clock: Arc::new(SystemClock),
        company_zone: chrono_tz::Asia::Shanghai,
        churn_schedule: None,
        churn: ChurnSettings::default(),
    }
}

/// `count` orders over the last two years for random customers: with ten orders a customer
/// on average, about one in eighteen has none in the last six months and is due.
async fn add_orders(path: &Path, count: usize) -> anyhow::Result<()> {
    println!("generating {count} orders");
    let store = SqliteStore::open(path).await?;
    store
        .bulk(move |conn| {
            let codes: Vec<String> = conn
                .prepare("SELECT order_code FROM customers")?
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            // Building the customer index once after the rows is far quicker than keeping it
            // up to date through ten million random inserts.
            conn.execute_batch("DROP INDEX sales_orders_by_customer")?;
            let mut rng = StdRng::seed_from_u64(10_000_000);
            let today = Utc::now().date_naive();
            let imported = Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
            let tx = conn.transaction()?;
            {
                let mut insert = tx.prepare(
                    "INSERT INTO sales_orders (number, customer_code, order_date, state,
                         imported_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?;
                for n in 0..count {
                    let code = &codes[rng.random_range(0..codes.len())];
                    let date = today - Duration::days(rng.random_range(0..730));
                    let state = if rng.random_bool(0.6) { 6 } else { 5 };
                    insert.execute(params![
                        format!("BO{n:09}"),
                        code,
                        date.format("%Y-%m-%d").to_string(),
                        state,
                        imported
                    ])?;
                    if (n + 1) % 1_000_000 == 0 {
                        println!("  {} orders", n + 1);
                    }
                }
            }
            tx.commit()?;
            conn.execute_batch(
                "CREATE INDEX sales_orders_by_customer
                     ON sales_orders (customer_code, order_date DESC, number DESC);
                 ANALYZE;",
            )
        })
        .await?;
    Ok(())
}

/// Clears the process's peak resident size (Linux), so what follows is measured alone.
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident size since the last reset, in MB (Linux).
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
