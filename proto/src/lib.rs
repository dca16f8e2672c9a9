//! The CRM's gRPC API, package `crm.v1`: generated from `proto/crm/v1/*.proto`.
//!
//! Other systems integrate through these services; the desktop client and the end-to-end tests
//! use the same generated clients.

#![allow(clippy::all, clippy::pedantic)]

pub mod v1 {
    tonic::include_proto!("crm.v1");

    /// The encoded descriptor set, served by gRPC reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] = tonic::include_file_descriptor_set!("crm_descriptor");
}
