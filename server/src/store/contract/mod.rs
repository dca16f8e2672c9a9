//! The store contract (DESIGN §3.1): what every backend must do, as cases that run against any
//! [`Store`]. The tests run it against SQLite always and against SQL Server when
//! `CRM_TEST_MSSQL` is set; `crm-server selftest` runs it against a site's own SQL Server
//! before it goes live.
//!
//! The cases share one store that may hold other data, so each names its records with a
//! unique tag and asserts only about them. They work in units of work they drop, so a site's
//! database keeps nothing of them: the one case that must prove a commit removes what it
//! committed, and the one proving that sequence numbers survive a commit leaves a sequence
//! named `contract-<tag>`.

#[macro_use]
mod check;

mod api_keys;
mod audit_sequences;
mod churn_runs;
mod churn_warnings;
mod contacts_interactions;
mod customers;
pub(crate) mod fixtures;
mod opportunities;
mod report;
mod roles_dictionary;
mod tickets;
mod units;
mod users_sessions;

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use super::Store;

pub use check::CaseResult;
pub use report::{Outcome, Report};

/// How long one case may take before it counts as failed: a backend that waits forever on a
/// lock must not hang the self-test.
const CASE_TIMEOUT: Duration = Duration::from_secs(120);

/// The future a case runs as.
pub type CaseFuture<'a> = Pin<Box<dyn Future<Output = CaseResult> + Send + 'a>>;

/// One behaviour of the store interface, checked against a store.
pub struct Case {
    /// Says what the case pins, e.g. `user_names_are_unique_and_case_insensitive`.
    pub name: &'static str,
    pub run: for<'a> fn(&'a dyn Store) -> CaseFuture<'a>,
}

/// Makes a [`Case`] of an `async fn(&dyn Store) -> CaseResult`, named after the function.
macro_rules! case {
    ($function:ident) => {
        $crate::store::contract::Case {
            name: stringify!($function),
            run: |store| Box::pin($function(store)),
        }
    };
}
use case;

/// Every case, area by area.
pub fn cases() -> Vec<Case> {
    [
        users_sessions::cases(),
        roles_dictionary::cases(),
        audit_sequences::cases(),
        customers::cases(),
        contacts_interactions::cases(),
        opportunities::cases(),
        tickets::cases(),
        api_keys::cases(),
        churn_runs::cases(),
        churn_warnings::cases(),
        units::cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Runs every case in order against `store`, each to its end, and reports how each went.
pub async fn run(store: &dyn Store) -> Report {
    let started = Instant::now();
    let mut outcomes = Vec::new();
    for case in cases() {
        let case_started = Instant::now();
        let result = match tokio::time::timeout(CASE_TIMEOUT, (case.run)(store)).await {
            Ok(result) => result,
            Err(_) => Err(format!(
                "did not finish within {} s",
                CASE_TIMEOUT.as_secs()
            )),
        };
        outcomes.push(Outcome {
            name: case.name,
            result,
            duration: case_started.elapsed(),
        });
    }
    Report {
        backend: store.backend(),
        outcomes,
        duration: started.elapsed(),
    }
}
