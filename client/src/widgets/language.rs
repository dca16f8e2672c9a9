//! The language switch (中文 / English), on the login screen and in the top bar.

use crate::i18n::{self, Language, t};

/// Shows the switch; `Some` with the new language when the user changed it.
pub fn language_switch(ui: &mut egui::Ui) -> Option<Language> {
    let current = i18n::language();
    let mut chosen = current;
    egui::ComboBox::from_id_salt("language-switch")
        .selected_text(current.native_name())
        .width(90.0)
        .show_ui(ui, |ui| {
            for language in Language::ALL {
                ui.selectable_value(&mut chosen, language, language.native_name());
            }
        })
        .response
        .on_hover_text(t("common.language"));
    (chosen != current).then(|| {
        i18n::set_language(chosen);
        chosen
    })
}
