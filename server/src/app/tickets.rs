//! 服务 Service tickets (DESIGN §2.3): everyone with the service right creates and reads them;
//! supervisors assign them to 正常 users who may handle them; the assignee processes; the
//! creator or a supervisor records the customer's feedback, which archives the ticket or
//! starts another round. Every round's handling and feedback is kept.

use chrono::NaiveDate;
use crm_shared::dictionary::DictionaryType;
use crm_shared::formats;
use crm_shared::paging::Page;
use crm_shared::rights::Right;
use crm_shared::ticket::{
    NUMBER_PREFIX, TicketFields, TicketStatus, check_feedback, check_handling,
    status_after_feedback,
};
use crm_shared::validation::{ViolationCode, Violations};

use super::customers::is_supervisor;
use super::dates::created_range;
use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{
    Access, CreatedOrder, Feedback, NewTicket, NewTicketRound, TicketFilter, TicketRecord,
    TicketRoundRecord, UnitOfWork, UserRecord,
};

pub(crate) const ENTITY: &str = "service_ticket";

/// A ticket as a caller sees it: with what he may do to it now.
#[derive(Clone, Debug)]
pub struct TicketView {
    pub ticket: TicketRecord,
    pub assignable: bool,
    pub processable: bool,
    pub feedback_allowed: bool,
}

/// The list's filter as the caller gives it: company dates, both ends included.
#[derive(Clone, Debug, Default)]
pub struct TicketQuery {
    pub status: Option<TicketStatus>,
    pub customer_id: Option<i64>,
    pub customer_name: String,
    pub type_id: Option<i64>,
    pub summary: String,
    pub created_from: String,
    pub created_to: String,
    pub assignee_id: Option<i64>,
    pub created_by: Option<i64>,
}

const NOT_ASSIGNABLE: AppError = AppError::Refused {
    code: "TICKET_NOT_ASSIGNABLE",
    message: "只有新创建或已分配的服务可以分配",
};
const NOT_ASSIGNED: AppError = AppError::Refused {
    code: "TICKET_NOT_ASSIGNED",
    message: "只有已分配的服务可以处理",
};
const NOT_PROCESSED: AppError = AppError::Refused {
    code: "TICKET_NOT_PROCESSED",
    message: "只有已处理的服务可以反馈",
};

fn require_assignable(caller: &Caller, ticket: &TicketRecord) -> AppResult<()> {
    caller.require(Right::Service)?;
    caller.require(Right::Assign)?;
    if !ticket.status.is_assignable() {
        return Err(NOT_ASSIGNABLE);
    }
    Ok(())
}

/// Only the assignee handles a ticket, while it is 已分配.
fn require_processable(caller: &Caller, ticket: &TicketRecord) -> AppResult<()> {
    caller.require(Right::Service)?;
    if ticket.assignee_id != Some(caller.user_id) {
        return Err(AppError::PermissionDenied);
    }
    if ticket.status != TicketStatus::Assigned {
        return Err(NOT_ASSIGNED);
    }
    Ok(())
}

/// The ticket's creator or a supervisor asks the customer, while it is 已处理.
fn require_feedback_allowed(caller: &Caller, ticket: &TicketRecord) -> AppResult<()> {
    caller.require(Right::Service)?;
    if ticket.created_by != Some(caller.user_id) && !is_supervisor(caller) {
        return Err(AppError::PermissionDenied);
    }
    if ticket.status != TicketStatus::Processed {
        return Err(NOT_PROCESSED);
    }
    Ok(())
}

pub(crate) fn view(caller: &Caller, ticket: TicketRecord) -> TicketView {
    TicketView {
        assignable: require_assignable(caller, &ticket).is_ok(),
        processable: require_processable(caller, &ticket).is_ok(),
        feedback_allowed: require_feedback_allowed(caller, &ticket).is_ok(),
        ticket,
    }
}

pub(crate) async fn load_ticket(unit: &mut dyn UnitOfWork, id: i64) -> AppResult<TicketRecord> {
    unit.ticket(id).await?.ok_or(AppError::NotFound(ENTITY))
}

impl App {
    pub async fn list_tickets(
        &self,
        caller: &Caller,
        query: &TicketQuery,
        page: Page,
    ) -> AppResult<(Vec<TicketView>, u64)> {
        caller.require(Right::Service)?;
        let (created_from, created_before) =
            created_range(self.zone, &query.created_from, &query.created_to)?;
        let filter = TicketFilter {
            status: query.status,
            customer_id: query.customer_id,
            // Names are kept in one form (see `formats::company_name`), and so is the query.
            customer_name: formats::company_name(&query.customer_name),
            type_id: query.type_id,
            summary: query.summary.clone(),
            created_from,
            created_before,
            assignee_id: query.assignee_id,
            created_by: query.created_by,
        };
        let mut unit = self.store.begin(Access::Read).await?;
        let (found, total) = unit
            .list_tickets(&filter, CreatedOrder::NewestFirst, page)
            .await?;
        Ok((found.into_iter().map(|t| view(caller, t)).collect(), total))
    }

    /// The ticket with every round, read together: what its screen shows.
    pub async fn get_ticket(
        &self,
        caller: &Caller,
        id: i64,
    ) -> AppResult<(TicketView, Vec<TicketRoundRecord>)> {
        caller.require(Right::Service)?;
        let mut unit = self.store.begin(Access::Read).await?;
        let ticket = load_ticket(unit.as_mut(), id).await?;
        let rounds = unit.list_ticket_rounds(id).await?;
        Ok((view(caller, ticket), rounds))
    }

    /// Creates a 新创建 ticket; missing required fields refuse it whole.
    pub async fn create_ticket(
        &self,
        caller: &Caller,
        fields: &TicketFields,
    ) -> AppResult<TicketView> {
        caller.require(Right::Service)?;
        let fields = fields.trimmed();
        fields.check().map_err(AppError::Validation)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        check_references(unit.as_mut(), &fields).await?;
        let new = NewTicket {
            number: ticket_number(unit.as_mut(), self.today()).await?,
            fields,
            created_by: Some(caller.user_id),
            source_system: String::new(),
            external_ref: None,
            created_at: now,
        };
        let id = unit.insert_ticket(&new).await?;
        let ticket = load_ticket(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "create").after(&ticket);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(view(caller, ticket))
    }

    /// Assigns (or reassigns) the ticket to a 正常 user who may handle tickets.
    pub async fn assign_ticket(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        assignee_id: i64,
    ) -> AppResult<TicketView> {
        caller.require(Right::Service)?;
        caller.require(Right::Assign)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_ticket(unit.as_mut(), id).await?;
        // A ticket that moved on since the caller read it is stale before anything else:
        // his screen then offers to reload rather than a refusal that makes no sense to him.
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        require_assignable(caller, &old)?;
        let handlers = ticket_handlers(unit.as_mut()).await?;
        if !handlers.iter().any(|user| user.id == assignee_id) {
            let mut found = Violations::new();
            found.add("assignee_id", ViolationCode::Unknown, &[]);
            return Err(AppError::Validation(found.into_vec()));
        }
        let new = TicketRecord {
            status: TicketStatus::Assigned,
            assignee_id: Some(assignee_id),
            assigned_at: Some(now),
            ..old.clone()
        };
        self.save_ticket(unit, caller, old, new, now, "assign")
            .await
    }

    /// Records this round's handling: 已处理, awaiting the customer's feedback.
    pub async fn process_ticket(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        handling: &str,
    ) -> AppResult<TicketView> {
        caller.require(Right::Service)?;
        let handling = handling.trim();
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_ticket(unit.as_mut(), id).await?;
        // A ticket that moved on since the caller read it is stale before anything else:
        // his screen then offers to reload rather than a refusal that makes no sense to him.
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        require_processable(caller, &old)?;
        check_handling(handling).map_err(AppError::Validation)?;
        let round = old.latest_round.as_ref().map_or(1, |r| r.round + 1);
        let new_round = NewTicketRound {
            ticket_id: id,
            round,
            handling: handling.to_owned(),
            handled_by: caller.user_id,
            handled_at: now,
        };
        unit.insert_ticket_round(&new_round).await?;
        let new = TicketRecord {
            status: TicketStatus::Processed,
            ..old.clone()
        };
        self.save_ticket(unit, caller, old, new, now, "process")
            .await
    }

    /// Records the customer's feedback on the latest handling: satisfied (3–5) archives the
    /// ticket, otherwise it goes back to its assignee for another round.
    pub async fn record_feedback(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        result: &str,
        satisfaction: i32,
    ) -> AppResult<TicketView> {
        caller.require(Right::Service)?;
        let result = result.trim();
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_ticket(unit.as_mut(), id).await?;
        // A ticket that moved on since the caller read it is stale before anything else:
        // his screen then offers to reload rather than a refusal that makes no sense to him.
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        require_feedback_allowed(caller, &old)?;
        check_feedback(result, satisfaction).map_err(AppError::Validation)?;
        // 已处理 always follows a handling, so the round is there; a damaged row is stale.
        let round = old.latest_round.as_ref().ok_or(AppError::StaleVersion)?;
        let feedback = Feedback {
            result: result.to_owned(),
            satisfaction,
            by: caller.user_id,
            at: now,
            by_name: caller.display_name.clone(),
        };
        unit.record_round_feedback(round.id, &feedback).await?;
        let mut new = TicketRecord {
            status: status_after_feedback(satisfaction),
            ..old.clone()
        };
        // Back to an assignee who can no longer take tickets (停用, or without the right),
        // it would wait for nobody: it goes back to the supervisors' board instead.
        if new.status == TicketStatus::Assigned {
            let handlers = ticket_handlers(unit.as_mut()).await?;
            if !handlers.iter().any(|u| Some(u.id) == old.assignee_id) {
                new.status = TicketStatus::New;
                new.assignee_id = None;
                new.assigned_at = None;
            }
        }
        self.save_ticket(unit, caller, old, new, now, "feedback")
            .await
    }

    /// Writes the ticket's new state and audits it with the round it ended on.
    async fn save_ticket(
        &self,
        mut unit: Box<dyn UnitOfWork>,
        caller: &Caller,
        old: TicketRecord,
        new: TicketRecord,
        now: chrono::DateTime<chrono::Utc>,
        action: &'static str,
    ) -> AppResult<TicketView> {
        unit.update_ticket(&new, old.version).await?;
        let new = load_ticket(unit.as_mut(), old.id).await?;
        let before = Audited::of(&old);
        let after = Audited::of(&new);
        let change = AuditChange::of(ENTITY, old.id, action)
            .before(&before)
            .after(&after);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(view(caller, new))
    }
}

/// What the audit log keeps of a ticket: the ticket and the round a write touched.
#[derive(serde::Serialize)]
struct Audited<'a> {
    #[serde(flatten)]
    ticket: &'a TicketRecord,
    latest_round: Option<&'a TicketRoundRecord>,
}

impl<'a> Audited<'a> {
    fn of(ticket: &'a TicketRecord) -> Self {
        Audited {
            ticket,
            latest_round: ticket.latest_round.as_ref(),
        }
    }
}

/// The next 编号 of a company date: `FW` + the date + a daily sequence of at least three
/// digits.
pub(crate) async fn ticket_number(unit: &mut dyn UnitOfWork, day: NaiveDate) -> AppResult<String> {
    let day = day.format("%Y%m%d").to_string();
    let sequence = unit.next_in_sequence(&format!("ticket:{day}")).await?;
    Ok(format!("{NUMBER_PREFIX}{day}{sequence:03}"))
}

/// The type must be an enabled service type, the customer one that exists.
pub(crate) async fn check_references(
    unit: &mut dyn UnitOfWork,
    fields: &TicketFields,
) -> AppResult<()> {
    let mut found = Violations::new();
    if let Some(id) = fields.type_id {
        let item = unit.dictionary_item(id).await?;
        if !item.is_some_and(|i| i.kind == DictionaryType::ServiceType && i.enabled) {
            found.add("type_id", ViolationCode::Unknown, &[]);
        }
    }
    if let Some(id) = fields.customer_id
        && unit.customer(id).await?.is_none()
    {
        found.add("customer_id", ViolationCode::Unknown, &[]);
    }
    found.finish().map_err(AppError::Validation)
}

/// The users tickets go to: 正常 users whose role holds the service right.
pub(crate) async fn ticket_handlers(unit: &mut dyn UnitOfWork) -> AppResult<Vec<UserRecord>> {
    Ok(unit.active_users_with_right(Right::Service.code()).await?)
}
