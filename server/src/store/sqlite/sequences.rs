//! Named sequences for business numbers on SQLite.

use async_trait::async_trait;

use super::unit::SqliteUnitOfWork;
use crate::store::{SequenceStore, StoreResult};

#[async_trait]
impl SequenceStore for SqliteUnitOfWork {
    async fn next_in_sequence(&mut self, name: &str) -> StoreResult<i64> {
        let name = name.to_owned();
        self.run(move |conn| {
            conn.query_row(
                "INSERT INTO sequences (name, last) VALUES (?1, 1)
                 ON CONFLICT (name) DO UPDATE SET last = last + 1
                 RETURNING last",
                [name],
                |row| row.get(0),
            )
        })
        .await
    }
}
