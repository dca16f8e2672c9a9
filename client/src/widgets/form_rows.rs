//! The rows of the side-panel forms (客户, 销售机会): a label beside its field with the field's
//! error under it, in a grid whose rows scroll while 保存 / 取消 stay in sight below.

use crm_proto::v1::DictionaryItem;

use crate::i18n::t;
use crate::widgets::FormErrors;
use crate::widgets::choice::{borrowed, choice_box, items};

/// The room the 保存 / 取消 row needs under the scrolling fields.
const FOOTER_HEIGHT: f32 = 44.0;

/// The width of the fields.
const FIELD_WIDTH: f32 = 240.0;

/// The form's rows in a two-column grid that scrolls, leaving room for the footer however long
/// the errors make the form.
pub fn scrolling_grid(ui: &mut egui::Ui, id_salt: &str, rows: impl FnOnce(&mut egui::Ui)) {
    egui::ScrollArea::vertical()
        .max_height((ui.available_height() - FOOTER_HEIGHT).max(120.0))
        .show(ui, |ui| {
            egui::Grid::new(id_salt)
                .num_columns(2)
                .spacing([8.0, 6.0])
                .show(ui, rows);
        });
}

/// A one-line text field.
pub fn text_row(
    ui: &mut egui::Ui,
    errors: &FormErrors,
    field: &str,
    label: &str,
    value: &mut String,
) {
    let edit = egui::TextEdit::singleline(value);
    edit_row(ui, errors, field, label, edit);
}

/// A multi-line text field.
pub fn multiline_row(
    ui: &mut egui::Ui,
    errors: &FormErrors,
    field: &str,
    label: &str,
    value: &mut String,
) {
    let edit = egui::TextEdit::multiline(value).desired_rows(4);
    edit_row(ui, errors, field, label, edit);
}

fn edit_row(
    ui: &mut egui::Ui,
    errors: &FormErrors,
    field: &str,
    label: &str,
    edit: egui::TextEdit<'_>,
) {
    let label = ui.label(label);
    ui.vertical(|ui| {
        ui.add(edit.desired_width(FIELD_WIDTH))
            .labelled_by(label.id);
        errors.show_field(ui, field);
    });
    ui.end_row();
}

/// A dictionary item picker. An `optional` one offers （未选择） (0) first; a required one says
/// 请选择 until an item is chosen.
pub fn picker_row(
    ui: &mut egui::Ui,
    errors: &FormErrors,
    field: &str,
    label: &str,
    dictionary: &[DictionaryItem],
    chosen: &mut i64,
    optional: bool,
) {
    let unset = if optional {
        t("common.none_chosen")
    } else {
        t("common.choose")
    };
    let mut options: Vec<(i64, &str)> = Vec::new();
    if optional {
        options.push((0, unset));
    }
    let offered = items(dictionary, &[*chosen]);
    options.extend(borrowed(&offered));
    let label = ui.label(label);
    ui.vertical(|ui| {
        choice_box(ui, field, label.id, FIELD_WIDTH, &options, chosen, unset);
        errors.show_field(ui, field);
    });
    ui.end_row();
}
