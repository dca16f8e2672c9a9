//! A store for churn tests: a real SQLite file, a clock the test moves, customers and orders
//! written straight into the store (the scan reads them as the server would), and the use
//! cases over it — as many server instances on the one file as a test needs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use crm_server::app::{App, ChurnSettings, ManualClock, SessionPolicy};
use crm_server::io::order_import::{ImportedLine, ImportedOrder};
use crm_server::store::sqlite::{SqliteOrderSource, SqliteStore};
use crm_server::store::{
    Access, ChurnRunRecord, ChurnWarningFilter, ChurnWarningRecord, NewCustomer, NewUser, Stores,
};
use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::paging::Page;
use crm_shared::rights::Role;
use crm_shared::user::UserStatus;
use tempfile::TempDir;

pub const ZONE: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// 02:00 company time on a company date, when the weekly run starts.
pub fn at_two(date: &str) -> DateTime<Utc> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let local = day.and_hms_opt(2, 0, 0).unwrap();
    ZONE.from_local_datetime(&local)
        .unwrap()
        .with_timezone(&Utc)
}

pub struct Scene {
    pub app: App,
    /// The embedded sales tables the orders are imported into.
    sales: SqliteOrderSource,
    pub clock: Arc<ManualClock>,
    /// The account manager of every customer.
    manager: i64,
    settings: ChurnSettings,
    dir: TempDir,
}

/// The use cases of one server instance on the database at `path`.
async fn instance(path: &Path, clock: Arc<ManualClock>, settings: ChurnSettings) -> App {
    let store = SqliteStore::open(path).await.unwrap();
    let stores = Stores {
        orders: Arc::new(store.order_source()),
        sales_tables: Some(store.order_source()),
        store: Arc::new(store),
    };
    App::new(stores, clock, SessionPolicy::default(), ZONE).with_churn(settings)
}

impl Scene {
    /// A new database whose order states `cancelled` mean "cancelled".
    pub async fn new(cancelled: &[i32]) -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(at_two("2026-01-01")));
        let settings = ChurnSettings {
            cancelled_order_states: cancelled.to_vec(),
        };
        let path = dir.path().join("crm.sqlite3");
        let app = instance(&path, clock.clone(), settings.clone()).await;
        app.seed_reference_data().await.unwrap();
        let manager = insert_manager(&app).await;
        let sales = SqliteStore::open(&path).await.unwrap().order_source();
        Scene {
            app,
            sales,
            clock,
            manager,
            settings,
            dir,
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("crm.sqlite3")
    }

    /// Another server instance on the same database and clock.
    pub async fn another_instance(&self) -> App {
        instance(&self.path(), self.clock.clone(), self.settings.clone()).await
    }

    /// A 正常 customer numbered `code`, created at `created`; returns its id.
    pub async fn customer(&self, code: &str, created: DateTime<Utc>) -> i64 {
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

    /// An order of the customer `code` on `date` in the sales system's `state`.
    pub async fn order(&self, number: &str, code: &str, date: &str, state: i32) {
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

    /// Runs the scan by hand at 02:00 company time on `date`.
    pub async fn scan_on(&self, date: &str) {
        self.clock.set(at_two(date));
        self.app.churn_scan(None, None).await.unwrap().unwrap();
    }

    pub async fn warnings(&self) -> Vec<ChurnWarningRecord> {
        let mut unit = self.app.store().begin(Access::Read).await.unwrap();
        let filter = ChurnWarningFilter::default();
        let page = Page::new(1, 200);
        unit.list_churn_warnings(&filter, page).await.unwrap().0
    }

    pub async fn open_warnings_of(&self, customer_id: i64) -> Vec<ChurnWarningRecord> {
        let all = self.warnings().await;
        all.into_iter()
            .filter(|w| w.customer_id == customer_id && w.status.is_open())
            .collect()
    }

    /// Every recorded run, newest first.
    pub async fn runs(&self) -> Vec<ChurnRunRecord> {
        let mut unit = self.app.store().begin(Access::Read).await.unwrap();
        unit.list_churn_runs(Page::new(1, 200)).await.unwrap().0
    }
}

async fn insert_manager(app: &App) -> i64 {
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
    let id = unit.insert_user(&user, Utc::now()).await.unwrap();
    unit.commit().await.unwrap();
    id
}
