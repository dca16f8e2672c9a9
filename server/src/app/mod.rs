//! The application layer: one use case per public method, each in one unit of work, with the
//! rights and business rules checked here and nowhere else on the server.

mod api_keys;
mod assignment_board;
mod audit;
mod auth;
pub mod churn_scan;
mod clock;
mod contacts;
pub mod customers;
mod dates;
pub mod dictionary;
pub mod integration;
mod interactions;
pub mod opportunities;
mod opportunity_close;
pub mod orders;
mod plan_items;
mod roles;
pub mod seed;
mod ticket_board;
pub mod tickets;
mod users;

use std::sync::Arc;

use chrono::Duration;
use chrono_tz::Tz;

use crate::auth::Caller;
use crate::error::AppResult;
use crate::store::{NewAuditEntry, OrderSource, Store, Stores, UnitOfWork};

pub use assignment_board::{AssignmentBoard, BoardManager};
pub use auth::LoginOutcome;
pub use churn_scan::{ChurnSettings, ScanReport};
pub use clock::{Clock, ManualClock, SystemClock};
pub use opportunity_close::WonOutcome;
pub use ticket_board::{TicketBoard, TicketHandler};
pub use users::{NewUserInput, UserUpdateInput};

/// Session lifetimes.
#[derive(Clone, Debug)]
pub struct SessionPolicy {
    /// An ordinary login.
    pub session: Duration,
    /// A "记住登录" login, kept in the client's credential store.
    pub remembered: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            session: Duration::hours(12),
            remembered: Duration::days(30),
        }
    }
}

/// Everything a use case needs; cheap to clone into each gRPC service.
#[derive(Clone)]
pub struct App {
    store: Arc<dyn Store>,
    orders: Arc<dyn OrderSource>,
    clock: Arc<dyn Clock>,
    sessions: SessionPolicy,
    /// The company's time zone: business dates and numbers follow it, not the server's.
    zone: Tz,
    churn: ChurnSettings,
}

impl App {
    pub fn new(stores: Stores, clock: Arc<dyn Clock>, sessions: SessionPolicy, zone: Tz) -> App {
        App {
            store: stores.store,
            orders: stores.orders,
            clock,
            sessions,
            zone,
            churn: ChurnSettings::default(),
        }
    }

    /// The same use cases with the churn scan's settings.
    pub fn with_churn(self, churn: ChurnSettings) -> App {
        App { churn, ..self }
    }

    /// Today's date in the company's time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.now().with_timezone(&self.zone).date_naive()
    }

    /// The company's time zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }
}

/// Appends one audit entry to the unit of work: who, when, what, old → new.
pub(crate) async fn record_audit(
    unit: &mut dyn UnitOfWork,
    caller: Option<&Caller>,
    at: chrono::DateTime<chrono::Utc>,
    change: AuditChange<'_>,
) -> AppResult<()> {
    let (user_id, username) = match caller {
        Some(caller) => (Some(caller.user_id), caller.username.clone()),
        None => (None, "system".to_owned()),
    };
    append_audit(unit, user_id, username, at, change).await
}

/// Like [`record_audit`] for a write another system made through the integration interface:
/// the entry names the system, as `api:<name>`.
pub(crate) async fn record_system_audit(
    unit: &mut dyn UnitOfWork,
    system: &str,
    at: chrono::DateTime<chrono::Utc>,
    change: AuditChange<'_>,
) -> AppResult<()> {
    append_audit(unit, None, format!("api:{system}"), at, change).await
}

async fn append_audit(
    unit: &mut dyn UnitOfWork,
    user_id: Option<i64>,
    username: String,
    at: chrono::DateTime<chrono::Utc>,
    change: AuditChange<'_>,
) -> AppResult<()> {
    let to_json = |value: Option<&dyn erased::Json>| value.map(erased::Json::json);
    unit.append_audit(&NewAuditEntry {
        at,
        user_id,
        username,
        entity: change.entity.to_owned(),
        entity_id: change.entity_id,
        action: change.action.to_owned(),
        old_value: to_json(change.old),
        new_value: to_json(change.new),
    })
    .await?;
    Ok(())
}

/// What one write changed, for [`record_audit`].
pub(crate) struct AuditChange<'a> {
    pub entity: &'static str,
    pub entity_id: i64,
    pub action: &'static str,
    pub old: Option<&'a dyn erased::Json>,
    pub new: Option<&'a dyn erased::Json>,
}

impl<'a> AuditChange<'a> {
    /// An action on a record, with neither side recorded yet.
    pub fn of(entity: &'static str, entity_id: i64, action: &'static str) -> Self {
        AuditChange {
            entity,
            entity_id,
            action,
            old: None,
            new: None,
        }
    }

    /// The record as it was before the write.
    pub fn before(self, old: &'a dyn erased::Json) -> Self {
        AuditChange {
            old: Some(old),
            ..self
        }
    }

    /// The record as the write left it.
    pub fn after(self, new: &'a dyn erased::Json) -> Self {
        AuditChange {
            new: Some(new),
            ..self
        }
    }
}

/// Lets the audit take any serializable record behind one reference type.
pub(crate) mod erased {
    pub trait Json: Sync {
        fn json(&self) -> String;
    }

    impl<T: serde::Serialize + Sync> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}
