//! The CRM's desktop client (DESIGN §3.3): an eframe/egui application that talks gRPC to the
//! server, or runs the server in-process in local mode.
//!
//! [`app::CrmApp`] is the application; `main.rs` only sets up logging, the credential store and
//! the window. The end-to-end tests drive the same app through `egui_kittest`.

pub mod app;
pub mod config;
pub mod connection;
pub mod credentials;
pub mod fonts;
pub mod format;
pub mod help;
pub mod i18n;
pub mod logging;
pub mod renderer;
pub mod rpc;
pub mod screens;
pub mod self_check;
pub mod server_error;
pub mod session;
pub mod widgets;

pub use app::{AppOptions, CrmApp};
