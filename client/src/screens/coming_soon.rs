//! The page of a module still being built: says so, to users who hold its right.

use crate::i18n::{lookup, t, t_args};

pub fn show(ui: &mut egui::Ui, title_key: &str) {
    let title = lookup(title_key).unwrap_or(title_key);
    ui.add_space(12.0);
    ui.heading(title);
    ui.add_space(8.0);
    ui.label(t_args("coming_soon.text", &[("module", title)]));
    ui.add_space(4.0);
    ui.label(egui::RichText::new(t("coming_soon.meanwhile")).weak());
}
