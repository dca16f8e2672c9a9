//! Development plan items on SQL Server; their dates are `DATE` columns.

use async_trait::async_trait;

use super::convert::{Columns, Value, expect_one_row};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{NewPlanItem, PlanItemRecord, PlanItemStore, StoreResult};

statement!(
    LIST_PLAN_ITEMS = "SELECT id, opportunity_id, date, content, result, created_by,
                created_at, version
         FROM plan_items WHERE opportunity_id = @P1 ORDER BY date, id"
);

statement!(
    PLAN_ITEM = "SELECT id, opportunity_id, date, content, result, created_by, created_at,
                version
         FROM plan_items WHERE id = @P1"
);

statement!(
    INSERT_PLAN_ITEM = "INSERT INTO plan_items (opportunity_id, date, content, created_by,
                                              created_at)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5)"
);

statement!(
    /// Never the date: it is fixed once the item is added.
    UPDATE_PLAN_ITEM = "UPDATE plan_items SET content = @P1, result = @P2, version = version + 1
         WHERE id = @P3 AND version = @P4;
         SELECT @@ROWCOUNT AS changed;"
);

statement!(
    DELETE_PLAN_ITEM = "DELETE FROM plan_items WHERE id = @P1 AND version = @P2;
         SELECT @@ROWCOUNT AS changed;"
);

fn plan_item_from_row(row: &mut Columns) -> StoreResult<PlanItemRecord> {
    Ok(PlanItemRecord {
        id: row.i64()?,
        opportunity_id: row.i64()?,
        date: row.naive_date()?,
        content: row.text()?,
        result: row.text()?,
        created_by: row.opt_i64()?,
        created_at: row.time()?,
        version: row.i64()?,
    })
}

#[async_trait]
impl PlanItemStore for MssqlUnitOfWork {
    async fn list_plan_items(&mut self, opportunity_id: i64) -> StoreResult<Vec<PlanItemRecord>> {
        let values = [Value::from(opportunity_id)];
        self.list(&LIST_PLAN_ITEMS, &values, plan_item_from_row)
            .await
    }

    async fn plan_item(&mut self, id: i64) -> StoreResult<Option<PlanItemRecord>> {
        self.one(&PLAN_ITEM, &[Value::from(id)], plan_item_from_row)
            .await
    }

    async fn insert_plan_item(&mut self, new: &NewPlanItem) -> StoreResult<i64> {
        let values = [
            Value::from(new.opportunity_id),
            Value::Date(Some(new.date)),
            Value::from(new.content.as_str()),
            Value::from(new.created_by),
            Value::from(new.created_at),
        ];
        self.scalar(&INSERT_PLAN_ITEM, &values).await
    }

    async fn update_plan_item(&mut self, item: &PlanItemRecord, version: i64) -> StoreResult<()> {
        let values = [
            Value::from(item.content.as_str()),
            Value::from(item.result.as_str()),
            Value::from(item.id),
            Value::from(version),
        ];
        let changed = self.scalar(&UPDATE_PLAN_ITEM, &values).await?;
        expect_one_row(changed)
    }

    async fn delete_plan_item(&mut self, id: i64, version: i64) -> StoreResult<()> {
        let values = [Value::from(id), Value::from(version)];
        let changed = self.scalar(&DELETE_PLAN_ITEM, &values).await?;
        expect_one_row(changed)
    }
}
