//! Conversions between service ticket records and `crm.v1` service messages, in one place.

use crm_proto::v1 as pb;
use crm_shared::ticket::{TicketFields, TicketStatus};
use crm_shared::validation::{ViolationCode, Violations};

use super::convert::timestamp;
use super::customer_convert::non_zero;
use crate::app::tickets::TicketView;
use crate::app::{TicketBoard, TicketHandler};
use crate::error::{AppError, AppResult};
use crate::store::TicketRoundRecord;

pub fn ticket_fields(fields: pb::TicketFields) -> TicketFields {
    TicketFields {
        type_id: non_zero(fields.type_id),
        customer_id: non_zero(fields.customer_id),
        summary: fields.summary,
        request: fields.request,
    }
}

/// A list's state filter: `None` (every state) when unspecified; a value that is no state at
/// all is refused rather than read as "every state".
pub fn ticket_status(value: i32) -> AppResult<Option<TicketStatus>> {
    let Ok(status) = pb::TicketStatus::try_from(value) else {
        let mut found = Violations::new();
        found.add("status", ViolationCode::Invalid, &[]);
        return Err(AppError::Validation(found.into_vec()));
    };
    Ok(match status {
        pb::TicketStatus::New => Some(TicketStatus::New),
        pb::TicketStatus::Assigned => Some(TicketStatus::Assigned),
        pb::TicketStatus::Processed => Some(TicketStatus::Processed),
        pb::TicketStatus::Archived => Some(TicketStatus::Archived),
        pb::TicketStatus::Unspecified => None,
    })
}

fn ticket_status_to_pb(status: TicketStatus) -> i32 {
    let status = match status {
        TicketStatus::New => pb::TicketStatus::New,
        TicketStatus::Assigned => pb::TicketStatus::Assigned,
        TicketStatus::Processed => pb::TicketStatus::Processed,
        TicketStatus::Archived => pb::TicketStatus::Archived,
    };
    status.into()
}

pub fn ticket(view: TicketView) -> pb::Ticket {
    let t = view.ticket;
    let latest = t.latest_round.clone();
    let feedback = latest.as_ref().and_then(|round| round.feedback.clone());
    pb::Ticket {
        id: t.id,
        number: t.number,
        fields: Some(pb::TicketFields {
            type_id: t.fields.type_id.unwrap_or_default(),
            customer_id: t.fields.customer_id.unwrap_or_default(),
            summary: t.fields.summary,
            request: t.fields.request,
        }),
        status: ticket_status_to_pb(t.status),
        type_name: t.names.type_name,
        customer_number: t.names.customer_number,
        customer_name: t.names.customer_name,
        created_by: t.created_by.unwrap_or_default(),
        created_by_name: t.names.created_by.unwrap_or_default(),
        source_system: t.source_system,
        created_at: Some(timestamp(t.created_at)),
        assignee_id: t.assignee_id.unwrap_or_default(),
        assignee_name: t.names.assignee.unwrap_or_default(),
        assigned_at: t.assigned_at.map(timestamp),
        handling: latest
            .as_ref()
            .map(|r| r.handling.clone())
            .unwrap_or_default(),
        handled_by_name: latest
            .as_ref()
            .map(|r| r.handled_by_name.clone())
            .unwrap_or_default(),
        handled_at: latest.as_ref().map(|r| timestamp(r.handled_at)),
        feedback_result: feedback
            .as_ref()
            .map(|f| f.result.clone())
            .unwrap_or_default(),
        satisfaction: feedback.as_ref().map_or(0, |f| f.satisfaction),
        version: t.version,
        assignable: view.assignable,
        processable: view.processable,
        feedback_allowed: view.feedback_allowed,
    }
}

pub fn round(round: TicketRoundRecord) -> pb::TicketRound {
    let feedback = round.feedback;
    pb::TicketRound {
        round: round.round,
        handling: round.handling,
        handled_by: round.handled_by,
        handled_by_name: round.handled_by_name,
        handled_at: Some(timestamp(round.handled_at)),
        feedback_result: feedback
            .as_ref()
            .map(|f| f.result.clone())
            .unwrap_or_default(),
        satisfaction: feedback.as_ref().map_or(0, |f| f.satisfaction),
        feedback_by_name: feedback
            .as_ref()
            .map(|f| f.by_name.clone())
            .unwrap_or_default(),
        feedback_at: feedback.as_ref().map(|f| timestamp(f.at)),
    }
}

fn handler(handler: TicketHandler) -> pb::TicketHandler {
    pb::TicketHandler {
        id: handler.id,
        display_name: handler.display_name,
        open_tickets: handler.open_tickets,
    }
}

pub fn ticket_board(board: TicketBoard) -> pb::TicketBoard {
    pb::TicketBoard {
        unassigned: board.unassigned.into_iter().map(ticket).collect(),
        unassigned_total: board.unassigned_total,
        handlers: board.handlers.into_iter().map(handler).collect(),
    }
}
