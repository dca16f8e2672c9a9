//! Interactions with a customer (DESIGN §2.2): read by everyone with the customers right,
//! changed by whoever may edit the customer; their required fields never become empty.

use crm_shared::date::format_date;
use crm_shared::interaction::InteractionFields;
use crm_shared::paging::Page;
use crm_shared::rights::Right;

use super::customers::{load_customer, require_editable};
use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{Access, InteractionRecord, UnitOfWork};

const ENTITY: &str = "interaction";

async fn load_interaction(unit: &mut dyn UnitOfWork, id: i64) -> AppResult<InteractionRecord> {
    unit.interaction(id)
        .await?
        .ok_or(AppError::NotFound(ENTITY))
}

/// The fields as stored: trimmed, the date in `YYYY-MM-DD` form; or every violation.
fn checked(fields: &InteractionFields) -> AppResult<InteractionFields> {
    let date = fields.check().map_err(AppError::Validation)?;
    Ok(InteractionFields {
        date: format_date(date),
        place: fields.place.trim().to_owned(),
        summary: fields.summary.trim().to_owned(),
        details: fields.details.trim().to_owned(),
        remark: fields.remark.trim().to_owned(),
    })
}

impl App {
    pub async fn list_interactions(
        &self,
        caller: &Caller,
        customer_id: i64,
        page: Page,
    ) -> AppResult<(Vec<InteractionRecord>, u64)> {
        caller.require(Right::Customers)?;
        let mut unit = self.store.begin(Access::Read).await?;
        load_customer(unit.as_mut(), customer_id).await?;
        Ok(unit.list_interactions(customer_id, page).await?)
    }

    pub async fn create_interaction(
        &self,
        caller: &Caller,
        customer_id: i64,
        fields: &InteractionFields,
    ) -> AppResult<InteractionRecord> {
        caller.require(Right::Customers)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let customer = load_customer(unit.as_mut(), customer_id).await?;
        require_editable(caller, &customer)?;
        let fields = checked(fields)?;
        let id = unit
            .insert_interaction(customer_id, &fields, Some(caller.user_id), now)
            .await?;
        let contact = load_interaction(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "create").after(&contact);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(contact)
    }

    pub async fn update_interaction(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        fields: &InteractionFields,
    ) -> AppResult<InteractionRecord> {
        caller.require(Right::Customers)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_interaction(unit.as_mut(), id).await?;
        let customer = load_customer(unit.as_mut(), old.customer_id).await?;
        require_editable(caller, &customer)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        let fields = checked(fields)?;
        let mut new = old.clone();
        new.fields = fields;
        unit.update_interaction(&new, version).await?;
        new.version = version + 1;
        let change = AuditChange::of(ENTITY, id, "update")
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(new)
    }

    pub async fn delete_interaction(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
    ) -> AppResult<()> {
        caller.require(Right::Customers)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_interaction(unit.as_mut(), id).await?;
        let customer = load_customer(unit.as_mut(), old.customer_id).await?;
        require_editable(caller, &customer)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        unit.delete_interaction(id, version).await?;
        let change = AuditChange::of(ENTITY, id, "delete").before(&old);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(())
    }
}
