//! Roles and rights (DESIGN §1): rights are data; the administrator edits the matrix.

use crm_shared::rights::Right;
use crm_shared::validation::{ViolationCode, Violations};

use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{Access, RightRecord, RoleRecord};

/// The administrator role keeps this right, so someone can always edit the matrix.
const KEEPER: (&str, Right) = ("administrator", Right::AdminRoles);

impl App {
    /// Roles with their rights, and every right there is. User administration needs the
    /// roles too (to pick one), so either right reads them.
    pub async fn list_roles(
        &self,
        caller: &Caller,
    ) -> AppResult<(Vec<RoleRecord>, Vec<RightRecord>)> {
        caller.require_any(&[Right::AdminRoles, Right::AdminUsers])?;
        let mut unit = self.store.begin(Access::Read).await?;
        Ok((unit.list_roles().await?, unit.list_rights().await?))
    }

    pub async fn update_role_rights(
        &self,
        caller: &Caller,
        role_code: &str,
        rights: &[String],
    ) -> AppResult<RoleRecord> {
        caller.require(Right::AdminRoles)?;
        let mut violations = Violations::new();
        for code in rights {
            if Right::from_code(code).is_none() {
                violations.add("rights", ViolationCode::Unknown, &[("right", code.clone())]);
            }
        }
        if role_code == KEEPER.0 && !rights.iter().any(|r| r == KEEPER.1.code()) {
            violations.add(
                "rights",
                ViolationCode::Required,
                &[("right", KEEPER.1.code().into())],
            );
        }
        violations.finish().map_err(AppError::Validation)?;

        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = unit
            .role(role_code)
            .await?
            .ok_or(AppError::NotFound("role"))?;
        unit.set_role_rights(role_code, rights).await?;
        let new = unit
            .role(role_code)
            .await?
            .ok_or(AppError::NotFound("role"))?;
        // Roles are keyed by code; the audit's numeric id is the role's place in the seed.
        let change = AuditChange::of("role", role_index(role_code), "update_rights")
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(new)
    }
}

fn role_index(code: &str) -> i64 {
    crm_shared::rights::Role::ALL
        .iter()
        .position(|role| role.code() == code)
        .map_or(0, |i| i as i64 + 1)
}
