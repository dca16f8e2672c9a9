//! Churn scan runs, churn warnings and delay measure records: plain data, no rules.

use chrono::{DateTime, NaiveDate, Utc};
use crm_shared::churn::WarningStatus;
use serde::Serialize;

/// A 正常 customer as the scan sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChurnCandidate {
    pub customer_id: i64,
    /// The code the sales system's orders name it by.
    pub order_code: String,
    pub created_at: DateTime<Utc>,
}

/// Decides, one customer at a time, whether the scan warns of him (the rule is the app's).
pub type CandidatePicker = Box<dyn FnMut(&ChurnCandidate) -> Option<DueCustomer> + Send>;

/// A customer the scan found due for a warning.
#[derive(Clone, Debug, PartialEq)]
pub struct DueCustomer {
    pub customer_id: i64,
    /// `None` when the customer never ordered.
    pub last_order_date: Option<NaiveDate>,
}

/// What applying a scan changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ScanChanges {
    pub opened: u64,
    /// Closed as 已恢复.
    pub closed: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChurnRunRecord {
    pub id: i64,
    /// The scheduled instant a scheduled run is keyed by; `None` for a run started by hand.
    pub scheduled_for: Option<DateTime<Utc>>,
    pub started_by: Option<i64>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub customers_checked: u64,
    pub changes: ScanChanges,
    /// Empty when the run succeeded (or is still running).
    pub error: String,
    #[serde(skip)]
    pub started_by_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChurnWarningRecord {
    pub id: i64,
    pub customer_id: i64,
    pub status: WarningStatus,
    pub last_order_date: Option<NaiveDate>,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// 确认流失's reason; empty until confirmed.
    pub reason: String,
    pub confirmed_by: Option<i64>,
    pub version: i64,
    #[serde(skip)]
    pub names: WarningNames,
}

/// What a warning's ids stand for, read with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WarningNames {
    pub customer_number: String,
    pub customer_name: String,
    pub manager_id: Option<i64>,
    pub manager_name: String,
    pub confirmed_by: Option<String>,
    pub measures: u64,
}

#[derive(Clone, Debug, Default)]
pub struct ChurnWarningFilter {
    pub status: Option<WarningStatus>,
    /// 预警 and 暂缓流失 only.
    pub open_only: bool,
    pub manager_id: Option<i64>,
    /// Any part of the customer's name.
    pub customer_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DelayMeasureRecord {
    pub id: i64,
    pub warning_id: i64,
    pub measure: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    #[serde(skip)]
    pub created_by_name: String,
}

#[derive(Clone, Debug)]
pub struct NewDelayMeasure {
    pub warning_id: i64,
    pub measure: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}
