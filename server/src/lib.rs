//! The CRM server as a library: the binary, the client's local mode and the end-to-end tests
//! all start it through the same code.

pub mod app;
pub mod auth;
pub mod config;
pub mod demo;
pub mod error;
pub mod io;
pub mod jobs;
pub mod local;
pub mod rpc;
pub mod selftest;
pub mod server;
pub mod store;
pub mod telemetry;
pub mod tls;
