//! Picking one value from a list: a combo box tied to its label (so screen readers and tests
//! find it by the label's text), for the lists' filters (with 全部) and the forms' pickers.

use crm_proto::v1::DictionaryItem;

use crate::i18n::t;

/// Shows the label and a combo box offering `options` (value, text); the selected value's text
/// shows, or `unset` when `chosen` is none of them. `true` when the user changed the choice.
pub fn choice<T: PartialEq + Copy>(
    ui: &mut egui::Ui,
    id_salt: &str,
    label: &str,
    width: f32,
    options: &[(T, &str)],
    chosen: &mut T,
    unset: &str,
) -> bool {
    let label = ui.label(label);
    choice_box(ui, id_salt, label.id, width, options, chosen, unset)
}

/// The combo box of [`choice`] alone, tied to a label drawn elsewhere (a form grid's first
/// column).
pub fn choice_box<T: PartialEq + Copy>(
    ui: &mut egui::Ui,
    id_salt: &str,
    label: egui::Id,
    width: f32,
    options: &[(T, &str)],
    chosen: &mut T,
    unset: &str,
) -> bool {
    let before = *chosen;
    let selected = options
        .iter()
        .find(|(value, _)| value == chosen)
        .map_or(unset, |(_, text)| text);
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(selected)
        .width(width)
        .show_ui(ui, |ui| {
            for (value, text) in options {
                ui.selectable_value(chosen, *value, *text);
            }
        })
        .response
        .labelled_by(label);
    *chosen != before
}

/// A filter's options: 全部 (0) first, then the given ones.
pub fn with_all<'a>(options: impl IntoIterator<Item = (i64, &'a str)>) -> Vec<(i64, &'a str)> {
    std::iter::once((0, t("common.all")))
        .chain(options)
        .collect()
}

/// Dictionary items as options.
pub fn items(items: &[DictionaryItem]) -> impl Iterator<Item = (i64, &str)> {
    items.iter().map(|item| (item.id, item.name.as_str()))
}
