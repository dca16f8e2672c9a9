//! Churn warnings as scans open and close them, their list and edits, and the delay measures
//! taken on them.
//!
//! A scan closes every open warning of a customer it is not given, whoever's it is. So every
//! scan here is also given the customers that had open warnings before the case began: the
//! counts it returns are then the case's own, and the store's other warnings stay open.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use crm_shared::churn::WarningStatus;
use crm_shared::customer::CustomerStatus;
use crm_shared::paging::MAX_PAGE_SIZE;

use super::check::{CaseResult, Step, absent, conflict, duplicate, equal, found};
use super::fixtures::{MISSING_ID, Staff, customer_fields, date, page, t0, time, write};
use super::{Case, case};
use crate::store::{
    ChurnWarningFilter, ChurnWarningRecord, DelayMeasureRecord, DueCustomer, NewCustomer,
    NewDelayMeasure, ScanChanges, Store, UnitOfWork, WarningNames,
};

pub fn cases() -> Vec<Case> {
    vec![
        case!(churn_scan_opens_and_closes_warnings),
        case!(churn_warnings_listed_newest_first_with_filters),
        case!(churn_warning_update_checks_version),
        case!(one_open_churn_warning_per_customer),
        case!(delay_measures_round_trip_oldest_first),
    ]
}

/// Applies scans for a case: each run by hand, each given the customers that had open
/// warnings before the case, so that only the case's warnings change.
struct Scanner {
    run: i64,
    others: Vec<i64>,
}

impl Scanner {
    async fn new(unit: &mut dyn UnitOfWork, staff: &Staff) -> Result<Scanner, String> {
        let filter = ChurnWarningFilter {
            open_only: true,
            ..ChurnWarningFilter::default()
        };
        let mut others = Vec::new();
        for number in 1.. {
            let listed = unit
                .list_churn_warnings(&filter, page(number, MAX_PAGE_SIZE))
                .await;
            let (warnings, total) = listed.step("list_churn_warnings")?;
            others.extend(warnings.iter().map(|warning| warning.customer_id));
            if warnings.is_empty() || others.len() as u64 >= total {
                break;
            }
        }
        let run = unit.claim_churn_run(None, Some(staff.manager), t0()).await;
        let run = found("claim_churn_run", run.step("claim_churn_run")?)?;
        Ok(Scanner { run, others })
    }

    async fn scan(
        &self,
        unit: &mut dyn UnitOfWork,
        due: &[(i64, Option<NaiveDate>)],
        at: DateTime<Utc>,
    ) -> Result<ScanChanges, String> {
        let mut all: BTreeMap<i64, Option<NaiveDate>> =
            self.others.iter().map(|&id| (id, None)).collect();
        all.extend(due.iter().copied());
        let due: Vec<DueCustomer> = all
            .into_iter()
            .map(|(customer_id, last_order_date)| DueCustomer {
                customer_id,
                last_order_date,
            })
            .collect();
        unit.apply_churn_scan(self.run, &due, at)
            .await
            .step("apply_churn_scan")
    }
}

/// The warnings of the case's customers, newest first.
async fn warnings_of(
    unit: &mut dyn UnitOfWork,
    staff: &Staff,
) -> Result<Vec<ChurnWarningRecord>, String> {
    let filter = ChurnWarningFilter {
        customer_name: staff.tag.clone(),
        ..ChurnWarningFilter::default()
    };
    let listed = unit
        .list_churn_warnings(&filter, page(1, MAX_PAGE_SIZE))
        .await;
    Ok(listed.step("list_churn_warnings")?.0)
}

/// The one warning of a customer in `status`.
fn warning_of(
    warnings: &[ChurnWarningRecord],
    customer: i64,
    status: WarningStatus,
) -> Result<ChurnWarningRecord, String> {
    let mut matching = warnings
        .iter()
        .filter(|w| w.customer_id == customer && w.status == status);
    match (matching.next(), matching.next()) {
        (Some(warning), None) => Ok(warning.clone()),
        (None, _) => Err(format!(
            "customer {customer}: expected a {status:?} warning, got none"
        )),
        (Some(_), Some(_)) => Err(format!(
            "customer {customer}: expected one {status:?} warning, got more"
        )),
    }
}

async fn churn_scan_opens_and_closes_warnings(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let never = staff.customer(unit.as_mut(), 1, "从未下单").await?;
    let quiet = staff.customer(unit.as_mut(), 2, "久未下单").await?;
    let scanner = Scanner::new(unit.as_mut(), &staff).await?;
    let at = |day: u32| time((2026, 3, day), 18, 0, 0, 123_456);

    let opened = scanner
        .scan(
            unit.as_mut(),
            &[(never, None), (quiet, Some(date(2025, 9, 1)))],
            at(7),
        )
        .await?;
    equal(
        "the first scan's changes",
        &opened,
        &ScanChanges {
            opened: 2,
            closed: 0,
        },
    )?;
    let warnings = warnings_of(unit.as_mut(), &staff).await?;
    let never_warning = warning_of(&warnings, never, WarningStatus::Open)?;
    let expected = ChurnWarningRecord {
        id: never_warning.id,
        customer_id: never,
        status: WarningStatus::Open,
        last_order_date: None,
        opened_at: at(7),
        closed_at: None,
        reason: String::new(),
        confirmed_by: None,
        version: never_warning.version,
        names: WarningNames {
            customer_number: staff.customer_number(1),
            customer_name: format!("从未下单{}", staff.tag),
            manager_id: Some(staff.manager),
            manager_name: staff.manager_name.clone(),
            confirmed_by: None,
            measures: 0,
        },
    };
    equal(
        "a warning of a customer who never ordered",
        &never_warning,
        &expected,
    )?;
    let quiet_warning = warning_of(&warnings, quiet, WarningStatus::Open)?;
    equal(
        "the last order date",
        &quiet_warning.last_order_date,
        &Some(date(2025, 9, 1)),
    )?;

    // The quiet customer ordered again: his warning closes, the other stays as it was.
    let closed = scanner
        .scan(unit.as_mut(), &[(never, None)], at(14))
        .await?;
    equal(
        "the second scan's changes",
        &closed,
        &ScanChanges {
            opened: 0,
            closed: 1,
        },
    )?;
    let recovered = found(
        "churn_warning",
        unit.churn_warning(quiet_warning.id)
            .await
            .step("churn_warning")?,
    )?;
    let expected_recovered = ChurnWarningRecord {
        status: WarningStatus::Recovered,
        closed_at: Some(at(14)),
        version: quiet_warning.version + 1,
        ..quiet_warning.clone()
    };
    equal(
        "a warning closed by a scan",
        &recovered,
        &expected_recovered,
    )?;
    let kept = unit
        .churn_warning(never_warning.id)
        .await
        .step("churn_warning")?;
    equal("a warning still due", &kept, &Some(expected))?;

    // 暂缓流失 is open too: it closes when not due, and a due customer gets a new warning.
    let delayed = ChurnWarningRecord {
        status: WarningStatus::Delayed,
        ..never_warning.clone()
    };
    unit.update_churn_warning(&delayed, never_warning.version)
        .await
        .step("update_churn_warning")?;
    let changes = scanner
        .scan(unit.as_mut(), &[(quiet, Some(date(2025, 10, 1)))], at(21))
        .await?;
    equal(
        "the third scan's changes",
        &changes,
        &ScanChanges {
            opened: 1,
            closed: 1,
        },
    )?;
    let warnings = warnings_of(unit.as_mut(), &staff).await?;
    let reopened = warning_of(&warnings, quiet, WarningStatus::Open)?;
    equal(
        "the new warning's last order date",
        &reopened.last_order_date,
        &Some(date(2025, 10, 1)),
    )?;
    warning_of(&warnings, never, WarningStatus::Recovered)?;
    equal("warnings of the case", &warnings.len(), &3)
}

async fn churn_warnings_listed_newest_first_with_filters(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let tag = staff.tag.clone();
    let other = staff.user(unit.as_mut(), "other", "另一经理").await?;
    let first = staff.customer(unit.as_mut(), 1, "预警甲").await?;
    let second = NewCustomer {
        number: staff.customer_number(2),
        fields: customer_fields(&format!("预警乙{tag}"), other),
        status: CustomerStatus::Active,
        created_at: t0(),
        created_by: None,
    };
    let second = unit
        .insert_customer(&second)
        .await
        .step("insert_customer")?;
    let third = staff.customer(unit.as_mut(), 3, "预警丙").await?;
    let scanner = Scanner::new(unit.as_mut(), &staff).await?;
    let at = |day: u32| time((2026, 4, day), 18, 0, 0, 0);
    let mut due = Vec::new();
    for (customer, day) in [(first, 4), (second, 11), (third, 18)] {
        due.push((customer, None));
        scanner.scan(unit.as_mut(), &due, at(day)).await?;
    }

    let warnings = warnings_of(unit.as_mut(), &staff).await?;
    let mut delayed = warning_of(&warnings, second, WarningStatus::Open)?;
    let version = delayed.version;
    delayed.status = WarningStatus::Delayed;
    unit.update_churn_warning(&delayed, version)
        .await
        .step("update_churn_warning")?;
    let mut lost = warning_of(&warnings, third, WarningStatus::Open)?;
    let version = lost.version;
    lost.status = WarningStatus::Lost;
    lost.closed_at = Some(at(19));
    lost.reason = "已转向竞争对手".into();
    lost.confirmed_by = Some(staff.manager);
    unit.update_churn_warning(&lost, version)
        .await
        .step("update_churn_warning")?;
    let id = |customer| {
        let warning = warnings.iter().find(|w| w.customer_id == customer);
        warning.map_or(0, |w| w.id)
    };
    let (w1, w2, w3) = (id(first), id(second), id(third));

    let mine = ChurnWarningFilter {
        customer_name: tag.clone(),
        ..ChurnWarningFilter::default()
    };
    let checks = [
        ("newest first", mine.clone(), (1, 10), vec![w3, w2, w1], 3),
        ("page 2 of size 2", mine.clone(), (2, 2), vec![w1], 3),
        (
            "open ones (预警 and 暂缓流失)",
            ChurnWarningFilter {
                open_only: true,
                ..mine.clone()
            },
            (1, 10),
            vec![w2, w1],
            2,
        ),
        (
            "暂缓流失",
            ChurnWarningFilter {
                status: Some(WarningStatus::Delayed),
                ..mine.clone()
            },
            (1, 10),
            vec![w2],
            1,
        ),
        (
            "已流失",
            ChurnWarningFilter {
                status: Some(WarningStatus::Lost),
                ..mine.clone()
            },
            (1, 10),
            vec![w3],
            1,
        ),
        (
            "the customer's manager",
            ChurnWarningFilter {
                manager_id: Some(other),
                ..ChurnWarningFilter::default()
            },
            (1, 10),
            vec![w2],
            1,
        ),
        (
            "a part of the customer's name",
            ChurnWarningFilter {
                customer_name: format!("甲{tag}"),
                ..ChurnWarningFilter::default()
            },
            (1, 10),
            vec![w1],
            1,
        ),
    ];
    for (what, filter, (number, size), expected, count) in checks {
        let listed = unit.list_churn_warnings(&filter, page(number, size)).await;
        let (warnings, total) = listed.step("list_churn_warnings")?;
        let ids: Vec<i64> = warnings.iter().map(|w| w.id).collect();
        equal(
            &format!("list_churn_warnings, {what}"),
            &(ids, total),
            &(expected, count),
        )?;
    }
    Ok(())
}

async fn churn_warning_update_checks_version(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let confirmer = staff.user(unit.as_mut(), "boss", "销售主管").await?;
    let customer = staff.customer(unit.as_mut(), 1, "将流失").await?;
    let scanner = Scanner::new(unit.as_mut(), &staff).await?;
    scanner
        .scan(unit.as_mut(), &[(customer, None)], t0())
        .await?;
    let warnings = warnings_of(unit.as_mut(), &staff).await?;
    let read = warning_of(&warnings, customer, WarningStatus::Open)?;

    let changed = ChurnWarningRecord {
        status: WarningStatus::Lost,
        closed_at: Some(time((2026, 5, 1), 9, 0, 0, 654_321)),
        reason: "客户公司已注销".into(),
        confirmed_by: Some(confirmer),
        ..read.clone()
    };
    unit.update_churn_warning(&changed, read.version)
        .await
        .step("update_churn_warning")?;
    let expected = ChurnWarningRecord {
        version: read.version + 1,
        names: WarningNames {
            confirmed_by: Some("销售主管".into()),
            ..changed.names.clone()
        },
        ..changed.clone()
    };
    let updated = unit.churn_warning(read.id).await.step("churn_warning")?;
    equal(
        "warning after update_churn_warning",
        &updated,
        &Some(expected.clone()),
    )?;

    conflict(
        "update_churn_warning with a stale version",
        unit.update_churn_warning(&read, read.version).await,
    )?;
    let kept = unit.churn_warning(read.id).await.step("churn_warning")?;
    equal("warning after the refused update", &kept, &Some(expected))?;
    absent(
        "churn_warning of an id never given",
        &unit.churn_warning(MISSING_ID).await.step("churn_warning")?,
    )
}

async fn one_open_churn_warning_per_customer(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let customer = staff.customer(unit.as_mut(), 1, "反复预警").await?;
    let scanner = Scanner::new(unit.as_mut(), &staff).await?;
    let at = |day: u32| time((2026, 6, day), 18, 0, 0, 0);
    scanner
        .scan(unit.as_mut(), &[(customer, None)], at(6))
        .await?;
    scanner.scan(unit.as_mut(), &[], at(13)).await?;
    scanner
        .scan(unit.as_mut(), &[(customer, None)], at(20))
        .await?;

    let warnings = warnings_of(unit.as_mut(), &staff).await?;
    warning_of(&warnings, customer, WarningStatus::Open)?;
    let old = warning_of(&warnings, customer, WarningStatus::Recovered)?;
    let reopened = ChurnWarningRecord {
        status: WarningStatus::Open,
        closed_at: None,
        ..old.clone()
    };
    duplicate(
        "update_churn_warning reopening a second warning of a customer",
        unit.update_churn_warning(&reopened, old.version).await,
    )
}

async fn delay_measures_round_trip_oldest_first(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let helper = staff.user(unit.as_mut(), "helper", "助理").await?;
    let customer = staff.customer(unit.as_mut(), 1, "暂缓").await?;
    let calm = staff.customer(unit.as_mut(), 2, "无措施").await?;
    let scanner = Scanner::new(unit.as_mut(), &staff).await?;
    scanner
        .scan(unit.as_mut(), &[(customer, None), (calm, None)], t0())
        .await?;
    let warnings = warnings_of(unit.as_mut(), &staff).await?;
    let warning = warning_of(&warnings, customer, WarningStatus::Open)?.id;
    let untouched = warning_of(&warnings, calm, WarningStatus::Open)?.id;

    let mut expected = Vec::new();
    for (measure, by, name, at) in [
        (
            "电话回访，赠送优惠券",
            staff.manager,
            staff.manager_name.as_str(),
            t0() + Duration::hours(1),
        ),
        (
            "上门拜访总经理",
            helper,
            "助理",
            t0() + Duration::microseconds(3_600_000_001),
        ),
    ] {
        let new = NewDelayMeasure {
            warning_id: warning,
            measure: measure.to_owned(),
            created_by: by,
            created_at: at,
        };
        let id = unit
            .insert_delay_measure(&new)
            .await
            .step("insert_delay_measure")?;
        expected.push(DelayMeasureRecord {
            id,
            warning_id: warning,
            measure: measure.to_owned(),
            created_by: by,
            created_at: at,
            created_by_name: name.to_owned(),
        });
    }

    let listed = unit
        .list_delay_measures(warning)
        .await
        .step("list_delay_measures")?;
    equal("list_delay_measures", &listed, &expected)?;
    let none = unit
        .list_delay_measures(untouched)
        .await
        .step("list_delay_measures")?;
    equal(
        "list_delay_measures of a warning without any",
        &none,
        &vec![],
    )?;
    let counted = found(
        "churn_warning",
        unit.churn_warning(warning).await.step("churn_warning")?,
    )?;
    equal(
        "the warning's count of measures",
        &counted.names.measures,
        &2,
    )
}
