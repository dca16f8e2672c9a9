//! Other systems' API keys on SQLite: only the secrets' hashes are stored.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Row, params};

use super::convert::{expect_one_row, optional_time_from_sql, time_from_sql, time_to_sql};
use super::unit::SqliteUnitOfWork;
use crate::store::{ApiKeyRecord, ApiKeyStore, NewApiKey, StoreResult};

const SELECT: &str = "SELECT k.id, k.name, k.key_hash, k.prefix, k.created_by, k.created_at,
         k.revoked_at, k.last_used_at, k.version, u.display_name
     FROM api_keys k JOIN users u ON u.id = k.created_by";

fn api_key_from_row(row: &Row) -> rusqlite::Result<ApiKeyRecord> {
    Ok(ApiKeyRecord {
        id: row.get(0)?,
        name: row.get(1)?,
        key_hash: row.get(2)?,
        prefix: row.get(3)?,
        created_by: row.get(4)?,
        created_at: time_from_sql(&row.get::<_, String>(5)?)?,
        revoked_at: optional_time_from_sql(row.get(6)?)?,
        last_used_at: optional_time_from_sql(row.get(7)?)?,
        version: row.get(8)?,
        created_by_name: row.get(9)?,
    })
}

impl SqliteUnitOfWork {
    async fn api_key_where(
        &mut self,
        condition: &'static str,
        value: rusqlite::types::Value,
    ) -> StoreResult<Option<ApiKeyRecord>> {
        self.run(move |conn| {
            let mut found = conn
                .prepare_cached(&format!("{SELECT} WHERE {condition}"))?
                .query_map([value], api_key_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(found.pop())
        })
        .await
    }
}

#[async_trait]
impl ApiKeyStore for SqliteUnitOfWork {
    async fn list_api_keys(&mut self) -> StoreResult<Vec<ApiKeyRecord>> {
        self.run(|conn| {
            let sql = format!("{SELECT} ORDER BY k.revoked_at IS NOT NULL, k.name, k.id");
            conn.prepare_cached(&sql)?
                .query_map([], api_key_from_row)?
                .collect()
        })
        .await
    }

    async fn api_key(&mut self, id: i64) -> StoreResult<Option<ApiKeyRecord>> {
        self.api_key_where("k.id = ?1", id.into()).await
    }

    async fn api_key_by_hash(&mut self, key_hash: &str) -> StoreResult<Option<ApiKeyRecord>> {
        self.api_key_where("k.key_hash = ?1", key_hash.to_owned().into())
            .await
    }

    async fn insert_api_key(&mut self, new: &NewApiKey) -> StoreResult<i64> {
        let new = new.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO api_keys (name, key_hash, prefix, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    new.name,
                    new.key_hash,
                    new.prefix,
                    new.created_by,
                    time_to_sql(new.created_at)
                ],
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }

    async fn update_api_key(&mut self, key: &ApiKeyRecord, version: i64) -> StoreResult<()> {
        let key = key.clone();
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "UPDATE api_keys SET revoked_at = ?1, version = version + 1
                     WHERE id = ?2 AND version = ?3",
                    params![key.revoked_at.map(time_to_sql), key.id, version],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn touch_api_key(&mut self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        self.run(move |conn| {
            conn.execute(
                "UPDATE api_keys SET last_used_at = ?1 WHERE id = ?2",
                params![time_to_sql(at), id],
            )
        })
        .await
        .map(|_| ())
    }
}
