//! Login, logout, authentication of each call and password changes (DESIGN §3.2).

use std::sync::OnceLock;

use chrono::Duration;
use crm_shared::rights::Right;
use crm_shared::user::{LOCK_MINUTES, MAX_FAILED_LOGINS, UserStatus, check_password};
use crm_shared::validation::{ViolationCode, Violations};

use super::{App, AuditChange, record_audit};
use crate::auth::{Caller, password, token};
use crate::error::{AppError, AppResult};
use crate::store::{Access, NewSession, UnitOfWork, UserRecord};

/// A hash of a random password nobody knows, verified when the user name is unknown so that
/// an unknown user takes as long to refuse as a wrong password.
fn decoy_hash() -> String {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY
        .get_or_init(|| password::hash(&token::new_token()).unwrap_or_default())
        .clone()
}

pub struct LoginOutcome {
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub caller: Caller,
}

impl App {
    /// Every refusal is [`AppError::IllegalUser`], whatever its cause.
    pub async fn login(
        &self,
        username: &str,
        pass: &str,
        remember: bool,
    ) -> AppResult<LoginOutcome> {
        let now = self.clock.now();
        let user = {
            let mut unit = self.store.begin(Access::Read).await?;
            unit.user_by_username(username).await?
        };
        let Some(user) = user else {
            password::verify_async(pass.to_owned(), decoy_hash()).await;
            return Err(AppError::IllegalUser);
        };

        let locked = user.locked_until.is_some_and(|until| until > now);
        let password_ok = password::verify_async(pass.to_owned(), user.password_hash.clone()).await;
        let mut unit = self.store.begin(Access::Write).await?;
        if locked || user.status != UserStatus::Active {
            return Err(AppError::IllegalUser);
        }
        if !password_ok {
            let failures = unit.add_failed_login(user.id).await?;
            if failures >= MAX_FAILED_LOGINS {
                let until = now + Duration::minutes(LOCK_MINUTES);
                unit.set_lock(user.id, Some(until)).await?;
                tracing::warn!(user_id = user.id, "account locked after failed logins");
                let change = AuditChange::of("user", user.id, "lock").after(&until);
                record_audit(unit.as_mut(), None, now, change).await?;
            }
            unit.commit().await?;
            return Err(AppError::IllegalUser);
        }

        if user.failed_logins > 0 || user.locked_until.is_some() {
            unit.set_lock(user.id, None).await?;
        }
        let token = token::new_token();
        let lifetime = if remember {
            self.sessions.remembered
        } else {
            self.sessions.session
        };
        let expires_at = now + lifetime;
        let session_id = unit
            .insert_session(&NewSession {
                token_hash: token::token_hash(&token),
                user_id: user.id,
                remembered: remember,
                created_at: now,
                expires_at,
            })
            .await?;
        let caller = caller_of(unit.as_mut(), user, session_id).await?;
        unit.commit().await?;
        tracing::debug!(user_id = caller.user_id, remember, "logged in");
        Ok(LoginOutcome {
            token,
            expires_at,
            caller,
        })
    }

    /// The caller behind a bearer token; `UNAUTHENTICATED` for anything but a live session of
    /// an active user.
    pub async fn authenticate(&self, bearer: Option<&str>) -> AppResult<Caller> {
        let Some(token) = bearer.filter(|t| !t.is_empty()) else {
            return Err(AppError::Unauthenticated);
        };
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Read).await?;
        let session = unit
            .live_session(&token::token_hash(token), now)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let user = unit
            .user_by_id(session.user_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if user.status != UserStatus::Active {
            return Err(AppError::Unauthenticated);
        }
        caller_of(unit.as_mut(), user, session.id).await
    }

    pub async fn logout(&self, caller: &Caller) -> AppResult<()> {
        let mut unit = self.store.begin(Access::Write).await?;
        unit.revoke_session(caller.session_id, self.clock.now())
            .await?;
        unit.commit().await?;
        Ok(())
    }

    /// Changes the caller's own password and ends his other sessions (remembered logins on
    /// other machines included).
    pub async fn change_password(&self, caller: &Caller, old: &str, new: &str) -> AppResult<()> {
        let mut violations = Violations::new();
        check_password(&mut violations, "new_password", new);
        if old == new {
            violations.add("new_password", ViolationCode::Invalid, &[]);
        }
        violations.finish().map_err(AppError::Validation)?;

        let user = {
            let mut unit = self.store.begin(Access::Read).await?;
            unit.user_by_id(caller.user_id)
                .await?
                .ok_or(AppError::Unauthenticated)?
        };
        if !password::verify_async(old.to_owned(), user.password_hash).await {
            let mut violations = Violations::new();
            violations.add("old_password", ViolationCode::Invalid, &[]);
            return Err(AppError::Validation(violations.into_vec()));
        }
        let hash = password::hash_async(new.to_owned()).await?;

        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        unit.set_password_hash(caller.user_id, &hash).await?;
        unit.revoke_user_sessions(caller.user_id, Some(caller.session_id), now)
            .await?;
        let change = AuditChange::of("user", caller.user_id, "change_password");
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(())
    }
}

/// Builds the caller from a user and the rights of his role.
async fn caller_of(
    unit: &mut dyn UnitOfWork,
    user: UserRecord,
    session_id: i64,
) -> AppResult<Caller> {
    let role = unit.role(&user.role_code).await?;
    let (role_name, rights) = match role {
        Some(role) => (role.name, role.rights),
        None => (user.role_code.clone(), Vec::new()),
    };
    Ok(Caller {
        user_id: user.id,
        username: user.username,
        display_name: user.display_name,
        role_code: user.role_code,
        role_name,
        rights: rights
            .iter()
            .filter_map(|code| Right::from_code(code))
            .collect(),
        session_id,
    })
}
