//! Roles, rights and the role ↔ right matrix on SQLite.

use async_trait::async_trait;
use r2d2_sqlite::rusqlite::{self, Connection, OptionalExtension, params};

use super::unit::SqliteUnitOfWork;
use crate::store::{RightRecord, RoleRecord, RoleStore, StoreResult};

fn rights_of(conn: &Connection, role: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT right_code FROM role_rights WHERE role_code = ?1 ORDER BY right_code",
    )?
    .query_map([role], |row| row.get(0))?
    .collect()
}

#[async_trait]
impl RoleStore for SqliteUnitOfWork {
    async fn list_roles(&mut self) -> StoreResult<Vec<RoleRecord>> {
        self.run(|conn| {
            let mut roles: Vec<RoleRecord> = conn
                .prepare_cached("SELECT code, name FROM roles ORDER BY rowid")?
                .query_map([], |row| {
                    Ok(RoleRecord {
                        code: row.get(0)?,
                        name: row.get(1)?,
                        rights: Vec::new(),
                    })
                })?
                .collect::<Result<_, _>>()?;
            for role in &mut roles {
                role.rights = rights_of(conn, &role.code)?;
            }
            Ok(roles)
        })
        .await
    }

    async fn role(&mut self, code: &str) -> StoreResult<Option<RoleRecord>> {
        let code = code.to_owned();
        self.run(move |conn| {
            let name: Option<String> = conn
                .query_row("SELECT name FROM roles WHERE code = ?1", [&code], |row| {
                    row.get(0)
                })
                .optional()?;
            let Some(name) = name else { return Ok(None) };
            let rights = rights_of(conn, &code)?;
            Ok(Some(RoleRecord { code, name, rights }))
        })
        .await
    }

    async fn list_rights(&mut self) -> StoreResult<Vec<RightRecord>> {
        self.run(|conn| {
            conn.prepare_cached("SELECT code, name FROM rights ORDER BY rowid")?
                .query_map([], |row| {
                    Ok(RightRecord {
                        code: row.get(0)?,
                        name: row.get(1)?,
                    })
                })?
                .collect()
        })
        .await
    }

    async fn upsert_right(&mut self, code: &str, name: &str) -> StoreResult<()> {
        let (code, name) = (code.to_owned(), name.to_owned());
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO rights (code, name) VALUES (?1, ?2)
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name",
                params![code, name],
            )
        })
        .await
        .map(|_| ())
    }

    async fn insert_role(&mut self, code: &str, name: &str) -> StoreResult<()> {
        let (code, name) = (code.to_owned(), name.to_owned());
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO roles (code, name) VALUES (?1, ?2)",
                params![code, name],
            )
        })
        .await
        .map(|_| ())
    }

    async fn set_role_rights(&mut self, code: &str, rights: &[String]) -> StoreResult<()> {
        let code = code.to_owned();
        let rights = rights.to_vec();
        self.run(move |conn| {
            conn.execute("DELETE FROM role_rights WHERE role_code = ?1", [&code])?;
            for right in &rights {
                conn.execute(
                    "INSERT OR IGNORE INTO role_rights (role_code, right_code) VALUES (?1, ?2)",
                    params![code, right],
                )?;
            }
            Ok(())
        })
        .await
    }
}
