//! The authenticated user behind a call, with the rights of his role.

use std::collections::HashSet;

use crm_shared::rights::Right;

use crate::error::{AppError, AppResult};

#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role_code: String,
    pub role_name: String,
    pub rights: HashSet<Right>,
    /// The session the call came with (for logout and password changes).
    pub session_id: i64,
}

impl Caller {
    pub fn has(&self, right: Right) -> bool {
        self.rights.contains(&right)
    }

    /// `PERMISSION_DENIED` unless the caller holds the right.
    pub fn require(&self, right: Right) -> AppResult<()> {
        if self.has(right) {
            Ok(())
        } else {
            Err(AppError::PermissionDenied)
        }
    }

    /// `PERMISSION_DENIED` unless the caller holds at least one of the rights.
    pub fn require_any(&self, rights: &[Right]) -> AppResult<()> {
        if rights.iter().any(|r| self.has(*r)) {
            Ok(())
        } else {
            Err(AppError::PermissionDenied)
        }
    }
}
