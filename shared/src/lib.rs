//! Domain types and rules shared by the CRM's client and server: roles and rights, the data
//! dictionary's kinds, user accounts, validation and paging. No I/O lives here, so every rule is
//! written once and both sides agree on it.

pub mod dictionary;
pub mod paging;
pub mod rights;
pub mod user;
pub mod validation;
