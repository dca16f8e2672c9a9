//! Login sessions on SQL Server: only token hashes are stored.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::convert::{Columns, Value};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{NewSession, SessionRecord, SessionStore, StoreResult};

statement!(
    INSERT_SESSION = "INSERT INTO sessions (token_hash, user_id, remembered, created_at,
                                             expires_at)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5)"
);

statement!(
    LIVE_SESSION = "SELECT id, user_id, expires_at FROM sessions
         WHERE token_hash = @P1 AND revoked_at IS NULL AND expires_at > @P2"
);

statement!(
    REVOKE_SESSION = "UPDATE sessions SET revoked_at = @P1 WHERE id = @P2 AND revoked_at IS NULL"
);

statement!(
    REVOKE_USER_SESSIONS = "UPDATE sessions SET revoked_at = @P1
         WHERE user_id = @P2 AND revoked_at IS NULL AND (@P3 IS NULL OR id <> @P3);
         SELECT @@ROWCOUNT AS changed"
);

fn session_from_row(row: &mut Columns) -> StoreResult<SessionRecord> {
    Ok(SessionRecord {
        id: row.i64()?,
        user_id: row.i64()?,
        expires_at: row.time()?,
    })
}

#[async_trait]
impl SessionStore for MssqlUnitOfWork {
    async fn insert_session(&mut self, session: &NewSession) -> StoreResult<i64> {
        let values = [
            Value::from(session.token_hash.as_str()),
            Value::from(session.user_id),
            Value::from(session.remembered),
            Value::from(session.created_at),
            Value::from(session.expires_at),
        ];
        self.scalar(&INSERT_SESSION, &values).await
    }

    async fn live_session(
        &mut self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SessionRecord>> {
        let values = [Value::from(token_hash), Value::from(now)];
        self.one(&LIVE_SESSION, &values, session_from_row).await
    }

    async fn revoke_session(&mut self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        self.execute(&REVOKE_SESSION, &[Value::from(at), Value::from(id)])
            .await
    }

    async fn revoke_user_sessions(
        &mut self,
        user_id: i64,
        keep: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let values = [Value::from(at), Value::from(user_id), Value::from(keep)];
        Ok(self.scalar(&REVOKE_USER_SESSIONS, &values).await? as u64)
    }
}
