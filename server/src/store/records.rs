//! The records the store interface loads and stores: plain data, no rules.

use chrono::{DateTime, Utc};
use crm_shared::dictionary::DictionaryType;
use crm_shared::user::UserStatus;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role_code: String,
    /// The role's name, read with the user so callers need no second query.
    #[serde(skip)]
    pub role_name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub status: UserStatus,
    pub region_ids: Vec<i64>,
    pub industry_ids: Vec<i64>,
    #[serde(skip)]
    pub failed_logins: u32,
    pub locked_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Clone, Debug)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role_code: String,
    pub password_hash: String,
    pub status: UserStatus,
    pub region_ids: Vec<i64>,
    pub industry_ids: Vec<i64>,
}

#[derive(Clone, Debug, Default)]
pub struct UserFilter {
    /// Part of the user name or display name.
    pub query: String,
    pub status: Option<UserStatus>,
    pub role_code: Option<String>,
}

#[derive(Clone, Debug)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: i64,
    pub remembered: bool,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct SessionRecord {
    pub id: i64,
    pub user_id: i64,
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleRecord {
    pub code: String,
    pub name: String,
    pub rights: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RightRecord {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DictionaryItemRecord {
    pub id: i64,
    #[serde(skip)]
    pub kind: DictionaryType,
    pub name: String,
    pub sort_order: i32,
    pub enabled: bool,
    pub built_in: bool,
    pub version: i64,
}

#[derive(Clone, Debug)]
pub struct NewDictionaryItem {
    pub kind: DictionaryType,
    pub name: String,
    pub sort_order: i32,
    pub built_in: bool,
}

#[derive(Clone, Debug)]
pub struct NewAuditEntry {
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub username: String,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    /// JSON of the record before and after the write.
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

#[derive(Clone, Debug)]
pub struct AuditRecord {
    pub id: i64,
    pub entry: NewAuditEntry,
}

#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub user_id: Option<i64>,
}
