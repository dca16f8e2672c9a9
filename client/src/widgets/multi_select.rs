//! Picking several dictionary items (负责地区, 行业特长): a button showing the chosen names that
//! opens a checklist.

use crm_proto::v1::DictionaryItem;

use crate::i18n::t;

/// Shows the picker for `chosen` ids among `items`; `label` names it for screen readers.
pub fn multi_select(
    ui: &mut egui::Ui,
    id_salt: &str,
    label: &str,
    items: &[DictionaryItem],
    chosen: &mut Vec<i64>,
) {
    let names: Vec<&str> = items
        .iter()
        .filter(|item| chosen.contains(&item.id))
        .map(|item| item.name.as_str())
        .collect();
    let summary = if names.is_empty() {
        t("common.none_chosen").to_owned()
    } else {
        names.join("、")
    };

    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(summary)
        .width(240.0)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            for item in items {
                let mut on = chosen.contains(&item.id);
                if ui.checkbox(&mut on, &item.name).changed() {
                    if on {
                        chosen.push(item.id);
                    } else {
                        chosen.retain(|id| *id != item.id);
                    }
                }
            }
        })
        .response
        .on_hover_text(label);
}
