//! The customer list and name search on a million customers (issue: "search by any part of a
//! name stays fast on a million customers"), timed through the store interface the server
//! uses.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use chrono::{Duration, Utc};
use crm_server::app::{ChurnSettings, SessionPolicy, SystemClock};
use crm_server::config::DatabaseUrl;
use crm_server::demo::names;
use crm_server::server::{ServerOptions, prepare};
use crm_server::store::sqlite::SqliteStore;
use crm_server::store::{Access, CustomerFilter, Store};
use crm_shared::paging::Page;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::params;

use crate::timing::{summary, time};

pub async fn search(data: &Path, customers: usize, runs: usize) -> anyhow::Result<()> {
    let path = data.join(format!("customers-{customers}.sqlite3"));
    if !path.exists() {
        generate(&path, customers).await?;
    }
    let store = SqliteStore::open(&path).await?;
    let cases: [(&str, &str, u32); 9] = [
        ("first page, no search", "", 1),
        ("page 2000, no search", "", 2000),
        ("2 characters (a brand)", "华信", 1),
        ("4 characters", "华信科技", 1),
        ("a whole generated name", "昆明新盛包装股份有限公司", 1),
        ("1 rare character", "鼎", 1),
        ("2 common characters (every name)", "公司", 1),
        ("number prefix", "KH2025061", 1),
        ("no match", "不存在", 1),
    ];
    println!("customer search on {customers} customers ({runs} runs each)");
    for (label, query, page) in cases {
        let filter = CustomerFilter {
            query: query.to_owned(),
            ..CustomerFilter::default()
        };
        let (durations, found) = time(runs, || {
            let filter = filter.clone();
            let store = &store;
            async move {
                let mut unit = store.begin(Access::Read).await?;
                Ok(unit.list_customers(&filter, Page::new(page, 20)).await?)
            }
        })
        .await?;
        let total = if found.capped {
            format!("{}+", found.total)
        } else {
            found.total.to_string()
        };
        println!("{label:34} {:>8} found   {}", total, summary(&durations));
    }
    Ok(())
}

/// A store with the demo company and `count` generated customers.
pub async fn generate(path: &Path, count: usize) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let partial = path.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    println!("generating {count} customers in {}", path.display());
    let started = Instant::now();
    let options = ServerOptions {
        listen: String::new(),
        database: DatabaseUrl::Sqlite(partial.clone()),
        demo: true,
        tls: None,
        sessions: SessionPolicy::default(),
        clock: Arc::new(SystemClock),
        company_zone: chrono_tz::Asia::Shanghai,
        // Generating data is no time for the weekly job.
        churn_schedule: None,
        churn: ChurnSettings::default(),
    };
    drop(prepare(&options).await?);

    let store = SqliteStore::open(&partial).await?;
    store
        .bulk(move |conn| {
            let managers: Vec<i64> = conn
                .prepare("SELECT id FROM users WHERE role_code = 'account_manager'")?
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            let regions: Vec<(String, i64)> = conn
                .prepare("SELECT name, id FROM dictionary_items WHERE type = 'region'")?
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let levels: Vec<i64> = conn
                .prepare("SELECT id FROM dictionary_items WHERE type = 'customer_level'")?
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            let mut rng = StdRng::seed_from_u64(1_000_000);
            let now = Utc::now();
            let tx = conn.transaction()?;
            {
                let mut insert = tx.prepare(
                    "INSERT INTO customers (number, name, region_id, manager_id, level_id,
                         satisfaction, credit, status, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'active', ?8)",
                )?;
                for n in 0..count {
                    let company = names::company(&mut rng);
                    let region = regions.iter().find(|(name, _)| name == company.region);
                    let created = now - Duration::minutes(rng.random_range(0..1_050_000));
                    let number = format!("KH{}{:07}", created.format("%Y%m%d"), n);
                    insert.execute(params![
                        number,
                        company.name,
                        region.map(|(_, id)| *id),
                        managers[n % managers.len()],
                        levels[n % levels.len()],
                        rng.random_range(1..=5),
                        rng.random_range(1..=5),
                        created.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
                    ])?;
                    if (n + 1) % 100_000 == 0 {
                        println!("  {} customers", n + 1);
                    }
                }
            }
            tx.commit()
        })
        .await?;
    drop(store);
    std::fs::rename(&partial, path)?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    println!("generated in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
