//! Imports and exports: files other systems and people exchange with the CRM (DESIGN §4).
//! Parsing and row checks live here; what needs the database is checked by the store.

pub mod order_import;
pub mod text_file;
