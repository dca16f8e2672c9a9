//! Units of work: one transaction over every table, kept by a commit and undone by a drop.

use crm_shared::dictionary::DictionaryType;

use super::check::{CaseResult, Step, absent, duplicate, equal, found};
use super::fixtures::{Staff, page, read, t0, tag, write};
use super::{Case, case};
use crate::store::{AuditFilter, NewAuditEntry, NewCustomer, NewDictionaryItem, Store};

pub fn cases() -> Vec<Case> {
    vec![
        case!(dropped_unit_leaves_nothing_behind),
        case!(unit_refused_by_a_key_leaves_nothing_behind),
        case!(committed_unit_is_seen_by_the_next),
    ]
}

/// What a dropped unit wrote, to look for afterwards.
struct Written {
    staff: Staff,
    customer_number: String,
    item: i64,
    entity: String,
    sequence: String,
}

async fn dropped_unit_leaves_nothing_behind(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    staff.customer(unit.as_mut(), 1, "回滚客户").await?;
    let item = staff
        .item(unit.as_mut(), DictionaryType::Region, "回滚地区")
        .await?;
    let entity = format!("contract-{}", staff.tag);
    let entry = NewAuditEntry {
        at: t0(),
        user_id: Some(staff.manager),
        username: staff.username("m"),
        entity: entity.clone(),
        entity_id: 1,
        action: "create".into(),
        old_value: None,
        new_value: Some("{}".into()),
    };
    unit.append_audit(&entry).await.step("append_audit")?;
    let sequence = format!("contract-{}", staff.tag);
    unit.next_in_sequence(&sequence)
        .await
        .step("next_in_sequence")?;
    let written = Written {
        customer_number: staff.customer_number(1),
        staff,
        item,
        entity,
        sequence,
    };
    drop(unit);

    nothing_left(store, &written).await
}

/// Every table the dropped unit wrote holds none of it.
async fn nothing_left(store: &dyn Store, written: &Written) -> CaseResult {
    let mut unit = write(store).await?;
    let role = unit.role(&written.staff.role).await.step("role")?;
    absent("the role a dropped unit inserted", &role)?;
    let user = unit.user_by_username(&written.staff.username("m")).await;
    absent(
        "the user a dropped unit inserted",
        &user.step("user_by_username")?,
    )?;
    let customer = unit.customer_id_by_number(&written.customer_number).await;
    absent(
        "the customer a dropped unit inserted",
        &customer.step("customer_id_by_number")?,
    )?;
    let item = unit.dictionary_item(written.item).await;
    absent(
        "the dictionary item a dropped unit inserted",
        &item.step("dictionary_item")?,
    )?;
    let filter = AuditFilter {
        entity: Some(written.entity.clone()),
        ..AuditFilter::default()
    };
    let (_, entries) = unit
        .list_audit(&filter, page(1, 10))
        .await
        .step("list_audit")?;
    equal("audit entries a dropped unit appended", &entries, &0)?;
    let next = unit.next_in_sequence(&written.sequence).await;
    equal(
        "a sequence a dropped unit took from",
        &next.step("next_in_sequence")?,
        &1,
    )
}

async fn unit_refused_by_a_key_leaves_nothing_behind(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    staff.customer(unit.as_mut(), 1, "先写入").await?;
    let again = NewCustomer {
        number: staff.customer_number(1),
        fields: super::fixtures::customer_fields("后写入", staff.manager),
        status: crm_shared::customer::CustomerStatus::Active,
        created_at: t0(),
        created_by: None,
    };
    duplicate(
        "insert_customer of a number in use",
        unit.insert_customer(&again).await,
    )?;
    drop(unit);

    let mut unit = read(store).await?;
    let customer = unit.customer_id_by_number(&staff.customer_number(1)).await;
    absent(
        "the customer written before the refused one",
        &customer.step("customer_id_by_number")?,
    )?;
    let user = unit.user_by_id(staff.manager).await.step("user_by_id")?;
    absent("the user written before the refused customer", &user)
}

async fn committed_unit_is_seen_by_the_next(store: &dyn Store) -> CaseResult {
    let name = format!("contract-{}", tag());
    let new = NewDictionaryItem {
        kind: DictionaryType::Industry,
        name: name.clone(),
        sort_order: 999,
        built_in: false,
    };
    let mut unit = write(store).await?;
    let id = unit
        .insert_dictionary_item(&new)
        .await
        .step("insert_dictionary_item")?;
    unit.commit().await.step("commit")?;

    let mut unit = read(store).await?;
    let item = unit.dictionary_item(id).await.step("dictionary_item")?;
    let item = found("an item a committed unit inserted", item)?;
    equal("its name", &item.name, &name)?;
    unit.commit()
        .await
        .step("commit of a unit that only read")?;

    // Deleting it again keeps a site's dictionary as it was.
    let mut unit = write(store).await?;
    unit.delete_dictionary_item(id, item.version)
        .await
        .step("delete_dictionary_item")?;
    unit.commit().await.step("commit")?;
    let mut unit = read(store).await?;
    let item = unit.dictionary_item(id).await.step("dictionary_item")?;
    absent("an item a committed unit deleted", &item)
}
