//! Service tickets, their rounds of handling and feedback, and other systems' references.

use std::collections::HashMap;

use chrono::Duration;
use crm_shared::dictionary::DictionaryType;
use crm_shared::ticket::{TicketFields, TicketStatus};

use super::check::{CaseResult, Step, absent, conflict, duplicate, equal, found};
use super::fixtures::{MISSING_ID, Staff, new_ticket, page, t0, time, write};
use super::{Case, case};
use crate::store::{
    CreatedOrder, Feedback, NewTicket, NewTicketRound, Store, TicketFilter, TicketNames,
    TicketRecord, TicketRoundRecord, UnitOfWork,
};

pub fn cases() -> Vec<Case> {
    vec![
        case!(ticket_fields_round_trip),
        case!(ticket_external_refs_are_unique_per_system),
        case!(tickets_listed_by_creation_with_filters),
        case!(ticket_update_checks_version),
        case!(open_tickets_counted_per_assignee),
        case!(ticket_rounds_oldest_first_with_feedback_once),
    ]
}

async fn ticket(unit: &mut dyn UnitOfWork, id: i64) -> Result<TicketRecord, String> {
    found("ticket", unit.ticket(id).await.step("ticket")?)
}

/// A ticket another system submitted: no creator, its system and reference instead.
fn submitted(
    staff: &Staff,
    n: u32,
    kind: i64,
    customer: i64,
    system: &str,
    reference: &str,
) -> NewTicket {
    NewTicket {
        created_by: None,
        source_system: system.to_owned(),
        external_ref: Some(reference.to_owned()),
        ..new_ticket(staff, n, kind, customer, t0())
    }
}

async fn ticket_fields_round_trip(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let kind = staff
        .item(unit.as_mut(), DictionaryType::ServiceType, "投诉")
        .await?;
    let customer = staff.customer(unit.as_mut(), 1, "售后客户").await?;
    let at = time((2026, 3, 14), 23, 59, 59, 999_999);
    let by_user = new_ticket(&staff, 1, kind, customer, at);
    let system = format!("呼叫中心{}", staff.tag);
    let by_system = NewTicket {
        created_at: at,
        ..submitted(&staff, 2, kind, customer, &system, "CC-0001")
    };

    for (new, creator_name) in [
        (by_user, Some(staff.manager_name.clone())),
        (by_system, None),
    ] {
        let id = unit.insert_ticket(&new).await.step("insert_ticket")?;
        let loaded = ticket(unit.as_mut(), id).await?;
        let expected = TicketRecord {
            id,
            number: new.number.clone(),
            fields: new.fields.clone(),
            status: TicketStatus::New,
            created_by: new.created_by,
            source_system: new.source_system.clone(),
            external_ref: new.external_ref.clone(),
            created_at: at,
            assignee_id: None,
            assigned_at: None,
            version: loaded.version,
            names: TicketNames {
                type_name: format!("投诉{}", staff.tag),
                customer_number: staff.customer_number(1),
                customer_name: format!("售后客户{}", staff.tag),
                created_by: creator_name,
                assignee: None,
            },
            latest_round: None,
        };
        equal("ticket", &loaded, &expected)?;
    }
    let missing = unit.ticket(MISSING_ID).await.step("ticket")?;
    absent("ticket of an id never given", &missing)
}

async fn ticket_external_refs_are_unique_per_system(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let kind = staff
        .item(unit.as_mut(), DictionaryType::ServiceType, "咨询")
        .await?;
    let customer = staff.customer(unit.as_mut(), 1, "外部客户").await?;
    let (call_center, shop) = (
        format!("呼叫中心{}", staff.tag),
        format!("网店{}", staff.tag),
    );

    let first = submitted(&staff, 1, kind, customer, &call_center, "R-1");
    let first = unit.insert_ticket(&first).await.step("insert_ticket")?;
    let same_ref = submitted(&staff, 2, kind, customer, &shop, "R-1");
    let other_system = unit
        .insert_ticket(&same_ref)
        .await
        .step("insert_ticket of the same reference from another system")?;
    for n in [3, 4] {
        let own = new_ticket(&staff, n, kind, customer, t0());
        unit.insert_ticket(&own)
            .await
            .step("insert_ticket of a user's ticket without reference")?;
    }

    for (system, reference, expected) in [
        (&call_center, "R-1", Some(first)),
        (&shop, "R-1", Some(other_system)),
        (&call_center, "R-2", None),
    ] {
        let found = unit.ticket_by_external_ref(system, reference).await;
        let found = found.step("ticket_by_external_ref")?.map(|t| t.id);
        equal(
            &format!("ticket_by_external_ref({system}, {reference})"),
            &found,
            &expected,
        )?;
    }

    let retried = submitted(&staff, 5, kind, customer, &call_center, "R-1");
    duplicate(
        "insert_ticket of a reference the system used before",
        unit.insert_ticket(&retried).await,
    )
}

async fn tickets_listed_by_creation_with_filters(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let tag = staff.tag.clone();
    let colleague = staff.user(unit.as_mut(), "colleague", "同事").await?;
    let assignee = staff.user(unit.as_mut(), "assignee", "处理人").await?;
    let advice = staff
        .item(unit.as_mut(), DictionaryType::ServiceType, "建议")
        .await?;
    let complaint = staff
        .item(unit.as_mut(), DictionaryType::ServiceType, "投诉")
        .await?;
    let buyer = staff.customer(unit.as_mut(), 1, "甲方").await?;
    let seller = staff.customer(unit.as_mut(), 2, "乙方").await?;
    let second = |s: i64| t0() + Duration::seconds(s);

    // The second and third share their creation instant: the id decides between them.
    let mut ids = Vec::new();
    for (n, customer, kind, summary, by, at) in [
        (
            1,
            buyer,
            advice,
            "打印机故障",
            Some(staff.manager),
            second(0),
        ),
        (
            2,
            seller,
            complaint,
            "网络中断",
            Some(colleague),
            second(10),
        ),
        (3, buyer, complaint, "打印机卡纸", None, second(10)),
        (
            4,
            seller,
            advice,
            "退货申请",
            Some(staff.manager),
            second(20),
        ),
    ] {
        let new = NewTicket {
            fields: TicketFields {
                summary: format!("{summary}{tag}"),
                ..new_ticket(&staff, n, kind, customer, at).fields
            },
            created_by: by,
            ..new_ticket(&staff, n, kind, customer, at)
        };
        ids.push(unit.insert_ticket(&new).await.step("insert_ticket")?);
    }
    let (t1, t2, t3, t4) = (ids[0], ids[1], ids[2], ids[3]);
    let mut fourth = ticket(unit.as_mut(), t4).await?;
    let version = fourth.version;
    fourth.status = TicketStatus::Assigned;
    fourth.assignee_id = Some(assignee);
    fourth.assigned_at = Some(second(30));
    unit.update_ticket(&fourth, version)
        .await
        .step("update_ticket")?;

    let mine = TicketFilter {
        customer_name: tag.clone(),
        ..TicketFilter::default()
    };
    use CreatedOrder::{NewestFirst, OldestFirst};
    let checks = [
        (
            "newest first",
            mine.clone(),
            NewestFirst,
            (1, 10),
            vec![t4, t3, t2, t1],
            4,
        ),
        (
            "oldest first",
            mine.clone(),
            OldestFirst,
            (1, 10),
            vec![t1, t2, t3, t4],
            4,
        ),
        (
            "page 2 of size 3",
            mine.clone(),
            NewestFirst,
            (2, 3),
            vec![t1],
            4,
        ),
        (
            "已分配",
            TicketFilter {
                status: Some(TicketStatus::Assigned),
                ..mine.clone()
            },
            NewestFirst,
            (1, 10),
            vec![t4],
            1,
        ),
        (
            "新创建",
            TicketFilter {
                status: Some(TicketStatus::New),
                ..mine.clone()
            },
            NewestFirst,
            (1, 10),
            vec![t3, t2, t1],
            3,
        ),
        (
            "customer",
            TicketFilter {
                customer_id: Some(buyer),
                ..TicketFilter::default()
            },
            NewestFirst,
            (1, 10),
            vec![t3, t1],
            2,
        ),
        (
            "a part of the customer's name",
            TicketFilter {
                customer_name: format!("乙方{tag}"),
                ..TicketFilter::default()
            },
            NewestFirst,
            (1, 10),
            vec![t4, t2],
            2,
        ),
        (
            "service type",
            TicketFilter {
                type_id: Some(complaint),
                ..TicketFilter::default()
            },
            NewestFirst,
            (1, 10),
            vec![t3, t2],
            2,
        ),
        (
            "a part of 概要",
            TicketFilter {
                summary: "打印机".into(),
                ..mine.clone()
            },
            NewestFirst,
            (1, 10),
            vec![t3, t1],
            2,
        ),
        (
            "created from an instant on",
            TicketFilter {
                created_from: Some(second(10)),
                ..mine.clone()
            },
            NewestFirst,
            (1, 10),
            vec![t4, t3, t2],
            3,
        ),
        (
            "created in a range",
            TicketFilter {
                created_from: Some(second(10)),
                created_before: Some(second(20)),
                ..mine.clone()
            },
            OldestFirst,
            (1, 10),
            vec![t2, t3],
            2,
        ),
        (
            "created before an instant",
            TicketFilter {
                created_before: Some(second(10)),
                ..mine.clone()
            },
            NewestFirst,
            (1, 10),
            vec![t1],
            1,
        ),
        (
            "assignee",
            TicketFilter {
                assignee_id: Some(assignee),
                ..TicketFilter::default()
            },
            NewestFirst,
            (1, 10),
            vec![t4],
            1,
        ),
        (
            "creator",
            TicketFilter {
                created_by: Some(colleague),
                ..TicketFilter::default()
            },
            NewestFirst,
            (1, 10),
            vec![t2],
            1,
        ),
    ];
    for (what, filter, order, (number, size), expected, count) in checks {
        let listed = unit
            .list_tickets(&filter, order, page(number, size))
            .await
            .step("list_tickets")?;
        let ids: Vec<i64> = listed.0.iter().map(|t| t.id).collect();
        equal(
            &format!("list_tickets, {what}"),
            &(ids, listed.1),
            &(expected, count),
        )?;
    }
    Ok(())
}

async fn ticket_update_checks_version(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let assignee = staff.user(unit.as_mut(), "assignee", "处理人").await?;
    let kind = staff
        .item(unit.as_mut(), DictionaryType::ServiceType, "咨询")
        .await?;
    let customer = staff.customer(unit.as_mut(), 1, "售后客户").await?;
    let new = new_ticket(&staff, 1, kind, customer, t0());
    let id = unit.insert_ticket(&new).await.step("insert_ticket")?;
    let read = ticket(unit.as_mut(), id).await?;

    let mut changed = read.clone();
    changed.status = TicketStatus::Assigned;
    changed.assignee_id = Some(assignee);
    changed.assigned_at = Some(time((2026, 3, 16), 1, 2, 3, 456_789));
    unit.update_ticket(&changed, read.version)
        .await
        .step("update_ticket")?;
    let expected = TicketRecord {
        version: read.version + 1,
        names: TicketNames {
            assignee: Some("处理人".into()),
            ..changed.names.clone()
        },
        ..changed.clone()
    };
    equal(
        "ticket after update_ticket",
        &ticket(unit.as_mut(), id).await?,
        &expected,
    )?;

    conflict(
        "update_ticket with a stale version",
        unit.update_ticket(&read, read.version).await,
    )?;
    equal(
        "ticket after the refused update",
        &ticket(unit.as_mut(), id).await?,
        &expected,
    )
}

async fn open_tickets_counted_per_assignee(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let busy = staff.user(unit.as_mut(), "busy", "忙碌").await?;
    let other = staff.user(unit.as_mut(), "other", "另一位").await?;
    let idle = staff.user(unit.as_mut(), "idle", "空闲").await?;
    let kind = staff
        .item(unit.as_mut(), DictionaryType::ServiceType, "咨询")
        .await?;
    let customer = staff.customer(unit.as_mut(), 1, "售后客户").await?;
    for (n, assignee, status) in [
        (1, busy, TicketStatus::Assigned),
        (2, busy, TicketStatus::Assigned),
        (3, busy, TicketStatus::Processed),
        (4, other, TicketStatus::Assigned),
        (5, idle, TicketStatus::Archived),
    ] {
        let new = new_ticket(&staff, n, kind, customer, t0());
        let id = unit.insert_ticket(&new).await.step("insert_ticket")?;
        let mut record = ticket(unit.as_mut(), id).await?;
        let version = record.version;
        record.status = status;
        record.assignee_id = Some(assignee);
        record.assigned_at = Some(t0());
        unit.update_ticket(&record, version)
            .await
            .step("update_ticket")?;
    }

    let counts = unit
        .open_tickets_by_assignee(&[busy, other, idle])
        .await
        .step("open_tickets_by_assignee")?;
    let expected = HashMap::from([(busy, 2), (other, 1)]);
    equal("open_tickets_by_assignee (已分配 only)", &counts, &expected)
}

async fn ticket_rounds_oldest_first_with_feedback_once(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let handler = staff.user(unit.as_mut(), "handler", "维修工").await?;
    let kind = staff
        .item(unit.as_mut(), DictionaryType::ServiceType, "投诉")
        .await?;
    let customer = staff.customer(unit.as_mut(), 1, "售后客户").await?;
    let new = new_ticket(&staff, 1, kind, customer, t0());
    let id = unit.insert_ticket(&new).await.step("insert_ticket")?;

    let handled_at = time((2026, 3, 15), 10, 0, 0, 1);
    let first = NewTicketRound {
        ticket_id: id,
        round: 1,
        handling: "更换了硒鼓".into(),
        handled_by: handler,
        handled_at,
    };
    let first_id = unit.insert_ticket_round(&first).await;
    let mut first = TicketRoundRecord {
        id: first_id.step("insert_ticket_round")?,
        ticket_id: id,
        round: 1,
        handling: first.handling,
        handled_by: handler,
        handled_at,
        feedback: None,
        handled_by_name: "维修工".into(),
    };
    let rounds = unit
        .list_ticket_rounds(id)
        .await
        .step("list_ticket_rounds")?;
    equal("list_ticket_rounds", &rounds, &vec![first.clone()])?;
    let latest = ticket(unit.as_mut(), id).await?.latest_round;
    equal("the ticket's latest round", &latest, &Some(first.clone()))?;

    let unhappy = Feedback {
        result: "仍然卡纸".into(),
        satisfaction: 2,
        by: staff.manager,
        at: time((2026, 3, 16), 9, 30, 0, 999_999),
        by_name: String::new(),
    };
    unit.record_round_feedback(first.id, &unhappy)
        .await
        .step("record_round_feedback")?;
    let happy = Feedback {
        satisfaction: 5,
        ..unhappy.clone()
    };
    conflict(
        "record_round_feedback on a round that has feedback",
        unit.record_round_feedback(first.id, &happy).await,
    )?;
    first.feedback = Some(Feedback {
        by_name: staff.manager_name.clone(),
        ..unhappy
    });

    let second = NewTicketRound {
        ticket_id: id,
        round: 2,
        handling: "更换了主板".into(),
        handled_by: staff.manager,
        handled_at: handled_at + Duration::days(2),
    };
    let second_id = unit.insert_ticket_round(&second).await;
    let second = TicketRoundRecord {
        id: second_id.step("insert_ticket_round")?,
        ticket_id: id,
        round: 2,
        handling: second.handling,
        handled_by: staff.manager,
        handled_at: second.handled_at,
        feedback: None,
        handled_by_name: staff.manager_name.clone(),
    };
    let rounds = unit
        .list_ticket_rounds(id)
        .await
        .step("list_ticket_rounds")?;
    equal(
        "list_ticket_rounds after a second round",
        &rounds,
        &vec![first, second.clone()],
    )?;
    let latest = ticket(unit.as_mut(), id).await?.latest_round;
    equal("the ticket's latest round", &latest, &Some(second))
}
