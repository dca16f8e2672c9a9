//! The churn scan (DESIGN §2.2): every 正常 customer without an order for more than six
//! calendar months in company time (or, with none, since its creation) gets one open
//! warning; open warnings of customers who ordered since close as 已恢复. The order source
//! answers every customer's last order date in one aggregate query; the result is applied in
//! one set-based step. Each run is recorded, and a scheduled run is keyed by its instant so it
//! happens once.

use std::time::Instant;

use chrono::{DateTime, Utc};
use crm_shared::churn::is_due;
use crm_shared::paging::Page;
use crm_shared::rights::Right;

use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{
    Access, CandidatePicker, ChurnCandidate, ChurnRunRecord, DueCustomer, ScanChanges,
};

const ENTITY: &str = "churn_run";
/// The job lock's name (on SQL Server an application lock of the database).
const SCAN_JOB: &str = "crm_churn_scan";

/// What the scan needs to know besides the data.
#[derive(Clone, Debug, Default)]
pub struct ChurnSettings {
    /// The sales system's order states that mean "cancelled": such orders do not count as
    /// ordering (none by default).
    pub cancelled_order_states: Vec<i32>,
}

/// How one run went.
#[derive(Clone, Debug, PartialEq)]
pub struct ScanReport {
    pub run_id: i64,
    pub customers_checked: u64,
    pub changes: ScanChanges,
    pub duration: std::time::Duration,
}

impl App {
    /// Runs the scan now, for an administrator (`RunChurnScan`): the run as recorded.
    pub async fn run_churn_scan(&self, caller: &Caller) -> AppResult<ChurnRunRecord> {
        caller.require(Right::AdminAudit)?;
        let report = self.churn_scan(None, Some(caller)).await?;
        // A run by hand has no scheduled instant, so nobody else can have claimed it.
        let report = report.ok_or(AppError::NotFound(ENTITY))?;
        let mut unit = self.store.begin(Access::Read).await?;
        let run = unit.churn_run(report.run_id).await?;
        run.ok_or(AppError::NotFound(ENTITY))
    }

    /// The recorded runs, newest first, for the administrator.
    pub async fn list_churn_runs(
        &self,
        caller: &Caller,
        page: Page,
    ) -> AppResult<(Vec<ChurnRunRecord>, u64)> {
        caller.require(Right::AdminAudit)?;
        let mut unit = self.store.begin(Access::Read).await?;
        Ok(unit.list_churn_runs(page).await?)
    }

    /// The latest scheduled instant that has a run, if any.
    pub async fn latest_scheduled_churn_run(&self) -> AppResult<Option<DateTime<Utc>>> {
        let mut unit = self.store.begin(Access::Read).await?;
        Ok(unit.latest_scheduled_churn_run().await?)
    }

    /// Runs the scan once for `scheduled_for` (`None`: a run by hand). `Ok(None)` when that
    /// scheduled instant already has its run, here or on another server instance.
    pub async fn churn_scan(
        &self,
        scheduled_for: Option<DateTime<Utc>>,
        caller: Option<&Caller>,
    ) -> AppResult<Option<ScanReport>> {
        let started = Instant::now();
        // One scan at a time, across server instances where the store can tell: a scan
        // started by hand while another runs is refused, a scheduled one left to the runner.
        let Some(_running) = self.store.try_job_lock(SCAN_JOB).await? else {
            tracing::info!(scheduled_for = ?scheduled_for, "churn scan already running elsewhere");
            return match scheduled_for {
                Some(_) => Ok(None),
                None => Err(AppError::Refused {
                    code: "SCAN_RUNNING",
                    message: "流失扫描正在进行，请稍后再试",
                }),
            };
        };
        // The claim commits on its own, so a second instance sees it at once and skips.
        let mut unit = self.store.begin(Access::Write).await?;
        let by = caller.map(|c| c.user_id);
        let Some(run_id) = unit
            .claim_churn_run(scheduled_for, by, self.clock.now())
            .await?
        else {
            return Ok(None);
        };
        unit.commit().await?;

        let outcome = self.scan(run_id, caller).await;
        let (checked, changes, error) = match &outcome {
            Ok((checked, changes)) => (*checked, *changes, String::new()),
            Err(error) => (0, ScanChanges::default(), error.to_string()),
        };
        let mut unit = self.store.begin(Access::Write).await?;
        let now = self.clock.now();
        unit.finish_churn_run(run_id, checked, changes, &error, now)
            .await?;
        unit.commit().await?;
        outcome?;

        let report = ScanReport {
            run_id,
            customers_checked: checked,
            changes,
            duration: started.elapsed(),
        };
        tracing::info!(
            run_id,
            scheduled_for = ?scheduled_for,
            customers_checked = checked,
            warnings_opened = changes.opened,
            warnings_closed = changes.closed,
            duration_ms = report.duration.as_millis() as u64,
            "churn scan finished"
        );
        Ok(Some(report))
    }

    /// Finds the due customers and applies them: (customers checked, changes).
    async fn scan(&self, run_id: i64, caller: Option<&Caller>) -> AppResult<(u64, ScanChanges)> {
        let today = self.today();
        let last_orders = self
            .orders
            .last_order_dates(&self.churn.cancelled_order_states)
            .await?;
        let zone = self.zone;
        // Each customer is looked at as the store reads him, so only the due ones are kept.
        let pick: CandidatePicker = Box::new(move |candidate: &ChurnCandidate| {
            let ordered = last_orders.get(&candidate.order_code);
            let created = candidate.created_at.with_timezone(&zone).date_naive();
            let quiet_since = ordered.unwrap_or(created);
            is_due(quiet_since, today).then_some(DueCustomer {
                customer_id: candidate.customer_id,
                last_order_date: ordered,
            })
        });
        let mut unit = self.store.begin(Access::Write).await?;
        let (checked, due) = unit.pick_churn_candidates(pick).await?;
        let now = self.clock.now();
        let changes = unit.apply_churn_scan(run_id, &due, now).await?;
        // One entry per run: what it changed, not a million lines.
        let change = AuditChange::of(ENTITY, run_id, "scan").after(&changes);
        record_audit(unit.as_mut(), caller, now, change).await?;
        unit.commit().await?;
        Ok((checked, changes))
    }
}
