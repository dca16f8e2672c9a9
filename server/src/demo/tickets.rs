//! The demo company's service tickets: some 新创建 waiting to be assigned (one of them sent by
//! the call centre's system), some 已分配 (one back for a second round after a low
//! satisfaction), some 已处理 awaiting feedback and some 已归档, so every step's list and the
//! archive search have something to show.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use crm_shared::ticket::{TicketFields, TicketStatus};

use crate::app::tickets::ticket_number;
use crate::error::{AppError, AppResult};
use crate::store::{Feedback, NewTicket, NewTicketRound, TicketRecord, UnitOfWork};

/// How many tickets the demo has: each of the six stories below in turn.
pub const TICKETS: usize = 24;

/// The system the demo's submitted tickets came from.
const CALL_CENTRE: &str = "呼叫中心";

/// Who and what takes part (ids), and the company's time zone the dates are in.
pub struct Setting<'a> {
    pub zone: Tz,
    /// Create tickets: the account managers and the supervisor.
    pub creators: &'a [i64],
    /// Handle them: the 正常 account managers.
    pub handlers: &'a [i64],
    /// Gives the feedback on tickets another system submitted.
    pub supervisor: i64,
    /// The service types by name.
    pub types: &'a [(String, i64)],
    pub customers: &'a [i64],
}

/// (type, summary, request, handling, what the customer said when it worked).
type Story = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const STORIES: &[Story] = &[
    (
        "咨询",
        "询问设备保修期限",
        "客户来电询问去年采购的数控设备保修到何时，保修期内更换配件是否收费。",
        "查询合同后电话告知：整机保修两年至明年三月，保修期内配件免费，已发送保修条款。",
        "客户已了解保修范围，表示满意。",
    ),
    (
        "咨询",
        "了解新产品报价",
        "客户希望了解今年新推出的节能型号价格和交货期，用于下季度预算。",
        "发送新型号报价单和交货周期说明，约定下周上门演示。",
        "报价清楚，客户已提交内部预算审批。",
    ),
    (
        "投诉",
        "送货延误三天",
        "客户反映上周订单的货物比约定晚到三天，影响了对方门店开业布置。",
        "核实为物流中转延误，向客户致歉，本单运费减免，并改由直达线路发货。",
        "客户接受处理方案，后续订单按时到货。",
    ),
    (
        "投诉",
        "发票信息开错",
        "客户收到的增值税发票抬头与合同不一致，无法入账，要求尽快重开。",
        "联系财务作废原发票，按合同抬头重新开具并快递寄出。",
        "新发票已收到并入账。",
    ),
    (
        "建议",
        "希望提供电子对账单",
        "客户财务建议每月提供电子对账单，减少纸质单据往来。",
        "与财务部确认可行，从下月起每月五日前发送电子对账单。",
        "客户认可，已收到第一期电子对账单。",
    ),
    (
        "建议",
        "增加售后培训",
        "客户设备操作人员流动较大，建议每半年安排一次现场操作培训。",
        "安排售后工程师制定培训计划，首次培训定于本月下旬。",
        "培训效果好，客户希望继续。",
    ),
];

/// What an unsatisfied customer says after a first handling.
const UNSATISFIED: &str = "客户认为处理太慢，问题仍未完全解决。";

pub async fn load(
    unit: &mut dyn UnitOfWork,
    rng: &mut StdRng,
    setting: &Setting<'_>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    // Created in time order, so that each day's numbers follow the clock as real ones do.
    let mut plans: Vec<(usize, TicketStatus, usize, DateTime<Utc>)> = (0..TICKETS)
        .map(|index| {
            let (status, rounds) = match index % 6 {
                0 => (TicketStatus::New, 0),
                1 => (TicketStatus::Assigned, 0),
                2 => (TicketStatus::Processed, 1),
                3 | 4 => (TicketStatus::Archived, 1),
                // Back for a second round after a satisfaction of 2.
                _ => (TicketStatus::Assigned, 1),
            };
            // New ones are recent; the others had time to be handled.
            let age = match status {
                TicketStatus::New => rng.random_range(0..5),
                _ => rng.random_range(10..200),
            };
            let minutes = Duration::minutes(rng.random_range(30..600));
            (index, status, rounds, now - Duration::days(age) - minutes)
        })
        .collect();
    plans.sort_by_key(|plan| plan.3);
    for (index, status, rounds, created_at) in plans {
        // Stories and steps both cycle; shifting the story each cycle varies each step's stories.
        let story = STORIES[(index + index / 6) % STORIES.len()];
        let ticket = create(unit, rng, story, (index, created_at), setting).await?;
        if status != TicketStatus::New {
            handle(unit, rng, story, (ticket, status, rounds), setting, now).await?;
        }
    }
    Ok(())
}

/// Inserts a 新创建 ticket of the story; the first of every twelve came from another system.
async fn create(
    unit: &mut dyn UnitOfWork,
    rng: &mut StdRng,
    (type_name, summary, request, _, _): Story,
    (index, created_at): (usize, DateTime<Utc>),
    setting: &Setting<'_>,
) -> AppResult<TicketRecord> {
    let type_id = setting
        .types
        .iter()
        .find(|(n, _)| n == type_name)
        .map(|(_, id)| *id);
    let submitted = index % 12 == 0;
    let new = NewTicket {
        number: ticket_number(unit, company_date(setting.zone, created_at)).await?,
        fields: TicketFields {
            type_id,
            customer_id: setting.customers.choose(rng).copied(),
            summary: summary.to_owned(),
            request: request.to_owned(),
        },
        created_by: match submitted {
            true => None,
            false => setting.creators.choose(rng).copied(),
        },
        source_system: match submitted {
            true => CALL_CENTRE.to_owned(),
            false => String::new(),
        },
        external_ref: submitted.then(|| format!("CC-{}", 30_000 + index)),
        created_at,
    };
    let id = unit.insert_ticket(&new).await?;
    unit.ticket(id)
        .await?
        .ok_or(AppError::NotFound("service_ticket"))
}

/// Assigns the ticket and plays its rounds, leaving it in `status`.
async fn handle(
    unit: &mut dyn UnitOfWork,
    rng: &mut StdRng,
    (_, _, _, handling, praise): Story,
    (mut ticket, status, rounds): (TicketRecord, TicketStatus, usize),
    setting: &Setting<'_>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(&assignee) = setting.handlers.choose(rng) else {
        return Ok(());
    };
    let assigned_at = ticket.created_at + Duration::hours(rng.random_range(1..24));
    let mut at = assigned_at;
    for round in 1..=rounds {
        at += Duration::hours(rng.random_range(4..48));
        let new = NewTicketRound {
            ticket_id: ticket.id,
            round: round as i32,
            handling: handling.to_owned(),
            handled_by: assignee,
            handled_at: at.min(now),
        };
        let round_id = unit.insert_ticket_round(&new).await?;
        if status == TicketStatus::Processed {
            break;
        }
        at += Duration::hours(rng.random_range(2..24));
        let satisfied = status == TicketStatus::Archived;
        let feedback = Feedback {
            result: if satisfied { praise } else { UNSATISFIED }.to_owned(),
            satisfaction: if satisfied {
                rng.random_range(3..=5)
            } else {
                2
            },
            by: ticket.created_by.unwrap_or(setting.supervisor),
            at: at.min(now),
            by_name: String::new(),
        };
        unit.record_round_feedback(round_id, &feedback).await?;
    }
    let version = ticket.version;
    ticket.status = status;
    ticket.assignee_id = Some(assignee);
    ticket.assigned_at = Some(assigned_at.min(now));
    unit.update_ticket(&ticket, version).await?;
    Ok(())
}

fn company_date(zone: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&zone).date_naive()
}
