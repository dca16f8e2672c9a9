//! 角色权限 (DESIGN §1; right `admin.roles`): the role ↔ right matrix. Pick a role, tick its
//! rights, save with `UpdateRoleRights`. Users get the new rights at their next login.

use crm_proto::v1::{ListRolesRequest, ListRolesResponse, Role, UpdateRoleRightsRequest};

use crate::i18n::{lookup, t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::widgets::{DialogButton, FormErrors, dialog_buttons};

pub struct RolesScreen {
    matrix: ListRolesResponse,
    loading: Pending<ListRolesResponse>,
    /// The role shown, by code, and its rights as the user ticks them.
    selected: Option<String>,
    rights: Vec<String>,
    saving: Pending<Role>,
    errors: FormErrors,
}

/// A right's name in the user's language, or the server's name for a right the client does not
/// know yet.
pub fn right_name(code: &str, server_name: &str) -> String {
    lookup(&format!("right.{code}")).map_or_else(|| server_name.to_owned(), str::to_owned)
}

impl RolesScreen {
    pub fn new(env: &mut Env) -> RolesScreen {
        let mut screen = RolesScreen {
            matrix: ListRolesResponse::default(),
            loading: None,
            selected: None,
            rights: Vec::new(),
            saving: None,
            errors: FormErrors::default(),
        };
        screen.reload(env);
        screen
    }

    fn reload(&mut self, env: &mut Env) {
        let mut admin = env.api().admin();
        self.loading =
            Some(env.rpc.spawn(async move {
                Ok(admin.list_roles(ListRolesRequest {}).await?.into_inner())
            }));
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        self.poll(env);
        ui.heading(t("nav.roles"));
        ui.add_space(6.0);
        ui.label(egui::RichText::new(t("roles.intro")).weak());
        ui.add_space(6.0);

        egui::Panel::left("roles-list")
            .resizable(false)
            .exact_size(200.0)
            .show(ui, |ui| {
                self.role_list(ui);
            });
        egui::CentralPanel::no_frame().show(ui, |ui| {
            ui.add_space(4.0);
            self.rights_editor(ui, env);
        });
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(matrix)) => {
                self.matrix = matrix;
                let selected = self.selected.clone();
                match selected.or_else(|| self.matrix.roles.first().map(|role| role.code.clone())) {
                    Some(code) => self.select(&code),
                    None => self.selected = None,
                }
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        if let Some(role) = env.take_saved(&mut self.saving, &mut self.errors, &["rights"]) {
            env.toasts.success(t("common.saved"));
            if let Some(known) = self
                .matrix
                .roles
                .iter_mut()
                .find(|known| known.code == role.code)
            {
                *known = role;
            }
        }
    }

    fn select(&mut self, code: &str) {
        let Some(role) = self.matrix.roles.iter().find(|role| role.code == code) else {
            self.selected = None;
            return;
        };
        self.selected = Some(role.code.clone());
        self.rights = role.rights.clone();
        self.errors.clear();
    }

    fn role_list(&mut self, ui: &mut egui::Ui) {
        let mut picked = None;
        for role in &self.matrix.roles {
            let selected = self.selected.as_deref() == Some(role.code.as_str());
            if ui
                .add(egui::Button::selectable(selected, &role.name))
                .clicked()
            {
                picked = Some(role.code.clone());
            }
        }
        if self.loading.is_some() {
            ui.spinner();
        }
        if let Some(code) = picked {
            self.select(&code);
        }
    }

    fn rights_editor(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        let Some(code) = self.selected.clone() else {
            return;
        };
        let name = self
            .matrix
            .roles
            .iter()
            .find(|role| role.code == code)
            .map(|role| role.name.clone());
        ui.strong(t_args(
            "roles.rights_of",
            &[("role", name.as_deref().unwrap_or(&code))],
        ));
        ui.add_space(6.0);
        self.errors.show_banner(ui);

        for right in &self.matrix.rights {
            let mut on = self.rights.contains(&right.code);
            if ui
                .checkbox(&mut on, right_name(&right.code, &right.name))
                .changed()
            {
                if on {
                    self.rights.push(right.code.clone());
                } else {
                    self.rights.retain(|held| held != &right.code);
                }
            }
        }
        self.errors.show_field(ui, "rights");
        ui.add_space(10.0);
        let busy = self.saving.is_some();
        match dialog_buttons(ui, t("common.save"), t("common.reset"), busy) {
            Some(DialogButton::Confirm) => self.save(code, env),
            Some(DialogButton::Cancel) => self.select(&code),
            None => {}
        }
    }

    fn save(&mut self, role: String, env: &mut Env) {
        let mut admin = env.api().admin();
        let request = UpdateRoleRightsRequest {
            role,
            rights: self.rights.clone(),
        };
        self.errors.clear();
        self.saving = Some(
            env.rpc
                .spawn(async move { Ok(admin.update_role_rights(request).await?.into_inner()) }),
        );
    }
}
