//! Development plan items on SQLite.

use async_trait::async_trait;
use chrono::NaiveDate;
use rusqlite::{Row, params};

use super::convert::{expect_one_row, time_from_sql, time_to_sql};
use super::unit::SqliteUnitOfWork;
use crate::store::{NewPlanItem, PlanItemRecord, PlanItemStore, StoreResult};

const COLUMNS: &str = "id, opportunity_id, date, content, result, created_by, created_at, version";

/// Dates are stored as `YYYY-MM-DD`.
const DATE_FORMAT: &str = "%Y-%m-%d";

fn plan_item_from_row(row: &Row) -> rusqlite::Result<PlanItemRecord> {
    let date: String = row.get(2)?;
    let date = NaiveDate::parse_from_str(&date, DATE_FORMAT).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
    })?;
    Ok(PlanItemRecord {
        id: row.get(0)?,
        opportunity_id: row.get(1)?,
        date,
        content: row.get(3)?,
        result: row.get(4)?,
        created_by: row.get(5)?,
        created_at: time_from_sql(&row.get::<_, String>(6)?)?,
        version: row.get(7)?,
    })
}

#[async_trait]
impl PlanItemStore for SqliteUnitOfWork {
    async fn list_plan_items(&mut self, opportunity_id: i64) -> StoreResult<Vec<PlanItemRecord>> {
        self.run(move |conn| {
            let sql = format!(
                "SELECT {COLUMNS} FROM plan_items WHERE opportunity_id = ?1 ORDER BY date, id"
            );
            conn.prepare_cached(&sql)?
                .query_map([opportunity_id], plan_item_from_row)?
                .collect()
        })
        .await
    }

    async fn plan_item(&mut self, id: i64) -> StoreResult<Option<PlanItemRecord>> {
        self.run(move |conn| {
            let sql = format!("SELECT {COLUMNS} FROM plan_items WHERE id = ?1");
            let mut found = conn
                .prepare_cached(&sql)?
                .query_map([id], plan_item_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(found.pop())
        })
        .await
    }

    async fn insert_plan_item(&mut self, new: &NewPlanItem) -> StoreResult<i64> {
        let new = new.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO plan_items (opportunity_id, date, content, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    new.opportunity_id,
                    new.date.format(DATE_FORMAT).to_string(),
                    new.content,
                    new.created_by,
                    time_to_sql(new.created_at)
                ],
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }

    async fn update_plan_item(&mut self, item: &PlanItemRecord, version: i64) -> StoreResult<()> {
        let item = item.clone();
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "UPDATE plan_items SET content = ?1, result = ?2, version = version + 1
                     WHERE id = ?3 AND version = ?4",
                    params![item.content, item.result, item.id, version],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn delete_plan_item(&mut self, id: i64, version: i64) -> StoreResult<()> {
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "DELETE FROM plan_items WHERE id = ?1 AND version = ?2",
                    [id, version],
                )
            })
            .await?;
        expect_one_row(changed)
    }
}
