//! Domain types and rules shared by the CRM's client and server: roles and rights, the data
//! dictionary's kinds, user accounts, customers, opportunities, service tickets, calendar
//! dates, money, validation and paging. No I/O lives here, so every rule is written once and
//! both sides agree on it.

pub mod api_key;
pub mod churn;
pub mod contact;
pub mod customer;
pub mod date;
pub mod dictionary;
pub mod formats;
pub mod interaction;
pub mod money;
pub mod opportunity;
pub mod order;
pub mod paging;
pub mod rights;
pub mod ticket;
pub mod user;
pub mod validation;
