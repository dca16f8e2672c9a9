//! Customers (DESIGN §2.2): their states and the rules for their fields. Whether the region,
//! level and manager exist is checked by the server against the store.

use serde::{Deserialize, Serialize};

use crate::formats;
use crate::validation::{Violation, ViolationCode, Violations};

/// 正常 or 已流失. Only 正常 customers are editable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CustomerStatus {
    Active,
    Lost,
}

impl CustomerStatus {
    pub fn code(self) -> &'static str {
        match self {
            CustomerStatus::Active => "active",
            CustomerStatus::Lost => "lost",
        }
    }

    pub fn from_code(code: &str) -> Option<CustomerStatus> {
        [CustomerStatus::Active, CustomerStatus::Lost]
            .into_iter()
            .find(|status| status.code() == code)
    }
}

/// Every field of [`CustomerFields`] by the name its violations carry, which is also its column
/// in the store.
pub const FIELD_NAMES: [&str; 21] = [
    "name",
    "region_id",
    "manager_id",
    "level_id",
    "satisfaction",
    "credit",
    "address",
    "zip_code",
    "phone",
    "fax",
    "website",
    "business_licence",
    "legal_person",
    "registered_capital_fen",
    "annual_revenue_fen",
    "bank",
    "bank_account",
    "local_tax_number",
    "national_tax_number",
    "credit_code",
    "sales_code",
];

/// The prefix of every 客户编号, followed by the company date and a daily sequence:
/// `KH20261203001`.
pub const NUMBER_PREFIX: &str = "KH";

/// 客户满意度 and 客户信用度 run from one to five stars; 0 means not rated yet.
pub const RATING_MAX: i32 = 5;

/// Money fields hold at most a trillion yuan: beyond that a typing slip is likelier.
pub const MONEY_MAX_FEN: i64 = 100_000_000_000_000;

/// The editable fields of a customer. Empty text and `None` mean "not given" (待补充).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFields {
    pub name: String,
    pub region_id: Option<i64>,
    pub manager_id: Option<i64>,
    pub level_id: Option<i64>,
    /// 1–5, or 0 when not rated.
    pub satisfaction: i32,
    pub credit: i32,
    pub address: String,
    pub zip_code: String,
    pub phone: String,
    pub fax: String,
    pub website: String,
    pub business_licence: String,
    pub legal_person: String,
    pub registered_capital_fen: i64,
    pub annual_revenue_fen: i64,
    pub bank: String,
    pub bank_account: String,
    pub local_tax_number: String,
    pub national_tax_number: String,
    pub credit_code: String,
    pub sales_code: String,
}

impl CustomerFields {
    /// The same fields without surrounding spaces, the name in its one form
    /// ([`formats::company_name`]), the credit code in upper case.
    pub fn trimmed(&self) -> CustomerFields {
        let trim = |text: &str| text.trim().to_owned();
        CustomerFields {
            name: formats::company_name(&self.name),
            address: trim(&self.address),
            zip_code: trim(&self.zip_code),
            phone: trim(&self.phone),
            fax: trim(&self.fax),
            website: trim(&self.website),
            business_licence: trim(&self.business_licence),
            legal_person: trim(&self.legal_person),
            bank: trim(&self.bank),
            bank_account: trim(&self.bank_account),
            local_tax_number: trim(&self.local_tax_number),
            national_tax_number: trim(&self.national_tax_number),
            credit_code: formats::normalize_credit_code(&self.credit_code),
            sales_code: trim(&self.sales_code),
            ..self.clone()
        }
    }

    /// Every rule a saved customer's fields obey: name, region, manager and level required,
    /// lengths, ratings 1–5, the forms of codes and numbers.
    pub fn check(&self) -> Result<(), Vec<Violation>> {
        let mut found = Violations::new();
        found.required_text("name", &self.name, 100);
        for (field, id) in [
            ("region_id", self.region_id),
            ("manager_id", self.manager_id),
            ("level_id", self.level_id),
        ] {
            if id.is_none() {
                found.add(field, ViolationCode::Required, &[]);
            }
        }
        for (field, rating) in [("satisfaction", self.satisfaction), ("credit", self.credit)] {
            if !(0..=RATING_MAX).contains(&rating) {
                let range = [("min", "1".to_owned()), ("max", RATING_MAX.to_string())];
                found.add(field, ViolationCode::OutOfRange, &range);
            }
        }
        for (field, fen) in [
            ("registered_capital_fen", self.registered_capital_fen),
            ("annual_revenue_fen", self.annual_revenue_fen),
        ] {
            if !(0..=MONEY_MAX_FEN).contains(&fen) {
                let range = [("min", "0".to_owned()), ("max", MONEY_MAX_FEN.to_string())];
                found.add(field, ViolationCode::OutOfRange, &range);
            }
        }
        self.check_texts(&mut found);
        found.finish()
    }

    fn check_texts(&self, found: &mut Violations) {
        let texts: [TextRule; 13] = [
            ("address", &self.address, 200, any),
            ("zip_code", &self.zip_code, 6, formats::is_zip_code),
            ("phone", &self.phone, 30, formats::is_phone),
            ("fax", &self.fax, 30, formats::is_phone),
            ("website", &self.website, 100, formats::is_website),
            (
                "business_licence",
                &self.business_licence,
                30,
                formats::is_code,
            ),
            ("legal_person", &self.legal_person, 50, any),
            ("bank", &self.bank, 100, any),
            ("bank_account", &self.bank_account, 40, is_account),
            (
                "local_tax_number",
                &self.local_tax_number,
                30,
                formats::is_code,
            ),
            (
                "national_tax_number",
                &self.national_tax_number,
                30,
                formats::is_code,
            ),
            (
                "credit_code",
                &self.credit_code,
                18,
                formats::is_credit_code,
            ),
            ("sales_code", &self.sales_code, 40, formats::is_code),
        ];
        for (field, value, max, form) in texts {
            found.optional_text(field, value, max, form);
        }
    }
}

/// A text field: its name, value, maximum length and the form it must have.
type TextRule<'a> = (&'static str, &'a str, usize, fn(&str) -> bool);

fn any(_: &str) -> bool {
    true
}

/// Bank accounts are digits, written in groups.
fn is_account(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-'))
}

#[cfg(test)]
mod tests;
