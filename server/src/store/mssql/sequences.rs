//! Named sequences for business numbers on SQL Server.

use async_trait::async_trait;

use super::convert::Value;
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{SequenceStore, StoreResult};

statement!(
    /// HOLDLOCK keeps the key range locked when the name is new, so two first numbers of a day
    /// queue instead of both inserting.
    NEXT_IN_SEQUENCE = "UPDATE sequences WITH (HOLDLOCK) SET last = last + 1
         OUTPUT INSERTED.last
         WHERE name = @P1;
         IF @@ROWCOUNT = 0
             INSERT INTO sequences (name, last) OUTPUT INSERTED.last VALUES (@P1, 1);"
);

#[async_trait]
impl SequenceStore for MssqlUnitOfWork {
    async fn next_in_sequence(&mut self, name: &str) -> StoreResult<i64> {
        self.scalar(&NEXT_IN_SEQUENCE, &[Value::from(name)]).await
    }
}
