//! Other systems' API keys: lookups by hash, uses, revocation and one live key per name.

use chrono::Duration;

use super::check::{CaseResult, Step, absent, conflict, duplicate, equal, found, ours};
use super::fixtures::{MISSING_ID, Staff, t0, time, write};
use super::{Case, case};
use crate::store::{ApiKeyRecord, NewApiKey, Store, UnitOfWork};

pub fn cases() -> Vec<Case> {
    vec![
        case!(api_key_round_trip_and_lookups),
        case!(api_key_use_and_revocation),
        case!(one_live_api_key_per_name),
        case!(api_keys_listed_live_first_then_by_name),
    ]
}

fn new_key(staff: &Staff, name: &str, n: u32) -> NewApiKey {
    NewApiKey {
        name: name.to_owned(),
        key_hash: format!("contract-{}-hash-{n}", staff.tag),
        prefix: format!("crm_{n:04}"),
        created_by: staff.manager,
        created_at: t0(),
    }
}

async fn key(unit: &mut dyn UnitOfWork, id: i64) -> Result<ApiKeyRecord, String> {
    found("api_key", unit.api_key(id).await.step("api_key")?)
}

/// Revokes a key at `t0` plus an hour.
async fn revoke(unit: &mut dyn UnitOfWork, id: i64) -> CaseResult {
    let mut record = key(unit, id).await?;
    let version = record.version;
    record.revoked_at = Some(t0() + Duration::hours(1));
    unit.update_api_key(&record, version)
        .await
        .step("update_api_key")
}

async fn api_key_round_trip_and_lookups(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let new = NewApiKey {
        created_at: time((2026, 3, 14), 12, 0, 0, 7),
        ..new_key(&staff, &format!("呼叫中心{}", staff.tag), 1)
    };
    let id = unit.insert_api_key(&new).await.step("insert_api_key")?;

    let loaded = key(unit.as_mut(), id).await?;
    let expected = ApiKeyRecord {
        id,
        name: new.name.clone(),
        key_hash: new.key_hash.clone(),
        prefix: new.prefix.clone(),
        created_by: staff.manager,
        created_at: new.created_at,
        revoked_at: None,
        last_used_at: None,
        version: loaded.version,
        created_by_name: staff.manager_name.clone(),
    };
    equal("api_key", &loaded, &expected)?;
    let by_hash = unit.api_key_by_hash(&new.key_hash).await;
    equal(
        "api_key_by_hash",
        &by_hash.step("api_key_by_hash")?,
        &Some(expected),
    )?;

    let unknown = unit
        .api_key_by_hash(&format!("contract-{}-none", staff.tag))
        .await;
    absent(
        "api_key_by_hash of an unknown hash",
        &unknown.step("api_key_by_hash")?,
    )?;
    let missing = unit.api_key(MISSING_ID).await.step("api_key")?;
    absent("api_key of an id never given", &missing)
}

async fn api_key_use_and_revocation(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let new = new_key(&staff, &format!("网店{}", staff.tag), 1);
    let id = unit.insert_api_key(&new).await.step("insert_api_key")?;
    let read = key(unit.as_mut(), id).await?;

    let used = time((2026, 3, 14), 13, 14, 15, 161_718);
    unit.touch_api_key(id, used).await.step("touch_api_key")?;
    let touched = key(unit.as_mut(), id).await?;
    equal(
        "last used after touch_api_key",
        &touched.last_used_at,
        &Some(used),
    )?;
    equal(
        "version after touch_api_key",
        &touched.version,
        &read.version,
    )?;

    let revoked_at = time((2026, 3, 15), 0, 0, 0, 1);
    let revoked = ApiKeyRecord {
        revoked_at: Some(revoked_at),
        ..touched.clone()
    };
    unit.update_api_key(&revoked, read.version)
        .await
        .step("update_api_key")?;
    let expected = ApiKeyRecord {
        version: read.version + 1,
        ..revoked.clone()
    };
    equal(
        "api key after update_api_key",
        &key(unit.as_mut(), id).await?,
        &expected,
    )?;

    conflict(
        "update_api_key with a stale version",
        unit.update_api_key(&touched, read.version).await,
    )?;
    equal(
        "api key after the refused update",
        &key(unit.as_mut(), id).await?,
        &expected,
    )
}

async fn one_live_api_key_per_name(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let name = format!("呼叫中心{}", staff.tag);
    let old = new_key(&staff, &name, 1);
    let old = unit.insert_api_key(&old).await.step("insert_api_key")?;
    revoke(unit.as_mut(), old).await?;

    // A rotated key takes the revoked one's name.
    let rotated = new_key(&staff, &name, 2);
    unit.insert_api_key(&rotated)
        .await
        .step("insert_api_key of a revoked key's name")?;
    let second_live = new_key(&staff, &name, 3);
    duplicate(
        "insert_api_key of a name with a live key",
        unit.insert_api_key(&second_live).await,
    )
}

async fn api_keys_listed_live_first_then_by_name(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    // Plain lower-case names: every backend orders them alike.
    let name = |letter: &str| format!("ct-{}-{letter}", staff.tag);
    let mut ids = Vec::new();
    for (n, letter, revoked) in [
        (1, "a", true),
        (2, "a", true),
        (3, "c", true),
        (4, "b", false),
        (5, "a", false),
    ] {
        let new = new_key(&staff, &name(letter), n);
        let id = unit.insert_api_key(&new).await.step("insert_api_key")?;
        if revoked {
            revoke(unit.as_mut(), id).await?;
        }
        ids.push(id);
    }

    let listed = unit.list_api_keys().await.step("list_api_keys")?;
    let listed = ours(&listed, |key| key.id, &ids);
    let expected = vec![ids[4], ids[3], ids[0], ids[1], ids[2]];
    equal(
        "list_api_keys (live by name, then revoked by name and id)",
        &listed,
        &expected,
    )
}
