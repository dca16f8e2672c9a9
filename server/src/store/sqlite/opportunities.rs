//! Sales opportunities on SQLite, read with the names their ids stand for.

use std::collections::HashMap;

use async_trait::async_trait;
use crm_shared::opportunity::{OpportunityFields, OpportunityStatus};
use crm_shared::paging::Page;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params};

use super::convert::{
    bad_code, contains_pattern, counts_by_id, created_page, expect_one_row, optional_time_from_sql,
    time_from_sql, time_to_sql,
};
use super::unit::SqliteUnitOfWork;
use crate::store::{
    CreatedOrder, NewOpportunity, OpportunityFilter, OpportunityNames, OpportunityRecord,
    OpportunityStore, StoreResult,
};

const COLUMNS: &str = "o.id, o.number, o.source, o.customer_name, o.success_rate, o.summary,
     o.contact, o.contact_phone, o.description, o.region_id, o.industry_id, o.status,
     o.created_by, o.created_at, o.assignee_id, o.assigned_at, o.customer_id, o.version,
     r.name, i.name, creator.display_name, assignee.display_name, c.number";

const FROM: &str = "opportunities o
     LEFT JOIN dictionary_items r ON r.id = o.region_id
     LEFT JOIN dictionary_items i ON i.id = o.industry_id
     JOIN users creator ON creator.id = o.created_by
     LEFT JOIN users assignee ON assignee.id = o.assignee_id
     LEFT JOIN customers c ON c.id = o.customer_id";

fn opportunity_from_row(row: &Row) -> rusqlite::Result<OpportunityRecord> {
    let status: String = row.get(11)?;
    Ok(OpportunityRecord {
        id: row.get(0)?,
        number: row.get(1)?,
        fields: OpportunityFields {
            source: row.get(2)?,
            customer_name: row.get(3)?,
            success_rate: Some(row.get(4)?),
            summary: row.get(5)?,
            contact: row.get(6)?,
            contact_phone: row.get(7)?,
            description: row.get(8)?,
            region_id: row.get(9)?,
            industry_id: row.get(10)?,
        },
        status: OpportunityStatus::from_code(&status).ok_or_else(|| bad_code("status", &status))?,
        created_by: row.get(12)?,
        created_at: time_from_sql(&row.get::<_, String>(13)?)?,
        assignee_id: row.get(14)?,
        assigned_at: optional_time_from_sql(row.get(15)?)?,
        customer_id: row.get(16)?,
        version: row.get(17)?,
        names: OpportunityNames {
            region: row.get(18)?,
            industry: row.get(19)?,
            created_by: row.get(20)?,
            assignee: row.get(21)?,
            customer_number: row.get(22)?,
        },
    })
}

/// The `WHERE` clause of a list and its values.
fn list_condition(filter: &OpportunityFilter) -> (String, Vec<Value>) {
    let mut conditions = vec!["1 = 1".to_owned()];
    let mut values = Vec::new();
    let mut add = |condition: &str, value: Value| {
        conditions.push(condition.to_owned());
        values.push(value);
    };
    if let Some(status) = filter.status {
        add("o.status = ?", Value::Text(status.code().to_owned()));
    }
    let name = filter.customer_name.trim();
    if !name.is_empty() {
        add(
            "o.customer_name LIKE ? ESCAPE '\\'",
            Value::Text(contains_pattern(name)),
        );
    }
    if let Some(id) = filter.created_by {
        add("o.created_by = ?", Value::Integer(id));
    }
    if let Some(id) = filter.assignee_id {
        add("o.assignee_id = ?", Value::Integer(id));
    }
    if let Some(from) = filter.created_from {
        add("o.created_at >= ?", Value::Text(time_to_sql(from)));
    }
    if let Some(before) = filter.created_before {
        add("o.created_at < ?", Value::Text(time_to_sql(before)));
    }
    (conditions.join(" AND "), values)
}

#[async_trait]
impl OpportunityStore for SqliteUnitOfWork {
    async fn opportunity(&mut self, id: i64) -> StoreResult<Option<OpportunityRecord>> {
        self.run(move |conn| {
            let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE o.id = ?1");
            let mut found = conn
                .prepare_cached(&sql)?
                .query_map([id], opportunity_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(found.pop())
        })
        .await
    }

    async fn list_opportunities(
        &mut self,
        filter: &OpportunityFilter,
        order: CreatedOrder,
        page: Page,
    ) -> StoreResult<(Vec<OpportunityRecord>, u64)> {
        let condition = list_condition(filter);
        self.run(move |conn| {
            let select = format!("SELECT {COLUMNS} FROM {FROM}");
            let from = ("opportunities", "o", select.as_str());
            created_page(conn, from, condition, order, page, opportunity_from_row)
        })
        .await
    }

    async fn insert_opportunity(&mut self, new: &NewOpportunity) -> StoreResult<i64> {
        let new = new.clone();
        self.run(move |conn| {
            let f = &new.fields;
            conn.execute(
                "INSERT INTO opportunities (number, source, customer_name, success_rate, summary,
                     contact, contact_phone, description, region_id, industry_id, status,
                     created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'unassigned', ?11, ?12)",
                params![
                    new.number,
                    f.source,
                    f.customer_name,
                    f.success_rate,
                    f.summary,
                    f.contact,
                    f.contact_phone,
                    f.description,
                    f.region_id,
                    f.industry_id,
                    new.created_by,
                    time_to_sql(new.created_at)
                ],
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }

    async fn update_opportunity(
        &mut self,
        opportunity: &OpportunityRecord,
        version: i64,
    ) -> StoreResult<()> {
        let o = opportunity.clone();
        let changed = self
            .run(move |conn| {
                let f = &o.fields;
                conn.execute(
                    "UPDATE opportunities SET source = ?1, customer_name = ?2, success_rate = ?3,
                         summary = ?4, contact = ?5, contact_phone = ?6, description = ?7,
                         region_id = ?8, industry_id = ?9, status = ?10, assignee_id = ?11,
                         assigned_at = ?12, customer_id = ?13, version = version + 1
                     WHERE id = ?14 AND version = ?15",
                    params![
                        f.source,
                        f.customer_name,
                        f.success_rate,
                        f.summary,
                        f.contact,
                        f.contact_phone,
                        f.description,
                        f.region_id,
                        f.industry_id,
                        o.status.code(),
                        o.assignee_id,
                        o.assigned_at.map(time_to_sql),
                        o.customer_id,
                        o.id,
                        version
                    ],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn delete_opportunity(&mut self, id: i64, version: i64) -> StoreResult<()> {
        let changed = self
            .run(move |conn| {
                // The plan goes only with the opportunity: a stale version deletes nothing.
                let current: Option<i64> = conn
                    .query_row(
                        "SELECT version FROM opportunities WHERE id = ?1",
                        [id],
                        |row| row.get(0),
                    )
                    .optional()?;
                if current != Some(version) {
                    return Ok(0);
                }
                conn.execute("DELETE FROM plan_items WHERE opportunity_id = ?1", [id])?;
                conn.execute("DELETE FROM opportunities WHERE id = ?1", [id])
            })
            .await?;
        expect_one_row(changed)
    }

    async fn open_opportunities_by_assignee(
        &mut self,
        assignee_ids: &[i64],
    ) -> StoreResult<HashMap<i64, u64>> {
        let ids = assignee_ids.to_vec();
        self.run(move |conn| {
            counts_by_id(
                conn,
                "SELECT COUNT(*) FROM opportunities WHERE assignee_id = ?1 AND status = 'assigned'",
                &ids,
            )
        })
        .await
    }
}
