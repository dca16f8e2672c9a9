//! 开发成功 and 终止开发 (DESIGN §2.1). 开发成功 creates the customer and its first contact in
//! the same transaction as the state change, and the opportunity keeps the customer's id: a
//! retried or concurrent second call finds it and returns the same customer, so there is
//! exactly one however often the call is sent.

use crm_shared::contact::ContactFields;
use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::opportunity::OpportunityStatus;
use crm_shared::rights::Right;
use crm_shared::user::UserStatus;

use super::contacts::ENTITY as CONTACT;
use super::customers::{
    CustomerView, ENTITY as CUSTOMER, customer_number, customer_view, is_supervisor, load_customer,
    refuse_duplicate_name,
};
use super::opportunities::{ENTITY, OpportunityView, load_opportunity, require_closable, view};
use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{Access, NewCustomer, OpportunityRecord, UnitOfWork};

/// What 开发成功 answers: the won opportunity and the customer it created.
#[derive(Clone, Debug)]
pub struct WonOutcome {
    pub opportunity: OpportunityView,
    pub customer: CustomerView,
}

/// The assignee must still be able to manage the customer.
const ASSIGNEE_INACTIVE: AppError = AppError::Refused {
    code: "ASSIGNEE_INACTIVE",
    message: "指派的客户经理已停用，请先重新指派",
};

/// The assignee or a supervisor; the state is checked apart, as a retry meets a closed one.
fn may_close(caller: &Caller, opportunity: &OpportunityRecord) -> AppResult<()> {
    caller.require(Right::Marketing)?;
    if opportunity.assignee_id == Some(caller.user_id) || is_supervisor(caller) {
        Ok(())
    } else {
        Err(AppError::PermissionDenied)
    }
}

impl App {
    /// 开发成功. A customer named like another one is refused with `DUPLICATE_NAME` unless
    /// `allow_duplicate_name` says the user saw the warning.
    pub async fn mark_won(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        allow_duplicate_name: bool,
    ) -> AppResult<WonOutcome> {
        caller.require(Right::Marketing)?;
        match self
            .try_mark_won(caller, id, version, allow_duplicate_name)
            .await
        {
            // On a store that lets two writers read the same row (SQL Server under read
            // committed), the loser of the race fails its versioned update and rolls back its
            // customer; its second try finds the winner's customer. SQLite serializes writers,
            // so there the second call simply finds the opportunity won.
            Err(AppError::StaleVersion) => {
                self.try_mark_won(caller, id, version, allow_duplicate_name)
                    .await
            }
            outcome => outcome,
        }
    }

    async fn try_mark_won(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        allow_duplicate_name: bool,
    ) -> AppResult<WonOutcome> {
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_opportunity(unit.as_mut(), id).await?;
        if let (OpportunityStatus::Won, Some(customer_id)) = (old.status, old.customer_id) {
            may_close(caller, &old)?;
            let customer = load_customer(unit.as_mut(), customer_id).await?;
            return Ok(WonOutcome {
                customer: customer_view(caller, customer),
                opportunity: view(caller, old),
            });
        }
        require_closable(caller, &old)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        if !allow_duplicate_name {
            refuse_duplicate_name(unit.as_mut(), &old.fields.customer_name).await?;
        }

        let customer_id = self
            .create_won_customer(unit.as_mut(), caller, &old)
            .await?;
        let mut new = old.clone();
        new.status = OpportunityStatus::Won;
        new.customer_id = Some(customer_id);
        unit.update_opportunity(&new, version).await?;
        let new = load_opportunity(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "won").before(&old).after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        let customer = load_customer(unit.as_mut(), customer_id).await?;
        unit.commit().await?;
        Ok(WonOutcome {
            customer: customer_view(caller, customer),
            opportunity: view(caller, new),
        })
    }

    /// The customer 开发成功 makes, managed by the assignee: its name and region from the
    /// opportunity, everything else 待补充; and the opportunity's contact, if it names one, as
    /// its first contact with the phone as office phone (性别 and 职位 待补充).
    async fn create_won_customer(
        &self,
        unit: &mut dyn UnitOfWork,
        caller: &Caller,
        opportunity: &OpportunityRecord,
    ) -> AppResult<i64> {
        let now = self.clock.now();
        let Some(assignee_id) = opportunity.assignee_id else {
            return Err(super::opportunities::NOT_ASSIGNED);
        };
        let assignee = unit.user_by_id(assignee_id).await?;
        if !assignee.is_some_and(|user| user.status == UserStatus::Active) {
            return Err(ASSIGNEE_INACTIVE);
        }

        let new = NewCustomer {
            number: customer_number(unit, self.today()).await?,
            fields: CustomerFields {
                name: opportunity.fields.customer_name.clone(),
                region_id: opportunity.fields.region_id,
                manager_id: Some(assignee_id),
                ..CustomerFields::default()
            },
            status: CustomerStatus::Active,
            created_at: now,
            created_by: Some(caller.user_id),
        };
        let customer_id = unit.insert_customer(&new).await?;
        let customer = load_customer(unit, customer_id).await?;
        let change = AuditChange::of(CUSTOMER, customer_id, "create").after(&customer);
        record_audit(unit, Some(caller), now, change).await?;

        if !opportunity.fields.contact.is_empty() {
            let contact = ContactFields {
                name: opportunity.fields.contact.clone(),
                office_phone: opportunity.fields.contact_phone.clone(),
                ..ContactFields::default()
            };
            let contact_id = unit.insert_contact(customer_id, &contact, now).await?;
            let stored = unit.contact(contact_id).await?;
            let stored = stored.ok_or(AppError::NotFound(CONTACT))?;
            let change = AuditChange::of(CONTACT, contact_id, "create").after(&stored);
            record_audit(unit, Some(caller), now, change).await?;
        }
        Ok(customer_id)
    }

    /// 终止开发: 开发失败. A retry on an opportunity already 开发失败 answers it unchanged.
    pub async fn mark_lost(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
    ) -> AppResult<OpportunityView> {
        caller.require(Right::Marketing)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_opportunity(unit.as_mut(), id).await?;
        if old.status == OpportunityStatus::Lost {
            may_close(caller, &old)?;
            return Ok(view(caller, old));
        }
        require_closable(caller, &old)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        let mut new = old.clone();
        new.status = OpportunityStatus::Lost;
        unit.update_opportunity(&new, version).await?;
        let new = load_opportunity(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "lost").before(&old).after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(view(caller, new))
    }
}
