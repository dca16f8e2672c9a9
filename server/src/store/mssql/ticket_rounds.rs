//! The rounds of service tickets on SQL Server: one row per handling, with the feedback on it.
//! `tickets.rs` implements the store trait with these, and joins a ticket's newest round.

use super::convert::{Columns, Value, expect_one_row};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{Feedback, NewTicketRound, StoreError, StoreResult, TicketRoundRecord};

/// A round's columns under the alias `r`, with its handler's and feedback giver's names, in
/// the order of [`round_from_row`].
macro_rules! round_columns {
    () => {
        "r.id, r.ticket_id, r.round, r.handling, r.handled_by, r.handled_at, r.feedback_result,
         r.satisfaction, r.feedback_by, r.feedback_at, r_handler.display_name,
         r_feedback.display_name"
    };
}

/// The joins [`round_columns!`] needs for the names.
macro_rules! round_name_joins {
    () => {
        " LEFT JOIN users r_handler ON r_handler.id = r.handled_by
          LEFT JOIN users r_feedback ON r_feedback.id = r.feedback_by "
    };
}

pub(super) use {round_columns, round_name_joins};

statement!(
    LIST_ROUNDS = concat!(
        "SELECT ",
        round_columns!(),
        " FROM ticket_rounds r",
        round_name_joins!(),
        "WHERE r.ticket_id = @P1 ORDER BY r.round"
    )
);

statement!(
    INSERT_ROUND = "INSERT INTO ticket_rounds (ticket_id, round, handling, handled_by,
                                               handled_at)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5)"
);

statement!(
    /// Only a round without feedback takes one: a second feedback is a conflict.
    RECORD_FEEDBACK = "UPDATE ticket_rounds
         SET feedback_result = @P1, satisfaction = @P2, feedback_by = @P3, feedback_at = @P4
         WHERE id = @P5 AND feedback_result IS NULL;
         SELECT @@ROWCOUNT AS changed;"
);

/// Reads the [`round_columns!`] from where `row` stands; `None` when the join found no round
/// (the remaining columns are then left unread).
pub(super) fn round_from_row(row: &mut Columns) -> StoreResult<Option<TicketRoundRecord>> {
    let Some(id) = row.opt_i64()? else {
        return Ok(None);
    };
    let ticket_id = row.i64()?;
    let round = row.i32()?;
    let handling = row.text()?;
    let handled_by = row.i64()?;
    let handled_at = row.time()?;
    let result = row.opt_text()?;
    let satisfaction = row.opt_i64()?;
    let feedback_by = row.opt_i64()?;
    let feedback_at = row.opt_time()?;
    let handled_by_name = row.opt_text()?.unwrap_or_default();
    let feedback_by_name = row.opt_text()?.unwrap_or_default();

    let feedback = match (result, satisfaction, feedback_by, feedback_at) {
        (None, ..) => None,
        (Some(result), Some(satisfaction), Some(by), Some(at)) => Some(Feedback {
            result,
            satisfaction: i32::try_from(satisfaction)
                .map_err(|_| StoreError::Failed(format!("round {id}: satisfaction overflows")))?,
            by,
            at,
            by_name: feedback_by_name,
        }),
        (Some(_), ..) => {
            return Err(StoreError::Failed(format!(
                "round {id} has feedback without its satisfaction, giver or time"
            )));
        }
    };
    Ok(Some(TicketRoundRecord {
        id,
        ticket_id,
        round,
        handling,
        handled_by,
        handled_at,
        feedback,
        handled_by_name,
    }))
}

fn listed_round(row: &mut Columns) -> StoreResult<TicketRoundRecord> {
    round_from_row(row)?.ok_or_else(|| StoreError::Failed("a listed round has no id".into()))
}

/// A ticket's rounds, oldest first.
pub(super) async fn list_rounds(
    unit: &mut MssqlUnitOfWork,
    ticket_id: i64,
) -> StoreResult<Vec<TicketRoundRecord>> {
    unit.list(&LIST_ROUNDS, &[Value::from(ticket_id)], listed_round)
        .await
}

pub(super) async fn insert_round(
    unit: &mut MssqlUnitOfWork,
    new: &NewTicketRound,
) -> StoreResult<i64> {
    let values = [
        Value::from(new.ticket_id),
        Value::from(i64::from(new.round)),
        Value::from(new.handling.as_str()),
        Value::from(new.handled_by),
        Value::from(new.handled_at),
    ];
    unit.scalar(&INSERT_ROUND, &values).await
}

pub(super) async fn record_feedback(
    unit: &mut MssqlUnitOfWork,
    round_id: i64,
    feedback: &Feedback,
) -> StoreResult<()> {
    let values = [
        Value::from(feedback.result.as_str()),
        Value::from(i64::from(feedback.satisfaction)),
        Value::from(feedback.by),
        Value::from(feedback.at),
        Value::from(round_id),
    ];
    let changed = unit.scalar(&RECORD_FEEDBACK, &values).await?;
    expect_one_row(changed)
}
