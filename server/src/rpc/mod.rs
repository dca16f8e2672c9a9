//! The gRPC services: thin translation between `crm.v1` messages and the use cases in
//! [`crate::app`]. No rule lives here.

mod admin;
mod auth;
mod convert;
mod customer;
mod customer_convert;
mod integration;
mod opportunity;
mod opportunity_convert;
mod service_ticket;
mod ticket_convert;

pub use admin::AdminRpc;
pub use auth::AuthRpc;
pub use customer::CustomerRpc;
pub use integration::IntegrationRpc;
pub use opportunity::OpportunityRpc;
pub use service_ticket::ServiceTicketRpc;

use tonic::Request;

use crate::app::App;
use crate::auth::Caller;
use crate::error::AppResult;

/// The token of `authorization: Bearer <token>`, if the call carries one.
fn bearer<T>(request: &Request<T>) -> Option<&str> {
    let value = request.metadata().get("authorization")?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::trim)
}

/// Authenticates the call and records the user on the RPC's span.
async fn caller<T>(app: &App, request: &Request<T>) -> AppResult<Caller> {
    let caller = app.authenticate(bearer(request)).await?;
    tracing::Span::current().record("user_id", caller.user_id);
    Ok(caller)
}
