//! Customers: every field, the lookups by number, name and order code, the list in pinyin
//! order with its filters, and the counts per manager.

use std::collections::HashMap;

use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::dictionary::DictionaryType;

use super::check::{CaseResult, Step, absent, conflict, duplicate, equal, found};
use super::fixtures::{MISSING_ID, Staff, customer_fields, page, t0, time, write};
use super::{Case, case};
use crate::store::{
    CustomerFilter, CustomerRecord, CustomerSummaryRecord, NewCustomer, Store, UnitOfWork,
};

pub fn cases() -> Vec<Case> {
    vec![
        case!(customer_fields_round_trip),
        case!(customer_without_optional_fields_round_trip),
        case!(customer_lookups_by_number_name_and_order_code),
        case!(customer_update_checks_version),
        case!(customer_numbers_are_unique),
        case!(customer_order_codes_are_unique),
        case!(customers_listed_in_pinyin_order_then_id),
        case!(customer_list_filters),
        case!(active_customers_counted_per_manager),
    ]
}

/// Every field given, in Chinese where people write Chinese; the address holds a character
/// outside the Basic Multilingual Plane (𠮷) and a quote.
fn full_fields(staff: &Staff, region: i64, level: i64) -> CustomerFields {
    CustomerFields {
        name: format!("北京华为技术有限公司{}", staff.tag),
        region_id: Some(region),
        manager_id: Some(staff.manager),
        level_id: Some(level),
        satisfaction: 5,
        credit: 4,
        address: "北京市海淀区中关村大街1号 𠮷野家'店".into(),
        zip_code: "100080".into(),
        phone: "010-62345678".into(),
        fax: "010-62345679".into(),
        website: "https://www.example.com.cn".into(),
        business_licence: "110108000000001".into(),
        legal_person: "任正非".into(),
        registered_capital_fen: 99_999_999_999_999,
        annual_revenue_fen: 12_345_678_901_234,
        bank: "中国工商银行北京海淀支行".into(),
        bank_account: "6222020200112233445".into(),
        local_tax_number: "京地税110108".into(),
        national_tax_number: "京国税110108".into(),
        credit_code: "91110108MA01ABCD2X".into(),
        sales_code: format!("XS{}", staff.tag.to_uppercase()),
    }
}

async fn customer(unit: &mut dyn UnitOfWork, id: i64) -> Result<CustomerRecord, String> {
    found("customer", unit.customer(id).await.step("customer")?)
}

async fn customer_fields_round_trip(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let creator = staff.user(unit.as_mut(), "creator", "录入员").await?;
    let region = staff
        .item(unit.as_mut(), DictionaryType::Region, "华北")
        .await?;
    let level = staff
        .item(unit.as_mut(), DictionaryType::CustomerLevel, "战略合作伙伴")
        .await?;
    let new = NewCustomer {
        number: staff.customer_number(1),
        fields: full_fields(&staff, region, level),
        status: CustomerStatus::Active,
        created_at: time((2026, 12, 31), 23, 59, 59, 999_999),
        created_by: Some(creator),
    };
    let id = unit.insert_customer(&new).await.step("insert_customer")?;

    let loaded = customer(unit.as_mut(), id).await?;
    let expected = CustomerRecord {
        id,
        number: new.number.clone(),
        fields: new.fields.clone(),
        status: CustomerStatus::Active,
        region_name: Some(format!("华北{}", staff.tag)),
        level_name: Some(format!("战略合作伙伴{}", staff.tag)),
        manager_name: staff.manager_name.clone(),
        created_at: new.created_at,
        created_by: Some(creator),
        version: loaded.version,
    };
    equal("customer", &loaded, &expected)?;
    equal(
        "its order code",
        &loaded.order_code(),
        &new.fields.sales_code.as_str(),
    )?;
    let missing = unit.customer(MISSING_ID).await.step("customer")?;
    absent("customer of an id never given", &missing)
}

async fn customer_without_optional_fields_round_trip(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let new = NewCustomer {
        number: staff.customer_number(1),
        fields: customer_fields(&format!("个体户{}", staff.tag), staff.manager),
        status: CustomerStatus::Lost,
        created_at: t0(),
        created_by: None,
    };
    let id = unit.insert_customer(&new).await.step("insert_customer")?;

    let loaded = customer(unit.as_mut(), id).await?;
    let expected = CustomerRecord {
        id,
        number: new.number.clone(),
        fields: new.fields.clone(),
        status: CustomerStatus::Lost,
        region_name: None,
        level_name: None,
        manager_name: staff.manager_name.clone(),
        created_at: t0(),
        created_by: None,
        version: loaded.version,
    };
    equal(
        "customer without region, level, sales code or creator",
        &loaded,
        &expected,
    )?;
    // Without a sales code, orders name the customer by its number.
    equal("its order code", &loaded.order_code(), &new.number.as_str())
}

async fn customer_lookups_by_number_name_and_order_code(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let first = staff.customer(unit.as_mut(), 1, "同名公司").await?;
    let second = NewCustomer {
        number: staff.customer_number(2),
        fields: CustomerFields {
            sales_code: format!("XS{}", staff.tag.to_uppercase()),
            ..customer_fields(&format!("同名公司{}", staff.tag), staff.manager)
        },
        status: CustomerStatus::Active,
        created_at: t0(),
        created_by: None,
    };
    let second_id = unit
        .insert_customer(&second)
        .await
        .step("insert_customer")?;
    staff.customer(unit.as_mut(), 3, "别名公司").await?;
    let (first_number, second_number) = (staff.customer_number(1), second.number.clone());

    let by_number = unit.customer_id_by_number(&first_number).await;
    equal(
        "customer_id_by_number",
        &by_number.step("customer_id_by_number")?,
        &Some(first),
    )?;
    let unknown = unit.customer_id_by_number(&staff.customer_number(9)).await;
    equal(
        "customer_id_by_number of an unknown number",
        &unknown.step("customer_id_by_number")?,
        &None,
    )?;

    let named = unit
        .customers_named(&format!("同名公司{}", staff.tag))
        .await;
    let expected = vec![
        (first, first_number.clone()),
        (second_id, second_number.clone()),
    ];
    equal(
        "customers_named",
        &named.step("customers_named")?,
        &expected,
    )?;
    let part = unit.customers_named(&format!("同名{}", staff.tag)).await;
    equal(
        "customers_named of a part of the name",
        &part.step("customers_named")?,
        &vec![],
    )?;

    for (what, code, expected) in [
        (
            "the number of a customer without sales code",
            first_number,
            Some(first),
        ),
        (
            "a sales code",
            second.fields.sales_code.clone(),
            Some(second_id),
        ),
        (
            "the number of a customer with a sales code",
            second_number,
            None,
        ),
        ("an unknown code", staff.customer_number(9), None),
    ] {
        let id = unit.customer_id_by_order_code(&code).await;
        let id = id.step("customer_id_by_order_code")?;
        equal(
            &format!("customer_id_by_order_code of {what}"),
            &id,
            &expected,
        )?;
    }
    Ok(())
}

async fn customer_update_checks_version(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let other = staff.user(unit.as_mut(), "next", "接手经理").await?;
    let region = staff
        .item(unit.as_mut(), DictionaryType::Region, "华南")
        .await?;
    let level = staff
        .item(unit.as_mut(), DictionaryType::CustomerLevel, "大客户")
        .await?;
    let new = NewCustomer {
        number: staff.customer_number(1),
        fields: full_fields(&staff, region, level),
        status: CustomerStatus::Active,
        created_at: t0(),
        created_by: Some(staff.manager),
    };
    let id = unit.insert_customer(&new).await.step("insert_customer")?;
    let read = customer(unit.as_mut(), id).await?;

    let mut changed = read.clone();
    changed.fields = CustomerFields {
        name: format!("深圳中兴通讯{}", staff.tag),
        region_id: None,
        manager_id: Some(other),
        level_id: Some(level),
        satisfaction: 1,
        credit: 0,
        address: "深圳市南山区".into(),
        zip_code: "518057".into(),
        phone: "0755-26770000".into(),
        fax: String::new(),
        website: String::new(),
        business_licence: "440301000000002".into(),
        legal_person: "侯为贵".into(),
        registered_capital_fen: 0,
        annual_revenue_fen: 1,
        bank: "招商银行".into(),
        bank_account: "755900000000".into(),
        local_tax_number: String::new(),
        national_tax_number: String::new(),
        credit_code: String::new(),
        sales_code: String::new(),
    };
    changed.status = CustomerStatus::Lost;
    unit.update_customer(&changed, read.version)
        .await
        .step("update_customer")?;
    let expected = CustomerRecord {
        region_name: None,
        manager_name: "接手经理".into(),
        version: read.version + 1,
        ..changed.clone()
    };
    equal(
        "customer after update_customer",
        &customer(unit.as_mut(), id).await?,
        &expected,
    )?;

    conflict(
        "update_customer with a stale version",
        unit.update_customer(&read, read.version).await,
    )?;
    equal(
        "customer after the refused update",
        &customer(unit.as_mut(), id).await?,
        &expected,
    )
}

async fn customer_numbers_are_unique(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    staff.customer(unit.as_mut(), 1, "甲公司").await?;
    let again = NewCustomer {
        number: staff.customer_number(1),
        fields: customer_fields(&format!("乙公司{}", staff.tag), staff.manager),
        status: CustomerStatus::Active,
        created_at: t0(),
        created_by: None,
    };
    duplicate(
        "insert_customer of a number in use",
        unit.insert_customer(&again).await,
    )
}

async fn customer_order_codes_are_unique(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    staff.customer(unit.as_mut(), 1, "甲公司").await?;
    // Orders naming this code would belong to two customers.
    let clash = NewCustomer {
        number: staff.customer_number(2),
        fields: CustomerFields {
            sales_code: staff.customer_number(1),
            ..customer_fields(&format!("乙公司{}", staff.tag), staff.manager)
        },
        status: CustomerStatus::Active,
        created_at: t0(),
        created_by: None,
    };
    duplicate(
        "insert_customer whose sales code is another customer's number",
        unit.insert_customer(&clash).await,
    )
}

/// The ids of the customers listed under `filter` on a page, and the total.
async fn listed(
    unit: &mut dyn UnitOfWork,
    filter: &CustomerFilter,
    (number, size): (u32, u32),
) -> Result<(Vec<i64>, u64), String> {
    let found = unit.list_customers(filter, page(number, size)).await;
    let found = found.step("list_customers")?;
    if found.capped {
        return Err(format!("list_customers: capped at {} matches", found.total));
    }
    Ok((found.customers.iter().map(|c| c.id).collect(), found.total))
}

async fn customers_listed_in_pinyin_order_then_id(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let mut ids = HashMap::new();
    // Inserted out of order, so the ids alone would give another order.
    for (n, (key, name)) in [
        ("zhangjiakou", "张家口"),
        ("beijing1", "北京"),
        ("ali", "阿里"),
        ("beijing2", "北京"),
        ("guangzhou", "广州"),
    ]
    .into_iter()
    .enumerate()
    {
        let id = staff.customer(unit.as_mut(), n as u32 + 1, name).await?;
        ids.insert(key, id);
    }
    let id = |key| ids.get(key).copied().unwrap_or_default();
    let filter = CustomerFilter {
        query: staff.tag.clone(),
        ..CustomerFilter::default()
    };

    let all = vec![
        id("ali"),
        id("beijing1"),
        id("beijing2"),
        id("guangzhou"),
        id("zhangjiakou"),
    ];
    let pages = [
        ((1, 10), all),
        ((1, 2), vec![id("ali"), id("beijing1")]),
        ((2, 2), vec![id("beijing2"), id("guangzhou")]),
        ((3, 2), vec![id("zhangjiakou")]),
    ];
    for (at, expected) in pages {
        let what = format!("list_customers page {} of size {}", at.0, at.1);
        let found = listed(unit.as_mut(), &filter, at).await?;
        equal(&what, &found, &(expected, 5))?;
    }
    Ok(())
}

async fn customer_list_filters(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let tag = staff.tag.clone();
    let other = staff.user(unit.as_mut(), "other", "另一经理").await?;
    let region = staff
        .item(unit.as_mut(), DictionaryType::Region, "华东")
        .await?;
    let level = staff
        .item(unit.as_mut(), DictionaryType::CustomerLevel, "重点")
        .await?;
    let mut add = Vec::new();
    for (n, name, region, level, manager, status) in [
        (
            1,
            "华为",
            Some(region),
            Some(level),
            staff.manager,
            CustomerStatus::Active,
        ),
        (2, "中兴", None, None, other, CustomerStatus::Lost),
        (3, "联想", Some(region), None, other, CustomerStatus::Active),
    ] {
        let fields = CustomerFields {
            region_id: region,
            level_id: level,
            satisfaction: 3,
            credit: 2,
            ..customer_fields(&format!("{name}{tag}"), manager)
        };
        let new = NewCustomer {
            number: staff.customer_number(n),
            fields,
            status,
            created_at: t0(),
            created_by: None,
        };
        add.push(unit.insert_customer(&new).await.step("insert_customer")?);
    }
    let (huawei, zte, lenovo) = (add[0], add[1], add[2]);
    let by_tag = CustomerFilter {
        query: tag.clone(),
        ..CustomerFilter::default()
    };

    let checks = [
        (
            "the case's customers",
            by_tag.clone(),
            vec![huawei, lenovo, zte],
        ),
        (
            "a part of a name",
            CustomerFilter {
                query: format!("为{tag}"),
                ..CustomerFilter::default()
            },
            vec![huawei],
        ),
        (
            "the start of a number",
            CustomerFilter {
                query: format!("KH{}", tag.to_uppercase()),
                ..CustomerFilter::default()
            },
            vec![huawei, lenovo, zte],
        ),
        (
            "a whole number",
            CustomerFilter {
                query: staff.customer_number(3),
                ..CustomerFilter::default()
            },
            vec![lenovo],
        ),
        (
            "a region",
            CustomerFilter {
                region_id: Some(region),
                ..by_tag.clone()
            },
            vec![huawei, lenovo],
        ),
        (
            "a level",
            CustomerFilter {
                level_id: Some(level),
                ..CustomerFilter::default()
            },
            vec![huawei],
        ),
        (
            "a manager",
            CustomerFilter {
                manager_id: Some(other),
                ..CustomerFilter::default()
            },
            vec![lenovo, zte],
        ),
        (
            "已流失",
            CustomerFilter {
                status: Some(CustomerStatus::Lost),
                ..by_tag.clone()
            },
            vec![zte],
        ),
    ];
    for (what, filter, ids) in checks {
        let total = ids.len() as u64;
        let found = listed(unit.as_mut(), &filter, (1, 10)).await?;
        equal(&format!("list_customers by {what}"), &found, &(ids, total))?;
    }

    let filter = CustomerFilter {
        query: format!("华为{tag}"),
        ..CustomerFilter::default()
    };
    let page = unit.list_customers(&filter, page(1, 10)).await;
    let rows = page.step("list_customers")?.customers;
    let expected = vec![CustomerSummaryRecord {
        id: huawei,
        number: staff.customer_number(1),
        name: format!("华为{tag}"),
        region_name: Some(format!("华东{tag}")),
        level_name: Some(format!("重点{tag}")),
        manager_id: staff.manager,
        manager_name: staff.manager_name.clone(),
        status: CustomerStatus::Active,
        satisfaction: 3,
        credit: 2,
    }];
    equal("the listed row", &rows, &expected)
}

async fn active_customers_counted_per_manager(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let second = staff.user(unit.as_mut(), "second", "第二经理").await?;
    let idle = staff.user(unit.as_mut(), "idle", "空闲经理").await?;
    for (n, manager, status) in [
        (1, staff.manager, CustomerStatus::Active),
        (2, staff.manager, CustomerStatus::Active),
        (3, staff.manager, CustomerStatus::Lost),
        (4, second, CustomerStatus::Active),
    ] {
        let new = NewCustomer {
            number: staff.customer_number(n),
            fields: customer_fields(&format!("客户{n}{}", staff.tag), manager),
            status,
            created_at: t0(),
            created_by: None,
        };
        unit.insert_customer(&new).await.step("insert_customer")?;
    }

    let counts = unit
        .active_customers_by_manager(&[staff.manager, second, idle])
        .await
        .step("active_customers_by_manager")?;
    let expected = HashMap::from([(staff.manager, 2), (second, 1)]);
    equal("active_customers_by_manager", &counts, &expected)
}
