//! The weekly schedule of the churn scan with a moved clock: Saturday 02:00 in company time
//! (not UTC), once per instant even with two server instances on one database, and a missed
//! Saturday run once at the next start.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use crm_server::app::App;
use crm_server::jobs::churn_schedule::{self, ChurnSchedule, DEFAULT_CHURN_SCHEDULE};
use crm_tests::churn_scene::{Scene, ZONE, at_two};
use tokio::task::JoinHandle;

fn start_scheduler(app: App) -> JoinHandle<()> {
    let schedule = ChurnSchedule::parse(DEFAULT_CHURN_SCHEDULE, ZONE).unwrap();
    tokio::spawn(churn_schedule::run(app, schedule))
}

/// The scheduled instants that have run, oldest first.
async fn scheduled_runs(scene: &Scene) -> Vec<DateTime<Utc>> {
    let mut runs: Vec<DateTime<Utc>> = scene
        .runs()
        .await
        .into_iter()
        .filter(|run| run.finished_at.is_some())
        .filter_map(|run| run.scheduled_for)
        .collect();
    runs.sort();
    runs
}

/// Waits (a few seconds at most) until `count` scheduled runs have finished.
async fn wait_for_runs(scene: &Scene, count: usize) -> Vec<DateTime<Utc>> {
    for _ in 0..500 {
        let runs = scheduled_runs(scene).await;
        if runs.len() >= count {
            return runs;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "expected {count} runs, have {:?}",
        scheduled_runs(scene).await
    );
}

/// Gives a scheduler that might (wrongly) run the time to do so.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

#[tokio::test]
async fn the_run_fires_at_two_in_shanghai_on_saturday_once() {
    let scene = Scene::new(&[]).await;
    let id = scene.customer("KH101", at_two("2026-01-05")).await;
    // Friday 2026-12-04, 20:00 in Shanghai.
    scene
        .clock
        .set(Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap());
    let scheduler = start_scheduler(scene.app.clone());
    settle().await;
    assert!(scheduled_runs(&scene).await.is_empty(), "no run at start");

    scene
        .clock
        .set(at_two("2026-12-05") - chrono::Duration::minutes(1));
    settle().await;
    assert!(scheduled_runs(&scene).await.is_empty(), "not at 01:59");

    scene.clock.set(at_two("2026-12-05"));
    let runs = wait_for_runs(&scene, 1).await;
    assert_eq!(runs, [Utc.with_ymd_and_hms(2026, 12, 4, 18, 0, 0).unwrap()]);
    assert_eq!(scene.open_warnings_of(id).await.len(), 1);

    // 02:00 UTC on Saturday is 10:00 in Shanghai: no second run.
    scene
        .clock
        .set(Utc.with_ymd_and_hms(2026, 12, 5, 2, 0, 0).unwrap());
    settle().await;
    assert_eq!(scheduled_runs(&scene).await.len(), 1);

    scene.clock.set(at_two("2026-12-12"));
    let runs = wait_for_runs(&scene, 2).await;
    assert_eq!(runs[1], at_two("2026-12-12"));
    assert_eq!(scene.warnings().await.len(), 1, "still one warning");
    scheduler.abort();
}

#[tokio::test]
async fn two_instances_on_one_database_run_once() {
    let scene = Scene::new(&[]).await;
    let mut customers = Vec::new();
    for n in 0..20 {
        customers.push(
            scene
                .customer(&format!("KH2{n:02}"), at_two("2026-01-05"))
                .await,
        );
    }
    scene
        .clock
        .set(Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap());
    let first = start_scheduler(scene.app.clone());
    let second = start_scheduler(scene.another_instance().await);
    settle().await;

    scene.clock.set(at_two("2026-12-05"));
    wait_for_runs(&scene, 1).await;
    settle().await;
    let runs = scene.runs().await;
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].changes.opened, 20);
    for id in customers {
        assert_eq!(scene.open_warnings_of(id).await.len(), 1);
    }
    first.abort();
    second.abort();
}

#[tokio::test]
async fn a_restart_after_a_missed_saturday_runs_once_at_start() {
    let scene = Scene::new(&[]).await;
    scene.customer("KH301", at_two("2026-01-05")).await;
    scene
        .clock
        .set(Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap());
    let running = start_scheduler(scene.app.clone());
    settle().await;
    scene.clock.set(at_two("2026-12-05"));
    wait_for_runs(&scene, 1).await;
    // The server goes down on Friday and comes back on Monday: Saturday's run was missed.
    running.abort();
    scene.clock.set(at_two("2026-12-14"));

    let restarted = start_scheduler(scene.another_instance().await);
    let runs = wait_for_runs(&scene, 2).await;
    assert_eq!(runs, [at_two("2026-12-05"), at_two("2026-12-12")]);
    restarted.abort();

    // Another restart the same day finds the run done.
    let again = start_scheduler(scene.another_instance().await);
    settle().await;
    assert_eq!(scheduled_runs(&scene).await.len(), 2);
    again.abort();
}

#[tokio::test]
async fn a_new_database_waits_for_its_first_saturday() {
    let scene = Scene::new(&[]).await;
    scene.clock.set(at_two("2026-12-09"));
    let scheduler = start_scheduler(scene.app.clone());
    settle().await;
    assert!(scene.runs().await.is_empty());
    scene.clock.set(at_two("2026-12-12"));
    assert_eq!(wait_for_runs(&scene, 1).await, [at_two("2026-12-12")]);
    scheduler.abort();
}
