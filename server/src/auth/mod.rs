//! Authentication: password hashes, session tokens and the caller of an RPC.

mod caller;
pub mod password;
pub mod token;

pub use caller::Caller;
