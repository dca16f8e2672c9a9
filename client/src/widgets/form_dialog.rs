//! A small form in a modal dialog (修改密码, 重置密码): the title, the form's general error, the
//! fields, and 确定 / 取消 under them.

use crate::i18n::t;
use crate::widgets::{DialogButton, FormErrors, dialog_buttons};

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
) -> Option<DialogButton> {
    let modal = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_width(340.0);
        ui.heading(title);
        ui.add_space(6.0);
        errors.show_banner(ui);
        fields(ui);
        ui.add_space(10.0);
        dialog_buttons(ui, t("common.ok"), t("common.cancel"), busy)
    });
    let dismissed = modal.should_close() && !busy;
    modal.inner.or(dismissed.then_some(DialogButton::Cancel))
}
