//! The rounds of service tickets on SQLite: one row per handling, with the feedback on it.
//! `tickets.rs` implements the store trait with these, and joins a ticket's newest round.

use rusqlite::{Row, params};

use super::convert::{expect_one_row, time_from_sql, time_to_sql};
use super::unit::SqliteUnitOfWork;
use crate::store::{Feedback, NewTicketRound, StoreResult, TicketRoundRecord};

/// A round's columns, with its handler's and feedback giver's names, for joins under `alias`.
pub fn round_columns(alias: &str) -> String {
    format!(
        "{alias}.id, {alias}.ticket_id, {alias}.round, {alias}.handling, {alias}.handled_by,
         {alias}.handled_at, {alias}.feedback_result, {alias}.satisfaction, {alias}.feedback_by,
         {alias}.feedback_at, {alias}_handler.display_name, {alias}_feedback.display_name"
    )
}

/// The joins [`round_columns`] needs for the names.
pub fn round_name_joins(alias: &str) -> String {
    format!(
        "LEFT JOIN users {alias}_handler ON {alias}_handler.id = {alias}.handled_by
         LEFT JOIN users {alias}_feedback ON {alias}_feedback.id = {alias}.feedback_by"
    )
}

/// Reads the [`round_columns`] starting at column `at`; `None` when the join found no round.
pub fn round_from_row(row: &Row, at: usize) -> rusqlite::Result<Option<TicketRoundRecord>> {
    let Some(id) = row.get::<_, Option<i64>>(at)? else {
        return Ok(None);
    };
    let feedback = match row.get::<_, Option<String>>(at + 6)? {
        Some(result) => Some(Feedback {
            result,
            satisfaction: row.get(at + 7)?,
            by: row.get(at + 8)?,
            at: time_from_sql(&row.get::<_, String>(at + 9)?)?,
            by_name: row.get::<_, Option<String>>(at + 11)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Some(TicketRoundRecord {
        id,
        ticket_id: row.get(at + 1)?,
        round: row.get(at + 2)?,
        handling: row.get(at + 3)?,
        handled_by: row.get(at + 4)?,
        handled_at: time_from_sql(&row.get::<_, String>(at + 5)?)?,
        feedback,
        handled_by_name: row.get::<_, Option<String>>(at + 10)?.unwrap_or_default(),
    }))
}

/// A ticket's rounds, oldest first.
pub(super) async fn list_rounds(
    unit: &mut SqliteUnitOfWork,
    ticket_id: i64,
) -> StoreResult<Vec<TicketRoundRecord>> {
    unit.run(move |conn| {
        let sql = format!(
            "SELECT {} FROM ticket_rounds r {} WHERE r.ticket_id = ?1 ORDER BY r.round",
            round_columns("r"),
            round_name_joins("r")
        );
        let rows = conn
            .prepare_cached(&sql)?
            .query_map([ticket_id], |row| round_from_row(row, 0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows.into_iter().flatten().collect())
    })
    .await
}

pub(super) async fn insert_round(
    unit: &mut SqliteUnitOfWork,
    new: &NewTicketRound,
) -> StoreResult<i64> {
    let new = new.clone();
    unit.run(move |conn| {
        conn.execute(
            "INSERT INTO ticket_rounds (ticket_id, round, handling, handled_by, handled_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                new.ticket_id,
                new.round,
                new.handling,
                new.handled_by,
                time_to_sql(new.handled_at)
            ],
        )?;
        Ok(conn.last_insert_rowid())
    })
    .await
}

pub(super) async fn record_feedback(
    unit: &mut SqliteUnitOfWork,
    round_id: i64,
    feedback: &Feedback,
) -> StoreResult<()> {
    let feedback = feedback.clone();
    let changed = unit
        .run(move |conn| {
            conn.execute(
                "UPDATE ticket_rounds SET feedback_result = ?1, satisfaction = ?2,
                     feedback_by = ?3, feedback_at = ?4
                 WHERE id = ?5 AND feedback_result IS NULL",
                params![
                    feedback.result,
                    feedback.satisfaction,
                    feedback.by,
                    time_to_sql(feedback.at),
                    round_id
                ],
            )
        })
        .await?;
    expect_one_row(changed)
}
