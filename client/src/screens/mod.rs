//! The screens, one file each: the login screen, the main layout (shell) with its navigation,
//! and the pages in the main area with their details and dialogs.

pub mod api_key_dialogs;
pub mod api_keys;
pub mod assignment_board;
pub mod audit_log;
pub mod change_password;
pub mod churn_dialogs;
pub mod churn_runs;
pub mod churn_warning_detail;
pub mod churn_warnings;
pub mod coming_soon;
pub mod contacts;
pub mod customer_detail;
pub mod customer_form;
pub mod customers;
pub mod dictionary;
pub mod dictionary_form;
pub mod home;
pub mod interactions;
pub mod login;
pub mod nav;
pub mod opportunities;
pub mod opportunity_detail;
pub mod opportunity_form;
pub mod orders;
pub mod plan_items;
pub mod roles;
pub mod shell;
pub mod ticket_board;
pub mod ticket_detail;
pub mod ticket_dialogs;
pub mod ticket_form;
pub mod tickets;
pub mod user_form;
pub mod users;

use crate::i18n::t;
use crate::rpc::{Api, Pending, Rpc, take_ready};
use crate::server_error::ServerError;
use crate::session::Session;
use crate::widgets::{FormErrors, Toasts};

/// What a page needs from the app while it draws: the RPC runtime, the session's clients, the
/// toasts, and a way to say that the session is gone.
pub struct Env<'a> {
    pub rpc: &'a Rpc,
    pub session: &'a Session,
    pub toasts: &'a mut Toasts,
    /// Set when the server no longer accepts the session: the app returns to the login screen.
    pub session_lost: &'a mut bool,
}

/// A list's created-date filters are empty or real dates; a toast says which one is not, so
/// the list is not asked for with a date the server would refuse.
pub fn dates_valid(env: &mut Env, from: &str, to: &str) -> bool {
    let bad = [from, to]
        .into_iter()
        .find(|text| !text.trim().is_empty() && crm_shared::date::parse_date(text).is_none());
    if let Some(text) = bad {
        let message = crate::i18n::t_args("common.bad_date", &[("date", text.trim())]);
        env.toasts.error(message);
    }
    bad.is_none()
}

impl Env<'_> {
    pub fn api(&self) -> Api {
        self.session.api.clone()
    }

    /// Reports an error nobody else shows (a failed load, a failed delete) as a toast; a lost
    /// session also sends the user back to the login screen.
    pub fn report(&mut self, error: &ServerError) {
        if error.is_session_lost() {
            *self.session_lost = true;
        }
        // No form shows these violations beside a field: the toast says them instead of
        // pointing at red fields that are not there.
        let text = if error.violations.is_empty() {
            error.text()
        } else {
            let texts: Vec<String> = error.violations.iter().map(|v| v.text()).collect();
            texts.join(t("common.list_separator"))
        };
        self.toasts.error(text);
    }

    /// Like [`Env::report`] for an error a form shows itself: only a lost session matters here.
    pub fn note(&mut self, error: &ServerError) {
        if error.is_session_lost() {
            *self.session_lost = true;
            self.toasts.error(error.text());
        }
    }

    /// The answer to a form's save once it is accepted. A refusal goes to `errors`, beside the
    /// form's `fields` or above them, and the form stays open.
    pub fn take_saved<T>(
        &mut self,
        saving: &mut Pending<T>,
        errors: &mut FormErrors,
        fields: &[&str],
    ) -> Option<T> {
        match take_ready(saving)? {
            Ok(saved) => Some(saved),
            Err(error) => {
                self.note(&error);
                *errors = FormErrors::from_error(&error, fields);
                None
            }
        }
    }
}
