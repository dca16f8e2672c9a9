//! Small reusable pieces of the screens: toasts, the confirm dialog, the buttons that end a
//! dialog, the form dialog, field errors, the list tables, the paging bar, the logo, the language
//! switch, the multi-select and the customer picker.

pub mod choice;
pub mod confirm;
pub mod customer_picker;
pub mod dialog_buttons;
pub mod field_error;
pub mod form_dialog;
pub mod form_rows;
pub mod language;
pub mod logo;
pub mod multi_select;
pub mod paging;
pub mod removal;
pub mod stars;
pub mod table;
pub mod toasts;

pub use confirm::{Confirm, ConfirmAnswer};
pub use dialog_buttons::{DialogButton, FormOutcome, dialog_buttons, form_footer};
pub use field_error::FormErrors;
pub use toasts::Toasts;

/// A label and its text field, tied together so screen readers and tests find the field by the
/// label's text.
pub fn labelled_text(ui: &mut egui::Ui, label: &str, text: &mut String) -> egui::Response {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(240.0))
        .labelled_by(label.id)
}

/// Like [`labelled_text`], masked.
pub fn labelled_password(ui: &mut egui::Ui, label: &str, text: &mut String) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(text)
            .password(true)
            .desired_width(240.0),
    )
    .labelled_by(label.id)
}

/// A line of error text in the theme's error colour.
pub fn error_text(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.colored_label(ui.visuals().error_fg_color, text)
}
