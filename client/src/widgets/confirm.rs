//! The confirm dialog destructive actions ask first ("确认删除?", DESIGN §3.3).

use crate::i18n::t;
use crate::widgets::{DialogButton, dialog_buttons};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmAnswer {
    Yes,
    No,
}

/// A modal question with 确定 and 取消, open until answered.
#[derive(Debug)]
pub struct Confirm {
    question: String,
    detail: String,
}

impl Confirm {
    pub fn new(question: impl Into<String>, detail: impl Into<String>) -> Confirm {
        Confirm {
            question: question.into(),
            detail: detail.into(),
        }
    }

    /// Shows the dialog; `Some` once the user answered (Escape or a click outside is 取消).
    pub fn show(&self, ctx: &egui::Context) -> Option<ConfirmAnswer> {
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("confirm-dialog")).show(ctx, |ui| {
            ui.set_width(300.0);
            ui.heading(&self.question);
            if !self.detail.is_empty() {
                ui.add_space(4.0);
                ui.label(&self.detail);
            }
            ui.add_space(12.0);
            let clicked = dialog_buttons(ui, t("common.ok"), t("common.cancel"), false);
            answer = clicked.map(|button| match button {
                DialogButton::Confirm => ConfirmAnswer::Yes,
                DialogButton::Cancel => ConfirmAnswer::No,
            });
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(ConfirmAnswer::No);
        }
        answer
    }
}
