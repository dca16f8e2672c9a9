//! Conversions between store records and `crm.v1` messages, in one place.

use chrono::{DateTime, Utc};
use crm_proto::v1 as pb;
use crm_shared::dictionary::DictionaryType;
use crm_shared::paging::Page;
use crm_shared::user::UserStatus;
use prost_types::Timestamp;

use crate::store::{ApiKeyRecord, AuditRecord, DictionaryItemRecord, RoleRecord, UserRecord};

pub fn timestamp(time: DateTime<Utc>) -> Timestamp {
    Timestamp {
        seconds: time.timestamp(),
        nanos: time.timestamp_subsec_nanos() as i32,
    }
}

pub fn page(request: Option<pb::PageRequest>) -> Page {
    let request = request.unwrap_or_default();
    Page::new(request.page, request.page_size)
}

pub fn dictionary_type(value: i32) -> Option<DictionaryType> {
    match pb::DictionaryType::try_from(value).ok()? {
        pb::DictionaryType::Region => Some(DictionaryType::Region),
        pb::DictionaryType::Industry => Some(DictionaryType::Industry),
        pb::DictionaryType::CustomerLevel => Some(DictionaryType::CustomerLevel),
        pb::DictionaryType::ServiceType => Some(DictionaryType::ServiceType),
        pb::DictionaryType::Unspecified => None,
    }
}

fn dictionary_type_to_pb(kind: DictionaryType) -> pb::DictionaryType {
    match kind {
        DictionaryType::Region => pb::DictionaryType::Region,
        DictionaryType::Industry => pb::DictionaryType::Industry,
        DictionaryType::CustomerLevel => pb::DictionaryType::CustomerLevel,
        DictionaryType::ServiceType => pb::DictionaryType::ServiceType,
    }
}

pub fn user_status(value: i32) -> Option<UserStatus> {
    match pb::UserStatus::try_from(value).ok()? {
        pb::UserStatus::Active => Some(UserStatus::Active),
        pb::UserStatus::Disabled => Some(UserStatus::Disabled),
        pb::UserStatus::Unspecified => None,
    }
}

fn user_status_to_pb(status: UserStatus) -> pb::UserStatus {
    match status {
        UserStatus::Active => pb::UserStatus::Active,
        UserStatus::Disabled => pb::UserStatus::Disabled,
    }
}

pub fn dictionary_item(item: DictionaryItemRecord) -> pb::DictionaryItem {
    pb::DictionaryItem {
        id: item.id,
        r#type: dictionary_type_to_pb(item.kind).into(),
        name: item.name,
        sort_order: item.sort_order,
        enabled: item.enabled,
        built_in: item.built_in,
        version: item.version,
    }
}

pub fn user(user: UserRecord) -> pb::User {
    pb::User {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        role: user.role_code,
        role_name: user.role_name,
        status: user_status_to_pb(user.status).into(),
        region_ids: user.region_ids,
        industry_ids: user.industry_ids,
        locked_until: user
            .locked_until
            .filter(|until| *until > Utc::now())
            .map(timestamp),
        version: user.version,
    }
}

pub fn role(role: RoleRecord) -> pb::Role {
    pb::Role {
        code: role.code,
        name: role.name,
        rights: role.rights,
    }
}

pub fn audit_entry(record: AuditRecord) -> pb::AuditEntry {
    let entry = record.entry;
    pb::AuditEntry {
        id: record.id,
        at: Some(timestamp(entry.at)),
        user_id: entry.user_id.unwrap_or_default(),
        username: entry.username,
        entity: entry.entity,
        entity_id: entry.entity_id,
        action: entry.action,
        old_value: entry.old_value.unwrap_or_default(),
        new_value: entry.new_value.unwrap_or_default(),
    }
}

pub fn api_key(key: ApiKeyRecord) -> pb::ApiKey {
    pb::ApiKey {
        id: key.id,
        name: key.name,
        prefix: key.prefix,
        created_by_name: key.created_by_name,
        created_at: Some(timestamp(key.created_at)),
        revoked_at: key.revoked_at.map(timestamp),
        last_used_at: key.last_used_at.map(timestamp),
        version: key.version,
    }
}
