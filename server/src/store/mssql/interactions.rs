//! Interactions with customers on SQL Server; their dates are `DATE` columns, `YYYY-MM-DD`
//! text in the records.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_shared::interaction::InteractionFields;
use crm_shared::paging::Page;

use super::convert::{Columns, Value, date_value, expect_one_row, page_values};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{InteractionRecord, InteractionStore, StoreResult};

/// An interaction with its author's name, in the order of `interaction_from_row`; the
/// statements add which rows (a `WHERE`, or the join to a numbered page).
macro_rules! select_interaction {
    () => {
        "SELECT i.id, i.customer_id, i.date, i.place, i.summary, i.details, i.remark,
                i.created_by, u.display_name, i.created_at, i.version
         FROM interactions i LEFT JOIN users u ON u.id = i.created_by"
    };
}

statement!(
    COUNT_INTERACTIONS = "SELECT COUNT(*) AS total FROM interactions WHERE customer_id = @P1"
);

statement!(
    LIST_INTERACTIONS = concat!(
        select_interaction!(),
        " JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY date DESC, id DESC) AS row_no
                FROM interactions WHERE customer_id = @P1) AS matching ON matching.id = i.id
         WHERE matching.row_no > @P2 AND matching.row_no <= @P2 + @P3
         ORDER BY matching.row_no"
    )
);

statement!(INTERACTION = concat!(select_interaction!(), " WHERE i.id = @P1"));

statement!(
    INSERT_INTERACTION = "INSERT INTO interactions (customer_id, date, place, summary, details,
                                                  remark, created_by, created_at)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5, @P6, @P7, @P8)"
);

statement!(
    UPDATE_INTERACTION = "UPDATE interactions
         SET date = @P1, place = @P2, summary = @P3, details = @P4, remark = @P5,
             version = version + 1
         WHERE id = @P6 AND version = @P7;
         SELECT @@ROWCOUNT AS changed;"
);

statement!(
    DELETE_INTERACTION = "DELETE FROM interactions WHERE id = @P1 AND version = @P2;
         SELECT @@ROWCOUNT AS changed;"
);

fn interaction_from_row(row: &mut Columns) -> StoreResult<InteractionRecord> {
    Ok(InteractionRecord {
        id: row.i64()?,
        customer_id: row.i64()?,
        fields: InteractionFields {
            date: row.date()?,
            place: row.text()?,
            summary: row.text()?,
            details: row.text()?,
            remark: row.text()?,
        },
        created_by: row.opt_i64()?,
        created_by_name: row.opt_text()?.unwrap_or_default(),
        created_at: row.time()?,
        version: row.i64()?,
    })
}

#[async_trait]
impl InteractionStore for MssqlUnitOfWork {
    async fn list_interactions(
        &mut self,
        customer_id: i64,
        page: Page,
    ) -> StoreResult<(Vec<InteractionRecord>, u64)> {
        let mut values = vec![Value::from(customer_id)];
        let total = self.scalar(&COUNT_INTERACTIONS, &values).await?;
        values.extend(page_values(page));
        let rows = self
            .list(&LIST_INTERACTIONS, &values, interaction_from_row)
            .await?;
        Ok((rows, total as u64))
    }

    async fn interaction(&mut self, id: i64) -> StoreResult<Option<InteractionRecord>> {
        self.one(&INTERACTION, &[Value::from(id)], interaction_from_row)
            .await
    }

    async fn insert_interaction(
        &mut self,
        customer_id: i64,
        fields: &InteractionFields,
        created_by: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let values = [
            Value::from(customer_id),
            date_value(&fields.date)?,
            Value::from(fields.place.as_str()),
            Value::from(fields.summary.as_str()),
            Value::from(fields.details.as_str()),
            Value::from(fields.remark.as_str()),
            Value::from(created_by),
            Value::from(at),
        ];
        self.scalar(&INSERT_INTERACTION, &values).await
    }

    async fn update_interaction(
        &mut self,
        interaction: &InteractionRecord,
        version: i64,
    ) -> StoreResult<()> {
        let f = &interaction.fields;
        let values = [
            date_value(&f.date)?,
            Value::from(f.place.as_str()),
            Value::from(f.summary.as_str()),
            Value::from(f.details.as_str()),
            Value::from(f.remark.as_str()),
            Value::from(interaction.id),
            Value::from(version),
        ];
        let changed = self.scalar(&UPDATE_INTERACTION, &values).await?;
        expect_one_row(changed)
    }

    async fn delete_interaction(&mut self, id: i64, version: i64) -> StoreResult<()> {
        let values = [Value::from(id), Value::from(version)];
        let changed = self.scalar(&DELETE_INTERACTION, &values).await?;
        expect_one_row(changed)
    }
}
