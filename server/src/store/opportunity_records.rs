//! Sales opportunity and plan item records: plain data, no rules.

use chrono::{DateTime, NaiveDate, Utc};
use crm_shared::opportunity::{OpportunityFields, OpportunityStatus};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpportunityRecord {
    pub id: i64,
    pub number: String,
    pub fields: OpportunityFields,
    pub status: OpportunityStatus,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub assignee_id: Option<i64>,
    pub assigned_at: Option<DateTime<Utc>>,
    /// The customer 开发成功 created.
    pub customer_id: Option<i64>,
    pub version: i64,
    /// Names read with the opportunity so callers need no second query.
    #[serde(skip)]
    pub names: OpportunityNames,
}

/// The names an opportunity's ids stand for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpportunityNames {
    pub region: Option<String>,
    pub industry: Option<String>,
    pub created_by: String,
    pub assignee: Option<String>,
    pub customer_number: Option<String>,
}

#[derive(Clone, Debug)]
pub struct NewOpportunity {
    pub number: String,
    pub fields: OpportunityFields,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default)]
pub struct OpportunityFilter {
    pub status: Option<OpportunityStatus>,
    /// Any part of 客户名称.
    pub customer_name: String,
    pub created_by: Option<i64>,
    pub assignee_id: Option<i64>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created before this instant.
    pub created_before: Option<DateTime<Utc>>,
}

/// Which end of the creation order a list starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreatedOrder {
    /// Newest first: the list screen.
    NewestFirst,
    /// Oldest first: the assignment board, where the longest waiting comes first.
    OldestFirst,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanItemRecord {
    pub id: i64,
    pub opportunity_id: i64,
    pub date: NaiveDate,
    pub content: String,
    pub result: String,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Clone, Debug)]
pub struct NewPlanItem {
    pub opportunity_id: i64,
    pub date: NaiveDate,
    pub content: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}
