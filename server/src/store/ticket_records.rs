//! Service ticket, ticket round and API key records: plain data, no rules.

use chrono::{DateTime, Utc};
use crm_shared::ticket::{TicketFields, TicketStatus};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TicketRecord {
    pub id: i64,
    pub number: String,
    pub fields: TicketFields,
    pub status: TicketStatus,
    /// `None` when another system submitted it.
    pub created_by: Option<i64>,
    /// The API key's system that submitted it; empty for a user's ticket.
    pub source_system: String,
    pub external_ref: Option<String>,
    pub created_at: DateTime<Utc>,
    pub assignee_id: Option<i64>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub version: i64,
    /// Read with the ticket so callers need no second query.
    #[serde(skip)]
    pub names: TicketNames,
    /// The newest round, which lists show beside the ticket.
    #[serde(skip)]
    pub latest_round: Option<TicketRoundRecord>,
}

/// The names a ticket's ids stand for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TicketNames {
    pub type_name: String,
    pub customer_number: String,
    pub customer_name: String,
    pub created_by: Option<String>,
    pub assignee: Option<String>,
}

#[derive(Clone, Debug)]
pub struct NewTicket {
    pub number: String,
    pub fields: TicketFields,
    pub created_by: Option<i64>,
    pub source_system: String,
    pub external_ref: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default)]
pub struct TicketFilter {
    pub status: Option<TicketStatus>,
    pub customer_id: Option<i64>,
    /// Any part of the customer's name.
    pub customer_name: String,
    pub type_id: Option<i64>,
    /// Any part of 概要.
    pub summary: String,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created before this instant.
    pub created_before: Option<DateTime<Utc>>,
    pub assignee_id: Option<i64>,
    pub created_by: Option<i64>,
}

/// One round of a ticket: its handling, then the feedback on it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TicketRoundRecord {
    pub id: i64,
    pub ticket_id: i64,
    /// 1 for the first handling, one more for each round a low satisfaction started.
    pub round: i32,
    pub handling: String,
    pub handled_by: i64,
    pub handled_at: DateTime<Utc>,
    pub feedback: Option<Feedback>,
    #[serde(skip)]
    pub handled_by_name: String,
}

/// What the customer said of a round's handling.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Feedback {
    pub result: String,
    pub satisfaction: i32,
    pub by: i64,
    pub at: DateTime<Utc>,
    #[serde(skip)]
    pub by_name: String,
}

#[derive(Clone, Debug)]
pub struct NewTicketRound {
    pub ticket_id: i64,
    pub round: i32,
    pub handling: String,
    pub handled_by: i64,
    pub handled_at: DateTime<Utc>,
}

/// Another system's key for the integration interface. The secret is never stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiKeyRecord {
    pub id: i64,
    pub name: String,
    #[serde(skip)]
    pub key_hash: String,
    pub prefix: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub version: i64,
    #[serde(skip)]
    pub created_by_name: String,
}

#[derive(Clone, Debug)]
pub struct NewApiKey {
    pub name: String,
    pub key_hash: String,
    pub prefix: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}
