//! The demo company's customers: generated names in every region, managed by the demo's
//! account managers, with contacts and interactions.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use fake::Fake;
use fake::faker::name::zh_cn::Name;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use crm_shared::contact::{ContactFields, Gender};
use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::date::format_date;
use crm_shared::interaction::InteractionFields;

use super::names;
use crate::app::customers::customer_number;
use crate::error::AppResult;
use crate::store::{NewCustomer, UnitOfWork};

/// How many customers the demo has.
pub const CUSTOMERS: usize = 60;

/// A demo customer, for the orders made next.
pub struct DemoCustomer {
    pub id: i64,
    pub order_code: String,
    pub address: String,
}

const POSITIONS: &[&str] = &[
    "总经理",
    "采购经理",
    "财务主管",
    "技术总监",
    "行政主管",
    "销售总监",
];

const STREETS: &[&str] = &[
    "人民路",
    "解放大道",
    "建设路",
    "中山路",
    "长江路",
    "科技园路",
];

const VISITS: &[(&str, &str)] = &[
    ("季度回访", "了解近期的采购计划，对方计划下季度增加订货。"),
    ("新品介绍", "介绍新款产品的性能和价格，对方要求提供样品。"),
    ("售后走访", "检查已交付设备的使用情况，记录两条改进意见。"),
    ("商务宴请", "与对方总经理交流明年合作方向，气氛良好。"),
    ("合同洽谈", "讨论年度框架合同的价格条款，约定下周再谈。"),
];

/// Inserts the customers with their contacts and interactions; `regions` and `levels` map
/// dictionary names to ids, `managers` are the user ids who take customers.
pub async fn load(
    unit: &mut dyn UnitOfWork,
    rng: &mut StdRng,
    regions: &[(String, i64)],
    levels: &[i64],
    managers: &[i64],
    now: DateTime<Utc>,
) -> AppResult<Vec<DemoCustomer>> {
    let mut created = Vec::with_capacity(CUSTOMERS);
    for index in 0..CUSTOMERS {
        let company = names::company(rng);
        let region_id = regions
            .iter()
            .find(|(n, _)| n == company.region)
            .map(|(_, id)| *id);
        let since = now - Duration::days(rng.random_range(30..900));
        let phone = phone(rng);
        let address = format!(
            "{}市{}{}号",
            company.place,
            STREETS.choose(rng).copied().unwrap_or("人民路"),
            rng.random_range(1..300)
        );
        let fields = CustomerFields {
            name: company.name,
            region_id,
            manager_id: managers.get(index % managers.len().max(1)).copied(),
            level_id: levels.choose(rng).copied(),
            satisfaction: rng.random_range(2..=5),
            credit: rng.random_range(2..=5),
            address: address.clone(),
            zip_code: format!("{:06}", rng.random_range(100_000..860_000)),
            phone: phone.clone(),
            registered_capital_fen: rng.random_range(50..5_000) * 1_000_000,
            annual_revenue_fen: rng.random_range(100..50_000) * 1_000_000,
            // Every seventh customer is known to the sales system by its own code.
            sales_code: if index % 7 == 3 {
                format!("XS{:05}", 10_000 + index)
            } else {
                String::new()
            },
            ..CustomerFields::default()
        };
        let number = customer_number(unit, since.date_naive()).await?;
        let order_code = match fields.sales_code.as_str() {
            "" => number.clone(),
            code => code.to_owned(),
        };
        let new = NewCustomer {
            number,
            fields,
            status: CustomerStatus::Active,
            created_at: since,
            created_by: None,
        };
        let id = unit.insert_customer(&new).await?;
        add_contacts(unit, rng, id, &phone, since).await?;
        add_interactions(unit, rng, id, now).await?;
        created.push(DemoCustomer {
            id,
            order_code,
            address,
        });
    }
    Ok(created)
}

fn phone(rng: &mut StdRng) -> String {
    let area = [
        "010", "021", "022", "023", "0571", "025", "020", "0755", "027", "028",
    ];
    format!(
        "{}-{}",
        area.choose(rng).copied().unwrap_or("010"),
        rng.random_range(60_000_000..89_999_999)
    )
}

async fn add_contacts(
    unit: &mut dyn UnitOfWork,
    rng: &mut StdRng,
    customer_id: i64,
    phone: &str,
    at: DateTime<Utc>,
) -> AppResult<()> {
    for _ in 0..rng.random_range(1..=3) {
        let fields = ContactFields {
            name: Name().fake_with_rng(rng),
            gender: Some(if rng.random_bool(0.5) {
                Gender::Male
            } else {
                Gender::Female
            }),
            position: POSITIONS
                .choose(rng)
                .copied()
                .unwrap_or("总经理")
                .to_owned(),
            office_phone: phone.to_owned(),
            mobile: format!("1{}", rng.random_range(3_000_000_000_u64..9_999_999_999)),
            remark: String::new(),
        };
        unit.insert_contact(customer_id, &fields, at).await?;
    }
    Ok(())
}

async fn add_interactions(
    unit: &mut dyn UnitOfWork,
    rng: &mut StdRng,
    customer_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    for _ in 0..rng.random_range(0..=4) {
        let (summary, details) = *VISITS.choose(rng).unwrap_or(&VISITS[0]);
        let day: NaiveDate = (now - Duration::days(rng.random_range(1..360))).date_naive();
        let fields = InteractionFields {
            date: format_date(day),
            place: if rng.random_bool(0.6) {
                "客户公司"
            } else {
                "我公司会议室"
            }
            .to_owned(),
            summary: summary.to_owned(),
            details: details.to_owned(),
            remark: String::new(),
        };
        unit.insert_interaction(customer_id, &fields, None, now)
            .await?;
    }
    Ok(())
}
