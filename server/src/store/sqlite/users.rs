//! Users with their 负责地区 and 行业特长 on SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_shared::paging::Page;
use crm_shared::user::UserStatus;
use r2d2_sqlite::rusqlite::{self, Connection, Row, params};

use super::convert::{
    bad_code, contains_pattern, expect_one_row, optional_time_from_sql, time_from_sql, time_to_sql,
};
use super::unit::SqliteUnitOfWork;
use crate::store::{NewUser, StoreResult, UserFilter, UserRecord, UserStore};

const COLUMNS: &str = "id, username, display_name, role_code, password_hash, status, \
                       failed_logins, locked_until, created_at, version, \
                       (SELECT name FROM roles WHERE roles.code = users.role_code)";

fn user_from_row(row: &Row) -> rusqlite::Result<UserRecord> {
    let status: String = row.get(5)?;
    Ok(UserRecord {
        id: row.get(0)?,
        username: row.get(1)?,
        display_name: row.get(2)?,
        role_code: row.get(3)?,
        role_name: row.get::<_, Option<String>>(10)?.unwrap_or_default(),
        password_hash: row.get(4)?,
        status: UserStatus::from_code(&status).ok_or_else(|| bad_code("status", &status))?,
        region_ids: Vec::new(),
        industry_ids: Vec::new(),
        failed_logins: row.get(6)?,
        locked_until: optional_time_from_sql(row.get(7)?)?,
        created_at: time_from_sql(&row.get::<_, String>(8)?)?,
        version: row.get(9)?,
    })
}

/// Fills in the regions and industries of loaded users.
fn load_links(conn: &Connection, users: &mut [UserRecord]) -> rusqlite::Result<()> {
    let mut regions = conn
        .prepare_cached("SELECT item_id FROM user_regions WHERE user_id = ?1 ORDER BY item_id")?;
    let mut industries = conn.prepare_cached(
        "SELECT item_id FROM user_industries WHERE user_id = ?1 ORDER BY item_id",
    )?;
    for user in users {
        user.region_ids = regions
            .query_map([user.id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        user.industry_ids = industries
            .query_map([user.id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
    }
    Ok(())
}

fn write_links(
    conn: &Connection,
    id: i64,
    regions: &[i64],
    industries: &[i64],
) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM user_regions WHERE user_id = ?1", [id])?;
    conn.execute("DELETE FROM user_industries WHERE user_id = ?1", [id])?;
    for item in regions {
        conn.execute(
            "INSERT OR IGNORE INTO user_regions (user_id, item_id) VALUES (?1, ?2)",
            [id, *item],
        )?;
    }
    for item in industries {
        conn.execute(
            "INSERT OR IGNORE INTO user_industries (user_id, item_id) VALUES (?1, ?2)",
            [id, *item],
        )?;
    }
    Ok(())
}

fn one_user(
    conn: &Connection,
    clause: &str,
    value: rusqlite::types::Value,
) -> rusqlite::Result<Option<UserRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE {clause}");
    let mut found: Vec<UserRecord> = conn
        .prepare_cached(&sql)?
        .query_map([value], user_from_row)?
        .collect::<Result<_, _>>()?;
    load_links(conn, &mut found)?;
    Ok(found.pop())
}

#[async_trait]
impl UserStore for SqliteUnitOfWork {
    async fn user_by_id(&mut self, id: i64) -> StoreResult<Option<UserRecord>> {
        self.run(move |conn| one_user(conn, "id = ?1", id.into()))
            .await
    }

    async fn user_by_username(&mut self, username: &str) -> StoreResult<Option<UserRecord>> {
        let username = username.trim().to_owned();
        self.run(move |conn| one_user(conn, "username = ?1", username.into()))
            .await
    }

    async fn list_users(
        &mut self,
        filter: &UserFilter,
        page: Page,
    ) -> StoreResult<(Vec<UserRecord>, u64)> {
        let filter = filter.clone();
        self.run(move |conn| {
            let pattern = contains_pattern(filter.query.trim());
            let status = filter.status.map(UserStatus::code);
            let role = filter.role_code.clone();
            let condition = "(username LIKE ?1 ESCAPE '\\' OR display_name LIKE ?1 ESCAPE '\\')
                 AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR role_code = ?3)";
            let total: i64 = conn.query_row(
                &format!("SELECT COUNT(*) FROM users WHERE {condition}"),
                params![pattern, status, role],
                |row| row.get(0),
            )?;
            let sql = format!(
                "SELECT {COLUMNS} FROM users WHERE {condition} ORDER BY username, id
                 LIMIT ?4 OFFSET ?5"
            );
            let mut users: Vec<UserRecord> = conn
                .prepare_cached(&sql)?
                .query_map(
                    params![pattern, status, role, page.size, page.offset() as i64],
                    user_from_row,
                )?
                .collect::<Result<_, _>>()?;
            load_links(conn, &mut users)?;
            Ok((users, total as u64))
        })
        .await
    }

    async fn active_users_with_right(&mut self, right: &str) -> StoreResult<Vec<UserRecord>> {
        let right = right.to_owned();
        self.run(move |conn| {
            let sql = format!(
                "SELECT {COLUMNS} FROM users
                 WHERE status = 'active' AND role_code IN
                       (SELECT role_code FROM role_rights WHERE right_code = ?1)
                 ORDER BY display_name, id"
            );
            let mut users: Vec<UserRecord> = conn
                .prepare_cached(&sql)?
                .query_map([right], user_from_row)?
                .collect::<Result<_, _>>()?;
            load_links(conn, &mut users)?;
            Ok(users)
        })
        .await
    }

    async fn count_users(&mut self) -> StoreResult<u64> {
        self.run(|conn| conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get::<_, i64>(0)))
            .await
            .map(|n| n as u64)
    }

    async fn insert_user(&mut self, user: &NewUser, at: DateTime<Utc>) -> StoreResult<i64> {
        let user = user.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO users (username, display_name, role_code, password_hash, status,
                                    created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    user.username,
                    user.display_name,
                    user.role_code,
                    user.password_hash,
                    user.status.code(),
                    time_to_sql(at)
                ],
            )?;
            let id = conn.last_insert_rowid();
            write_links(conn, id, &user.region_ids, &user.industry_ids)?;
            Ok(id)
        })
        .await
    }

    async fn update_user(&mut self, user: &UserRecord, version: i64) -> StoreResult<()> {
        let user = user.clone();
        let changed = self
            .run(move |conn| {
                let changed = conn.execute(
                    "UPDATE users SET display_name = ?1, role_code = ?2, status = ?3,
                                      version = version + 1
                     WHERE id = ?4 AND version = ?5",
                    params![
                        user.display_name,
                        user.role_code,
                        user.status.code(),
                        user.id,
                        version
                    ],
                )?;
                if changed == 1 {
                    write_links(conn, user.id, &user.region_ids, &user.industry_ids)?;
                }
                Ok(changed)
            })
            .await?;
        expect_one_row(changed)
    }

    async fn set_password_hash(&mut self, id: i64, hash: &str) -> StoreResult<()> {
        let hash = hash.to_owned();
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "UPDATE users SET password_hash = ?1, version = version + 1 WHERE id = ?2",
                    params![hash, id],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn add_failed_login(&mut self, id: i64) -> StoreResult<u32> {
        self.run(move |conn| {
            conn.query_row(
                "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?1
                 RETURNING failed_logins",
                [id],
                |row| row.get(0),
            )
        })
        .await
    }

    async fn set_lock(&mut self, id: i64, until: Option<DateTime<Utc>>) -> StoreResult<()> {
        let until = until.map(time_to_sql);
        self.run(move |conn| {
            conn.execute(
                "UPDATE users SET locked_until = ?1, failed_logins = 0 WHERE id = ?2",
                params![until, id],
            )
        })
        .await
        .map(|_| ())
    }
}
