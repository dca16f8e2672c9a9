//! Customer records with their contacts and interactions: plain data, no rules.

use chrono::{DateTime, Utc};
use crm_shared::contact::ContactFields;
use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::interaction::InteractionFields;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerRecord {
    pub id: i64,
    pub number: String,
    pub fields: CustomerFields,
    pub status: CustomerStatus,
    /// Names read with the customer so callers need no second query.
    #[serde(skip)]
    pub region_name: Option<String>,
    #[serde(skip)]
    pub level_name: Option<String>,
    #[serde(skip)]
    pub manager_name: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<i64>,
    pub version: i64,
}

impl CustomerRecord {
    /// The code the sales system's orders name this customer by (DESIGN §4).
    pub fn order_code(&self) -> &str {
        match self.fields.sales_code.as_str() {
            "" => &self.number,
            code => code,
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewCustomer {
    pub number: String,
    pub fields: CustomerFields,
    pub status: CustomerStatus,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<i64>,
}

#[derive(Clone, Debug, Default)]
pub struct CustomerFilter {
    /// Any part of the name, or the start of the number.
    pub query: String,
    pub region_id: Option<i64>,
    pub level_id: Option<i64>,
    pub manager_id: Option<i64>,
    pub status: Option<CustomerStatus>,
}

/// One row of the customer list.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerSummaryRecord {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub region_name: Option<String>,
    pub level_name: Option<String>,
    pub manager_id: i64,
    pub manager_name: String,
    pub status: CustomerStatus,
    pub satisfaction: i32,
    pub credit: i32,
}

/// A page of customers and how many match, counted up to [`CustomerPage::COUNT_CAP`].
#[derive(Clone, Debug)]
pub struct CustomerPage {
    pub customers: Vec<CustomerSummaryRecord>,
    pub total: u64,
    /// More than `total` match.
    pub capped: bool,
}

impl CustomerPage {
    /// Counting every match of a broad search over a million customers is slow and tells the
    /// user nothing; beyond this the total shows as "10000+".
    pub const COUNT_CAP: u64 = 10_000;
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContactRecord {
    pub id: i64,
    pub customer_id: i64,
    pub fields: ContactFields,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InteractionRecord {
    pub id: i64,
    pub customer_id: i64,
    /// With the date in `YYYY-MM-DD` form.
    pub fields: InteractionFields,
    pub created_by: Option<i64>,
    #[serde(skip)]
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}
