//! User administration (DESIGN §1): the administrator lists, creates and edits accounts and
//! resets passwords. Users carry their 负责地区 and 行业特长 from the dictionary.

use crm_shared::dictionary::DictionaryType;
use crm_shared::paging::Page;
use crm_shared::rights::Right;
use crm_shared::user::{DISPLAY_NAME_MAX_CHARS, UserStatus, check_password, check_username};
use crm_shared::validation::{ViolationCode, Violations};

use super::{App, AuditChange, record_audit};
use crate::auth::{Caller, password};
use crate::error::{AppError, AppResult};
use crate::store::{Access, NewUser, UnitOfWork, UserFilter, UserRecord};

const ENTITY: &str = "user";

pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub role_code: String,
    pub password: String,
    pub region_ids: Vec<i64>,
    pub industry_ids: Vec<i64>,
}

pub struct UserUpdateInput {
    pub id: i64,
    pub version: i64,
    pub display_name: String,
    pub role_code: String,
    pub status: UserStatus,
    pub region_ids: Vec<i64>,
    pub industry_ids: Vec<i64>,
}

impl App {
    pub async fn list_users(
        &self,
        caller: &Caller,
        filter: &UserFilter,
        page: Page,
    ) -> AppResult<(Vec<UserRecord>, u64)> {
        caller.require(Right::AdminUsers)?;
        let mut unit = self.store.begin(Access::Read).await?;
        Ok(unit.list_users(filter, page).await?)
    }

    pub async fn create_user(&self, caller: &Caller, input: NewUserInput) -> AppResult<UserRecord> {
        caller.require(Right::AdminUsers)?;
        self.insert_user_checked(Some(caller), input).await
    }

    pub async fn update_user(
        &self,
        caller: &Caller,
        input: UserUpdateInput,
    ) -> AppResult<UserRecord> {
        caller.require(Right::AdminUsers)?;
        let mut violations = Violations::new();
        violations.required_text("display_name", &input.display_name, DISPLAY_NAME_MAX_CHARS);
        // An administrator who disables himself locks the door behind him.
        if input.id == caller.user_id && input.status != UserStatus::Active {
            violations.add("status", ViolationCode::Invalid, &[]);
        }
        violations.finish().map_err(AppError::Validation)?;

        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = unit
            .user_by_id(input.id)
            .await?
            .ok_or(AppError::NotFound(ENTITY))?;
        if old.version != input.version {
            return Err(AppError::StaleVersion);
        }
        let mut violations = Violations::new();
        check_links(
            unit.as_mut(),
            &mut violations,
            &input.role_code,
            &input.region_ids,
            &input.industry_ids,
        )
        .await?;
        violations.finish().map_err(AppError::Validation)?;

        let mut new = old.clone();
        new.display_name = input.display_name.trim().to_owned();
        new.role_code = input.role_code;
        new.status = input.status;
        new.region_ids = input.region_ids;
        new.industry_ids = input.industry_ids;
        unit.update_user(&new, input.version).await?;
        if new.status == UserStatus::Disabled {
            // A disabled account keeps no session alive.
            unit.revoke_user_sessions(new.id, None, now).await?;
        }
        let user = unit
            .user_by_id(new.id)
            .await?
            .ok_or(AppError::NotFound(ENTITY))?;
        let change = AuditChange::of(ENTITY, user.id, "update")
            .before(&old)
            .after(&user);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(user)
    }

    /// Sets a new password, lifts a lock and ends the user's sessions.
    pub async fn reset_password(
        &self,
        caller: &Caller,
        id: i64,
        new_password: &str,
    ) -> AppResult<()> {
        caller.require(Right::AdminUsers)?;
        let mut violations = Violations::new();
        check_password(&mut violations, "new_password", new_password);
        violations.finish().map_err(AppError::Validation)?;
        let hash = password::hash_async(new_password.to_owned()).await?;

        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        unit.user_by_id(id)
            .await?
            .ok_or(AppError::NotFound(ENTITY))?;
        unit.set_password_hash(id, &hash).await?;
        unit.set_lock(id, None).await?;
        unit.revoke_user_sessions(id, None, now).await?;
        let change = AuditChange::of(ENTITY, id, "reset_password");
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(())
    }
}

/// The role must exist; regions must be region items and industries industry items.
async fn check_links(
    unit: &mut dyn UnitOfWork,
    violations: &mut Violations,
    role_code: &str,
    region_ids: &[i64],
    industry_ids: &[i64],
) -> AppResult<()> {
    if unit.role(role_code).await?.is_none() {
        violations.add("role", ViolationCode::Unknown, &[]);
    }
    let wanted = [
        ("region_ids", DictionaryType::Region, region_ids),
        ("industry_ids", DictionaryType::Industry, industry_ids),
    ];
    for (field, kind, ids) in wanted {
        for id in ids {
            let item = unit.dictionary_item(*id).await?;
            if item.is_none_or(|item| item.kind != kind) {
                violations.add(field, ViolationCode::Unknown, &[("id", id.to_string())]);
                break;
            }
        }
    }
    Ok(())
}

impl App {
    /// `crm-server create-admin`: an operator at the server's console creates an
    /// administrator (the first one, or one more after a lock-out). Recorded as "system".
    pub async fn create_administrator(
        &self,
        username: &str,
        display_name: &str,
        new_password: &str,
    ) -> AppResult<UserRecord> {
        let input = NewUserInput {
            username: username.to_owned(),
            display_name: display_name.to_owned(),
            role_code: crm_shared::rights::Role::Administrator.code().to_owned(),
            password: new_password.to_owned(),
            region_ids: Vec::new(),
            industry_ids: Vec::new(),
        };
        self.insert_user_checked(None, input).await
    }

    /// Validates and inserts a new active user; `caller` is `None` for the console.
    async fn insert_user_checked(
        &self,
        caller: Option<&Caller>,
        input: NewUserInput,
    ) -> AppResult<UserRecord> {
        let mut violations = Violations::new();
        check_username(&mut violations, "username", &input.username);
        violations.required_text("display_name", &input.display_name, DISPLAY_NAME_MAX_CHARS);
        check_password(&mut violations, "password", &input.password);
        violations.finish().map_err(AppError::Validation)?;
        let hash = password::hash_async(input.password.clone()).await?;

        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let mut violations = Violations::new();
        if unit.user_by_username(&input.username).await?.is_some() {
            violations.add("username", ViolationCode::Duplicate, &[]);
        }
        let (role, regions, industries) =
            (&input.role_code, &input.region_ids, &input.industry_ids);
        check_links(unit.as_mut(), &mut violations, role, regions, industries).await?;
        violations.finish().map_err(AppError::Validation)?;

        let new = NewUser {
            username: input.username.trim().to_owned(),
            display_name: input.display_name.trim().to_owned(),
            role_code: input.role_code,
            password_hash: hash,
            status: UserStatus::Active,
            region_ids: input.region_ids,
            industry_ids: input.industry_ids,
        };
        let id = unit.insert_user(&new, now).await?;
        let user = unit
            .user_by_id(id)
            .await?
            .ok_or(AppError::NotFound(ENTITY))?;
        let change = AuditChange::of(ENTITY, id, "create").after(&user);
        record_audit(unit.as_mut(), caller, now, change).await?;
        unit.commit().await?;
        Ok(user)
    }
}
