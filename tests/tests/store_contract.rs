//! The store contract (`crm_server::store::contract`) against every backend on this machine
//! (DESIGN §3.1): SQLite always, SQL Server when `CRM_TEST_MSSQL` holds a connection string.

use crm_server::store::Store;
use crm_server::store::contract::{self, Report};
use crm_server::store::mssql::MssqlStore;
use crm_server::store::mssql::site::ScratchDatabase;
use crm_server::store::sqlite::SqliteStore;

/// Prints the table (nextest shows it on failure, `--no-capture` always) and fails naming the
/// cases that failed.
fn assert_kept(report: &Report, backend: &str) {
    println!("{report}");
    let failed: Vec<&str> = report.failures().map(|(name, _)| name).collect();
    assert!(
        report.passed(),
        "the {backend} store broke the contract in: {}",
        failed.join(", ")
    );
}

#[tokio::test]
async fn sqlite_store_keeps_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("contract.db"))
        .await
        .unwrap();
    assert_kept(&contract::run(&store).await, store.backend());
}

#[tokio::test]
async fn mssql_store_keeps_the_contract() {
    let Ok(connection) = std::env::var("CRM_TEST_MSSQL") else {
        println!(
            "skipped: set CRM_TEST_MSSQL to an ADO.NET connection string (a login with the \
             dbcreator role) to run the store contract against SQL Server"
        );
        return;
    };
    // A scratch database per run: the suite never touches a real CRM database, and the
    // database is dropped even when the contract fails.
    let scratch = ScratchDatabase::create(&connection)
        .await
        .expect("creating the scratch database");
    let store = MssqlStore::open_with(scratch.config.clone(), scratch.name.clone()).await;
    let report = match store {
        Ok(store) => {
            let report = contract::run(&store).await;
            drop(store);
            Ok(report)
        }
        Err(error) => Err(error),
    };
    let name = scratch.name.clone();
    if let Err(error) = scratch.drop_database().await {
        eprintln!("the scratch database {name} was not dropped: {error}");
    }
    let report = report.expect("opening the SQL Server store in the scratch database");
    assert_kept(&report, "SQL Server");
}
