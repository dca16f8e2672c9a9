//! 客户开发计划 (DESIGN §2.1): the assignee of an 已指派 opportunity adds, edits and deletes its
//! plan items and records each one's 执行效果. An item's date is fixed once it exists.

use crm_shared::date::parse_date;
use crm_shared::opportunity::{PlanItemFields, check_plan_content, check_plan_result};
use crm_shared::rights::Right;

use super::opportunities::{load_opportunity, require_plan_editable};
use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{Access, NewPlanItem, PlanItemRecord, UnitOfWork};

const ENTITY: &str = "plan_item";

const DATE_FIXED: AppError = AppError::Refused {
    code: "PLAN_DATE_FIXED",
    message: "计划项的日期创建后不能修改",
};

async fn load_plan_item(unit: &mut dyn UnitOfWork, id: i64) -> AppResult<PlanItemRecord> {
    unit.plan_item(id).await?.ok_or(AppError::NotFound(ENTITY))
}

/// The item, once the caller is known to keep its opportunity's plan and `version` matches.
async fn editable_item(
    unit: &mut dyn UnitOfWork,
    caller: &Caller,
    id: i64,
    version: i64,
) -> AppResult<PlanItemRecord> {
    let item = load_plan_item(unit, id).await?;
    let opportunity = load_opportunity(unit, item.opportunity_id).await?;
    require_plan_editable(caller, &opportunity)?;
    if item.version != version {
        return Err(AppError::StaleVersion);
    }
    Ok(item)
}

impl App {
    pub async fn list_plan_items(
        &self,
        caller: &Caller,
        opportunity_id: i64,
    ) -> AppResult<Vec<PlanItemRecord>> {
        caller.require(Right::Marketing)?;
        let mut unit = self.store.begin(Access::Read).await?;
        load_opportunity(unit.as_mut(), opportunity_id).await?;
        Ok(unit.list_plan_items(opportunity_id).await?)
    }

    pub async fn add_plan_item(
        &self,
        caller: &Caller,
        opportunity_id: i64,
        fields: &PlanItemFields,
    ) -> AppResult<PlanItemRecord> {
        caller.require(Right::Marketing)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let opportunity = load_opportunity(unit.as_mut(), opportunity_id).await?;
        require_plan_editable(caller, &opportunity)?;
        let date = fields.check().map_err(AppError::Validation)?;
        let new = NewPlanItem {
            opportunity_id,
            date,
            content: fields.content.trim().to_owned(),
            created_by: caller.user_id,
            created_at: now,
        };
        let id = unit.insert_plan_item(&new).await?;
        let item = load_plan_item(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "create").after(&item);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(item)
    }

    /// Changes an item's content. `date`, when given, must be the item's own: its date never
    /// changes.
    pub async fn update_plan_item(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        content: &str,
        date: &str,
    ) -> AppResult<PlanItemRecord> {
        caller.require(Right::Marketing)?;
        let mut unit = self.store.begin(Access::Write).await?;
        let old = editable_item(unit.as_mut(), caller, id, version).await?;
        if !date.trim().is_empty() && parse_date(date) != Some(old.date) {
            return Err(DATE_FIXED);
        }
        let content = content.trim();
        check_plan_content(content).map_err(AppError::Validation)?;
        let new = PlanItemRecord {
            content: content.to_owned(),
            ..old.clone()
        };
        self.save_plan_item(unit, caller, old, new, "update").await
    }

    /// Records (or corrects) an item's 执行效果.
    pub async fn record_plan_result(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        result: &str,
    ) -> AppResult<PlanItemRecord> {
        caller.require(Right::Marketing)?;
        let mut unit = self.store.begin(Access::Write).await?;
        let old = editable_item(unit.as_mut(), caller, id, version).await?;
        let result = result.trim();
        check_plan_result(result).map_err(AppError::Validation)?;
        let new = PlanItemRecord {
            result: result.to_owned(),
            ..old.clone()
        };
        self.save_plan_item(unit, caller, old, new, "result").await
    }

    async fn save_plan_item(
        &self,
        mut unit: Box<dyn UnitOfWork>,
        caller: &Caller,
        old: PlanItemRecord,
        new: PlanItemRecord,
        action: &'static str,
    ) -> AppResult<PlanItemRecord> {
        let now = self.clock.now();
        unit.update_plan_item(&new, old.version).await?;
        let new = load_plan_item(unit.as_mut(), old.id).await?;
        let change = AuditChange::of(ENTITY, old.id, action)
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(new)
    }

    pub async fn delete_plan_item(&self, caller: &Caller, id: i64, version: i64) -> AppResult<()> {
        caller.require(Right::Marketing)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = editable_item(unit.as_mut(), caller, id, version).await?;
        unit.delete_plan_item(id, version).await?;
        let change = AuditChange::of(ENTITY, id, "delete").before(&old);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(())
    }
}
