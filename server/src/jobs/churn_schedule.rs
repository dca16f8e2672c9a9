//! When the churn scan runs (DESIGN §2.2): a cron expression in the company's time zone (by
//! default every Saturday at 02:00), computed with `croner` and waited for with the server's
//! clock. Each scheduled instant's run is claimed in the database, so several server
//! instances run it once; a run missed while the server was down happens once at start.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::Cron;

use crate::app::App;

/// Every Saturday at 02:00 (minute, hour, day of month, month, day of week).
pub const DEFAULT_CHURN_SCHEDULE: &str = "0 2 * * SAT";

/// A parsed schedule in the company's time zone.
#[derive(Clone, Debug)]
pub struct ChurnSchedule {
    cron: Cron,
    zone: Tz,
}

impl ChurnSchedule {
    pub fn parse(expression: &str, zone: Tz) -> anyhow::Result<ChurnSchedule> {
        let cron: Cron = expression
            .parse()
            .map_err(|error| anyhow::anyhow!("churn schedule {expression:?}: {error}"))?;
        Ok(ChurnSchedule { cron, zone })
    }

    /// The first scheduled instant after `after`.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = after.with_timezone(&self.zone);
        let next = self.cron.find_next_occurrence(&local, false).ok()?;
        Some(next.with_timezone(&Utc))
    }

    /// The latest scheduled instant at or before `now`.
    pub fn latest_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = now.with_timezone(&self.zone);
        let previous = self.cron.find_previous_occurrence(&local, true).ok()?;
        Some(previous.with_timezone(&Utc))
    }
}

/// Runs the scan at every scheduled instant, for as long as the server runs.
pub async fn run(app: App, schedule: ChurnSchedule) {
    let clock = app.clock();
    let started = clock.now();
    match schedule.latest_until(started) {
        // Started on the instant itself: it is due now, not missed.
        Some(due) if due == started => scan_at(&app, due).await,
        Some(missed) => catch_up(&app, missed).await,
        None => {}
    }
    let mut after = started;
    loop {
        let Some(next) = schedule.next_after(after) else {
            tracing::warn!("the churn schedule has no further instant; the scan stops");
            return;
        };
        clock.sleep_until(next).await;
        scan_at(&app, next).await;
        // A machine that slept through several instants runs the latest once, not each.
        after = clock.now().max(next);
    }
}

/// Runs the latest instant before start if the server was down then: that is, if the
/// schedule had run before it and that instant has no run of its own.
async fn catch_up(app: &App, missed: DateTime<Utc>) {
    match app.latest_scheduled_churn_run().await {
        Ok(Some(last)) if last < missed => {
            tracing::info!(%missed, "running the churn scan missed while the server was down");
            scan_at(app, missed).await;
        }
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "could not read the churn scan's runs"),
    }
}

async fn scan_at(app: &App, instant: DateTime<Utc>) {
    match app.churn_scan(Some(instant), None).await {
        Ok(Some(_)) => {}
        Ok(None) => tracing::debug!(%instant, "another server instance ran this churn scan"),
        Err(error) => tracing::error!(%error, %instant, "the churn scan failed"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn saturday_two_oclock_is_company_time() {
        let schedule = ChurnSchedule::parse(DEFAULT_CHURN_SCHEDULE, chrono_tz::Asia::Shanghai);
        let schedule = schedule.unwrap();
        // Thursday 2026-12-03 12:00 UTC → Saturday 2026-12-05 02:00 in Shanghai, 18:00 UTC
        // on Friday.
        let thursday = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
        let next = schedule.next_after(thursday).unwrap();
        assert_eq!(next, Utc.with_ymd_and_hms(2026, 12, 4, 18, 0, 0).unwrap());
        assert_eq!(schedule.latest_until(next), Some(next));
        let after = schedule.next_after(next).unwrap();
        assert_eq!(after - next, chrono::Duration::days(7));
    }

    #[test]
    fn a_bad_expression_is_refused_by_name() {
        let refused = ChurnSchedule::parse("every saturday", chrono_tz::Asia::Shanghai);
        assert!(refused.unwrap_err().to_string().contains("every saturday"));
    }
}
