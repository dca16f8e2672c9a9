//! Sales opportunities (DESIGN §2.1): everyone with the marketing right reads all of them;
//! managers and supervisors create; the creator (or a supervisor) edits and the creator alone
//! deletes, both only while 未分配; supervisors assign and reassign to 正常 account managers.
//! 开发成功 and 终止开发 live in `opportunity_close.rs`, the plan in `plan_items.rs`.

use chrono::NaiveDate;
use crm_shared::dictionary::DictionaryType;
use crm_shared::formats;
use crm_shared::opportunity::{NUMBER_PREFIX, OpportunityFields, OpportunityStatus};
use crm_shared::paging::Page;
use crm_shared::rights::Right;
use crm_shared::user::UserStatus;
use crm_shared::validation::{ViolationCode, Violations};

use super::customers::is_supervisor;
use super::dates::created_range;
use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{
    Access, CreatedOrder, NewOpportunity, OpportunityFilter, OpportunityRecord, PlanItemRecord,
    UnitOfWork, UserRecord,
};

pub(crate) const ENTITY: &str = "opportunity";

/// An opportunity as a caller sees it: with what he may do to it now.
#[derive(Clone, Debug)]
pub struct OpportunityView {
    pub opportunity: OpportunityRecord,
    pub editable: bool,
    pub deletable: bool,
    pub assignable: bool,
    pub plan_editable: bool,
    pub closable: bool,
}

/// The list's filter as the caller gives it: company dates, both ends included.
#[derive(Clone, Debug, Default)]
pub struct OpportunityQuery {
    pub status: Option<OpportunityStatus>,
    pub customer_name: String,
    pub created_by: Option<i64>,
    pub assignee_id: Option<i64>,
    pub created_from: String,
    pub created_to: String,
}

/// Refusals of an action the opportunity's state does not allow.
pub(crate) const NOT_UNASSIGNED: AppError = AppError::Refused {
    code: "OPPORTUNITY_NOT_UNASSIGNED",
    message: "只有未分配的销售机会可以修改或删除",
};
pub(crate) const NOT_ASSIGNED: AppError = AppError::Refused {
    code: "OPPORTUNITY_NOT_ASSIGNED",
    message: "只有已指派、尚未结束的销售机会可以执行此操作",
};

/// `PERMISSION_DENIED` unless the caller may edit it; `FAILED_PRECONDITION` once assigned.
fn require_editable(caller: &Caller, opportunity: &OpportunityRecord) -> AppResult<()> {
    caller.require(Right::Marketing)?;
    if opportunity.created_by != caller.user_id && !is_supervisor(caller) {
        return Err(AppError::PermissionDenied);
    }
    if opportunity.status != OpportunityStatus::Unassigned {
        return Err(NOT_UNASSIGNED);
    }
    Ok(())
}

fn require_deletable(caller: &Caller, opportunity: &OpportunityRecord) -> AppResult<()> {
    caller.require(Right::Marketing)?;
    if opportunity.created_by != caller.user_id {
        return Err(AppError::PermissionDenied);
    }
    if opportunity.status != OpportunityStatus::Unassigned {
        return Err(NOT_UNASSIGNED);
    }
    Ok(())
}

fn require_assignable(caller: &Caller, opportunity: &OpportunityRecord) -> AppResult<()> {
    caller.require(Right::Marketing)?;
    caller.require(Right::Assign)?;
    if opportunity.status.is_final() {
        return Err(NOT_ASSIGNED);
    }
    Ok(())
}

/// The assignee keeps the plan of an 已指派 opportunity.
pub(crate) fn require_plan_editable(
    caller: &Caller,
    opportunity: &OpportunityRecord,
) -> AppResult<()> {
    caller.require(Right::Marketing)?;
    if opportunity.assignee_id != Some(caller.user_id) {
        return Err(AppError::PermissionDenied);
    }
    if opportunity.status != OpportunityStatus::Assigned {
        return Err(NOT_ASSIGNED);
    }
    Ok(())
}

/// 开发成功 and 终止开发: the assignee or a supervisor, while 已指派.
pub(crate) fn require_closable(caller: &Caller, opportunity: &OpportunityRecord) -> AppResult<()> {
    caller.require(Right::Marketing)?;
    if opportunity.assignee_id != Some(caller.user_id) && !is_supervisor(caller) {
        return Err(AppError::PermissionDenied);
    }
    if opportunity.status != OpportunityStatus::Assigned {
        return Err(NOT_ASSIGNED);
    }
    Ok(())
}

pub(crate) fn view(caller: &Caller, opportunity: OpportunityRecord) -> OpportunityView {
    OpportunityView {
        editable: require_editable(caller, &opportunity).is_ok(),
        deletable: require_deletable(caller, &opportunity).is_ok(),
        assignable: require_assignable(caller, &opportunity).is_ok(),
        plan_editable: require_plan_editable(caller, &opportunity).is_ok(),
        closable: require_closable(caller, &opportunity).is_ok(),
        opportunity,
    }
}

/// The opportunity, or `NOT_FOUND`.
pub(crate) async fn load_opportunity(
    unit: &mut dyn UnitOfWork,
    id: i64,
) -> AppResult<OpportunityRecord> {
    unit.opportunity(id)
        .await?
        .ok_or(AppError::NotFound(ENTITY))
}

impl App {
    pub async fn list_opportunities(
        &self,
        caller: &Caller,
        query: &OpportunityQuery,
        page: Page,
    ) -> AppResult<(Vec<OpportunityView>, u64)> {
        caller.require(Right::Marketing)?;
        let filter = self.opportunity_filter(query)?;
        let mut unit = self.store.begin(Access::Read).await?;
        let (found, total) = unit
            .list_opportunities(&filter, CreatedOrder::NewestFirst, page)
            .await?;
        let views = found.into_iter().map(|o| view(caller, o)).collect();
        Ok((views, total))
    }

    /// The store's filter: company dates become the instants they begin and end at.
    fn opportunity_filter(&self, query: &OpportunityQuery) -> AppResult<OpportunityFilter> {
        let (created_from, created_before) =
            created_range(self.zone, &query.created_from, &query.created_to)?;
        Ok(OpportunityFilter {
            status: query.status,
            // Names are kept in one form (see `formats::company_name`), and so is the query.
            customer_name: formats::company_name(&query.customer_name),
            created_by: query.created_by,
            assignee_id: query.assignee_id,
            created_from,
            created_before,
        })
    }

    /// The opportunity with its plan, read together: what its screen shows.
    pub async fn get_opportunity(
        &self,
        caller: &Caller,
        id: i64,
    ) -> AppResult<(OpportunityView, Vec<PlanItemRecord>)> {
        caller.require(Right::Marketing)?;
        let mut unit = self.store.begin(Access::Read).await?;
        let opportunity = load_opportunity(unit.as_mut(), id).await?;
        let plan = unit.list_plan_items(id).await?;
        Ok((view(caller, opportunity), plan))
    }

    /// Creates a 未分配 opportunity; missing required fields refuse it whole.
    pub async fn create_opportunity(
        &self,
        caller: &Caller,
        fields: &OpportunityFields,
    ) -> AppResult<OpportunityView> {
        caller.require(Right::Marketing)?;
        let fields = fields.trimmed();
        fields.check().map_err(AppError::Validation)?;

        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        check_references(unit.as_mut(), &fields, None).await?;
        let number = opportunity_number(unit.as_mut(), self.today()).await?;
        let new = NewOpportunity {
            number,
            fields,
            created_by: caller.user_id,
            created_at: now,
        };
        let id = unit.insert_opportunity(&new).await?;
        let opportunity = load_opportunity(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "create").after(&opportunity);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(view(caller, opportunity))
    }

    pub async fn update_opportunity(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        fields: &OpportunityFields,
    ) -> AppResult<OpportunityView> {
        caller.require(Right::Marketing)?;
        let fields = fields.trimmed();
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_opportunity(unit.as_mut(), id).await?;
        require_editable(caller, &old)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        fields.check().map_err(AppError::Validation)?;
        check_references(unit.as_mut(), &fields, Some(&old)).await?;

        let mut new = old.clone();
        new.fields = fields;
        unit.update_opportunity(&new, version).await?;
        let new = load_opportunity(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "update")
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(view(caller, new))
    }

    pub async fn delete_opportunity(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
    ) -> AppResult<()> {
        caller.require(Right::Marketing)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_opportunity(unit.as_mut(), id).await?;
        require_deletable(caller, &old)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        unit.delete_opportunity(id, version).await?;
        let change = AuditChange::of(ENTITY, id, "delete").before(&old);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(())
    }

    /// Assigns (or reassigns) the opportunity to a 正常 account manager.
    pub async fn assign_opportunity(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        assignee_id: i64,
    ) -> AppResult<OpportunityView> {
        caller.require(Right::Marketing)?;
        caller.require(Right::Assign)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_opportunity(unit.as_mut(), id).await?;
        require_assignable(caller, &old)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        let managers = account_managers(unit.as_mut()).await?;
        if !managers.iter().any(|manager| manager.id == assignee_id) {
            let mut found = Violations::new();
            found.add("assignee_id", ViolationCode::Unknown, &[]);
            return Err(AppError::Validation(found.into_vec()));
        }

        let mut new = old.clone();
        new.status = OpportunityStatus::Assigned;
        new.assignee_id = Some(assignee_id);
        new.assigned_at = Some(now);
        unit.update_opportunity(&new, version).await?;
        let new = load_opportunity(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "assign")
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(view(caller, new))
    }
}

/// The next 编号 of a company date: `JH` + the date + a daily sequence of at least three
/// digits.
pub(crate) async fn opportunity_number(
    unit: &mut dyn UnitOfWork,
    day: NaiveDate,
) -> AppResult<String> {
    let day = day.format("%Y%m%d").to_string();
    let sequence = unit.next_in_sequence(&format!("opportunity:{day}")).await?;
    Ok(format!("{NUMBER_PREFIX}{day}{sequence:03}"))
}

/// Region and industry must be enabled items of their dictionaries; a value the opportunity
/// already had stays valid even when its item was disabled since.
async fn check_references(
    unit: &mut dyn UnitOfWork,
    fields: &OpportunityFields,
    old: Option<&OpportunityRecord>,
) -> AppResult<()> {
    let mut found = Violations::new();
    let references = [
        (
            "region_id",
            DictionaryType::Region,
            fields.region_id,
            old.and_then(|o| o.fields.region_id),
        ),
        (
            "industry_id",
            DictionaryType::Industry,
            fields.industry_id,
            old.and_then(|o| o.fields.industry_id),
        ),
    ];
    for (field, kind, value, kept) in references {
        let Some(id) = value else { continue };
        let item = unit.dictionary_item(id).await?;
        let usable = item.is_some_and(|item| item.kind == kind && (item.enabled || kept == value));
        if !usable {
            found.add(field, ViolationCode::Unknown, &[]);
        }
    }
    found.finish().map_err(AppError::Validation)
}

/// The account managers opportunities go to: 正常 users whose role holds the marketing and
/// customers rights (the customer 开发成功 creates is theirs) but not the assign right
/// (supervisors hand the work out rather than take it).
pub(crate) async fn account_managers(unit: &mut dyn UnitOfWork) -> AppResult<Vec<UserRecord>> {
    let roles = unit.list_roles().await?;
    let takes_work = |role_code: &str| {
        roles.iter().any(|role| {
            let holds = |right: Right| role.rights.iter().any(|r| r == right.code());
            role.code == role_code && holds(Right::Customers) && !holds(Right::Assign)
        })
    };
    let users = unit
        .active_users_with_right(Right::Marketing.code())
        .await?;
    Ok(users
        .into_iter()
        .filter(|user| user.status == UserStatus::Active && takes_work(&user.role_code))
        .collect())
}
