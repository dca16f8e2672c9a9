//! Roles, rights and the role ↔ right matrix on SQL Server.

use std::collections::HashMap;

use async_trait::async_trait;

use super::convert::{Columns, Value};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{RightRecord, RoleRecord, RoleStore, StoreResult};

// Roles and rights list as they were added (the 角色权限 screen opens on the first seeded
// role), as SQLite's rowid order does.
statement!(LIST_ROLES = "SELECT code, name FROM roles ORDER BY position");

statement!(LIST_RIGHTS = "SELECT code, name FROM rights ORDER BY position");

statement!(ROLE = "SELECT code, name FROM roles WHERE code = @P1");

statement!(
    /// Every role's rights; the role's code is read from `roles`, so the pairs match the
    /// roles listed whatever case `role_rights` holds them in.
    ALL_ROLE_RIGHTS = "SELECT r.code, rr.right_code
         FROM roles r JOIN role_rights rr ON rr.role_code = r.code
         ORDER BY r.code, rr.right_code"
);

statement!(
    RIGHTS_OF_ROLE = "SELECT right_code FROM role_rights WHERE role_code = @P1
         ORDER BY right_code"
);

statement!(
    /// HOLDLOCK keeps the key range locked when the code is new, so two servers seeding at
    /// once queue instead of both inserting.
    UPSERT_RIGHT = "UPDATE rights WITH (HOLDLOCK) SET name = @P2 WHERE code = @P1;
         IF @@ROWCOUNT = 0
             INSERT INTO rights (code, name) VALUES (@P1, @P2);"
);

statement!(INSERT_ROLE = "INSERT INTO roles (code, name) VALUES (@P1, @P2)");

statement!(DELETE_ROLE_RIGHTS = "DELETE FROM role_rights WHERE role_code = @P1");

statement!(
    /// A right named twice is kept once.
    INSERT_ROLE_RIGHT = "INSERT INTO role_rights (role_code, right_code)
         SELECT @P1, @P2
         WHERE NOT EXISTS (SELECT 1 FROM role_rights WHERE role_code = @P1 AND right_code = @P2)"
);

fn code_and_name(row: &mut Columns) -> StoreResult<(String, String)> {
    Ok((row.text()?, row.text()?))
}

fn right_code(row: &mut Columns) -> StoreResult<String> {
    row.text()
}

#[async_trait]
impl RoleStore for MssqlUnitOfWork {
    async fn list_roles(&mut self) -> StoreResult<Vec<RoleRecord>> {
        let roles = self.list(&LIST_ROLES, &[], code_and_name).await?;
        let pairs = self.list(&ALL_ROLE_RIGHTS, &[], code_and_name).await?;
        let mut rights: HashMap<String, Vec<String>> = HashMap::new();
        for (role, right) in pairs {
            rights.entry(role).or_default().push(right);
        }
        Ok(roles
            .into_iter()
            .map(|(code, name)| RoleRecord {
                rights: rights.remove(&code).unwrap_or_default(),
                code,
                name,
            })
            .collect())
    }

    async fn role(&mut self, code: &str) -> StoreResult<Option<RoleRecord>> {
        let Some((code, name)) = self.one(&ROLE, &[Value::from(code)], code_and_name).await? else {
            return Ok(None);
        };
        let rights = self
            .list(&RIGHTS_OF_ROLE, &[Value::from(code.as_str())], right_code)
            .await?;
        Ok(Some(RoleRecord { code, name, rights }))
    }

    async fn list_rights(&mut self) -> StoreResult<Vec<RightRecord>> {
        let rights = self.list(&LIST_RIGHTS, &[], code_and_name).await?;
        Ok(rights
            .into_iter()
            .map(|(code, name)| RightRecord { code, name })
            .collect())
    }

    async fn upsert_right(&mut self, code: &str, name: &str) -> StoreResult<()> {
        self.execute(&UPSERT_RIGHT, &[Value::from(code), Value::from(name)])
            .await
    }

    async fn insert_role(&mut self, code: &str, name: &str) -> StoreResult<()> {
        self.execute(&INSERT_ROLE, &[Value::from(code), Value::from(name)])
            .await
    }

    async fn set_role_rights(&mut self, code: &str, rights: &[String]) -> StoreResult<()> {
        self.execute(&DELETE_ROLE_RIGHTS, &[Value::from(code)])
            .await?;
        for right in rights {
            let values = [Value::from(code), Value::from(right.as_str())];
            self.execute(&INSERT_ROLE_RIGHT, &values).await?;
        }
        Ok(())
    }
}
