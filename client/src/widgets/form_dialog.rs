//! A small form in a modal dialog (修改密码, 重置密码): the title, the form's general error, the
//! fields, and 确定 / 取消 under them.

use crate::i18n::t;
use crate::widgets::field_error::BannerAction;
use crate::widgets::{DialogButton, FormErrors, dialog_buttons};

/// What the user answered a form dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormAnswer {
    /// 确定: send the form.
    Confirm,
    /// 取消, Escape or a click outside.
    Cancel,
    /// 重新加载 from a stale-version error: close, and show the record as it is now.
    Reload,
}

/// Shows the dialog with `fields` drawing the fields and their errors; `busy` while the form is
/// being sent. `Some` with the user's answer this frame: Escape or a click outside is 取消,
/// except while the form is being sent.
pub fn form_dialog(
    ctx: &egui::Context,
    id: &str,
    title: impl Into<egui::RichText>,
    errors: &FormErrors,
    busy: bool,
    fields: impl FnOnce(&mut egui::Ui),
) -> Option<FormAnswer> {
    let modal = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_width(340.0);
        ui.heading(title);
        ui.add_space(6.0);
        let reload = errors.show_banner(ui) == Some(BannerAction::Reload);
        fields(ui);
        ui.add_space(10.0);
        let clicked = dialog_buttons(ui, t("common.ok"), t("common.cancel"), busy);
        if reload {
            return Some(FormAnswer::Reload);
        }
        clicked.map(|button| match button {
            DialogButton::Confirm => FormAnswer::Confirm,
            DialogButton::Cancel => FormAnswer::Cancel,
        })
    });
    let dismissed = modal.should_close() && !busy;
    modal.inner.or(dismissed.then_some(FormAnswer::Cancel))
}
