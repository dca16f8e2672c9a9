//! Other systems' API keys on SQL Server: only the secrets' hashes are stored.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::convert::{Columns, Value, expect_one_row};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{ApiKeyRecord, ApiKeyStore, NewApiKey, StoreResult};

/// `SELECT` of the columns `api_key_from_row` reads, followed by the rest of the statement.
macro_rules! select_api_keys {
    ($rest:literal) => {
        concat!(
            "SELECT k.id, k.name, k.key_hash, k.prefix, k.created_by, k.created_at,
                    k.revoked_at, k.last_used_at, k.version, u.display_name
             FROM api_keys k JOIN users u ON u.id = k.created_by
             ",
            $rest
        )
    };
}

statement!(
    /// Keys in use first.
    LIST_API_KEYS = select_api_keys!(
        "ORDER BY CASE WHEN k.revoked_at IS NULL THEN 0 ELSE 1 END, k.name, k.id"
    )
);

statement!(API_KEY = select_api_keys!("WHERE k.id = @P1"));

statement!(API_KEY_BY_HASH = select_api_keys!("WHERE k.key_hash = @P1"));

statement!(
    INSERT_API_KEY = "INSERT INTO api_keys (name, key_hash, prefix, created_by, created_at)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5)"
);

statement!(
    UPDATE_API_KEY = "UPDATE api_keys SET revoked_at = @P1, version = version + 1
         WHERE id = @P2 AND version = @P3;
         SELECT @@ROWCOUNT AS changed"
);

statement!(TOUCH_API_KEY = "UPDATE api_keys SET last_used_at = @P1 WHERE id = @P2");

fn api_key_from_row(row: &mut Columns) -> StoreResult<ApiKeyRecord> {
    Ok(ApiKeyRecord {
        id: row.i64()?,
        name: row.text()?,
        key_hash: row.text()?,
        prefix: row.text()?,
        created_by: row.i64()?,
        created_at: row.time()?,
        revoked_at: row.opt_time()?,
        last_used_at: row.opt_time()?,
        version: row.i64()?,
        created_by_name: row.text()?,
    })
}

#[async_trait]
impl ApiKeyStore for MssqlUnitOfWork {
    async fn list_api_keys(&mut self) -> StoreResult<Vec<ApiKeyRecord>> {
        self.list(&LIST_API_KEYS, &[], api_key_from_row).await
    }

    async fn api_key(&mut self, id: i64) -> StoreResult<Option<ApiKeyRecord>> {
        self.one(&API_KEY, &[Value::from(id)], api_key_from_row)
            .await
    }

    async fn api_key_by_hash(&mut self, key_hash: &str) -> StoreResult<Option<ApiKeyRecord>> {
        self.one(&API_KEY_BY_HASH, &[Value::from(key_hash)], api_key_from_row)
            .await
    }

    async fn insert_api_key(&mut self, new: &NewApiKey) -> StoreResult<i64> {
        let values = [
            Value::from(new.name.as_str()),
            Value::from(new.key_hash.as_str()),
            Value::from(new.prefix.as_str()),
            Value::from(new.created_by),
            Value::from(new.created_at),
        ];
        self.scalar(&INSERT_API_KEY, &values).await
    }

    async fn update_api_key(&mut self, key: &ApiKeyRecord, version: i64) -> StoreResult<()> {
        let values = [
            Value::from(key.revoked_at),
            Value::from(key.id),
            Value::from(version),
        ];
        let changed = self.scalar(&UPDATE_API_KEY, &values).await?;
        expect_one_row(changed)
    }

    async fn touch_api_key(&mut self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        self.execute(&TOUCH_API_KEY, &[Value::from(at), Value::from(id)])
            .await
    }
}
