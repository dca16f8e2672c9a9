//! Contacts of a customer (DESIGN §2.2): read by everyone with the customers right, changed by
//! whoever may edit the customer.

use crm_shared::contact::ContactFields;
use crm_shared::rights::Right;

use super::customers::{load_customer, require_editable};
use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{Access, ContactRecord, UnitOfWork};

pub(crate) const ENTITY: &str = "contact";

async fn load_contact(unit: &mut dyn UnitOfWork, id: i64) -> AppResult<ContactRecord> {
    unit.contact(id).await?.ok_or(AppError::NotFound(ENTITY))
}

impl App {
    pub async fn list_contacts(
        &self,
        caller: &Caller,
        customer_id: i64,
    ) -> AppResult<Vec<ContactRecord>> {
        caller.require(Right::Customers)?;
        let mut unit = self.store.begin(Access::Read).await?;
        load_customer(unit.as_mut(), customer_id).await?;
        Ok(unit.list_contacts(customer_id).await?)
    }

    pub async fn create_contact(
        &self,
        caller: &Caller,
        customer_id: i64,
        fields: &ContactFields,
    ) -> AppResult<ContactRecord> {
        caller.require(Right::Customers)?;
        let fields = fields.trimmed();
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let customer = load_customer(unit.as_mut(), customer_id).await?;
        require_editable(caller, &customer)?;
        fields.check().map_err(AppError::Validation)?;
        let id = unit.insert_contact(customer_id, &fields, now).await?;
        let contact = load_contact(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "create").after(&contact);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(contact)
    }

    pub async fn update_contact(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        fields: &ContactFields,
    ) -> AppResult<ContactRecord> {
        caller.require(Right::Customers)?;
        let fields = fields.trimmed();
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_contact(unit.as_mut(), id).await?;
        let customer = load_customer(unit.as_mut(), old.customer_id).await?;
        require_editable(caller, &customer)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        fields.check().map_err(AppError::Validation)?;
        let mut new = old.clone();
        new.fields = fields;
        unit.update_contact(&new, version).await?;
        new.version = version + 1;
        let change = AuditChange::of(ENTITY, id, "update")
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(new)
    }

    pub async fn delete_contact(&self, caller: &Caller, id: i64, version: i64) -> AppResult<()> {
        caller.require(Right::Customers)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_contact(unit.as_mut(), id).await?;
        let customer = load_customer(unit.as_mut(), old.customer_id).await?;
        require_editable(caller, &customer)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        unit.delete_contact(id, version).await?;
        let change = AuditChange::of(ENTITY, id, "delete").before(&old);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(())
    }
}
