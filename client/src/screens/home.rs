//! 首页: the welcome page after login, naming the user and pointing at what he may do. A user
//! who looks after customers sees his open churn warnings here first (DESIGN §2.2: managers
//! see them right after login).

use crm_proto::v1::{ListChurnWarningsRequest, ListChurnWarningsResponse, PageRequest};
use crm_shared::rights::Right;

use crate::i18n::{lookup, t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::{Env, nav};

/// How many of his warnings the page names; the rest are a click away.
const WARNINGS_SHOWN: u32 = 5;

#[derive(Default)]
pub struct Home {
    /// The user's open warnings, once asked for.
    warnings: Option<ListChurnWarningsResponse>,
    loading: Pending<ListChurnWarningsResponse>,
    asked: bool,
}

impl Home {
    /// Shows the page; `Some` with a page the user opened from it.
    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) -> Option<nav::Page> {
        self.poll(env);
        let mut picked = None;
        ui.add_space(12.0);
        let name = &env.session.user.display_name;
        ui.heading(t_args("home.welcome", &[("name", name)]));
        ui.add_space(4.0);
        ui.label(t_args(
            "home.role",
            &[("role", &env.session.user.role_name)],
        ));
        ui.add_space(16.0);
        if self.churn_notice(ui) {
            picked = Some(nav::Page::ChurnWarnings);
        }

        let visible = nav::visible(env.session);
        if visible.is_empty() {
            ui.label(t("home.no_rights"));
            return picked;
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

    /// Asks once for the user's open warnings, if he looks after customers.
    fn poll(&mut self, env: &mut Env) {
        if !self.asked && env.session.has_right(Right::Customers.code()) {
            self.asked = true;
            let mut churn = env.api().churn();
            let request = ListChurnWarningsRequest {
                page: Some(PageRequest {
                    page: 1,
                    page_size: WARNINGS_SHOWN,
                }),
                open_only: true,
                mine: true,
                ..ListChurnWarningsRequest::default()
            };
            self.loading =
                Some(env.rpc.spawn(async move {
                    Ok(churn.list_churn_warnings(request).await?.into_inner())
                }));
        }
        match take_ready(&mut self.loading) {
            Some(Ok(warnings)) => self.warnings = Some(warnings),
            Some(Err(error)) => env.report(&error),
            None => {}
        }
    }

    /// The box of open warnings; `true` when the user asked to handle them.
    fn churn_notice(&self, ui: &mut egui::Ui) -> bool {
        let Some(warnings) = self.warnings.as_ref().filter(|w| w.total > 0) else {
            return false;
        };
        let mut open = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let total = warnings.total.to_string();
            let text = t_args("home.churn_notice", &[("count", &total)]);
            ui.colored_label(ui.visuals().warn_fg_color, text);
            for warning in &warnings.warnings {
                ui.label(format!(
                    "· {} {}",
                    warning.customer_number, warning.customer_name
                ));
            }
            open = ui.button(t("home.churn_open")).clicked();
        });
        ui.add_space(12.0);
        open
    }
}
