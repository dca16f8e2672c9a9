//! Reading the audit log (administrator).

use crm_shared::paging::Page;
use crm_shared::rights::Right;

use super::App;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::store::{Access, AuditFilter, AuditRecord};

impl App {
    pub async fn list_audit_log(
        &self,
        caller: &Caller,
        filter: &AuditFilter,
        page: Page,
    ) -> AppResult<(Vec<AuditRecord>, u64)> {
        caller.require(Right::AdminAudit)?;
        let mut unit = self.store.begin(Access::Read).await?;
        Ok(unit.list_audit(filter, page).await?)
    }
}
