//! Picking one value from a list: a combo box tied to its label (so screen readers and tests
//! find it by the label's text), for the lists' filters (with 全部) and the forms' pickers.

use std::borrow::Cow;

use crm_proto::v1::DictionaryItem;

use crate::i18n::{t, t_args};

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

/// Dictionary items as options: the enabled ones, and the disabled ones among `kept` (the
/// values a record or a filter already holds, which stay in sight and choosable), marked as
/// disabled. Others are not offered: a disabled item is not for new records.
pub fn items<'a>(items: &'a [DictionaryItem], kept: &[i64]) -> Vec<(i64, Cow<'a, str>)> {
    items
        .iter()
        .filter(|item| item.enabled || kept.contains(&item.id))
        .map(|item| (item.id, item_label(item)))
        .collect()
}

/// An item's name as a choice shows it: a disabled item says so.
pub fn item_label(item: &DictionaryItem) -> Cow<'_, str> {
    if item.enabled {
        Cow::Borrowed(&item.name)
    } else {
        Cow::Owned(t_args("common.disabled_item", &[("name", &item.name)]))
    }
}

/// Options with owned texts as the borrowed pairs [`choice`] takes.
pub fn borrowed<'a>(options: &'a [(i64, Cow<'_, str>)]) -> impl Iterator<Item = (i64, &'a str)> {
    options.iter().map(|(value, text)| (*value, text.as_ref()))
}
