//! A customer's contacts and interactions.

use chrono::Duration;
use crm_shared::contact::{ContactFields, Gender};
use crm_shared::interaction::InteractionFields;

use super::check::{CaseResult, Step, absent, conflict, equal, found};
use super::fixtures::{MISSING_ID, Staff, page, t0, write};
use super::{Case, case};
use crate::store::{ContactRecord, InteractionRecord, Store};

pub fn cases() -> Vec<Case> {
    vec![
        case!(contacts_round_trip_in_added_order),
        case!(contact_update_and_delete_check_version),
        case!(interactions_listed_newest_date_first),
        case!(interaction_update_and_delete_check_version),
    ]
}

fn zhang_wei() -> ContactFields {
    ContactFields {
        name: "张伟".into(),
        gender: Some(Gender::Male),
        position: "采购经理".into(),
        office_phone: "010-88886666".into(),
        mobile: "13900000000".into(),
        remark: "周三下午方便联系".into(),
    }
}

/// A contact 开发成功 made: gender 待补充, only a name and a phone.
fn pending() -> ContactFields {
    ContactFields {
        name: "李娜".into(),
        gender: None,
        position: String::new(),
        office_phone: "021-66668888".into(),
        mobile: String::new(),
        remark: String::new(),
    }
}

async fn contacts_round_trip_in_added_order(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let customer = staff.customer(unit.as_mut(), 1, "联系人测试").await?;
    let other = staff.customer(unit.as_mut(), 2, "无联系人").await?;
    let mut expected = Vec::new();
    for (fields, at) in [
        (zhang_wei(), t0()),
        (pending(), t0() + Duration::microseconds(1)),
    ] {
        let id = unit.insert_contact(customer, &fields, at).await;
        let id = id.step("insert_contact")?;
        let loaded = unit.contact(id).await.step("contact")?;
        let version = loaded.as_ref().map_or(0, |c| c.version);
        let record = ContactRecord {
            id,
            customer_id: customer,
            fields,
            created_at: at,
            version,
        };
        equal("contact", &loaded, &Some(record.clone()))?;
        expected.push(record);
    }

    let listed = unit.list_contacts(customer).await.step("list_contacts")?;
    equal("list_contacts", &listed, &expected)?;
    let none = unit.list_contacts(other).await.step("list_contacts")?;
    equal("list_contacts of a customer without any", &none, &vec![])?;
    let missing = unit.contact(MISSING_ID).await.step("contact")?;
    absent("contact of an id never given", &missing)
}

async fn contact_update_and_delete_check_version(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let customer = staff.customer(unit.as_mut(), 1, "联系人测试").await?;
    let id = unit.insert_contact(customer, &pending(), t0()).await;
    let id = id.step("insert_contact")?;
    let read = unit.contact(id).await.step("contact")?;
    let read = found("contact", read)?;

    let mut changed = read.clone();
    changed.fields = ContactFields {
        name: "李娜娜".into(),
        gender: Some(Gender::Female),
        position: "总经理".into(),
        office_phone: "021-66669999".into(),
        mobile: "13700000000".into(),
        remark: "已补充".into(),
    };
    unit.update_contact(&changed, read.version)
        .await
        .step("update_contact")?;
    let expected = ContactRecord {
        version: read.version + 1,
        ..changed.clone()
    };
    let updated = unit.contact(id).await.step("contact")?;
    equal(
        "contact after update_contact",
        &updated,
        &Some(expected.clone()),
    )?;

    conflict(
        "update_contact with a stale version",
        unit.update_contact(&read, read.version).await,
    )?;
    conflict(
        "delete_contact with a stale version",
        unit.delete_contact(id, read.version).await,
    )?;
    let kept = unit.contact(id).await.step("contact")?;
    equal(
        "contact after the refused writes",
        &kept,
        &Some(expected.clone()),
    )?;

    unit.delete_contact(id, expected.version)
        .await
        .step("delete_contact")?;
    absent(
        "contact after delete_contact",
        &unit.contact(id).await.step("contact")?,
    )?;
    let listed = unit.list_contacts(customer).await.step("list_contacts")?;
    equal("list_contacts after delete_contact", &listed, &vec![])
}

fn visit(date: &str, summary: &str) -> InteractionFields {
    InteractionFields {
        date: date.to_owned(),
        place: "客户公司会议室".into(),
        summary: summary.to_owned(),
        details: "介绍了新产品线，客户有采购意向。".into(),
        remark: String::new(),
    }
}

async fn interactions_listed_newest_date_first(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let clerk = staff.user(unit.as_mut(), "clerk", "记录员").await?;
    let customer = staff.customer(unit.as_mut(), 1, "交往测试").await?;
    let mut records = Vec::new();
    for (n, (date, by, name)) in [
        (
            "2026-03-01",
            Some(staff.manager),
            staff.manager_name.as_str(),
        ),
        ("2026-03-05", None, ""),
        ("2026-03-01", Some(clerk), "记录员"),
    ]
    .into_iter()
    .enumerate()
    {
        let fields = visit(date, &format!("第{}次拜访", n + 1));
        let at = t0() + Duration::seconds(n as i64);
        let id = unit.insert_interaction(customer, &fields, by, at).await;
        let id = id.step("insert_interaction")?;
        let loaded = unit.interaction(id).await.step("interaction")?;
        let version = loaded.as_ref().map_or(0, |i| i.version);
        let record = InteractionRecord {
            id,
            customer_id: customer,
            fields,
            created_by: by,
            created_by_name: name.to_owned(),
            created_at: at,
            version,
        };
        equal("interaction", &loaded, &Some(record.clone()))?;
        records.push(record);
    }
    let [first, second, third] = <[InteractionRecord; 3]>::try_from(records)
        .map_err(|_| "three interactions were inserted".to_owned())?;

    let listed = unit.list_interactions(customer, page(1, 10)).await;
    let expected = (vec![second, third, first.clone()], 3);
    equal(
        "list_interactions",
        &listed.step("list_interactions")?,
        &expected,
    )?;
    let listed = unit.list_interactions(customer, page(2, 2)).await;
    equal(
        "list_interactions page 2 of 2",
        &listed.step("list_interactions")?,
        &(vec![first], 3),
    )
}

async fn interaction_update_and_delete_check_version(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let customer = staff.customer(unit.as_mut(), 1, "交往测试").await?;
    let fields = visit("2026-03-01", "初次拜访");
    let id = unit.insert_interaction(customer, &fields, None, t0()).await;
    let id = id.step("insert_interaction")?;
    let read = unit.interaction(id).await.step("interaction")?;
    let read = found("interaction", read)?;

    let mut changed = read.clone();
    changed.fields = InteractionFields {
        date: "2026-02-28".into(),
        place: "北京国际会议中心".into(),
        summary: "展会洽谈".into(),
        details: "客户询问了价格和交货期。".into(),
        remark: "需回访".into(),
    };
    unit.update_interaction(&changed, read.version)
        .await
        .step("update_interaction")?;
    let expected = InteractionRecord {
        version: read.version + 1,
        ..changed.clone()
    };
    let updated = unit.interaction(id).await.step("interaction")?;
    equal(
        "interaction after update_interaction",
        &updated,
        &Some(expected.clone()),
    )?;

    conflict(
        "update_interaction with a stale version",
        unit.update_interaction(&read, read.version).await,
    )?;
    conflict(
        "delete_interaction with a stale version",
        unit.delete_interaction(id, read.version).await,
    )?;
    let kept = unit.interaction(id).await.step("interaction")?;
    equal(
        "interaction after the refused writes",
        &kept,
        &Some(expected.clone()),
    )?;

    unit.delete_interaction(id, expected.version)
        .await
        .step("delete_interaction")?;
    let deleted = unit.interaction(id).await.step("interaction")?;
    absent("interaction after delete_interaction", &deleted)
}
