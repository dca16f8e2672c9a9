//! Sales opportunities and their development plans.

use std::collections::HashMap;

use chrono::Duration;
use crm_shared::dictionary::DictionaryType;
use crm_shared::opportunity::{OpportunityFields, OpportunityStatus};

use super::check::{CaseResult, Step, absent, conflict, equal, found};
use super::fixtures::{MISSING_ID, Staff, date, new_opportunity, page, t0, time, write};
use super::{Case, case};
use crate::store::{
    CreatedOrder, NewPlanItem, OpportunityFilter, OpportunityNames, OpportunityRecord,
    PlanItemRecord, Store, UnitOfWork,
};

pub fn cases() -> Vec<Case> {
    vec![
        case!(opportunity_fields_round_trip),
        case!(opportunity_update_checks_version),
        case!(opportunities_listed_by_creation_with_filters),
        case!(opportunity_delete_checks_version_and_takes_plan),
        case!(open_opportunities_counted_per_assignee),
        case!(plan_items_round_trip_by_date_then_as_added),
        case!(plan_item_update_keeps_date_and_checks_version),
    ]
}

async fn opportunity(unit: &mut dyn UnitOfWork, id: i64) -> Result<OpportunityRecord, String> {
    found(
        "opportunity",
        unit.opportunity(id).await.step("opportunity")?,
    )
}

async fn opportunity_fields_round_trip(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let region = staff
        .item(unit.as_mut(), DictionaryType::Region, "华中")
        .await?;
    let industry = staff
        .item(unit.as_mut(), DictionaryType::Industry, "物流")
        .await?;
    let at = time((2026, 1, 1), 0, 0, 0, 1);
    let mut with_names = new_opportunity(&staff, 1, staff.manager, at);
    with_names.fields.region_id = Some(region);
    with_names.fields.industry_id = Some(industry);
    let plain = OpportunityFields {
        source: String::new(),
        contact: String::new(),
        contact_phone: String::new(),
        success_rate: Some(0),
        ..new_opportunity(&staff, 2, staff.manager, at).fields
    };
    let without_names = crate::store::NewOpportunity {
        fields: plain,
        ..new_opportunity(&staff, 2, staff.manager, at)
    };

    for (new, region, industry) in [
        (
            with_names,
            Some(format!("华中{}", staff.tag)),
            Some(format!("物流{}", staff.tag)),
        ),
        (without_names, None, None),
    ] {
        let id = unit
            .insert_opportunity(&new)
            .await
            .step("insert_opportunity")?;
        let loaded = opportunity(unit.as_mut(), id).await?;
        let expected = OpportunityRecord {
            id,
            number: new.number.clone(),
            fields: new.fields.clone(),
            status: OpportunityStatus::Unassigned,
            created_by: staff.manager,
            created_at: at,
            assignee_id: None,
            assigned_at: None,
            customer_id: None,
            version: loaded.version,
            names: OpportunityNames {
                region,
                industry,
                created_by: staff.manager_name.clone(),
                assignee: None,
                customer_number: None,
            },
        };
        equal("opportunity", &loaded, &expected)?;
    }
    let missing = unit.opportunity(MISSING_ID).await.step("opportunity")?;
    absent("opportunity of an id never given", &missing)
}

async fn opportunity_update_checks_version(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let assignee = staff.user(unit.as_mut(), "sales", "客户经理甲").await?;
    let region = staff
        .item(unit.as_mut(), DictionaryType::Region, "东北")
        .await?;
    let customer = staff.customer(unit.as_mut(), 1, "开发成功").await?;
    let new = new_opportunity(&staff, 1, staff.manager, t0());
    let id = unit
        .insert_opportunity(&new)
        .await
        .step("insert_opportunity")?;
    let read = opportunity(unit.as_mut(), id).await?;

    let assigned_at = time((2026, 3, 15), 8, 0, 0, 123_456);
    let mut changed = read.clone();
    changed.fields = OpportunityFields {
        source: "老客户介绍".into(),
        customer_name: format!("哈尔滨客户{}", staff.tag),
        success_rate: Some(100),
        summary: "扩大采购".into(),
        contact: "赵女士".into(),
        contact_phone: "0451-12345678".into(),
        description: "明年一季度追加订单".into(),
        region_id: Some(region),
        industry_id: None,
    };
    changed.status = OpportunityStatus::Won;
    changed.assignee_id = Some(assignee);
    changed.assigned_at = Some(assigned_at);
    changed.customer_id = Some(customer);
    unit.update_opportunity(&changed, read.version)
        .await
        .step("update_opportunity")?;
    let expected = OpportunityRecord {
        version: read.version + 1,
        names: OpportunityNames {
            region: Some(format!("东北{}", staff.tag)),
            industry: None,
            created_by: staff.manager_name.clone(),
            assignee: Some("客户经理甲".into()),
            customer_number: Some(staff.customer_number(1)),
        },
        ..changed.clone()
    };
    let updated = opportunity(unit.as_mut(), id).await?;
    equal("opportunity after update_opportunity", &updated, &expected)?;

    conflict(
        "update_opportunity with a stale version",
        unit.update_opportunity(&read, read.version).await,
    )?;
    let kept = opportunity(unit.as_mut(), id).await?;
    equal("opportunity after the refused update", &kept, &expected)
}

async fn opportunities_listed_by_creation_with_filters(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let colleague = staff.user(unit.as_mut(), "colleague", "同事").await?;
    let assignee = staff.user(unit.as_mut(), "assignee", "被指派者").await?;
    let second = |s: i64| t0() + Duration::seconds(s);
    // The second and third share their creation instant: the id decides between them.
    let mut ids = Vec::new();
    for (n, by, at) in [
        (1, staff.manager, second(0)),
        (2, colleague, second(10)),
        (3, staff.manager, second(10)),
        (4, staff.manager, second(20)),
    ] {
        let new = new_opportunity(&staff, n, by, at);
        ids.push(
            unit.insert_opportunity(&new)
                .await
                .step("insert_opportunity")?,
        );
    }
    let (o1, o2, o3, o4) = (ids[0], ids[1], ids[2], ids[3]);
    let mut fourth = opportunity(unit.as_mut(), o4).await?;
    let version = fourth.version;
    fourth.status = OpportunityStatus::Assigned;
    fourth.assignee_id = Some(assignee);
    fourth.assigned_at = Some(second(30));
    unit.update_opportunity(&fourth, version)
        .await
        .step("update_opportunity")?;

    let mine = OpportunityFilter {
        customer_name: staff.tag.clone(),
        ..OpportunityFilter::default()
    };
    let with = |change: fn(&mut OpportunityFilter)| {
        let mut filter = mine.clone();
        change(&mut filter);
        filter
    };
    use CreatedOrder::{NewestFirst, OldestFirst};
    let checks = [
        (
            "newest first",
            mine.clone(),
            NewestFirst,
            (1, 10),
            vec![o4, o3, o2, o1],
            4,
        ),
        (
            "oldest first",
            mine.clone(),
            OldestFirst,
            (1, 10),
            vec![o1, o2, o3, o4],
            4,
        ),
        (
            "page 2 of size 3",
            mine.clone(),
            NewestFirst,
            (2, 3),
            vec![o1],
            4,
        ),
        (
            "oldest first, page 1 of size 2",
            mine.clone(),
            OldestFirst,
            (1, 2),
            vec![o1, o2],
            4,
        ),
        (
            "已指派",
            with(|f| f.status = Some(OpportunityStatus::Assigned)),
            NewestFirst,
            (1, 10),
            vec![o4],
            1,
        ),
        (
            "未指派",
            with(|f| f.status = Some(OpportunityStatus::Unassigned)),
            NewestFirst,
            (1, 10),
            vec![o3, o2, o1],
            3,
        ),
        (
            "a part of 客户名称",
            OpportunityFilter {
                customer_name: format!("户2{}", staff.tag),
                ..OpportunityFilter::default()
            },
            NewestFirst,
            (1, 10),
            vec![o2],
            1,
        ),
        (
            "creator",
            OpportunityFilter {
                created_by: Some(colleague),
                ..mine.clone()
            },
            NewestFirst,
            (1, 10),
            vec![o2],
            1,
        ),
        (
            "assignee",
            OpportunityFilter {
                assignee_id: Some(assignee),
                ..OpportunityFilter::default()
            },
            NewestFirst,
            (1, 10),
            vec![o4],
            1,
        ),
        (
            "created from an instant on",
            OpportunityFilter {
                created_from: Some(second(10)),
                ..mine.clone()
            },
            NewestFirst,
            (1, 10),
            vec![o4, o3, o2],
            3,
        ),
        (
            "created before an instant",
            OpportunityFilter {
                created_before: Some(second(10)),
                ..mine.clone()
            },
            NewestFirst,
            (1, 10),
            vec![o1],
            1,
        ),
        (
            "created in a range",
            OpportunityFilter {
                created_from: Some(second(10)),
                created_before: Some(second(20)),
                ..mine.clone()
            },
            OldestFirst,
            (1, 10),
            vec![o2, o3],
            2,
        ),
    ];
    for (what, filter, order, (number, size), expected, count) in checks {
        let listed = unit
            .list_opportunities(&filter, order, page(number, size))
            .await
            .step("list_opportunities")?;
        let ids: Vec<i64> = listed.0.iter().map(|o| o.id).collect();
        equal(
            &format!("list_opportunities, {what}"),
            &(ids, listed.1),
            &(expected, count),
        )?;
    }
    Ok(())
}

fn plan_item(opportunity_id: i64, on: chrono::NaiveDate, content: &str, by: i64) -> NewPlanItem {
    NewPlanItem {
        opportunity_id,
        date: on,
        content: content.to_owned(),
        created_by: by,
        created_at: t0(),
    }
}

async fn opportunity_delete_checks_version_and_takes_plan(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let new = new_opportunity(&staff, 1, staff.manager, t0());
    let id = unit
        .insert_opportunity(&new)
        .await
        .step("insert_opportunity")?;
    let mut items = Vec::new();
    for content in ["上门拜访", "寄送样品"] {
        let item = plan_item(id, date(2026, 4, 1), content, staff.manager);
        items.push(
            unit.insert_plan_item(&item)
                .await
                .step("insert_plan_item")?,
        );
    }
    let read = opportunity(unit.as_mut(), id).await?;
    let mut changed = read.clone();
    changed.fields.summary = "改过的概要".into();
    unit.update_opportunity(&changed, read.version)
        .await
        .step("update_opportunity")?;

    conflict(
        "delete_opportunity with a stale version",
        unit.delete_opportunity(id, read.version).await,
    )?;
    unit.opportunity(id)
        .await
        .step("opportunity")?
        .ok_or("opportunity after the refused delete: expected it kept, got none")?;
    let plan = unit.list_plan_items(id).await.step("list_plan_items")?;
    let kept: Vec<i64> = plan.iter().map(|item| item.id).collect();
    equal("plan items after the refused delete", &kept, &items)?;

    unit.delete_opportunity(id, read.version + 1)
        .await
        .step("delete_opportunity")?;
    absent(
        "opportunity after delete_opportunity",
        &unit.opportunity(id).await.step("opportunity")?,
    )?;
    for item in items {
        let gone = unit.plan_item(item).await.step("plan_item")?;
        absent("plan item of the deleted opportunity", &gone)?;
    }
    Ok(())
}

async fn open_opportunities_counted_per_assignee(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let busy = staff.user(unit.as_mut(), "busy", "忙碌经理").await?;
    let other = staff.user(unit.as_mut(), "other", "另一经理").await?;
    let idle = staff.user(unit.as_mut(), "idle", "空闲经理").await?;
    for (n, assignee, status) in [
        (1, busy, OpportunityStatus::Assigned),
        (2, busy, OpportunityStatus::Assigned),
        (3, busy, OpportunityStatus::Won),
        (4, other, OpportunityStatus::Assigned),
        (5, idle, OpportunityStatus::Lost),
    ] {
        let new = new_opportunity(&staff, n, staff.manager, t0());
        let id = unit
            .insert_opportunity(&new)
            .await
            .step("insert_opportunity")?;
        let mut record = opportunity(unit.as_mut(), id).await?;
        let version = record.version;
        record.status = status;
        record.assignee_id = Some(assignee);
        record.assigned_at = Some(t0());
        unit.update_opportunity(&record, version)
            .await
            .step("update_opportunity")?;
    }

    let counts = unit
        .open_opportunities_by_assignee(&[busy, other, idle])
        .await
        .step("open_opportunities_by_assignee")?;
    let expected = HashMap::from([(busy, 2), (other, 1)]);
    equal(
        "open_opportunities_by_assignee (已指派 only)",
        &counts,
        &expected,
    )
}

async fn plan_items_round_trip_by_date_then_as_added(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let new = new_opportunity(&staff, 1, staff.manager, t0());
    let id = unit
        .insert_opportunity(&new)
        .await
        .step("insert_opportunity")?;
    let other = new_opportunity(&staff, 2, staff.manager, t0());
    let other = unit
        .insert_opportunity(&other)
        .await
        .step("insert_opportunity")?;

    let mut records = Vec::new();
    for (on, content) in [
        (date(2026, 3, 10), "电话回访"),
        (date(2026, 3, 1), "上门拜访"),
        (date(2026, 3, 10), "寄送样品"),
    ] {
        let new = plan_item(id, on, content, staff.manager);
        let item = unit.insert_plan_item(&new).await.step("insert_plan_item")?;
        let loaded = unit.plan_item(item).await.step("plan_item")?;
        let record = PlanItemRecord {
            id: item,
            opportunity_id: id,
            date: on,
            content: content.to_owned(),
            result: String::new(),
            created_by: Some(staff.manager),
            created_at: t0(),
            version: loaded.as_ref().map_or(0, |item| item.version),
        };
        equal("plan_item", &loaded, &Some(record.clone()))?;
        records.push(record);
    }
    let expected = vec![records[1].clone(), records[0].clone(), records[2].clone()];

    let listed = unit.list_plan_items(id).await.step("list_plan_items")?;
    equal("list_plan_items", &listed, &expected)?;
    let none = unit.list_plan_items(other).await.step("list_plan_items")?;
    equal(
        "list_plan_items of an opportunity without plan",
        &none,
        &vec![],
    )?;
    let missing = unit.plan_item(MISSING_ID).await.step("plan_item")?;
    absent("plan_item of an id never given", &missing)
}

async fn plan_item_update_keeps_date_and_checks_version(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let new = new_opportunity(&staff, 1, staff.manager, t0());
    let opportunity = unit
        .insert_opportunity(&new)
        .await
        .step("insert_opportunity")?;
    let item = plan_item(opportunity, date(2026, 3, 10), "电话回访", staff.manager);
    let id = unit
        .insert_plan_item(&item)
        .await
        .step("insert_plan_item")?;
    let read = found("plan_item", unit.plan_item(id).await.step("plan_item")?)?;

    let mut changed = read.clone();
    changed.content = "电话回访并报价".into();
    changed.result = "客户同意下周面谈".into();
    changed.date = date(2027, 1, 1);
    unit.update_plan_item(&changed, read.version)
        .await
        .step("update_plan_item")?;
    let expected = PlanItemRecord {
        date: read.date,
        version: read.version + 1,
        ..changed.clone()
    };
    let updated = unit.plan_item(id).await.step("plan_item")?;
    equal(
        "plan item after update_plan_item (date kept)",
        &updated,
        &Some(expected.clone()),
    )?;

    conflict(
        "update_plan_item with a stale version",
        unit.update_plan_item(&read, read.version).await,
    )?;
    conflict(
        "delete_plan_item with a stale version",
        unit.delete_plan_item(id, read.version).await,
    )?;
    let kept = unit.plan_item(id).await.step("plan_item")?;
    equal(
        "plan item after the refused writes",
        &kept,
        &Some(expected.clone()),
    )?;

    unit.delete_plan_item(id, expected.version)
        .await
        .step("delete_plan_item")?;
    absent(
        "plan item after delete_plan_item",
        &unit.plan_item(id).await.step("plan_item")?,
    )
}
