//! Users with their 负责地区 and 行业特长 on SQL Server. User names compare without case
//! through the column's `Chinese_PRC_CI_AS` collation, as SQLite's `NOCASE` does.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_shared::paging::Page;
use crm_shared::user::UserStatus;

use super::convert::{Columns, Value, bad_code, contains_pattern, expect_one_row, page_values};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{NewUser, StoreError, StoreResult, UserFilter, UserRecord, UserStore};

/// The columns `user_from_row` reads, from `users u` and `roles r`. The item ids of a user's
/// regions and industries come as one text each ("3,7,12", concatenated by `FOR XML PATH`,
/// which SQL Server 2012 has), so a page of users is one query rather than two more per user.
macro_rules! user_columns {
    () => {
        "u.id, u.username, u.display_name, u.role_code, u.password_hash, u.status,
         u.failed_logins, u.locked_until, u.created_at, u.version, r.name,
         STUFF((SELECT N',' + CAST(ur.item_id AS NVARCHAR(20))
                FROM user_regions ur WHERE ur.user_id = u.id
                ORDER BY ur.item_id FOR XML PATH('')), 1, 1, N''),
         STUFF((SELECT N',' + CAST(ui.item_id AS NVARCHAR(20))
                FROM user_industries ui WHERE ui.user_id = u.id
                ORDER BY ui.item_id FOR XML PATH('')), 1, 1, N'')"
    };
}

statement!(
    USER_BY_ID = concat!(
        "SELECT ",
        user_columns!(),
        " FROM users u LEFT JOIN roles r ON r.code = u.role_code
         WHERE u.id = @P1"
    )
);

statement!(
    USER_BY_USERNAME = concat!(
        "SELECT ",
        user_columns!(),
        " FROM users u LEFT JOIN roles r ON r.code = u.role_code
         WHERE u.username = @P1"
    )
);

statement!(
    COUNT_FILTERED_USERS = "SELECT COUNT(*) FROM users
         WHERE (username LIKE @P1 ESCAPE '\\' OR display_name LIKE @P1 ESCAPE '\\')
           AND (@P2 IS NULL OR status = @P2) AND (@P3 IS NULL OR role_code = @P3)"
);

statement!(
    LIST_USERS = recompiled concat!(
        "SELECT ",
        user_columns!(),
        " FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY username, id) AS row_no
               FROM users
               WHERE (username LIKE @P1 ESCAPE '\\' OR display_name LIKE @P1 ESCAPE '\\')
                 AND (@P2 IS NULL OR status = @P2) AND (@P3 IS NULL OR role_code = @P3)) AS u
           LEFT JOIN roles r ON r.code = u.role_code
         WHERE u.row_no > @P4 AND u.row_no <= @P4 + @P5
         ORDER BY u.row_no"
    )
);

statement!(
    ACTIVE_USERS_WITH_RIGHT = concat!(
        "SELECT ",
        user_columns!(),
        " FROM users u LEFT JOIN roles r ON r.code = u.role_code
         WHERE u.status = N'active'
           AND u.role_code IN (SELECT rr.role_code FROM role_rights rr
                               WHERE rr.right_code = @P1)
         ORDER BY u.display_name, u.id"
    )
);

statement!(COUNT_USERS = "SELECT COUNT(*) FROM users");

statement!(
    INSERT_USER = "INSERT INTO users (username, display_name, role_code, password_hash, status,
                                       created_at)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5, @P6)"
);

statement!(
    UPDATE_USER = "UPDATE users SET display_name = @P1, role_code = @P2, status = @P3,
                                     version = version + 1
         WHERE id = @P4 AND version = @P5;
         SELECT @@ROWCOUNT AS changed"
);

statement!(
    DELETE_USER_LINKS = "DELETE FROM user_regions WHERE user_id = @P1;
         DELETE FROM user_industries WHERE user_id = @P1"
);

statement!(
    /// A region named twice is kept once.
    INSERT_USER_REGION = "INSERT INTO user_regions (user_id, item_id)
         SELECT @P1, @P2
         WHERE NOT EXISTS (SELECT 1 FROM user_regions WHERE user_id = @P1 AND item_id = @P2)"
);

statement!(
    /// An industry named twice is kept once.
    INSERT_USER_INDUSTRY = "INSERT INTO user_industries (user_id, item_id)
         SELECT @P1, @P2
         WHERE NOT EXISTS (SELECT 1 FROM user_industries WHERE user_id = @P1 AND item_id = @P2)"
);

statement!(
    SET_PASSWORD_HASH = "UPDATE users SET password_hash = @P1, version = version + 1
         WHERE id = @P2;
         SELECT @@ROWCOUNT AS changed"
);

statement!(
    ADD_FAILED_LOGIN = "UPDATE users SET failed_logins = failed_logins + 1
         OUTPUT INSERTED.failed_logins
         WHERE id = @P1"
);

statement!(SET_LOCK = "UPDATE users SET locked_until = @P1, failed_logins = 0 WHERE id = @P2");

fn user_from_row(row: &mut Columns) -> StoreResult<UserRecord> {
    let id = row.i64()?;
    let username = row.text()?;
    let display_name = row.text()?;
    let role_code = row.text()?;
    let password_hash = row.text()?;
    let status = row.text()?;
    let status = UserStatus::from_code(&status).ok_or_else(|| bad_code("status", &status))?;
    Ok(UserRecord {
        id,
        username,
        display_name,
        role_code,
        password_hash,
        status,
        failed_logins: row.u32()?,
        locked_until: row.opt_time()?,
        created_at: row.time()?,
        version: row.i64()?,
        role_name: row.opt_text()?.unwrap_or_default(),
        region_ids: id_list(row.opt_text()?, "region")?,
        industry_ids: id_list(row.opt_text()?, "industry")?,
    })
}

/// The ids of a `FOR XML PATH` list: NULL when the user has none.
fn id_list(text: Option<String>, kind: &str) -> StoreResult<Vec<i64>> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(|id| {
            id.parse().map_err(|_| {
                StoreError::Failed(format!("bad {kind} id {id:?} in a user's list {text:?}"))
            })
        })
        .collect()
}

/// Replaces the user's regions and industries.
async fn write_links(
    unit: &mut MssqlUnitOfWork,
    id: i64,
    regions: &[i64],
    industries: &[i64],
) -> StoreResult<()> {
    unit.execute(&DELETE_USER_LINKS, &[Value::from(id)]).await?;
    for &item in regions {
        let values = [Value::from(id), Value::from(item)];
        unit.execute(&INSERT_USER_REGION, &values).await?;
    }
    for &item in industries {
        let values = [Value::from(id), Value::from(item)];
        unit.execute(&INSERT_USER_INDUSTRY, &values).await?;
    }
    Ok(())
}

#[async_trait]
impl UserStore for MssqlUnitOfWork {
    async fn user_by_id(&mut self, id: i64) -> StoreResult<Option<UserRecord>> {
        self.one(&USER_BY_ID, &[Value::from(id)], user_from_row)
            .await
    }

    async fn user_by_username(&mut self, username: &str) -> StoreResult<Option<UserRecord>> {
        let values = [Value::from(username.trim())];
        self.one(&USER_BY_USERNAME, &values, user_from_row).await
    }

    async fn list_users(
        &mut self,
        filter: &UserFilter,
        page: Page,
    ) -> StoreResult<(Vec<UserRecord>, u64)> {
        let mut values = vec![
            Value::from(contains_pattern(filter.query.trim())),
            Value::from(filter.status.map(|s| s.code().to_owned())),
            Value::from(filter.role_code.clone()),
        ];
        let total = self.scalar(&COUNT_FILTERED_USERS, &values).await?;
        values.extend(page_values(page));
        let users = self.list(&LIST_USERS, &values, user_from_row).await?;
        Ok((users, total as u64))
    }

    async fn count_users(&mut self) -> StoreResult<u64> {
        Ok(self.scalar(&COUNT_USERS, &[]).await? as u64)
    }

    async fn active_users_with_right(&mut self, right: &str) -> StoreResult<Vec<UserRecord>> {
        let values = [Value::from(right)];
        self.list(&ACTIVE_USERS_WITH_RIGHT, &values, user_from_row)
            .await
    }

    async fn insert_user(&mut self, user: &NewUser, at: DateTime<Utc>) -> StoreResult<i64> {
        let values = [
            Value::from(user.username.as_str()),
            Value::from(user.display_name.as_str()),
            Value::from(user.role_code.as_str()),
            Value::from(user.password_hash.as_str()),
            Value::from(user.status.code()),
            Value::from(at),
        ];
        let id = self.scalar(&INSERT_USER, &values).await?;
        write_links(self, id, &user.region_ids, &user.industry_ids).await?;
        Ok(id)
    }

    async fn update_user(&mut self, user: &UserRecord, version: i64) -> StoreResult<()> {
        let values = [
            Value::from(user.display_name.as_str()),
            Value::from(user.role_code.as_str()),
            Value::from(user.status.code()),
            Value::from(user.id),
            Value::from(version),
        ];
        let changed = self.scalar(&UPDATE_USER, &values).await?;
        if changed == 1 {
            write_links(self, user.id, &user.region_ids, &user.industry_ids).await?;
        }
        expect_one_row(changed)
    }

    async fn set_password_hash(&mut self, id: i64, hash: &str) -> StoreResult<()> {
        let values = [Value::from(hash), Value::from(id)];
        let changed = self.scalar(&SET_PASSWORD_HASH, &values).await?;
        expect_one_row(changed)
    }

    async fn add_failed_login(&mut self, id: i64) -> StoreResult<u32> {
        self.one(&ADD_FAILED_LOGIN, &[Value::from(id)], |row| row.u32())
            .await?
            .ok_or_else(|| StoreError::Failed(format!("no user {id} to count a failed login of")))
    }

    async fn set_lock(&mut self, id: i64, until: Option<DateTime<Utc>>) -> StoreResult<()> {
        self.execute(&SET_LOCK, &[Value::from(until), Value::from(id)])
            .await
    }
}
