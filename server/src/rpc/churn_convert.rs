//! Conversions between churn records and `crm.v1` churn messages, in one place.

use crm_proto::v1 as pb;
use crm_shared::churn::WarningStatus;
use crm_shared::date::format_date;
use crm_shared::validation::{ViolationCode, Violations};

use super::convert::timestamp;
use crate::app::churn::WarningView;
use crate::error::{AppError, AppResult};
use crate::store::{ChurnRunRecord, DelayMeasureRecord};

/// A list's state filter: `None` (every state) when unspecified; a value that is no state at
/// all is refused rather than read as "every state".
pub fn warning_status(value: i32) -> AppResult<Option<WarningStatus>> {
    let Ok(status) = pb::ChurnWarningStatus::try_from(value) else {
        let mut found = Violations::new();
        found.add("status", ViolationCode::Invalid, &[]);
        return Err(AppError::Validation(found.into_vec()));
    };
    Ok(match status {
        pb::ChurnWarningStatus::Open => Some(WarningStatus::Open),
        pb::ChurnWarningStatus::Delayed => Some(WarningStatus::Delayed),
        pb::ChurnWarningStatus::Lost => Some(WarningStatus::Lost),
        pb::ChurnWarningStatus::Recovered => Some(WarningStatus::Recovered),
        pb::ChurnWarningStatus::Unspecified => None,
    })
}

fn warning_status_to_pb(status: WarningStatus) -> i32 {
    let status = match status {
        WarningStatus::Open => pb::ChurnWarningStatus::Open,
        WarningStatus::Delayed => pb::ChurnWarningStatus::Delayed,
        WarningStatus::Lost => pb::ChurnWarningStatus::Lost,
        WarningStatus::Recovered => pb::ChurnWarningStatus::Recovered,
    };
    status.into()
}

pub fn warning(view: WarningView) -> pb::ChurnWarning {
    let w = view.warning;
    pb::ChurnWarning {
        id: w.id,
        customer_id: w.customer_id,
        customer_number: w.names.customer_number,
        customer_name: w.names.customer_name,
        manager_name: w.names.manager_name,
        status: warning_status_to_pb(w.status),
        last_order_date: w.last_order_date.map(format_date).unwrap_or_default(),
        opened_at: Some(timestamp(w.opened_at)),
        closed_at: w.closed_at.map(timestamp),
        reason: w.reason,
        confirmed_by_name: w.names.confirmed_by.unwrap_or_default(),
        measures: u32::try_from(w.names.measures).unwrap_or(u32::MAX),
        version: w.version,
        measurable: view.measurable,
        confirmable: view.confirmable,
    }
}

pub fn detail(view: WarningView, measures: Vec<DelayMeasureRecord>) -> pb::ChurnWarningDetail {
    pb::ChurnWarningDetail {
        warning: Some(warning(view)),
        measures: measures.into_iter().map(measure).collect(),
    }
}

fn measure(measure: DelayMeasureRecord) -> pb::DelayMeasure {
    pb::DelayMeasure {
        id: measure.id,
        measure: measure.measure,
        created_by_name: measure.created_by_name,
        created_at: Some(timestamp(measure.created_at)),
    }
}

pub fn run(run: ChurnRunRecord) -> pb::ChurnRun {
    pb::ChurnRun {
        id: run.id,
        scheduled_for: run.scheduled_for.map(timestamp),
        started_by_name: run.started_by_name.unwrap_or_default(),
        started_at: Some(timestamp(run.started_at)),
        finished_at: run.finished_at.map(timestamp),
        customers_checked: run.customers_checked,
        warnings_opened: run.changes.opened,
        warnings_closed: run.changes.closed,
        error: run.error,
    }
}
