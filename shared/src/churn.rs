//! 客户流失 Customer churn (DESIGN §2.2): when a customer is due for a warning, the warning's
//! states, and the rules for measures and reasons. The scan and who may act on a warning are
//! the server's.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::validation::{Violation, Violations};

/// A customer without an order for more than this many calendar months is due for a warning.
pub const QUIET_MONTHS: u32 = 6;

const TEXT_MAX: usize = 2000;

/// Whether a customer whose last order (or, with none, whose creation) was on `last` is due
/// for a warning on `today`, both company dates. "More than six months" is in calendar months:
/// from 2026-03-15 the customer is due from 2026-09-16; from 2026-08-31, after 2027-02-28 (a
/// month end maps to the shorter month's end).
pub fn is_due(last: NaiveDate, today: NaiveDate) -> bool {
    match last.checked_add_months(Months::new(QUIET_MONTHS)) {
        Some(quiet_until) => today > quiet_until,
        // Beyond the calendar's end: never.
        None => false,
    }
}

/// `预警` → (measure) → `暂缓流失` → (confirm) → `已流失`; an open or delayed warning whose
/// customer ordered again is closed as `已恢复` by the next scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WarningStatus {
    /// 预警: opened by the scan.
    Open,
    /// 暂缓流失: the manager has taken at least one measure.
    Delayed,
    /// 已流失: confirmed; the customer is 已流失 too.
    Lost,
    /// 已恢复: the customer ordered again.
    Recovered,
}

impl WarningStatus {
    pub const ALL: [WarningStatus; 4] = [
        WarningStatus::Open,
        WarningStatus::Delayed,
        WarningStatus::Lost,
        WarningStatus::Recovered,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WarningStatus::Open => "open",
            WarningStatus::Delayed => "delayed",
            WarningStatus::Lost => "lost",
            WarningStatus::Recovered => "recovered",
        }
    }

    pub fn from_code(code: &str) -> Option<WarningStatus> {
        WarningStatus::ALL
            .into_iter()
            .find(|status| status.code() == code)
    }

    /// A customer has at most one warning in these states.
    pub fn is_open(self) -> bool {
        matches!(self, WarningStatus::Open | WarningStatus::Delayed)
    }
}

/// A 暂缓措施: required.
pub fn check_measure(measure: &str) -> Result<(), Vec<Violation>> {
    let mut found = Violations::new();
    found.required_text("measure", measure, TEXT_MAX);
    found.finish()
}

/// The reason a loss is confirmed with: required.
pub fn check_reason(reason: &str) -> Result<(), Vec<Violation>> {
    let mut found = Violations::new();
    found.required_text("reason", reason, TEXT_MAX);
    found.finish()
}

#[cfg(test)]
mod tests;
