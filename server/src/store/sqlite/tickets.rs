//! Service tickets on SQLite, read with the names their ids stand for and their newest round.

use std::collections::HashMap;

use async_trait::async_trait;
use crm_shared::paging::Page;
use crm_shared::ticket::{TicketFields, TicketStatus};
use rusqlite::types::Value;
use rusqlite::{Row, params};

use super::convert::{
    bad_code, contains_pattern, counts_by_id, created_page, expect_one_row, optional_time_from_sql,
    time_from_sql, time_to_sql,
};
use super::ticket_rounds::{
    insert_round, list_rounds, record_feedback, round_columns, round_from_row, round_name_joins,
};
use super::unit::SqliteUnitOfWork;
use crate::store::{
    CreatedOrder, Feedback, NewTicket, NewTicketRound, StoreResult, TicketFilter, TicketNames,
    TicketRecord, TicketRoundRecord, TicketStore,
};

const COLUMNS: &str = "t.id, t.number, t.type_id, t.customer_id, t.summary, t.request, t.status,
     t.created_by, t.source_system, t.external_ref, t.created_at, t.assignee_id, t.assigned_at,
     t.version, ty.name, c.number, c.name, creator.display_name, assignee.display_name";

/// Where the newest round's columns start in a row.
const ROUND_AT: usize = 19;

fn select() -> String {
    format!(
        "SELECT {COLUMNS}, {} FROM service_tickets t
         JOIN dictionary_items ty ON ty.id = t.type_id
         JOIN customers c ON c.id = t.customer_id
         LEFT JOIN users creator ON creator.id = t.created_by
         LEFT JOIN users assignee ON assignee.id = t.assignee_id
         LEFT JOIN ticket_rounds lr ON lr.ticket_id = t.id
             AND lr.round = (SELECT MAX(x.round) FROM ticket_rounds x WHERE x.ticket_id = t.id)
         {}",
        round_columns("lr"),
        round_name_joins("lr")
    )
}

fn ticket_from_row(row: &Row) -> rusqlite::Result<TicketRecord> {
    let status: String = row.get(6)?;
    Ok(TicketRecord {
        id: row.get(0)?,
        number: row.get(1)?,
        fields: TicketFields {
            type_id: Some(row.get(2)?),
            customer_id: Some(row.get(3)?),
            summary: row.get(4)?,
            request: row.get(5)?,
        },
        status: TicketStatus::from_code(&status).ok_or_else(|| bad_code("status", &status))?,
        created_by: row.get(7)?,
        source_system: row.get(8)?,
        external_ref: row.get(9)?,
        created_at: time_from_sql(&row.get::<_, String>(10)?)?,
        assignee_id: row.get(11)?,
        assigned_at: optional_time_from_sql(row.get(12)?)?,
        version: row.get(13)?,
        names: TicketNames {
            type_name: row.get(14)?,
            customer_number: row.get(15)?,
            customer_name: row.get(16)?,
            created_by: row.get(17)?,
            assignee: row.get(18)?,
        },
        latest_round: round_from_row(row, ROUND_AT)?,
    })
}

/// The `WHERE` clause of a list and its values.
fn list_condition(filter: &TicketFilter) -> (String, Vec<Value>) {
    let mut conditions = vec!["1 = 1".to_owned()];
    let mut values = Vec::new();
    let mut add = |condition: &str, value: Value| {
        conditions.push(condition.to_owned());
        values.push(value);
    };
    if let Some(status) = filter.status {
        add("t.status = ?", Value::Text(status.code().to_owned()));
    }
    if let Some(id) = filter.customer_id {
        add("t.customer_id = ?", Value::Integer(id));
    }
    let name = filter.customer_name.trim();
    if !name.is_empty() {
        add(
            "t.customer_id IN (SELECT id FROM customers WHERE name LIKE ? ESCAPE '\\')",
            Value::Text(contains_pattern(name)),
        );
    }
    if let Some(id) = filter.type_id {
        add("t.type_id = ?", Value::Integer(id));
    }
    let summary = filter.summary.trim();
    if !summary.is_empty() {
        add(
            "t.summary LIKE ? ESCAPE '\\'",
            Value::Text(contains_pattern(summary)),
        );
    }
    if let Some(from) = filter.created_from {
        add("t.created_at >= ?", Value::Text(time_to_sql(from)));
    }
    if let Some(before) = filter.created_before {
        add("t.created_at < ?", Value::Text(time_to_sql(before)));
    }
    if let Some(id) = filter.assignee_id {
        add("t.assignee_id = ?", Value::Integer(id));
    }
    if let Some(id) = filter.created_by {
        add("t.created_by = ?", Value::Integer(id));
    }
    (conditions.join(" AND "), values)
}

#[async_trait]
impl TicketStore for SqliteUnitOfWork {
    async fn ticket(&mut self, id: i64) -> StoreResult<Option<TicketRecord>> {
        self.run(move |conn| {
            let sql = format!("{} WHERE t.id = ?1", select());
            let mut found = conn
                .prepare_cached(&sql)?
                .query_map([id], ticket_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(found.pop())
        })
        .await
    }

    async fn ticket_by_external_ref(
        &mut self,
        source_system: &str,
        external_ref: &str,
    ) -> StoreResult<Option<TicketRecord>> {
        let (system, reference) = (source_system.to_owned(), external_ref.to_owned());
        self.run(move |conn| {
            let sql = format!(
                "{} WHERE t.source_system = ?1 AND t.external_ref = ?2",
                select()
            );
            let mut found = conn
                .prepare_cached(&sql)?
                .query_map([system, reference], ticket_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(found.pop())
        })
        .await
    }

    async fn list_tickets(
        &mut self,
        filter: &TicketFilter,
        order: CreatedOrder,
        page: Page,
    ) -> StoreResult<(Vec<TicketRecord>, u64)> {
        let condition = list_condition(filter);
        self.run(move |conn| {
            let select = select();
            let from = ("service_tickets", "t", select.as_str());
            created_page(conn, from, condition, order, page, ticket_from_row)
        })
        .await
    }

    async fn insert_ticket(&mut self, new: &NewTicket) -> StoreResult<i64> {
        let new = new.clone();
        self.run(move |conn| {
            let f = &new.fields;
            conn.execute(
                "INSERT INTO service_tickets (number, type_id, customer_id, summary, request,
                     status, created_by, source_system, external_ref, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'new', ?6, ?7, ?8, ?9)",
                params![
                    new.number,
                    f.type_id,
                    f.customer_id,
                    f.summary,
                    f.request,
                    new.created_by,
                    new.source_system,
                    new.external_ref,
                    time_to_sql(new.created_at)
                ],
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }

    async fn update_ticket(&mut self, ticket: &TicketRecord, version: i64) -> StoreResult<()> {
        let t = ticket.clone();
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "UPDATE service_tickets SET status = ?1, assignee_id = ?2, assigned_at = ?3,
                         version = version + 1
                     WHERE id = ?4 AND version = ?5",
                    params![
                        t.status.code(),
                        t.assignee_id,
                        t.assigned_at.map(time_to_sql),
                        t.id,
                        version
                    ],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn open_tickets_by_assignee(
        &mut self,
        assignee_ids: &[i64],
    ) -> StoreResult<HashMap<i64, u64>> {
        let ids = assignee_ids.to_vec();
        self.run(move |conn| {
            counts_by_id(
                conn,
                "SELECT COUNT(*) FROM service_tickets WHERE assignee_id = ?1 AND status = 'assigned'",
                &ids,
            )
        })
        .await
    }

    async fn list_ticket_rounds(&mut self, ticket_id: i64) -> StoreResult<Vec<TicketRoundRecord>> {
        list_rounds(self, ticket_id).await
    }

    async fn insert_ticket_round(&mut self, new: &NewTicketRound) -> StoreResult<i64> {
        insert_round(self, new).await
    }

    async fn record_round_feedback(
        &mut self,
        round_id: i64,
        feedback: &Feedback,
    ) -> StoreResult<()> {
        record_feedback(self, round_id, feedback).await
    }
}
