//! Login sessions on SQLite: only token hashes are stored.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::{OptionalExtension, params};

use super::convert::{time_from_sql, time_to_sql};
use super::unit::SqliteUnitOfWork;
use crate::store::{NewSession, SessionRecord, SessionStore, StoreResult};

#[async_trait]
impl SessionStore for SqliteUnitOfWork {
    async fn insert_session(&mut self, session: &NewSession) -> StoreResult<i64> {
        let session = session.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO sessions (token_hash, user_id, remembered, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    session.token_hash,
                    session.user_id,
                    session.remembered,
                    time_to_sql(session.created_at),
                    time_to_sql(session.expires_at)
                ],
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }

    async fn live_session(
        &mut self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SessionRecord>> {
        let token_hash = token_hash.to_owned();
        self.run(move |conn| {
            conn.query_row(
                "SELECT id, user_id, expires_at FROM sessions
                 WHERE token_hash = ?1 AND revoked_at IS NULL AND expires_at > ?2",
                params![token_hash, time_to_sql(now)],
                |row| {
                    Ok(SessionRecord {
                        id: row.get(0)?,
                        user_id: row.get(1)?,
                        expires_at: time_from_sql(&row.get::<_, String>(2)?)?,
                    })
                },
            )
            .optional()
        })
        .await
    }

    async fn revoke_session(&mut self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        self.run(move |conn| {
            conn.execute(
                "UPDATE sessions SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL",
                params![time_to_sql(at), id],
            )
        })
        .await
        .map(|_| ())
    }

    async fn revoke_user_sessions(
        &mut self,
        user_id: i64,
        keep: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        self.run(move |conn| {
            conn.execute(
                "UPDATE sessions SET revoked_at = ?1
                 WHERE user_id = ?2 AND revoked_at IS NULL AND (?3 IS NULL OR id <> ?3)",
                params![time_to_sql(at), user_id, keep],
            )
        })
        .await
        .map(|n| n as u64)
    }
}
