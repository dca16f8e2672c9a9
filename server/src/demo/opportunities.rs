//! The demo company's sales opportunities: some 未分配 waiting on the assignment board, some
//! 已指派 with their development plans under way, some 开发成功 (with the customer they
//! created, its level and other fields still 待补充) and some 开发失败.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use crm_shared::contact::ContactFields;
use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::opportunity::{OpportunityFields, OpportunityStatus};
use fake::Fake;
use fake::faker::name::zh_cn::Name;

use super::names;
use crate::app::customers::customer_number;
use crate::app::opportunities::opportunity_number;
use crate::error::{AppError, AppResult};
use crate::store::{NewCustomer, NewOpportunity, NewPlanItem, OpportunityRecord, UnitOfWork};

/// How many opportunities the demo has; every sixth of them in each closing state.
pub const OPPORTUNITIES: usize = 24;

/// Who takes part (ids of the users), and the company's time zone their dates are in.
pub struct Staff<'a> {
    pub zone: Tz,
    /// Create opportunities: the account managers and the supervisor.
    pub creators: &'a [i64],
    /// Are assigned opportunities: the 正常 account managers.
    pub managers: &'a [i64],
}

const SOURCES: &[&str] = &[
    "展会",
    "老客户介绍",
    "官网咨询",
    "电话营销",
    "行业协会",
    "招标公告",
];

const NEEDS: &[(&str, &str)] = &[
    (
        "扩建生产线，采购数控设备",
        "客户计划明年扩建一条生产线，需要数控机床及配套刀具，预算约三百万元，春节前确定供应商。",
    ),
    (
        "更换仓储管理系统",
        "现有仓储系统已用八年，对方希望统一各地仓库的库存数据，正在比较三家供应商。",
    ),
    (
        "年度办公用品集中采购",
        "对方行政部每年集中采购一次，今年改为公开比价，要求报价包含送货和售后。",
    ),
    (
        "新建厂区配电改造",
        "新厂区二期工程需要配电柜和电缆，总包方推荐我公司参与报价。",
    ),
    (
        "门店设备升级",
        "连锁门店计划分三批更换收银和冷链设备，首批二十家门店。",
    ),
    (
        "实验室仪器更新",
        "对方质检中心需要更新两台色谱仪，希望提供试用和培训。",
    ),
];

const STEPS: &[(&str, &str)] = &[
    (
        "电话联系，了解采购负责人和时间表",
        "已联系采购经理，对方下月启动招标。",
    ),
    (
        "上门拜访，介绍公司产品和成功案例",
        "对方技术部对两款产品有兴趣，索要详细资料。",
    ),
    (
        "提交技术方案和报价",
        "方案已提交，对方认为价格略高，希望再优惠。",
    ),
    ("邀请对方参观样板客户", "对方总经理参观后认可产品质量。"),
    (
        "商务谈判，确定合同条款",
        "双方就付款方式达成一致，准备签约。",
    ),
];

/// The company date of an instant: numbers and plan dates follow it.
fn company_date(staff: &Staff<'_>, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&staff.zone).date_naive()
}

/// The industry dictionary item a company of the trade belongs to.
fn industry_of(trade: &str) -> &'static str {
    match trade {
        "科技" | "软件" => "信息技术",
        "贸易" | "商贸" => "批发",
        "物流" => "物流",
        "建设" | "环保" => "建筑",
        "医药" => "医疗",
        "食品" | "文化传媒" => "零售",
        "能源" => "能源",
        _ => "制造",
    }
}

fn id_of(all: &[(String, i64)], name: &str) -> Option<i64> {
    all.iter().find(|(n, _)| n == name).map(|(_, id)| *id)
}

/// Inserts the opportunities with their plans; `regions` and `industries` map dictionary names
/// to ids.
pub async fn load(
    unit: &mut dyn UnitOfWork,
    rng: &mut StdRng,
    regions: &[(String, i64)],
    industries: &[(String, i64)],
    staff: &Staff<'_>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    for index in 0..OPPORTUNITIES {
        let status = match index % 6 {
            0 | 1 => OpportunityStatus::Unassigned,
            2 | 3 => OpportunityStatus::Assigned,
            4 => OpportunityStatus::Won,
            _ => OpportunityStatus::Lost,
        };
        let company = names::company(rng);
        let (summary, description) = *NEEDS.choose(rng).unwrap_or(&NEEDS[0]);
        let fields = OpportunityFields {
            source: SOURCES.choose(rng).copied().unwrap_or("展会").to_owned(),
            customer_name: company.name,
            success_rate: Some(rng.random_range(2..=9) * 10),
            summary: summary.to_owned(),
            contact: Name().fake_with_rng(rng),
            contact_phone: format!(
                "0{}-{}",
                rng.random_range(10..30),
                rng.random_range(60_000_000..89_999_999)
            ),
            description: description.to_owned(),
            region_id: id_of(regions, company.region),
            industry_id: id_of(industries, industry_of(company.trade)),
        };
        // Unassigned ones are recent; the others had time for a plan.
        let age = match status {
            OpportunityStatus::Unassigned => rng.random_range(1..20),
            _ => rng.random_range(30..120),
        };
        let created_at = now - Duration::days(age) - Duration::minutes(rng.random_range(0..600));
        let new = NewOpportunity {
            number: opportunity_number(unit, company_date(staff, created_at)).await?,
            fields,
            created_by: *staff
                .creators
                .choose(rng)
                .ok_or(AppError::NotFound("user"))?,
            created_at,
        };
        let id = unit.insert_opportunity(&new).await?;
        if status == OpportunityStatus::Unassigned {
            continue;
        }
        let Some(opportunity) = unit.opportunity(id).await? else {
            return Err(AppError::NotFound("opportunity"));
        };
        let Some(&assignee) = staff.managers.get(index % staff.managers.len().max(1)) else {
            continue;
        };
        develop(unit, rng, staff, (opportunity, status), assignee, now).await?;
    }
    Ok(())
}

/// Assigns the opportunity, writes its plan and brings it to `status`.
async fn develop(
    unit: &mut dyn UnitOfWork,
    rng: &mut StdRng,
    staff: &Staff<'_>,
    (mut opportunity, status): (OpportunityRecord, OpportunityStatus),
    assignee: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let assigned_at = opportunity.created_at + Duration::days(rng.random_range(1..4));
    let steps = rng.random_range(2..=STEPS.len());
    // A plan under way has its last step ahead of today; a closed one ran from the assignment.
    let first_day = match status {
        OpportunityStatus::Assigned => now - Duration::days(7 * (steps as i64 - 2) + 3),
        _ => assigned_at + Duration::days(1),
    };
    for (n, (content, result)) in STEPS.iter().take(steps).enumerate() {
        let day = first_day + Duration::days(7 * n as i64);
        let item = NewPlanItem {
            opportunity_id: opportunity.id,
            date: company_date(staff, day),
            content: (*content).to_owned(),
            created_by: assignee,
            created_at: assigned_at,
        };
        let item_id = unit.insert_plan_item(&item).await?;
        // What has happened has its result; what is still ahead has none.
        if day < now
            && let Some(mut item) = unit.plan_item(item_id).await?
        {
            item.result = (*result).to_owned();
            unit.update_plan_item(&item, item.version).await?;
        }
    }

    let version = opportunity.version;
    opportunity.status = status;
    opportunity.assignee_id = Some(assignee);
    opportunity.assigned_at = Some(assigned_at);
    if status == OpportunityStatus::Won {
        let won_at = company_date(staff, now - Duration::days(3));
        let customer = won_customer(unit, &opportunity, assignee, won_at).await?;
        opportunity.customer_id = Some(customer);
    }
    unit.update_opportunity(&opportunity, version).await?;
    Ok(())
}

/// The customer 开发成功 made, as the real use case makes it: name and region, the rest
/// 待补充, and the opportunity's contact without gender or position.
async fn won_customer(
    unit: &mut dyn UnitOfWork,
    opportunity: &OpportunityRecord,
    assignee: i64,
    won_on: NaiveDate,
) -> AppResult<i64> {
    let won_at = won_on.and_time(NaiveTime::MIN).and_utc();
    let new = NewCustomer {
        number: customer_number(unit, won_on).await?,
        fields: CustomerFields {
            name: opportunity.fields.customer_name.clone(),
            region_id: opportunity.fields.region_id,
            manager_id: Some(assignee),
            ..CustomerFields::default()
        },
        status: CustomerStatus::Active,
        created_at: won_at,
        created_by: Some(assignee),
    };
    let id = unit.insert_customer(&new).await?;
    let contact = ContactFields {
        name: opportunity.fields.contact.clone(),
        office_phone: opportunity.fields.contact_phone.clone(),
        ..ContactFields::default()
    };
    unit.insert_contact(id, &contact, won_at).await?;
    Ok(id)
}
