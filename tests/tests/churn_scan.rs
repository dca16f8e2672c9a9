//! The churn scan (DESIGN §2.2) on a real SQLite file with a moved clock: the six-month
//! boundary in calendar months and company time, one warning per customer, recovery when the
//! customer orders again, cancelled orders, and one run per scheduled instant.

use chrono::{NaiveDate, TimeZone, Utc};
use crm_server::error::AppError;
use crm_server::store::Access;
use crm_shared::churn::WarningStatus;
use crm_shared::paging::Page;
use crm_tests::churn_scene::{Scene, at_two};

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

#[tokio::test]
async fn a_scan_while_another_runs_is_refused_by_hand_and_skipped_on_schedule() {
    let scene = Scene::new(&[]).await;
    let id = scene.customer("KH009", at_two("2025-01-01")).await;
    let saturday = at_two("2026-09-05");
    scene.clock.set(saturday);

    // Another scan holds the job lock.
    let running = scene.app.store().try_job_lock("crm_churn_scan").await;
    let running = running.unwrap().expect("the lock is free");
    match scene.app.churn_scan(None, None).await {
        Err(AppError::Refused { code, .. }) => assert_eq!(code, "SCAN_RUNNING"),
        other => panic!("a scan by hand ran beside another: {other:?}"),
    }
    let scheduled = scene.app.churn_scan(Some(saturday), None).await.unwrap();
    assert!(
        scheduled.is_none(),
        "the scheduled scan is left to the runner"
    );
    assert!(scene.open_warnings_of(id).await.is_empty());

    drop(running);
    let scheduled = scene.app.churn_scan(Some(saturday), None).await.unwrap();
    assert!(scheduled.is_some());
    assert_eq!(scene.open_warnings_of(id).await.len(), 1);
}
