//! Deleting a row the way every list does it: "确认删除?" with what would go, then
//! the call, then 删除成功 and a reload. The list keeps one `Removal` and asks it each
//! frame.

use crate::i18n::t;
use crate::rpc::{Pending, Promise, Reply, take_ready};
use crate::screens::Env;
use crate::widgets::{Confirm, ConfirmAnswer};

/// How a deletion ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removed {
    Done,
    /// The server refused it (changed meanwhile, no longer allowed): the toast says why, and the
    /// screen should show the record as it is now.
    Refused,
}

pub struct Removal<T> {
    asking: Option<(T, Confirm)>,
    sending: Pending<()>,
}

impl<T> Default for Removal<T> {
    fn default() -> Self {
        Removal {
            asking: None,
            sending: None,
        }
    }
}

impl<T> Removal<T> {
    /// Asks whether to delete `item`, described to the user as `what`.
    pub fn ask(&mut self, item: T, what: impl Into<String>) {
        self.asking = Some((item, Confirm::new(t("common.confirm_delete"), what)));
    }

    pub fn is_sending(&self) -> bool {
        self.sending.is_some()
    }

    /// Shows the question while it is open and sends the deletion with `send` once the user
    /// agrees; `Some` in the frame the deletion ended, when the list should reload.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        env: &mut Env,
        send: impl FnOnce(&T, &mut Env) -> Promise<Reply<()>>,
    ) -> Option<Removed> {
        if let Some((item, confirm)) = &self.asking {
            match confirm.show(ctx) {
                Some(ConfirmAnswer::Yes) => {
                    self.sending = Some(send(item, env));
                    self.asking = None;
                }
                Some(ConfirmAnswer::No) => self.asking = None,
                None => {}
            }
        }
        match take_ready(&mut self.sending)? {
            Ok(()) => {
                env.toasts.success(t("common.deleted"));
                Some(Removed::Done)
            }
            Err(error) => {
                env.report(&error);
                Some(Removed::Refused)
            }
        }
    }
}
