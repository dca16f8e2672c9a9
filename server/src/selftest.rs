//! `crm-server selftest` (DESIGN §3.1): proves a site's database before it goes live. On SQL
//! Server it connects, checks the server's version and the connection's encryption, runs the
//! store contract suite in a scratch database it then drops (the CRM's own database is never
//! touched), and reads the configured sales views once. On SQLite it runs the suite on a
//! scratch file beside the configured one's folder.

use std::fmt::Write as _;
use std::time::Instant;

use anyhow::Context;

use crate::config::{DatabaseUrl, MssqlDatabase};
use crate::store::contract;
use crate::store::mssql::sales::{MssqlOrderSource, SalesTables};
use crate::store::mssql::site::{ScratchDatabase, server_facts};
use crate::store::mssql::{self, MssqlStore};
use crate::store::sqlite::SqliteStore;
use crate::store::{OrderSource, Store};

/// What the self-test found: the text to print, and whether everything passed.
pub struct SelfTest {
    pub text: String,
    pub passed: bool,
}

/// Runs the self-test against `database`; `cancelled_order_states` as configured.
pub async fn run(database: &DatabaseUrl, cancelled_order_states: &[i32]) -> SelfTest {
    let mut text = String::new();
    let passed = match database {
        DatabaseUrl::Sqlite(path) => sqlite(path, &mut text).await,
        DatabaseUrl::Mssql(database) => {
            sql_server(database, cancelled_order_states, &mut text).await
        }
    };
    let passed = passed.unwrap_or_else(|error| {
        let _ = writeln!(text, "错误 (error): {error:#}");
        false
    });
    let verdict = if passed {
        "通过 (passed)"
    } else {
        "未通过 (failed)"
    };
    let _ = writeln!(text, "\n自检结果 (self-test): {verdict}");
    SelfTest { text, passed }
}

async fn sqlite(path: &std::path::Path, text: &mut String) -> anyhow::Result<bool> {
    // A scratch file next to where the real one lives, so the same disk is tested.
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    let scratch = folder.join(format!(
        "crm_selftest_{}.sqlite3",
        chrono::Utc::now().format("%Y%m%d%H%M%S")
    ));
    writeln!(
        text,
        "数据库 (database): SQLite，测试文件 {}",
        scratch.display()
    )?;
    let store = SqliteStore::open(&scratch).await?;
    let passed = run_contract(&store, text).await;
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
    }
    Ok(passed)
}

async fn sql_server(
    database: &MssqlDatabase,
    cancelled_order_states: &[i32],
    text: &mut String,
) -> anyhow::Result<bool> {
    mssql::check_connection(&database.connection)
        .await
        .context("connecting to SQL Server")?;
    let facts = server_facts(&database.connection).await?;
    writeln!(
        text,
        "SQL Server {} {} ({})，排序规则 {}，数据库 {}，连接{}",
        facts.version,
        facts.level,
        facts.edition,
        facts.collation,
        facts.database,
        if facts.encrypted {
            "已加密 (TLS)"
        } else {
            "未加密"
        }
    )?;
    if !facts.supported() {
        writeln!(
            text,
            "版本过旧：需要 SQL Server 2012 SP4、2014 SP2 或更新版本 (TLS 1.2)"
        )?;
        return Ok(false);
    }
    if !facts.encrypted {
        writeln!(
            text,
            "注意：连接字符串写了 Encrypt=false，数据在网络上明文传输"
        )?;
    }

    let scratch = ScratchDatabase::create(&database.connection)
        .await
        .context("creating the scratch database (the login needs the dbcreator role)")?;
    writeln!(text, "临时数据库 (scratch database): {}", scratch.name)?;
    let passed = match MssqlStore::open_with(scratch.config.clone(), scratch.name.clone()).await {
        Ok(store) => {
            let passed = run_contract(&store, text).await;
            drop(store);
            passed
        }
        Err(error) => {
            writeln!(text, "建表失败 (migrations failed): {error}")?;
            false
        }
    };
    let name = scratch.name.clone();
    if let Err(error) = scratch.drop_database().await {
        writeln!(text, "临时数据库 {name} 未能删除，请手动删除：{error}")?;
    }

    let orders_passed = sales_views(database, cancelled_order_states, text).await;
    Ok(passed && orders_passed)
}

async fn run_contract(store: &dyn Store, text: &mut String) -> bool {
    let report = contract::run(store).await;
    text.push_str(&report.render());
    report.passed()
}

/// Reads every customer's last order date once, as the weekly scan does.
async fn sales_views(
    database: &MssqlDatabase,
    cancelled_order_states: &[i32],
    text: &mut String,
) -> bool {
    let sales = &database.sales;
    let tables = SalesTables {
        orders: sales.orders.clone(),
        order_lines: sales.order_lines.clone(),
        products: sales.products.clone(),
    };
    let connection = sales.connection.as_deref().unwrap_or(&database.connection);
    let started = Instant::now();
    let outcome = match MssqlOrderSource::open(connection, tables).await {
        Ok(source) => source.last_order_dates(cancelled_order_states).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(last_orders) => {
            let _ = writeln!(
                text,
                "销售系统订单 ({}): {} 个客户编码有订单，用时 {} 毫秒",
                sales.orders,
                last_orders.len(),
                started.elapsed().as_millis()
            );
            true
        }
        Err(error) => {
            let _ = writeln!(text, "销售系统订单 ({}) 读取失败：{error}", sales.orders);
            false
        }
    }
}
