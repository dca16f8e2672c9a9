//! API keys of other systems (DESIGN §4): the administrator creates one per system, names it
//! and revokes it; the integration interface accepts only keys in use. The secret is handed
//! out once and stored as a hash, like a session token.

use crm_shared::api_key;
use crm_shared::rights::Right;
use crm_shared::validation::{ViolationCode, Violations};

use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::auth::token::{new_token, token_hash};
use crate::error::{AppError, AppResult};
use crate::store::{Access, ApiKeyRecord, NewApiKey, UnitOfWork};

const ENTITY: &str = "api_key";

/// Every secret starts so, which tells a reader of a config file what it is.
const SECRET_PREFIX: &str = "crm_";

/// How often a key's last use is written down.
const USE_NOTED_EVERY: chrono::Duration = chrono::Duration::minutes(1);

/// How much of the secret the key list shows: enough to tell keys apart, too little to use.
const SHOWN_CHARS: usize = 8;

async fn load_key(unit: &mut dyn UnitOfWork, id: i64) -> AppResult<ApiKeyRecord> {
    unit.api_key(id).await?.ok_or(AppError::NotFound(ENTITY))
}

/// A new key's name: required, and no other key in use has it.
async fn check_name(unit: &mut dyn UnitOfWork, name: &str) -> AppResult<()> {
    api_key::check_name(name).map_err(AppError::Validation)?;
    let keys = unit.list_api_keys().await?;
    if keys
        .iter()
        .any(|k| k.revoked_at.is_none() && k.name == name)
    {
        let mut found = Violations::new();
        found.add("name", ViolationCode::Duplicate, &[]);
        return found.finish().map_err(AppError::Validation);
    }
    Ok(())
}

impl App {
    pub async fn list_api_keys(&self, caller: &Caller) -> AppResult<Vec<ApiKeyRecord>> {
        caller.require(Right::AdminUsers)?;
        let mut unit = self.store.begin(Access::Read).await?;
        Ok(unit.list_api_keys().await?)
    }

    /// The new key and its secret, which is not retrievable later.
    pub async fn create_api_key(
        &self,
        caller: &Caller,
        name: &str,
    ) -> AppResult<(ApiKeyRecord, String)> {
        caller.require(Right::AdminUsers)?;
        let name = name.trim();
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        check_name(unit.as_mut(), name).await?;
        let secret = format!("{SECRET_PREFIX}{}", new_token());
        let new = NewApiKey {
            name: name.to_owned(),
            key_hash: token_hash(&secret),
            prefix: secret.chars().take(SHOWN_CHARS).collect(),
            created_by: caller.user_id,
            created_at: now,
        };
        let id = unit.insert_api_key(&new).await?;
        let key = load_key(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "create").after(&key);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok((key, secret))
    }

    /// Revokes the key for good. Revoking a revoked key changes nothing.
    pub async fn revoke_api_key(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
    ) -> AppResult<ApiKeyRecord> {
        caller.require(Right::AdminUsers)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_key(unit.as_mut(), id).await?;
        if old.revoked_at.is_some() {
            return Ok(old);
        }
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        let revoked = ApiKeyRecord {
            revoked_at: Some(now),
            ..old.clone()
        };
        unit.update_api_key(&revoked, version).await?;
        let new = load_key(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "revoke")
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(new)
    }

    /// The key in use that `secret` is, noting its use; anything else is `UNAUTHENTICATED`.
    pub async fn authenticate_api_key(&self, secret: Option<&str>) -> AppResult<ApiKeyRecord> {
        let secret = secret.map(str::trim).unwrap_or_default();
        if secret.is_empty() {
            return Err(AppError::Unauthenticated);
        }
        let mut unit = self.store.begin(Access::Read).await?;
        let key = unit.api_key_by_hash(&token_hash(secret)).await?;
        drop(unit);
        let Some(key) = key.filter(|k| k.revoked_at.is_none()) else {
            return Err(AppError::Unauthenticated);
        };
        // Noting every call would take the write lock on every read; once a minute tells the
        // administrator just as well whether a system still uses its key.
        let now = self.clock.now();
        if key
            .last_used_at
            .is_none_or(|at| now - at >= USE_NOTED_EVERY)
        {
            let mut unit = self.store.begin(Access::Write).await?;
            unit.touch_api_key(key.id, now).await?;
            unit.commit().await?;
        }
        Ok(key)
    }
}
