//! Users (lookups, lists, the login state) and login sessions.

use chrono::{DateTime, Duration, Utc};
use crm_shared::dictionary::DictionaryType;
use crm_shared::user::UserStatus;

use super::check::{CaseResult, Step, absent, conflict, duplicate, equal, found};
use super::fixtures::{MISSING_ID, Staff, new_user, page, t0, time, write};
use super::{Case, case};
use crate::store::{NewSession, Store, UnitOfWork, UserFilter, UserRecord};

pub fn cases() -> Vec<Case> {
    vec![
        case!(user_fields_round_trip),
        case!(user_names_are_unique_and_case_insensitive),
        case!(user_update_checks_version),
        case!(users_listed_by_name_with_filters_and_pages),
        case!(active_users_with_right_by_display_name),
        case!(login_state_round_trip),
        case!(sessions_live_until_expiry_or_revocation),
        case!(revoking_user_sessions_keeps_the_one_asked),
    ]
}

async fn user_fields_round_trip(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let north = staff
        .item(unit.as_mut(), DictionaryType::Region, "华北")
        .await?;
    let east = staff
        .item(unit.as_mut(), DictionaryType::Region, "华东")
        .await?;
    let retail = staff
        .item(unit.as_mut(), DictionaryType::Industry, "零售")
        .await?;
    let before = unit.count_users().await.step("count_users")?;

    let at = time((2026, 2, 28), 23, 59, 59, 999_999);
    let display_name = format!("王小明{}", staff.tag);
    let mut new = new_user(&staff.username("round"), &display_name, &staff.role);
    new.status = UserStatus::Disabled;
    new.region_ids = vec![north, east];
    new.industry_ids = vec![retail];
    let id = unit.insert_user(&new, at).await.step("insert_user")?;

    let loaded = unit.user_by_id(id).await.step("user_by_id")?;
    let loaded = found("user_by_id", loaded)?;
    let expected = UserRecord {
        id,
        username: new.username.clone(),
        display_name,
        role_code: staff.role.clone(),
        role_name: staff.role_name.clone(),
        password_hash: new.password_hash.clone(),
        status: UserStatus::Disabled,
        region_ids: vec![north, east],
        industry_ids: vec![retail],
        failed_logins: 0,
        locked_until: None,
        created_at: at,
        version: loaded.version,
    };
    equal("user_by_id", &loaded, &expected)?;
    let by_name = unit.user_by_username(&new.username).await;
    equal(
        "user_by_username",
        &by_name.step("user_by_username")?,
        &Some(expected),
    )?;

    let missing = unit.user_by_id(MISSING_ID).await.step("user_by_id")?;
    absent("user_by_id of an id never given", &missing)?;
    let unknown = unit.user_by_username(&staff.username("nobody")).await;
    absent(
        "user_by_username of an unknown name",
        &unknown.step("user_by_username")?,
    )?;
    let after = unit.count_users().await.step("count_users")?;
    equal("count_users after one insert", &after, &(before + 1))
}

async fn user_names_are_unique_and_case_insensitive(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let name = staff.username("Wang");
    let user = new_user(&name, "王", &staff.role);
    let id = unit.insert_user(&user, t0()).await.step("insert_user")?;

    for typed in [name.to_uppercase(), name.to_lowercase()] {
        let what = format!("user_by_username({typed:?})");
        let user = found(&what, unit.user_by_username(&typed).await.step(&what)?)?;
        equal(&what, &user.id, &id)?;
        equal("the stored user name", &user.username, &name)?;
    }

    let again = new_user(&name.to_lowercase(), "王二", &staff.role);
    duplicate(
        "insert_user of a name differing only in case",
        unit.insert_user(&again, t0()).await,
    )
}

async fn user_update_checks_version(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let other_role = format!("{}-2", staff.role);
    let other_role_name = format!("销售主管{}", staff.tag);
    unit.insert_role(&other_role, &other_role_name)
        .await
        .step("insert_role")?;
    let north = staff
        .item(unit.as_mut(), DictionaryType::Region, "华北")
        .await?;
    let south = staff
        .item(unit.as_mut(), DictionaryType::Region, "华南")
        .await?;
    let finance = staff
        .item(unit.as_mut(), DictionaryType::Industry, "金融")
        .await?;
    let mut new = new_user(&staff.username("edit"), "张三", &staff.role);
    new.region_ids = vec![north];
    let id = unit.insert_user(&new, t0()).await.step("insert_user")?;
    let read = found("user_by_id", unit.user_by_id(id).await.step("user_by_id")?)?;

    let mut changed = read.clone();
    changed.display_name = format!("李四{}", staff.tag);
    changed.role_code = other_role;
    changed.status = UserStatus::Disabled;
    changed.region_ids = vec![south];
    changed.industry_ids = vec![finance];
    unit.update_user(&changed, read.version)
        .await
        .step("update_user")?;
    let expected = UserRecord {
        role_name: other_role_name,
        version: read.version + 1,
        ..changed.clone()
    };
    let updated = unit.user_by_id(id).await.step("user_by_id")?;
    equal("user after update_user", &updated, &Some(expected.clone()))?;

    let mut stale = changed;
    stale.display_name = "过期的修改".into();
    conflict(
        "update_user with the version read before the last update",
        unit.update_user(&stale, read.version).await,
    )?;
    let kept = unit.user_by_id(id).await.step("user_by_id")?;
    equal("user after the refused update", &kept, &Some(expected))
}

async fn users_listed_by_name_with_filters_and_pages(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let tag = &staff.tag;
    let other_role = format!("{}-2", staff.role);
    unit.insert_role(&other_role, "客服")
        .await
        .step("insert_role")?;
    // `B` before `a` in byte order, after it in the case-insensitive order users expect.
    let b = staff
        .user(unit.as_mut(), "B", &format!("员工乙{tag}"))
        .await?;
    let mut disabled = new_user(&staff.username("a"), &format!("员工甲{tag}"), &staff.role);
    disabled.status = UserStatus::Disabled;
    let a = unit
        .insert_user(&disabled, t0())
        .await
        .step("insert_user")?;
    let service = new_user(&staff.username("c"), &format!("员工丙{tag}"), &other_role);
    let c = unit.insert_user(&service, t0()).await.step("insert_user")?;
    let m = staff.manager;

    let by_tag = UserFilter {
        query: tag.clone(),
        ..UserFilter::default()
    };
    let checks = [
        (
            "the case's users",
            by_tag.clone(),
            (1, 10),
            vec![a, b, c, m],
            4,
        ),
        ("page 1 of 2", by_tag.clone(), (1, 2), vec![a, b], 4),
        ("page 2 of 2", by_tag.clone(), (2, 2), vec![c, m], 4),
        ("past the last page", by_tag.clone(), (3, 2), vec![], 4),
        (
            "停用 users",
            UserFilter {
                status: Some(UserStatus::Disabled),
                ..by_tag.clone()
            },
            (1, 10),
            vec![a],
            1,
        ),
        (
            "users of a role",
            UserFilter {
                role_code: Some(other_role.clone()),
                ..by_tag.clone()
            },
            (1, 10),
            vec![c],
            1,
        ),
        (
            "正常 users of a role",
            UserFilter {
                status: Some(UserStatus::Active),
                role_code: Some(staff.role.clone()),
                ..by_tag.clone()
            },
            (1, 10),
            vec![b, m],
            2,
        ),
        (
            "part of a display name",
            UserFilter {
                query: format!("丙{tag}"),
                ..UserFilter::default()
            },
            (1, 10),
            vec![c],
            1,
        ),
    ];
    for (what, filter, (number, size), ids, total) in checks {
        let listed = unit.list_users(&filter, page(number, size)).await;
        let (users, count) = listed.step("list_users")?;
        let listed: Vec<i64> = users.iter().map(|user| user.id).collect();
        equal(&format!("list_users, {what}: ids"), &listed, &ids)?;
        equal(&format!("list_users, {what}: total"), &count, &total)?;
    }
    Ok(())
}

async fn active_users_with_right_by_display_name(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let tag = &staff.tag;
    let right = format!("ct.{tag}.assign");
    unit.upsert_right(&right, "指派")
        .await
        .step("upsert_right")?;
    let holder = format!("{}-r", staff.role);
    unit.insert_role(&holder, "主管")
        .await
        .step("insert_role")?;
    unit.set_role_rights(&holder, std::slice::from_ref(&right))
        .await
        .step("set_role_rights")?;

    let mut ids = Vec::new();
    for (suffix, display_name, status) in [
        ("b", "ct b", UserStatus::Active),
        ("a", "ct a", UserStatus::Active),
        ("c", "ct c", UserStatus::Disabled),
    ] {
        let mut user = new_user(
            &staff.username(suffix),
            &format!("{display_name} {tag}"),
            &holder,
        );
        user.status = status;
        ids.push(unit.insert_user(&user, t0()).await.step("insert_user")?);
    }
    let found = unit.active_users_with_right(&right).await;
    let listed: Vec<i64> = found
        .step("active_users_with_right")?
        .iter()
        .map(|user| user.id)
        .collect();
    // The manager's role lacks the right, and the third user is 停用.
    equal("active_users_with_right", &listed, &vec![ids[1], ids[0]])
}

async fn login_state_round_trip(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let id = staff.manager;
    let read = found("user_by_id", unit.user_by_id(id).await.step("user_by_id")?)?;

    unit.set_password_hash(id, "$argon2id$v=19$changed")
        .await
        .step("set_password_hash")?;
    let user = reload(unit.as_mut(), id).await?;
    equal(
        "password hash",
        &user.password_hash.as_str(),
        &"$argon2id$v=19$changed",
    )?;
    equal(
        "version after set_password_hash",
        &user.version,
        &(read.version + 1),
    )?;

    for expected in [1, 2] {
        let count = unit.add_failed_login(id).await.step("add_failed_login")?;
        equal("add_failed_login's new count", &count, &expected)?;
    }
    equal(
        "failed logins",
        &reload(unit.as_mut(), id).await?.failed_logins,
        &2,
    )?;

    let until = time((2026, 3, 14), 9, 41, 53, 589_793);
    unit.set_lock(id, Some(until)).await.step("set_lock")?;
    let locked = reload(unit.as_mut(), id).await?;
    equal("locked until", &locked.locked_until, &Some(until))?;
    equal("failed logins after set_lock", &locked.failed_logins, &0)?;

    unit.add_failed_login(id).await.step("add_failed_login")?;
    unit.set_lock(id, None).await.step("set_lock(None)")?;
    let unlocked = reload(unit.as_mut(), id).await?;
    equal(
        "locked until after set_lock(None)",
        &unlocked.locked_until,
        &None,
    )?;
    equal(
        "failed logins after set_lock(None)",
        &unlocked.failed_logins,
        &0,
    )?;
    // Logins are not edits: an administrator's open edit must not conflict with them.
    equal(
        "version after logins and locks",
        &unlocked.version,
        &(read.version + 1),
    )
}

async fn reload(unit: &mut dyn UnitOfWork, id: i64) -> Result<UserRecord, String> {
    found("user_by_id", unit.user_by_id(id).await.step("user_by_id")?)
}

fn session(user_id: i64, token_hash: &str, expires_at: DateTime<Utc>) -> NewSession {
    NewSession {
        token_hash: token_hash.to_owned(),
        user_id,
        remembered: true,
        created_at: t0(),
        expires_at,
    }
}

/// The live session of a token as (id, user, expiry), or `None`.
async fn live(
    unit: &mut dyn UnitOfWork,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i64, i64, DateTime<Utc>)>, String> {
    let session = unit.live_session(token_hash, now).await;
    let session = session.step("live_session")?;
    Ok(session.map(|s| (s.id, s.user_id, s.expires_at)))
}

async fn sessions_live_until_expiry_or_revocation(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let token = format!("contract-{}-token", staff.tag);
    let expires = t0() + Duration::hours(8);
    let new = session(staff.manager, &token, expires);
    let id = unit.insert_session(&new).await.step("insert_session")?;

    let session = Some((id, staff.manager, expires));
    equal(
        "live_session at its start",
        &live(unit.as_mut(), &token, t0()).await?,
        &session,
    )?;
    let last = expires - Duration::microseconds(1);
    equal(
        "live_session a microsecond before expiry",
        &live(unit.as_mut(), &token, last).await?,
        &session,
    )?;
    equal(
        "live_session at its expiry",
        &live(unit.as_mut(), &token, expires).await?,
        &None,
    )?;
    let unknown = format!("contract-{}-unknown", staff.tag);
    equal(
        "live_session of an unknown token",
        &live(unit.as_mut(), &unknown, t0()).await?,
        &None,
    )?;

    unit.revoke_session(id, t0() + Duration::hours(1))
        .await
        .step("revoke_session")?;
    let later = t0() + Duration::hours(2);
    equal(
        "live_session after revoke_session",
        &live(unit.as_mut(), &token, later).await?,
        &None,
    )
}

async fn revoking_user_sessions_keeps_the_one_asked(store: &dyn Store) -> CaseResult {
    let mut unit = write(store).await?;
    let staff = Staff::new(unit.as_mut()).await?;
    let other = staff.user(unit.as_mut(), "other", "其他用户").await?;
    let expires = t0() + Duration::days(7);
    let at = t0() + Duration::minutes(5);
    let token = |n: u32| format!("contract-{}-token-{n}", staff.tag);
    let mut ids = Vec::new();
    for (n, user) in [
        (1, staff.manager),
        (2, staff.manager),
        (3, staff.manager),
        (4, staff.manager),
        (5, other),
    ] {
        let new = session(user, &token(n), expires);
        ids.push(unit.insert_session(&new).await.step("insert_session")?);
    }
    unit.revoke_session(ids[3], at)
        .await
        .step("revoke_session")?;

    let revoked = unit
        .revoke_user_sessions(staff.manager, Some(ids[1]), at)
        .await;
    equal(
        "revoke_user_sessions keeping one: sessions revoked",
        &revoked.step("revoke_user_sessions")?,
        &2,
    )?;
    for (n, alive) in [(1, false), (2, true), (3, false), (5, true)] {
        let session = live(unit.as_mut(), &token(n), at).await?;
        equal(&format!("session {n} is live"), &session.is_some(), &alive)?;
    }

    let revoked = unit.revoke_user_sessions(staff.manager, None, at).await;
    equal(
        "revoke_user_sessions of the rest",
        &revoked.step("revoke_user_sessions")?,
        &1,
    )?;
    let kept = live(unit.as_mut(), &token(2), at).await?;
    equal(
        "the kept session after revoking all",
        &kept.is_some(),
        &false,
    )?;
    let others = live(unit.as_mut(), &token(5), at).await?;
    equal("another user's session", &others.is_some(), &true)
}
