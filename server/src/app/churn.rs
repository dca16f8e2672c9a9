//! 客户流失 Churn warnings (DESIGN §2.2): everyone with the customers right reads them; the
//! customer's manager (or a supervisor) appends 暂缓措施, never overwriting one, and after at
//! least one measure confirms the loss with a reason — the warning and the customer become
//! 已流失 in the same transaction. The scan that opens warnings is `churn_scan.rs`.

use crm_shared::churn::{WarningStatus, check_measure, check_reason};
use crm_shared::customer::CustomerStatus;
use crm_shared::paging::Page;
use crm_shared::rights::Right;

use super::customers::{is_supervisor, load_customer};
use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{
    Access, ChurnWarningFilter, ChurnWarningRecord, DelayMeasureRecord, NewDelayMeasure, UnitOfWork,
};

const ENTITY: &str = "churn_warning";

/// A warning as a caller sees it: with what he may do to it now.
#[derive(Clone, Debug)]
pub struct WarningView {
    pub warning: ChurnWarningRecord,
    pub measurable: bool,
    pub confirmable: bool,
}

/// The list's filter as the caller gives it.
#[derive(Clone, Debug, Default)]
pub struct WarningQuery {
    pub status: Option<WarningStatus>,
    pub open_only: bool,
    /// Only the caller's own customers' warnings.
    pub mine: bool,
    pub customer_name: String,
}

const CLOSED: AppError = AppError::Refused {
    code: "CHURN_WARNING_CLOSED",
    message: "该流失预警已结束",
};
const NO_MEASURE: AppError = AppError::Refused {
    code: "CHURN_NO_MEASURE",
    message: "确认流失前至少要有一条暂缓措施",
};

/// The customer's manager or a supervisor, while the warning is open.
fn require_actionable(caller: &Caller, warning: &ChurnWarningRecord) -> AppResult<()> {
    caller.require(Right::Customers)?;
    if warning.names.manager_id != Some(caller.user_id) && !is_supervisor(caller) {
        return Err(AppError::PermissionDenied);
    }
    if !warning.status.is_open() {
        return Err(CLOSED);
    }
    Ok(())
}

fn require_confirmable(caller: &Caller, warning: &ChurnWarningRecord) -> AppResult<()> {
    require_actionable(caller, warning)?;
    if warning.names.measures == 0 {
        return Err(NO_MEASURE);
    }
    Ok(())
}

fn view(caller: &Caller, warning: ChurnWarningRecord) -> WarningView {
    WarningView {
        measurable: require_actionable(caller, &warning).is_ok(),
        confirmable: require_confirmable(caller, &warning).is_ok(),
        warning,
    }
}

async fn load_warning(unit: &mut dyn UnitOfWork, id: i64) -> AppResult<ChurnWarningRecord> {
    unit.churn_warning(id)
        .await?
        .ok_or(AppError::NotFound(ENTITY))
}

impl App {
    pub async fn list_churn_warnings(
        &self,
        caller: &Caller,
        query: &WarningQuery,
        page: Page,
    ) -> AppResult<(Vec<WarningView>, u64)> {
        caller.require(Right::Customers)?;
        let filter = ChurnWarningFilter {
            status: query.status,
            open_only: query.open_only,
            manager_id: query.mine.then_some(caller.user_id),
            customer_name: query.customer_name.clone(),
        };
        let mut unit = self.store.begin(Access::Read).await?;
        let (found, total) = unit.list_churn_warnings(&filter, page).await?;
        Ok((found.into_iter().map(|w| view(caller, w)).collect(), total))
    }

    /// The warning with its measures, read together: what its screen shows.
    pub async fn get_churn_warning(
        &self,
        caller: &Caller,
        id: i64,
    ) -> AppResult<(WarningView, Vec<DelayMeasureRecord>)> {
        caller.require(Right::Customers)?;
        let mut unit = self.store.begin(Access::Read).await?;
        let warning = load_warning(unit.as_mut(), id).await?;
        let measures = unit.list_delay_measures(id).await?;
        Ok((view(caller, warning), measures))
    }

    /// 暂缓流失: appends a measure; the warning becomes (or stays) 暂缓流失.
    pub async fn add_delay_measure(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        measure: &str,
    ) -> AppResult<(WarningView, Vec<DelayMeasureRecord>)> {
        let measure = measure.trim();
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_warning(unit.as_mut(), id).await?;
        require_actionable(caller, &old)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        check_measure(measure).map_err(AppError::Validation)?;
        let new = NewDelayMeasure {
            warning_id: id,
            measure: measure.to_owned(),
            created_by: caller.user_id,
            created_at: now,
        };
        unit.insert_delay_measure(&new).await?;
        // The version moves with every measure, so two managers adding at once are told.
        let delayed = ChurnWarningRecord {
            status: WarningStatus::Delayed,
            ..old.clone()
        };
        unit.update_churn_warning(&delayed, version).await?;
        let new = load_warning(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "delay")
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        let measures = unit.list_delay_measures(id).await?;
        unit.commit().await?;
        Ok((view(caller, new), measures))
    }

    /// 确认流失: the warning and its customer become 已流失 together.
    pub async fn confirm_churn(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        reason: &str,
    ) -> AppResult<(WarningView, Vec<DelayMeasureRecord>)> {
        let reason = reason.trim();
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_warning(unit.as_mut(), id).await?;
        require_confirmable(caller, &old)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        check_reason(reason).map_err(AppError::Validation)?;
        let lost = ChurnWarningRecord {
            status: WarningStatus::Lost,
            closed_at: Some(now),
            reason: reason.to_owned(),
            confirmed_by: Some(caller.user_id),
            ..old.clone()
        };
        unit.update_churn_warning(&lost, version).await?;
        let new = load_warning(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "confirm")
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;

        let customer = load_customer(unit.as_mut(), old.customer_id).await?;
        let gone = crate::store::CustomerRecord {
            status: CustomerStatus::Lost,
            ..customer.clone()
        };
        unit.update_customer(&gone, customer.version).await?;
        let gone = load_customer(unit.as_mut(), old.customer_id).await?;
        let change = AuditChange::of("customer", gone.id, "churn")
            .before(&customer)
            .after(&gone);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;

        let measures = unit.list_delay_measures(id).await?;
        unit.commit().await?;
        Ok((view(caller, new), measures))
    }
}
