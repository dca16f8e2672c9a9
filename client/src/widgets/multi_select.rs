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
    // Only enabled items are offered, besides the disabled ones already chosen.
    let offered = super::choice::items(items, chosen);
    let names: Vec<&str> = offered
        .iter()
        .filter(|(id, _)| chosen.contains(id))
        .map(|(_, name)| name.as_ref())
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
            for (id, name) in &offered {
                let mut on = chosen.contains(id);
                if ui.checkbox(&mut on, name.as_ref()).changed() {
                    if on {
                        chosen.push(*id);
                    } else {
                        chosen.retain(|kept| kept != id);
                    }
                }
            }
        })
        .response
        .on_hover_text(label);
}
