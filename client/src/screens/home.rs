//! 首页: the welcome page after login, naming the user and pointing at what he may do.

use crate::i18n::{lookup, t, t_args};
use crate::screens::nav;
use crate::session::Session;

/// Shows the page; `Some` with a page the user opened from it.
pub fn show(ui: &mut egui::Ui, session: &Session) -> Option<nav::Page> {
    let mut picked = None;
    ui.add_space(12.0);
    let name = &session.user.display_name;
    ui.heading(t_args("home.welcome", &[("name", name)]));
    ui.add_space(4.0);
    ui.label(t_args("home.role", &[("role", &session.user.role_name)]));
    ui.add_space(16.0);

    let visible = nav::visible(session);
    if visible.is_empty() {
        ui.label(t("home.no_rights"));
        return None;
    }
    ui.label(t("home.start_here"));
    ui.add_space(8.0);
    for (module, entries) in visible {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(lookup(module.key).unwrap_or(module.key)).strong());
            for entry in entries {
                if ui.link(lookup(entry.key).unwrap_or(entry.key)).clicked() {
                    picked = Some(entry.page);
                }
            }
        });
        ui.add_space(4.0);
    }
    ui.add_space(16.0);
    ui.label(egui::RichText::new(t("home.help_hint")).weak());
    picked
}
