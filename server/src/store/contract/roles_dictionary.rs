//! Roles with their rights, and the data dictionary.

use crm_shared::customer::CustomerStatus;
use crm_shared::dictionary::DictionaryType;

use super::check::{CaseResult, Step, absent, conflict, duplicate, equal, found, ours};
use super::fixtures::{
    MISSING_ID, Staff, customer_fields, new_opportunity, new_ticket, new_user, t0, tag, write,
};
use super::{Case, case};
use crate::store::{
    DictionaryItemRecord, NewCustomer, NewDictionaryItem, RightRecord, RoleRecord, Store,
    UnitOfWork,
};

pub fn cases() -> Vec<Case> {
    vec![
        case!(roles_and_rights_round_trip),
        case!(dictionary_item_round_trip),
        case!(dictionary_names_are_unique_per_type),
        case!(dictionary_listed_by_order_with_or_without_disabled),
        case!(dictionary_update_and_delete_check_version),
        case!(dictionary_counts_and_max_sort_order),
        case!(dictionary_usage_counts_every_reference),
    ]
}

async fn roles_and_rights_round_trip(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let tag = tag();
    let (read, edit) = (format!("ct.{tag}.b"), format!("ct.{tag}.a"));
    unit.upsert_right(&read, "查看客户")
        .await
        .step("upsert_right")?;
    unit.upsert_right(&edit, "编辑客户")
        .await
        .step("upsert_right")?;
    unit.upsert_right(&edit, "编辑全部客户")
        .await
        .step("upsert_right of a known code")?;
    let mut rights: Vec<RightRecord> = unit.list_rights().await.step("list_rights")?;
    rights.retain(|right| right.code.contains(&tag));
    rights.sort_by(|a, b| a.code.cmp(&b.code));
    let right = |code: &str, name: &str| RightRecord {
        code: code.to_owned(),
        name: name.to_owned(),
    };
    let expected = vec![right(&edit, "编辑全部客户"), right(&read, "查看客户")];
    equal("list_rights, the case's rights", &rights, &expected)?;

    let code = format!("ct-{tag}");
    unit.insert_role(&code, "契约角色")
        .await
        .step("insert_role")?;
    let role = |rights: &[&String]| RoleRecord {
        code: code.clone(),
        name: "契约角色".into(),
        rights: rights.iter().map(|right| right.to_string()).collect(),
    };
    let loaded = unit.role(&code).await.step("role")?;
    equal("a new role", &loaded, &Some(role(&[])))?;

    // Rights come back by code, whatever order they were given in.
    let given = [read.clone(), edit.clone()];
    unit.set_role_rights(&code, &given)
        .await
        .step("set_role_rights")?;
    let loaded = unit.role(&code).await.step("role")?;
    equal(
        "role after set_role_rights",
        &loaded,
        &Some(role(&[&edit, &read])),
    )?;

    unit.set_role_rights(&code, std::slice::from_ref(&read))
        .await
        .step("set_role_rights")?;
    let roles = unit.list_roles().await.step("list_roles")?;
    let listed = roles.into_iter().find(|role| role.code == code);
    equal(
        "list_roles after the rights were replaced",
        &listed,
        &Some(role(&[&read])),
    )?;

    unit.set_role_rights(&code, &[])
        .await
        .step("set_role_rights")?;
    let loaded = unit.role(&code).await.step("role")?;
    equal(
        "role after its rights were cleared",
        &loaded,
        &Some(role(&[])),
    )?;
    let missing = unit.role(&format!("{code}-none")).await.step("role")?;
    absent("role of an unknown code", &missing)?;

    duplicate(
        "insert_role of a code in use",
        unit.insert_role(&code, "又一个").await,
    )
}

async fn dictionary_item_round_trip(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let name = format!("华东地区{}", tag());
    let new = NewDictionaryItem {
        kind: DictionaryType::Region,
        name: name.clone(),
        sort_order: 7,
        built_in: true,
    };
    let id = unit
        .insert_dictionary_item(&new)
        .await
        .step("insert_dictionary_item")?;

    let loaded = unit.dictionary_item(id).await.step("dictionary_item")?;
    let loaded = found("dictionary_item", loaded)?;
    let expected = DictionaryItemRecord {
        id,
        kind: DictionaryType::Region,
        name: name.clone(),
        sort_order: 7,
        enabled: true,
        built_in: true,
        version: loaded.version,
    };
    equal("dictionary_item", &loaded, &expected)?;
    let by_name = unit
        .dictionary_item_by_name(DictionaryType::Region, &name)
        .await;
    equal(
        "dictionary_item_by_name",
        &by_name.step("dictionary_item_by_name")?,
        &Some(expected),
    )?;

    let other_kind = unit
        .dictionary_item_by_name(DictionaryType::Industry, &name)
        .await;
    absent(
        "dictionary_item_by_name of another type",
        &other_kind.step("dictionary_item_by_name")?,
    )?;
    let missing = unit.dictionary_item(MISSING_ID).await;
    absent(
        "dictionary_item of an id never given",
        &missing.step("dictionary_item")?,
    )
}

async fn dictionary_names_are_unique_per_type(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let name = format!("咨询{}", tag());
    let item = |kind| NewDictionaryItem {
        kind,
        name: name.clone(),
        sort_order: 1,
        built_in: false,
    };
    unit.insert_dictionary_item(&item(DictionaryType::ServiceType))
        .await
        .step("insert_dictionary_item")?;
    unit.insert_dictionary_item(&item(DictionaryType::Industry))
        .await
        .step("insert_dictionary_item of the same name in another type")?;
    duplicate(
        "insert_dictionary_item of a type and name in use",
        unit.insert_dictionary_item(&item(DictionaryType::ServiceType))
            .await,
    )
}

async fn dictionary_listed_by_order_with_or_without_disabled(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let tag = tag();
    let mut ids = Vec::new();
    for (name, sort_order) in [("甲", 3), ("乙", 1), ("丙", 2), ("丁", 2)] {
        let item = NewDictionaryItem {
            kind: DictionaryType::CustomerLevel,
            name: format!("{name}{tag}"),
            sort_order,
            built_in: false,
        };
        let id = unit.insert_dictionary_item(&item).await;
        ids.push(id.step("insert_dictionary_item")?);
    }
    let (first, second, third, fourth) = (ids[0], ids[1], ids[2], ids[3]);

    let third_item = unit.dictionary_item(third).await.step("dictionary_item")?;
    let mut third_item = found("dictionary_item", third_item)?;
    let version = third_item.version;
    third_item.enabled = false;
    unit.update_dictionary_item(&third_item, version)
        .await
        .step("update_dictionary_item")?;

    // By order, the id breaking the tie between the two of order 2.
    let all = unit
        .list_dictionary(DictionaryType::CustomerLevel, true)
        .await
        .step("list_dictionary")?;
    let listed = ours(&all, |item| item.id, &ids);
    equal(
        "list_dictionary with disabled items",
        &listed,
        &vec![second, third, fourth, first],
    )?;
    let disabled = all
        .iter()
        .find(|item| item.id == third)
        .map(|item| item.enabled);
    equal("the disabled item's enabled", &disabled, &Some(false))?;

    let enabled = unit
        .list_dictionary(DictionaryType::CustomerLevel, false)
        .await
        .step("list_dictionary")?;
    let listed = ours(&enabled, |item| item.id, &ids);
    equal(
        "list_dictionary without disabled items",
        &listed,
        &vec![second, fourth, first],
    )
}

async fn dictionary_update_and_delete_check_version(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let id = staff
        .item(unit.as_mut(), DictionaryType::Industry, "制造")
        .await?;
    let read = found(
        "dictionary_item",
        unit.dictionary_item(id).await.step("dictionary_item")?,
    )?;

    let changed = DictionaryItemRecord {
        name: format!("智能制造{}", staff.tag),
        sort_order: 42,
        enabled: false,
        ..read.clone()
    };
    unit.update_dictionary_item(&changed, read.version)
        .await
        .step("update_dictionary_item")?;
    let expected = DictionaryItemRecord {
        version: read.version + 1,
        ..changed.clone()
    };
    let updated = unit.dictionary_item(id).await.step("dictionary_item")?;
    equal(
        "item after update_dictionary_item",
        &updated,
        &Some(expected.clone()),
    )?;

    conflict(
        "update_dictionary_item with a stale version",
        unit.update_dictionary_item(&changed, read.version).await,
    )?;
    conflict(
        "delete_dictionary_item with a stale version",
        unit.delete_dictionary_item(id, read.version).await,
    )?;
    let kept = unit.dictionary_item(id).await.step("dictionary_item")?;
    equal(
        "item after the refused writes",
        &kept,
        &Some(expected.clone()),
    )?;

    unit.delete_dictionary_item(id, expected.version)
        .await
        .step("delete_dictionary_item")?;
    let deleted = unit.dictionary_item(id).await.step("dictionary_item")?;
    absent("item after delete_dictionary_item", &deleted)
}

async fn dictionary_counts_and_max_sort_order(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let tag = tag();
    let regions = unit.count_dictionary(DictionaryType::Region).await;
    let regions = regions.step("count_dictionary")?;
    let industries = unit.count_dictionary(DictionaryType::Industry).await;
    let industries = industries.step("count_dictionary")?;
    let max = unit.max_dictionary_sort_order(DictionaryType::Region).await;
    let max = max.step("max_dictionary_sort_order")?;

    for (name, sort_order) in [("最后", max + 1000), ("最前", 1)] {
        let item = NewDictionaryItem {
            kind: DictionaryType::Region,
            name: format!("{name}{tag}"),
            sort_order,
            built_in: false,
        };
        unit.insert_dictionary_item(&item)
            .await
            .step("insert_dictionary_item")?;
    }

    let after = unit.count_dictionary(DictionaryType::Region).await;
    equal(
        "count_dictionary after two inserts",
        &after.step("count_dictionary")?,
        &(regions + 2),
    )?;
    let other = unit.count_dictionary(DictionaryType::Industry).await;
    equal(
        "count_dictionary of another type",
        &other.step("count_dictionary")?,
        &industries,
    )?;
    let new_max = unit.max_dictionary_sort_order(DictionaryType::Region).await;
    equal(
        "max_dictionary_sort_order",
        &new_max.step("max_dictionary_sort_order")?,
        &(max + 1000),
    )
}

async fn dictionary_usage_counts_every_reference(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let region = staff
        .item(unit.as_mut(), DictionaryType::Region, "西南")
        .await?;
    let industry = staff
        .item(unit.as_mut(), DictionaryType::Industry, "能源")
        .await?;
    let level = staff
        .item(unit.as_mut(), DictionaryType::CustomerLevel, "大客户")
        .await?;
    let kind = staff
        .item(unit.as_mut(), DictionaryType::ServiceType, "投诉")
        .await?;
    let unused = staff
        .item(unit.as_mut(), DictionaryType::Region, "西北")
        .await?;

    let mut user = new_user(&staff.username("usage"), "用户", &staff.role);
    user.region_ids = vec![region];
    user.industry_ids = vec![industry];
    unit.insert_user(&user, t0()).await.step("insert_user")?;
    let mut fields = customer_fields(&format!("重庆能源{}", staff.tag), staff.manager);
    fields.region_id = Some(region);
    fields.level_id = Some(level);
    let customer = NewCustomer {
        number: staff.customer_number(1),
        fields,
        status: CustomerStatus::Active,
        created_at: t0(),
        created_by: Some(staff.manager),
    };
    let customer = unit
        .insert_customer(&customer)
        .await
        .step("insert_customer")?;
    let mut opportunity = new_opportunity(&staff, 1, staff.manager, t0());
    opportunity.fields.region_id = Some(region);
    opportunity.fields.industry_id = Some(industry);
    unit.insert_opportunity(&opportunity)
        .await
        .step("insert_opportunity")?;
    let ticket = new_ticket(&staff, 1, kind, customer, t0());
    unit.insert_ticket(&ticket).await.step("insert_ticket")?;

    for (what, id, expected) in [
        ("region (a user, a customer, an opportunity)", region, 3),
        ("industry (a user, an opportunity)", industry, 2),
        ("customer level (a customer)", level, 1),
        ("service type (a ticket)", kind, 1),
        ("unused region", unused, 0),
    ] {
        let usage = usage(unit.as_mut(), id).await?;
        equal(
            &format!("dictionary_item_usage of the {what}"),
            &usage,
            &expected,
        )?;
    }
    Ok(())
}

async fn usage(unit: &mut dyn UnitOfWork, id: i64) -> Result<u64, String> {
    unit.dictionary_item_usage(id)
        .await
        .step("dictionary_item_usage")
}
