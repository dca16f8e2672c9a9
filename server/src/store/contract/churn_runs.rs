//! The churn scan's runs: claimed once per scheduled instant, recorded and listed; and the
//! pass over 正常 customers that picks the candidates.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use crm_shared::customer::{CustomerFields, CustomerStatus};

use super::check::{CaseResult, Step, absent, equal, found};
use super::fixtures::{MISSING_ID, Staff, customer_fields, date, page, t0, time, write};
use super::{Case, case};
use crate::store::{
    CandidatePicker, ChurnCandidate, ChurnRunRecord, DueCustomer, NewCustomer, ScanChanges, Store,
};

pub fn cases() -> Vec<Case> {
    vec![
        case!(scheduled_churn_run_claimed_once),
        case!(churn_runs_round_trip_newest_first),
        case!(churn_candidates_are_active_customers_by_id),
    ]
}

/// A scheduled instant no real schedule reaches, so the case's run is the latest; the unit
/// that claims it is dropped, so no server ever sees it.
fn far_instant() -> DateTime<Utc> {
    time((2999, 1, 1), 2, 0, 0, rand::random::<u32>() % 1_000_000)
}

async fn scheduled_churn_run_claimed_once(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let instant = far_instant();

    let claimed = unit
        .claim_churn_run(Some(instant), Some(staff.manager), t0())
        .await;
    let first = found(
        "claim_churn_run of a new instant",
        claimed.step("claim_churn_run")?,
    )?;
    let latest = unit.latest_scheduled_churn_run().await;
    equal(
        "latest_scheduled_churn_run",
        &latest.step("latest_scheduled_churn_run")?,
        &Some(instant),
    )?;
    let again = unit.claim_churn_run(Some(instant), None, t0()).await;
    equal(
        "claim_churn_run of a claimed instant",
        &again.step("claim_churn_run")?,
        &None,
    )?;

    // Refusing the claim must not undo what the unit did before.
    let run = unit.churn_run(first).await.step("churn_run")?;
    let scheduled = run.map(|run| run.scheduled_for);
    equal(
        "the first claim's run after the refused one",
        &scheduled,
        &Some(Some(instant)),
    )?;
    let user = unit.user_by_id(staff.manager).await.step("user_by_id")?;
    found("a user the unit wrote before the refused claim", user)?;

    for what in ["first", "second"] {
        let by_hand = unit.claim_churn_run(None, Some(staff.manager), t0()).await;
        let by_hand = by_hand.step("claim_churn_run")?;
        ensure!(
            by_hand.is_some(),
            "claim_churn_run of the {what} run by hand: expected a run, got none"
        );
    }
    let next = instant + Duration::microseconds(1);
    let claimed = unit.claim_churn_run(Some(next), None, t0()).await;
    found(
        "claim_churn_run a microsecond later",
        claimed.step("claim_churn_run")?,
    )?;
    let latest = unit.latest_scheduled_churn_run().await;
    equal(
        "latest_scheduled_churn_run",
        &latest.step("latest_scheduled_churn_run")?,
        &Some(next),
    )
}

async fn churn_runs_round_trip_newest_first(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let (_, before) = unit
        .list_churn_runs(page(1, 1))
        .await
        .step("list_churn_runs")?;
    // Started after every real run, so they lead the list; the last two at one instant.
    let start = time((2999, 6, 1), 0, 0, 0, 1);
    let later = start + Duration::seconds(1);
    let mut ids = Vec::new();
    for (scheduled, by, at) in [
        (None, Some(staff.manager), start),
        (None, None, later),
        (Some(far_instant()), None, later),
    ] {
        let claimed = unit.claim_churn_run(scheduled, by, at).await;
        ids.push(found("claim_churn_run", claimed.step("claim_churn_run")?)?);
    }
    let (first, second, third) = (ids[0], ids[1], ids[2]);

    let changes = ScanChanges {
        opened: 3,
        closed: 1,
    };
    let finished = start + Duration::microseconds(2_500_001);
    unit.finish_churn_run(first, 1_234_567, changes, "", finished)
        .await
        .step("finish_churn_run")?;
    unit.finish_churn_run(second, 0, ScanChanges::default(), "订单库无法连接", later)
        .await
        .step("finish_churn_run")?;

    let expected_first = ChurnRunRecord {
        id: first,
        scheduled_for: None,
        started_by: Some(staff.manager),
        started_at: start,
        finished_at: Some(finished),
        customers_checked: 1_234_567,
        changes,
        error: String::new(),
        started_by_name: Some(staff.manager_name.clone()),
    };
    let run = unit.churn_run(first).await.step("churn_run")?;
    equal("a finished run", &run, &Some(expected_first))?;
    let expected_second = ChurnRunRecord {
        id: second,
        scheduled_for: None,
        started_by: None,
        started_at: later,
        finished_at: Some(later),
        customers_checked: 0,
        changes: ScanChanges::default(),
        error: "订单库无法连接".into(),
        started_by_name: None,
    };
    let run = unit.churn_run(second).await.step("churn_run")?;
    equal("a failed run", &run, &Some(expected_second))?;

    let (runs, total) = unit
        .list_churn_runs(page(1, 3))
        .await
        .step("list_churn_runs")?;
    let listed: Vec<i64> = runs.iter().map(|run| run.id).collect();
    equal(
        "list_churn_runs, newest first",
        &(listed, total),
        &(vec![third, second, first], before + 3),
    )?;
    let (runs, _) = unit
        .list_churn_runs(page(2, 2))
        .await
        .step("list_churn_runs")?;
    equal(
        "list_churn_runs page 2 of size 2 starts with",
        &runs.first().map(|run| run.id),
        &Some(first),
    )?;
    absent(
        "churn_run of an id never given",
        &unit.churn_run(MISSING_ID).await.step("churn_run")?,
    )
}

/// What the picker saw: every candidate's count and order, and the case's own in full.
#[derive(Default)]
struct Seen {
    count: u64,
    last_id: Option<i64>,
    out_of_order: Option<(i64, i64)>,
    ours: Vec<ChurnCandidate>,
}

async fn churn_candidates_are_active_customers_by_id(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let plain = staff.customer(unit.as_mut(), 1, "活跃甲").await?;
    let created = time((2025, 1, 31), 16, 0, 0, 250_001);
    let coded = NewCustomer {
        number: staff.customer_number(2),
        fields: CustomerFields {
            sales_code: format!("XS{}", staff.tag.to_uppercase()),
            ..customer_fields(&format!("活跃乙{}", staff.tag), staff.manager)
        },
        status: CustomerStatus::Active,
        created_at: created,
        created_by: None,
    };
    let coded_id = unit.insert_customer(&coded).await.step("insert_customer")?;
    let lost = NewCustomer {
        number: staff.customer_number(3),
        fields: customer_fields(&format!("已流失丙{}", staff.tag), staff.manager),
        status: CustomerStatus::Lost,
        created_at: t0(),
        created_by: None,
    };
    let lost_id = unit.insert_customer(&lost).await.step("insert_customer")?;

    let ours = [plain, coded_id, lost_id];
    let seen = Arc::new(Mutex::new(Seen::default()));
    let due = DueCustomer {
        customer_id: coded_id,
        last_order_date: Some(date(2025, 7, 31)),
    };
    let picker: CandidatePicker = {
        let (seen, due) = (Arc::clone(&seen), due.clone());
        Box::new(move |candidate: &ChurnCandidate| {
            if let Ok(mut seen) = seen.lock() {
                seen.count += 1;
                if let Some(last) = seen.last_id
                    && last >= candidate.customer_id
                {
                    seen.out_of_order
                        .get_or_insert((last, candidate.customer_id));
                }
                seen.last_id = Some(candidate.customer_id);
                if ours.contains(&candidate.customer_id) {
                    seen.ours.push(candidate.clone());
                }
            }
            (candidate.customer_id == due.customer_id).then(|| due.clone())
        })
    };
    let (count, picked) = unit
        .pick_churn_candidates(picker)
        .await
        .step("pick_churn_candidates")?;

    let seen = seen.lock().map_err(|_| "the picker panicked".to_owned())?;
    equal(
        "customers seen, as reported and as passed to the picker",
        &count,
        &seen.count,
    )?;
    if let Some((before, after)) = seen.out_of_order {
        return Err(format!(
            "pick_churn_candidates: customer {after} came after {before}, not by id"
        ));
    }
    let expected = vec![
        ChurnCandidate {
            customer_id: plain,
            order_code: staff.customer_number(1),
            created_at: t0(),
        },
        ChurnCandidate {
            customer_id: coded_id,
            order_code: coded.fields.sales_code.clone(),
            created_at: created,
        },
    ];
    equal("the case's candidates (正常 only)", &seen.ours, &expected)?;
    equal("the customers picked", &picked, &vec![due])
}
