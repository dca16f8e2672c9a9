//! The store interface (DESIGN §3.1): one async interface, several backends.
//!
//! Every use case opens a [`UnitOfWork`] with [`Store::begin`]: one transaction that spans
//! tables and modules and ends with [`UnitOfWork::commit`] or, when dropped uncommitted, a
//! rollback. The per-module traits (`UserStore`, `DictionaryStore`, …) only store and load;
//! business rules live in `app/`, never in a backend.

mod backend_common;
mod churn_records;
pub mod contract;
mod customer_records;
pub mod mssql;
mod opportunity_records;
mod order_records;
mod records;
pub mod sqlite;
mod ticket_records;

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_shared::contact::ContactFields;
use crm_shared::dictionary::DictionaryType;
use crm_shared::interaction::InteractionFields;
use crm_shared::paging::Page;

pub use churn_records::*;
pub use customer_records::*;
pub use opportunity_records::*;
pub use order_records::*;
pub use records::*;
pub use ticket_records::*;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique key already holds the value (e.g. a user name taken meanwhile).
    #[error("unique constraint violated: {0}")]
    Duplicate(String),
    /// The row changed since it was read: its version no longer matches.
    #[error("record changed since it was read")]
    Conflict,
    /// The database chose this transaction as a deadlock victim and rolled it back; running
    /// the use case again succeeds.
    #[error("deadlock: {0}")]
    Deadlock(String),
    /// The database cannot be reached or is busy beyond the wait.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    #[error("store failure: {0}")]
    Failed(String),
}

/// Whether a unit of work will write. Backends may take locks up front for writes, so that
/// two writers queue instead of failing half-way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// A database the server owns.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Starts a transaction.
    async fn begin(&self, access: Access) -> StoreResult<Box<dyn UnitOfWork>>;

    /// A short name of the backend for logs ("sqlite", "mssql").
    fn backend(&self) -> &'static str;

    /// Takes the named job's lock without waiting: `None` while another runner (in this
    /// process or, where the backend can tell, another server instance) holds it. The lock
    /// is held until the returned [`JobLock`] is dropped.
    async fn try_job_lock(&self, job: &str) -> StoreResult<Option<JobLock>>;
}

/// A held job lock (see [`Store::try_job_lock`]); dropping it releases the lock.
pub struct JobLock {
    _held: Box<dyn Send + Sync>,
}

impl JobLock {
    pub fn new(held: impl Send + Sync + 'static) -> JobLock {
        JobLock {
            _held: Box::new(held),
        }
    }
}

/// The server's databases: its own store, and the sales system's orders (which may live in
/// another database).
#[derive(Clone)]
pub struct Stores {
    pub store: std::sync::Arc<dyn Store>,
    pub orders: std::sync::Arc<dyn OrderSource>,
    /// The embedded store's own sales tables, which the import and the demo fill; `None` when
    /// orders come from a sales database.
    pub sales_tables: Option<sqlite::SqliteOrderSource>,
}

/// One transaction over every table. Dropping it without [`commit`](Self::commit) rolls back.
#[async_trait]
pub trait UnitOfWork:
    UserStore
    + SessionStore
    + RoleStore
    + DictionaryStore
    + AuditStore
    + SequenceStore
    + CustomerStore
    + ContactStore
    + InteractionStore
    + OpportunityStore
    + PlanItemStore
    + TicketStore
    + ApiKeyStore
    + ChurnStore
    + Send
{
    async fn commit(self: Box<Self>) -> StoreResult<()>;
}

#[async_trait]
pub trait UserStore {
    async fn user_by_id(&mut self, id: i64) -> StoreResult<Option<UserRecord>>;
    /// Case-insensitive, as people type their names at a login prompt.
    async fn user_by_username(&mut self, username: &str) -> StoreResult<Option<UserRecord>>;
    async fn list_users(
        &mut self,
        filter: &UserFilter,
        page: Page,
    ) -> StoreResult<(Vec<UserRecord>, u64)>;
    async fn count_users(&mut self) -> StoreResult<u64>;
    /// 正常 users whose role holds the right, by display name.
    async fn active_users_with_right(&mut self, right: &str) -> StoreResult<Vec<UserRecord>>;
    /// Inserts the user with its regions and industries; returns the new id.
    async fn insert_user(&mut self, user: &NewUser, at: DateTime<Utc>) -> StoreResult<i64>;
    /// Writes every editable field and the regions and industries when `version` still
    /// matches, and increments it; otherwise [`StoreError::Conflict`].
    async fn update_user(&mut self, user: &UserRecord, version: i64) -> StoreResult<()>;
    async fn set_password_hash(&mut self, id: i64, hash: &str) -> StoreResult<()>;
    /// Adds one to the failed-login count and returns the new count.
    async fn add_failed_login(&mut self, id: i64) -> StoreResult<u32>;
    /// Sets the lock (or clears it with `None`) and resets the failed-login count.
    async fn set_lock(&mut self, id: i64, until: Option<DateTime<Utc>>) -> StoreResult<()>;
}

#[async_trait]
pub trait SessionStore {
    async fn insert_session(&mut self, session: &NewSession) -> StoreResult<i64>;
    /// The live session of a token hash with its user, if any (not revoked, not expired).
    async fn live_session(
        &mut self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SessionRecord>>;
    async fn revoke_session(&mut self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
    /// Revokes every session of the user but `keep` (e.g. after a password change).
    async fn revoke_user_sessions(
        &mut self,
        user_id: i64,
        keep: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<u64>;
}

#[async_trait]
pub trait RoleStore {
    async fn list_roles(&mut self) -> StoreResult<Vec<RoleRecord>>;
    async fn role(&mut self, code: &str) -> StoreResult<Option<RoleRecord>>;
    async fn list_rights(&mut self) -> StoreResult<Vec<RightRecord>>;
    /// Inserts or renames a right.
    async fn upsert_right(&mut self, code: &str, name: &str) -> StoreResult<()>;
    async fn insert_role(&mut self, code: &str, name: &str) -> StoreResult<()>;
    /// Replaces the role's rights.
    async fn set_role_rights(&mut self, code: &str, rights: &[String]) -> StoreResult<()>;
}

#[async_trait]
pub trait DictionaryStore {
    async fn list_dictionary(
        &mut self,
        kind: DictionaryType,
        include_disabled: bool,
    ) -> StoreResult<Vec<DictionaryItemRecord>>;
    async fn dictionary_item(&mut self, id: i64) -> StoreResult<Option<DictionaryItemRecord>>;
    async fn dictionary_item_by_name(
        &mut self,
        kind: DictionaryType,
        name: &str,
    ) -> StoreResult<Option<DictionaryItemRecord>>;
    async fn count_dictionary(&mut self, kind: DictionaryType) -> StoreResult<u64>;
    async fn max_dictionary_sort_order(&mut self, kind: DictionaryType) -> StoreResult<i32>;
    async fn insert_dictionary_item(&mut self, item: &NewDictionaryItem) -> StoreResult<i64>;
    /// Writes name, order and enabled when `version` still matches, and increments it.
    async fn update_dictionary_item(
        &mut self,
        item: &DictionaryItemRecord,
        version: i64,
    ) -> StoreResult<()>;
    async fn delete_dictionary_item(&mut self, id: i64, version: i64) -> StoreResult<()>;
    /// How many records refer to the item (users' regions and industries, and every later
    /// table that names dictionary items).
    async fn dictionary_item_usage(&mut self, id: i64) -> StoreResult<u64>;
}

#[async_trait]
pub trait AuditStore {
    async fn append_audit(&mut self, entry: &NewAuditEntry) -> StoreResult<i64>;
    async fn list_audit(
        &mut self,
        filter: &AuditFilter,
        page: Page,
    ) -> StoreResult<(Vec<AuditRecord>, u64)>;
}

#[async_trait]
pub trait SequenceStore {
    /// The next number of the named sequence (1 for a new one), taken in this transaction.
    async fn next_in_sequence(&mut self, name: &str) -> StoreResult<i64>;
}

#[async_trait]
pub trait CustomerStore {
    async fn customer(&mut self, id: i64) -> StoreResult<Option<CustomerRecord>>;
    /// The customer the sales system's orders name by `code` (销售系统编码, or 客户编号
    /// when it has none).
    async fn customer_id_by_order_code(&mut self, code: &str) -> StoreResult<Option<i64>>;
    async fn customer_id_by_number(&mut self, number: &str) -> StoreResult<Option<i64>>;
    /// Customers with exactly this name: (id, number), for the duplicate-name warning.
    async fn customers_named(&mut self, name: &str) -> StoreResult<Vec<(i64, String)>>;
    /// Sorted by name in pinyin order, then id.
    async fn list_customers(
        &mut self,
        filter: &CustomerFilter,
        page: Page,
    ) -> StoreResult<CustomerPage>;
    async fn insert_customer(&mut self, customer: &NewCustomer) -> StoreResult<i64>;
    /// Writes the fields and state when `version` still matches, and increments it.
    async fn update_customer(&mut self, customer: &CustomerRecord, version: i64)
    -> StoreResult<()>;
    /// How many 正常 customers each of the users manages (users without any are left out).
    async fn active_customers_by_manager(
        &mut self,
        manager_ids: &[i64],
    ) -> StoreResult<HashMap<i64, u64>>;
}

#[async_trait]
pub trait OpportunityStore {
    async fn opportunity(&mut self, id: i64) -> StoreResult<Option<OpportunityRecord>>;
    /// By creation time in the given order, the id breaking ties.
    async fn list_opportunities(
        &mut self,
        filter: &OpportunityFilter,
        order: CreatedOrder,
        page: Page,
    ) -> StoreResult<(Vec<OpportunityRecord>, u64)>;
    async fn insert_opportunity(&mut self, new: &NewOpportunity) -> StoreResult<i64>;
    /// Writes the fields, state, assignee and customer when `version` still matches, and
    /// increments it.
    async fn update_opportunity(
        &mut self,
        opportunity: &OpportunityRecord,
        version: i64,
    ) -> StoreResult<()>;
    /// Deletes it (with its plan items) when `version` still matches.
    async fn delete_opportunity(&mut self, id: i64, version: i64) -> StoreResult<()>;
    /// How many 已指派 opportunities each of the users holds (users without any are left out).
    async fn open_opportunities_by_assignee(
        &mut self,
        assignee_ids: &[i64],
    ) -> StoreResult<HashMap<i64, u64>>;
}

#[async_trait]
pub trait PlanItemStore {
    /// An opportunity's plan, by date and then as added.
    async fn list_plan_items(&mut self, opportunity_id: i64) -> StoreResult<Vec<PlanItemRecord>>;
    async fn plan_item(&mut self, id: i64) -> StoreResult<Option<PlanItemRecord>>;
    async fn insert_plan_item(&mut self, new: &NewPlanItem) -> StoreResult<i64>;
    /// Writes content and result (never the date) when `version` still matches, and
    /// increments it.
    async fn update_plan_item(&mut self, item: &PlanItemRecord, version: i64) -> StoreResult<()>;
    async fn delete_plan_item(&mut self, id: i64, version: i64) -> StoreResult<()>;
}

#[async_trait]
pub trait TicketStore {
    async fn ticket(&mut self, id: i64) -> StoreResult<Option<TicketRecord>>;
    /// The ticket a system's earlier submission with this reference made, if any.
    async fn ticket_by_external_ref(
        &mut self,
        source_system: &str,
        external_ref: &str,
    ) -> StoreResult<Option<TicketRecord>>;
    /// By creation time in the given order, the id breaking ties.
    async fn list_tickets(
        &mut self,
        filter: &TicketFilter,
        order: CreatedOrder,
        page: Page,
    ) -> StoreResult<(Vec<TicketRecord>, u64)>;
    async fn insert_ticket(&mut self, new: &NewTicket) -> StoreResult<i64>;
    /// Writes state, assignee and assigned-at when `version` still matches, and increments it.
    async fn update_ticket(&mut self, ticket: &TicketRecord, version: i64) -> StoreResult<()>;
    /// How many 已分配 tickets each of the users holds (users without any are left out).
    async fn open_tickets_by_assignee(
        &mut self,
        assignee_ids: &[i64],
    ) -> StoreResult<HashMap<i64, u64>>;
    /// A ticket's rounds, oldest first.
    async fn list_ticket_rounds(&mut self, ticket_id: i64) -> StoreResult<Vec<TicketRoundRecord>>;
    async fn insert_ticket_round(&mut self, new: &NewTicketRound) -> StoreResult<i64>;
    /// Records the feedback on a round that has none yet; otherwise [`StoreError::Conflict`].
    async fn record_round_feedback(
        &mut self,
        round_id: i64,
        feedback: &Feedback,
    ) -> StoreResult<()>;
}

#[async_trait]
pub trait ApiKeyStore {
    /// Keys in use first, then by name and id.
    async fn list_api_keys(&mut self) -> StoreResult<Vec<ApiKeyRecord>>;
    async fn api_key(&mut self, id: i64) -> StoreResult<Option<ApiKeyRecord>>;
    async fn api_key_by_hash(&mut self, key_hash: &str) -> StoreResult<Option<ApiKeyRecord>>;
    async fn insert_api_key(&mut self, new: &NewApiKey) -> StoreResult<i64>;
    /// Writes revoked-at when `version` still matches, and increments it.
    async fn update_api_key(&mut self, key: &ApiKeyRecord, version: i64) -> StoreResult<()>;
    /// Notes a use of the key, without touching its version (uses are not edits).
    async fn touch_api_key(&mut self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
}

#[async_trait]
pub trait ChurnStore {
    /// Passes every 正常 customer, by id, to `pick` in one pass and keeps what it returns:
    /// (customers seen, customers picked). A million customers are never all in memory.
    async fn pick_churn_candidates(
        &mut self,
        pick: CandidatePicker,
    ) -> StoreResult<(u64, Vec<DueCustomer>)>;
    /// Starts a run: `Some(id)`, or `None` when the scheduled instant already has its run.
    async fn claim_churn_run(
        &mut self,
        scheduled_for: Option<DateTime<Utc>>,
        started_by: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<i64>>;
    /// Records how a run ended.
    async fn finish_churn_run(
        &mut self,
        id: i64,
        customers_checked: u64,
        changes: ScanChanges,
        error: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn churn_run(&mut self, id: i64) -> StoreResult<Option<ChurnRunRecord>>;
    /// The latest scheduled instant that has a run.
    async fn latest_scheduled_churn_run(&mut self) -> StoreResult<Option<DateTime<Utc>>>;
    /// Newest first.
    async fn list_churn_runs(&mut self, page: Page) -> StoreResult<(Vec<ChurnRunRecord>, u64)>;
    /// Applies a scan in one set-based step: opens a 预警 for each due customer without an
    /// open warning, and closes as 已恢复 the open warnings of customers not due any more.
    async fn apply_churn_scan(
        &mut self,
        run_id: i64,
        due: &[DueCustomer],
        at: DateTime<Utc>,
    ) -> StoreResult<ScanChanges>;
    async fn churn_warning(&mut self, id: i64) -> StoreResult<Option<ChurnWarningRecord>>;
    /// Newest first, the id breaking ties.
    async fn list_churn_warnings(
        &mut self,
        filter: &ChurnWarningFilter,
        page: Page,
    ) -> StoreResult<(Vec<ChurnWarningRecord>, u64)>;
    /// Writes state, closing time, reason and confirmer when `version` still matches.
    async fn update_churn_warning(
        &mut self,
        warning: &ChurnWarningRecord,
        version: i64,
    ) -> StoreResult<()>;
    /// A warning's measures, oldest first.
    async fn list_delay_measures(
        &mut self,
        warning_id: i64,
    ) -> StoreResult<Vec<DelayMeasureRecord>>;
    async fn insert_delay_measure(&mut self, new: &NewDelayMeasure) -> StoreResult<i64>;
}

#[async_trait]
pub trait ContactStore {
    /// A customer's contacts in the order they were added.
    async fn list_contacts(&mut self, customer_id: i64) -> StoreResult<Vec<ContactRecord>>;
    async fn contact(&mut self, id: i64) -> StoreResult<Option<ContactRecord>>;
    async fn insert_contact(
        &mut self,
        customer_id: i64,
        fields: &ContactFields,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn update_contact(&mut self, contact: &ContactRecord, version: i64) -> StoreResult<()>;
    async fn delete_contact(&mut self, id: i64, version: i64) -> StoreResult<()>;
}

#[async_trait]
pub trait InteractionStore {
    /// A customer's interactions, newest date first, then newest first.
    async fn list_interactions(
        &mut self,
        customer_id: i64,
        page: Page,
    ) -> StoreResult<(Vec<InteractionRecord>, u64)>;
    async fn interaction(&mut self, id: i64) -> StoreResult<Option<InteractionRecord>>;
    /// `fields.date` in `YYYY-MM-DD` form.
    async fn insert_interaction(
        &mut self,
        customer_id: i64,
        fields: &InteractionFields,
        created_by: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn update_interaction(
        &mut self,
        interaction: &InteractionRecord,
        version: i64,
    ) -> StoreResult<()>;
    async fn delete_interaction(&mut self, id: i64, version: i64) -> StoreResult<()>;
}

/// The sales system's orders (DESIGN §4), read-only: tables of the embedded store, or views of
/// the sales database on SQL Server. Separate from the unit of work, as it may be another
/// database.
#[async_trait]
pub trait OrderSource: Send + Sync + 'static {
    /// The customer's orders in the given states, newest date first, the order number
    /// breaking ties.
    async fn list_orders(
        &self,
        customer_code: &str,
        states: &[i32],
        page: Page,
    ) -> StoreResult<(Vec<OrderSummaryRecord>, u64)>;
    /// An order with its lines.
    async fn order(&self, id: i64) -> StoreResult<Option<OrderRecord>>;
    /// Every customer's last order date, by the code orders name customers by, in one
    /// aggregate query; orders in the `cancelled` states do not count.
    async fn last_order_dates(&self, cancelled: &[i32]) -> StoreResult<LastOrders>;
}
