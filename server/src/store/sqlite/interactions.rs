//! Interactions with customers on SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_shared::interaction::InteractionFields;
use crm_shared::paging::Page;
use rusqlite::{Row, params};

use super::convert::{expect_one_row, time_from_sql, time_to_sql};
use super::unit::SqliteUnitOfWork;
use crate::store::{InteractionRecord, InteractionStore, StoreResult};

const COLUMNS: &str = "i.id, i.customer_id, i.date, i.place, i.summary, i.details, i.remark,
     i.created_by, u.display_name, i.created_at, i.version";

const FROM: &str = "interactions i LEFT JOIN users u ON u.id = i.created_by";

fn interaction_from_row(row: &Row) -> rusqlite::Result<InteractionRecord> {
    Ok(InteractionRecord {
        id: row.get(0)?,
        customer_id: row.get(1)?,
        fields: InteractionFields {
            date: row.get(2)?,
            place: row.get(3)?,
            summary: row.get(4)?,
            details: row.get(5)?,
            remark: row.get(6)?,
        },
        created_by: row.get(7)?,
        created_by_name: row.get::<_, Option<String>>(8)?.unwrap_or_default(),
        created_at: time_from_sql(&row.get::<_, String>(9)?)?,
        version: row.get(10)?,
    })
}

#[async_trait]
impl InteractionStore for SqliteUnitOfWork {
    async fn list_interactions(
        &mut self,
        customer_id: i64,
        page: Page,
    ) -> StoreResult<(Vec<InteractionRecord>, u64)> {
        self.run(move |conn| {
            let total: i64 = conn.query_row(
                "SELECT COUNT(*) FROM interactions WHERE customer_id = ?1",
                [customer_id],
                |row| row.get(0),
            )?;
            let sql = format!(
                "SELECT {COLUMNS} FROM {FROM} WHERE i.customer_id = ?1
                 ORDER BY i.date DESC, i.id DESC LIMIT ?2 OFFSET ?3"
            );
            let rows = conn
                .prepare_cached(&sql)?
                .query_map(
                    params![customer_id, page.size, page.offset() as i64],
                    interaction_from_row,
                )?
                .collect::<Result<_, _>>()?;
            Ok((rows, total as u64))
        })
        .await
    }

    async fn interaction(&mut self, id: i64) -> StoreResult<Option<InteractionRecord>> {
        self.run(move |conn| {
            let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE i.id = ?1");
            let mut found = conn
                .prepare_cached(&sql)?
                .query_map([id], interaction_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(found.pop())
        })
        .await
    }

    async fn insert_interaction(
        &mut self,
        customer_id: i64,
        fields: &InteractionFields,
        created_by: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let fields = fields.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO interactions (customer_id, date, place, summary, details, remark,
                                           created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    customer_id,
                    fields.date,
                    fields.place,
                    fields.summary,
                    fields.details,
                    fields.remark,
                    created_by,
                    time_to_sql(at)
                ],
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }

    async fn update_interaction(
        &mut self,
        interaction: &InteractionRecord,
        version: i64,
    ) -> StoreResult<()> {
        let interaction = interaction.clone();
        let changed = self
            .run(move |conn| {
                let f = &interaction.fields;
                conn.execute(
                    "UPDATE interactions SET date = ?1, place = ?2, summary = ?3, details = ?4,
                            remark = ?5, version = version + 1
                     WHERE id = ?6 AND version = ?7",
                    params![
                        f.date,
                        f.place,
                        f.summary,
                        f.details,
                        f.remark,
                        interaction.id,
                        version
                    ],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn delete_interaction(&mut self, id: i64, version: i64) -> StoreResult<()> {
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "DELETE FROM interactions WHERE id = ?1 AND version = ?2",
                    [id, version],
                )
            })
            .await?;
        expect_one_row(changed)
    }
}
