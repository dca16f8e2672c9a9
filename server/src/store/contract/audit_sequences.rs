//! The audit log and the named sequences business numbers are taken from.

use chrono::{DateTime, Duration, Utc};

use super::check::{CaseResult, Step, equal};
use super::fixtures::{Staff, page, t0, tag, write};
use super::{Case, case};
use crate::store::{AuditFilter, AuditRecord, NewAuditEntry, Store, UnitOfWork};

pub fn cases() -> Vec<Case> {
    vec![
        case!(audit_entries_round_trip_newest_first),
        case!(audit_filtered_by_record_and_user_and_paged),
        case!(sequences_count_per_name),
        case!(sequence_numbers_taken_only_by_committed_units),
    ]
}

/// Everything an audit entry holds, comparable.
type EntryFields = (
    DateTime<Utc>,
    Option<i64>,
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
);

fn fields(entry: &NewAuditEntry) -> EntryFields {
    let e = entry.clone();
    (
        e.at,
        e.user_id,
        e.username,
        e.entity,
        e.entity_id,
        e.action,
        e.old_value,
        e.new_value,
    )
}

/// Three entries of an entity of the case's own, oldest first: (id, entry).
async fn append_three(
    unit: &mut dyn UnitOfWork,
    staff: &Staff,
    other_user: i64,
) -> Result<(String, Vec<(i64, NewAuditEntry)>), String> {
    let entity = format!("contract-{}", staff.tag);
    let entry = |at, user_id, entity_id, action: &str, old: Option<&str>, new: Option<&str>| {
        NewAuditEntry {
            at,
            user_id,
            username: match user_id {
                Some(_) => staff.username("m"),
                None => "系统".into(),
            },
            entity: entity.clone(),
            entity_id,
            action: action.to_owned(),
            old_value: old.map(str::to_owned),
            new_value: new.map(str::to_owned),
        }
    };
    let entries = [
        entry(
            t0(),
            Some(staff.manager),
            1,
            "create",
            None,
            Some(r#"{"name":"北京华为"}"#),
        ),
        entry(
            t0() + Duration::microseconds(1),
            None,
            2,
            "update",
            Some(r#"{"name":"旧名"}"#),
            Some(r#"{"name":"新名"}"#),
        ),
        entry(
            t0() + Duration::seconds(2),
            Some(other_user),
            1,
            "delete",
            Some(r#"{"name":"北京华为"}"#),
            None,
        ),
    ];
    let mut appended = Vec::new();
    for entry in entries {
        let id = unit.append_audit(&entry).await.step("append_audit")?;
        appended.push((id, entry));
    }
    Ok((entity, appended))
}

fn listed(records: &[AuditRecord]) -> Vec<(i64, EntryFields)> {
    records
        .iter()
        .map(|record| (record.id, fields(&record.entry)))
        .collect()
}

async fn audit_entries_round_trip_newest_first(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let other = staff.user(unit.as_mut(), "auditor", "审计员").await?;
    let (entity, appended) = append_three(unit.as_mut(), &staff, other).await?;

    let filter = AuditFilter {
        entity: Some(entity),
        ..AuditFilter::default()
    };
    let (records, total) = unit
        .list_audit(&filter, page(1, 10))
        .await
        .step("list_audit")?;
    let expected: Vec<_> = appended
        .iter()
        .rev()
        .map(|(id, entry)| (*id, fields(entry)))
        .collect();
    equal(
        "list_audit of the entity, newest first",
        &listed(&records),
        &expected,
    )?;
    equal("list_audit total", &total, &3)
}

async fn audit_filtered_by_record_and_user_and_paged(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let other = staff.user(unit.as_mut(), "auditor", "审计员").await?;
    let (entity, appended) = append_three(unit.as_mut(), &staff, other).await?;
    let id = |n: usize| appended.get(n).map_or(0, |(id, _)| *id);
    let of_entity = AuditFilter {
        entity: Some(entity),
        ..AuditFilter::default()
    };

    let checks = [
        (
            "one record of the entity",
            AuditFilter {
                entity_id: Some(1),
                ..of_entity.clone()
            },
            (1, 10),
            vec![id(2), id(0)],
            2,
        ),
        (
            "one user's entries",
            AuditFilter {
                user_id: Some(staff.manager),
                ..of_entity.clone()
            },
            (1, 10),
            vec![id(0)],
            1,
        ),
        (
            "a new user's entries, of any entity",
            AuditFilter {
                user_id: Some(other),
                ..AuditFilter::default()
            },
            (1, 10),
            vec![id(2)],
            1,
        ),
        ("page 2 of 2", of_entity.clone(), (2, 2), vec![id(0)], 3),
    ];
    for (what, filter, (number, size), ids, count) in checks {
        let (records, total) = unit
            .list_audit(&filter, page(number, size))
            .await
            .step("list_audit")?;
        let listed: Vec<i64> = records.iter().map(|record| record.id).collect();
        equal(&format!("list_audit, {what}: ids"), &listed, &ids)?;
        equal(&format!("list_audit, {what}: total"), &total, &count)?;
    }
    Ok(())
}

async fn sequences_count_per_name(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let tag = tag();
    let (customers, tickets) = (format!("contract-{tag}-KH"), format!("contract-{tag}-FW"));
    let mut taken = Vec::new();
    for name in [&customers, &customers, &customers, &tickets, &customers] {
        let next = unit.next_in_sequence(name).await;
        taken.push(next.step("next_in_sequence")?);
    }
    equal(
        "numbers taken from two sequences",
        &taken,
        &vec![1, 2, 3, 1, 4],
    )
}

async fn sequence_numbers_taken_only_by_committed_units(store: &dyn Store) -> CaseResult {
    let name = format!("contract-{}", tag());
    let mut taken = Vec::new();
    for commit in [true, false, true] {
        let mut unit = write(store).await?;
        let next = unit.next_in_sequence(&name).await;
        taken.push(next.step("next_in_sequence")?);
        if commit {
            unit.commit().await.step("commit")?;
        }
    }
    // The second unit was dropped: its number is given again.
    equal(
        "numbers taken by commit, drop, commit",
        &taken,
        &vec![1, 2, 2],
    )
}
