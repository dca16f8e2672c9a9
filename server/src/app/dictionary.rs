//! The data dictionary (DESIGN §2.5): everyone reads it (forms pick from it); only the
//! administrator writes. Built-in items cannot be deleted; an item in use is disabled instead.

use crm_shared::dictionary::{DictionaryType, NAME_MAX_CHARS};
use crm_shared::rights::Right;
use crm_shared::validation::{ViolationCode, Violations};

use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{Access, DictionaryItemRecord, NewDictionaryItem, UnitOfWork};

const ENTITY: &str = "dictionary_item";

/// What [`App::delete_dictionary_item`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Removal {
    Deleted,
    /// The item is in use and was disabled instead.
    Disabled,
}

impl App {
    pub async fn list_dictionary(
        &self,
        _caller: &Caller,
        kind: DictionaryType,
        include_disabled: bool,
    ) -> AppResult<Vec<DictionaryItemRecord>> {
        let mut unit = self.store.begin(Access::Read).await?;
        Ok(unit.list_dictionary(kind, include_disabled).await?)
    }

    pub async fn create_dictionary_item(
        &self,
        caller: &Caller,
        kind: DictionaryType,
        name: &str,
        sort_order: i32,
    ) -> AppResult<DictionaryItemRecord> {
        caller.require(Right::AdminDictionary)?;
        let name = name.trim();
        check_name(name)?;

        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        refuse_duplicate(unit.as_mut(), kind, name, None).await?;
        let sort_order = match sort_order {
            0 => unit.max_dictionary_sort_order(kind).await? + 1,
            given => given,
        };
        let new = NewDictionaryItem {
            kind,
            name: name.to_owned(),
            sort_order,
            built_in: false,
        };
        let id = unit.insert_dictionary_item(&new).await?;
        let item = unit
            .dictionary_item(id)
            .await?
            .ok_or(AppError::NotFound(ENTITY))?;
        let change = AuditChange::of(ENTITY, id, "create").after(&item);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(item)
    }

    pub async fn update_dictionary_item(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        name: &str,
        sort_order: i32,
        enabled: bool,
    ) -> AppResult<DictionaryItemRecord> {
        caller.require(Right::AdminDictionary)?;
        let name = name.trim();
        check_name(name)?;

        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = unit
            .dictionary_item(id)
            .await?
            .ok_or(AppError::NotFound(ENTITY))?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        refuse_duplicate(unit.as_mut(), old.kind, name, Some(id)).await?;
        let mut new = old.clone();
        new.name = name.to_owned();
        new.sort_order = sort_order;
        new.enabled = enabled;
        unit.update_dictionary_item(&new, version).await?;
        new.version = version + 1;
        let change = AuditChange::of(ENTITY, id, "update")
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(new)
    }

    pub async fn delete_dictionary_item(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
    ) -> AppResult<Removal> {
        caller.require(Right::AdminDictionary)?;
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = unit
            .dictionary_item(id)
            .await?
            .ok_or(AppError::NotFound(ENTITY))?;
        if old.built_in {
            return Err(AppError::Refused {
                code: "BUILT_IN",
                message: "内置项不能删除",
            });
        }
        if old.version != version {
            return Err(AppError::StaleVersion);
        }

        let removal = if unit.dictionary_item_usage(id).await? > 0 {
            let mut disabled = old.clone();
            disabled.enabled = false;
            unit.update_dictionary_item(&disabled, version).await?;
            disabled.version = version + 1;
            let change = AuditChange::of(ENTITY, id, "disable")
                .before(&old)
                .after(&disabled);
            record_audit(unit.as_mut(), Some(caller), now, change).await?;
            Removal::Disabled
        } else {
            unit.delete_dictionary_item(id, version).await?;
            let change = AuditChange::of(ENTITY, id, "delete").before(&old);
            record_audit(unit.as_mut(), Some(caller), now, change).await?;
            Removal::Deleted
        };
        unit.commit().await?;
        Ok(removal)
    }
}

fn check_name(name: &str) -> AppResult<()> {
    let mut violations = Violations::new();
    violations.required_text("name", name, NAME_MAX_CHARS);
    violations.finish().map_err(AppError::Validation)
}

/// Two items of one type may not share a name (`except` is the item being renamed).
async fn refuse_duplicate(
    unit: &mut dyn UnitOfWork,
    kind: DictionaryType,
    name: &str,
    except: Option<i64>,
) -> AppResult<()> {
    match unit.dictionary_item_by_name(kind, name).await? {
        Some(existing) if Some(existing.id) != except => {
            let mut violations = Violations::new();
            violations.add("name", ViolationCode::Duplicate, &[]);
            Err(AppError::Validation(violations.into_vec()))
        }
        _ => Ok(()),
    }
}
