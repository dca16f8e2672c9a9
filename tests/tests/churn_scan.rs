//! The churn scan (DESIGN §2.2) on a real SQLite file with a moved clock: the six-month
//! boundary in calendar months and company time, one warning per customer, recovery when the
//! customer orders again, cancelled orders, and one run per scheduled instant.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use crm_server::app::{App, ChurnSettings, ManualClock, SessionPolicy};
use crm_server::io::order_import::{ImportedLine, ImportedOrder};
use crm_server::store::sqlite::{SqliteOrderSource, SqliteStore};
use crm_server::store::{
    Access, ChurnWarningFilter, ChurnWarningRecord, NewCustomer, NewUser, Stores,
};
use crm_shared::churn::WarningStatus;
use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::paging::Page;
use crm_shared::rights::Role;
use crm_shared::user::UserStatus;
use tempfile::TempDir;

const ZONE: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// 02:00 company time on a company date, as the weekly run starts.
fn at_two(date: &str) -> DateTime<Utc> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let local = day.and_hms_opt(2, 0, 0).unwrap();
    ZONE.from_local_datetime(&local)
        .unwrap()
        .with_timezone(&Utc)
}

struct Scene {
    app: App,
    /// The embedded sales tables the orders are imported into.
    sales: SqliteOrderSource,
    clock: Arc<ManualClock>,
    /// The account manager of every customer.
    manager: i64,
    _dir: TempDir,
}

impl Scene {
    async fn new(cancelled: &[i32]) -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("crm.sqlite3"))
            .await
            .unwrap();
        let clock = Arc::new(ManualClock::new(at_two("2026-01-01")));
        let sales = store.order_source();
        let stores = Stores {
            orders: Arc::new(store.order_source()),
            sales_tables: Some(store.order_source()),
            store: Arc::new(store),
        };
        let settings = ChurnSettings {
            cancelled_order_states: cancelled.to_vec(),
        };
        let app =
            App::new(stores, clock.clone(), SessionPolicy::default(), ZONE).with_churn(settings);
        app.seed_reference_data().await.unwrap();
        let mut unit = app.store().begin(Access::Write).await.unwrap();
        let user = NewUser {
            username: "manager1".into(),
            display_name: "张伟".into(),
            role_code: Role::AccountManager.code().into(),
            password_hash: "-".into(),
            status: UserStatus::Active,
            region_ids: Vec::new(),
            industry_ids: Vec::new(),
        };
        let manager = unit.insert_user(&user, Utc::now()).await.unwrap();
        unit.commit().await.unwrap();
        Scene {
            manager,
            app,
            sales,
            clock,
            _dir: dir,
        }
    }

    /// A 正常 customer created at `created`; returns its id. Its number is `code`.
    async fn customer(&self, code: &str, created: DateTime<Utc>) -> i64 {
        let mut unit = self.app.store().begin(Access::Write).await.unwrap();
        let new = NewCustomer {
            number: code.to_owned(),
            fields: CustomerFields {
                name: format!("客户{code}"),
                manager_id: Some(self.manager),
                ..CustomerFields::default()
            },
            status: CustomerStatus::Active,
            created_at: created,
            created_by: None,
        };
        let id = unit.insert_customer(&new).await.unwrap();
        unit.commit().await.unwrap();
        id
    }

    async fn order(&self, number: &str, code: &str, date: &str, state: i32) {
        let order = ImportedOrder {
            line: 1,
            number: number.to_owned(),
            customer_code: code.to_owned(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            delivery_address: String::new(),
            state,
            lines: vec![ImportedLine {
                line_no: 1,
                product_code: "P1".into(),
                product_name: "滤芯".into(),
                unit: "个".into(),
                quantity: 1,
                unit_price_fen: 100,
            }],
        };
        let report = self.sales.import(vec![order], Utc::now()).await.unwrap();
        assert_eq!(report.orders_imported, 1);
    }

    /// Runs the scan at 02:00 company time on `date`, by hand.
    async fn scan_on(&self, date: &str) {
        self.clock.set(at_two(date));
        self.app.churn_scan(None, None).await.unwrap().unwrap();
    }

    async fn warnings(&self) -> Vec<ChurnWarningRecord> {
        let mut unit = self.app.store().begin(Access::Read).await.unwrap();
        let filter = ChurnWarningFilter::default();
        let (found, _) = unit
            .list_churn_warnings(&filter, Page::new(1, 200))
            .await
            .unwrap();
        found
    }

    async fn open_warnings_of(&self, customer_id: i64) -> Vec<ChurnWarningRecord> {
        let all = self.warnings().await;
        all.into_iter()
            .filter(|w| w.customer_id == customer_id && w.status.is_open())
            .collect()
    }
}

#[tokio::test]
async fn more_than_six_calendar_months_is_exact() {
    let scene = Scene::new(&[]).await;
    let id = scene.customer("KH001", at_two("2025-12-01")).await;
    scene.order("D1", "KH001", "2026-03-15", 6).await;

    scene.scan_on("2026-09-15").await;
    assert!(scene.open_warnings_of(id).await.is_empty());
    scene.scan_on("2026-09-16").await;
    let warnings = scene.open_warnings_of(id).await;
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].status, WarningStatus::Open);
    assert_eq!(
        warnings[0].last_order_date,
        NaiveDate::from_ymd_opt(2026, 3, 15)
    );
}

#[tokio::test]
async fn a_month_end_counts_to_the_shorter_months_end() {
    let scene = Scene::new(&[]).await;
    let id = scene.customer("KH002", at_two("2025-12-01")).await;
    scene.order("D2", "KH002", "2026-08-31", 5).await;

    scene.scan_on("2027-02-28").await;
    assert!(scene.open_warnings_of(id).await.is_empty());
    scene.scan_on("2027-03-01").await;
    assert_eq!(scene.open_warnings_of(id).await.len(), 1);
}

#[tokio::test]
async fn the_company_date_decides_not_the_utc_date() {
    let scene = Scene::new(&[]).await;
    let id = scene.customer("KH003", at_two("2025-12-01")).await;
    scene.order("D3", "KH003", "2026-03-15", 6).await;

    // 2026-09-15 18:30 UTC is already 2026-09-16 02:30 in Shanghai.
    scene
        .clock
        .set(Utc.with_ymd_and_hms(2026, 9, 15, 18, 30, 0).unwrap());
    scene.app.churn_scan(None, None).await.unwrap();
    assert_eq!(scene.open_warnings_of(id).await.len(), 1);
}

#[tokio::test]
async fn without_orders_the_creation_date_counts() {
    let scene = Scene::new(&[]).await;
    let id = scene.customer("KH004", at_two("2026-01-10")).await;
    scene.scan_on("2026-07-10").await;
    assert!(scene.open_warnings_of(id).await.is_empty());
    scene.scan_on("2026-07-11").await;
    let warnings = scene.open_warnings_of(id).await;
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].last_order_date, None);
}

#[tokio::test]
async fn one_open_warning_per_customer_and_recovery_closes_it() {
    let scene = Scene::new(&[]).await;
    let quiet = scene.customer("KH005", at_two("2025-01-01")).await;
    let busy = scene.customer("KH006", at_two("2025-01-01")).await;
    scene.order("D5", "KH005", "2025-06-01", 6).await;
    scene.order("D6", "KH006", "2026-06-01", 6).await;

    scene.scan_on("2026-09-01").await;
    scene.scan_on("2026-09-08").await;
    assert_eq!(scene.open_warnings_of(quiet).await.len(), 1);
    assert!(scene.open_warnings_of(busy).await.is_empty());
    assert_eq!(scene.warnings().await.len(), 1, "never a second warning");

    scene.order("D7", "KH005", "2026-09-10", 5).await;
    scene.scan_on("2026-09-12").await;
    let all = scene.warnings().await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].status, WarningStatus::Recovered);
    assert!(all[0].closed_at.is_some());
}

#[tokio::test]
async fn cancelled_orders_do_not_count() {
    let scene = Scene::new(&[9]).await;
    let id = scene.customer("KH007", at_two("2025-01-01")).await;
    scene.order("D8", "KH007", "2025-12-01", 6).await;
    // A recent order, but cancelled (state 9 is configured as cancelled).
    scene.order("D9", "KH007", "2026-08-20", 9).await;
    scene.scan_on("2026-09-01").await;
    let warnings = scene.open_warnings_of(id).await;
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].last_order_date,
        NaiveDate::from_ymd_opt(2025, 12, 1)
    );
}

#[tokio::test]
async fn a_scheduled_instant_runs_once() {
    let scene = Scene::new(&[]).await;
    let id = scene.customer("KH008", at_two("2025-01-01")).await;
    let saturday = at_two("2026-09-05");
    scene.clock.set(saturday);

    // Two server instances reach the same scheduled instant at once.
    let other = scene.app.clone();
    let (a, b) = tokio::join!(
        scene.app.churn_scan(Some(saturday), None),
        other.churn_scan(Some(saturday), None)
    );
    let ran: Vec<bool> = [a.unwrap(), b.unwrap()]
        .iter()
        .map(Option::is_some)
        .collect();
    assert_eq!(ran.iter().filter(|r| **r).count(), 1, "{ran:?}");
    assert!(
        scene
            .app
            .churn_scan(Some(saturday), None)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(scene.open_warnings_of(id).await.len(), 1);

    let mut unit = scene.app.store().begin(Access::Read).await.unwrap();
    let (runs, total) = unit.list_churn_runs(Page::new(1, 20)).await.unwrap();
    assert_eq!(total, 1);
    assert_eq!(runs[0].scheduled_for, Some(saturday));
    assert_eq!(runs[0].customers_checked, 1);
    assert_eq!(runs[0].changes.opened, 1);
    assert!(runs[0].finished_at.is_some() && runs[0].error.is_empty());
}
