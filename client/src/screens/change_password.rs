//! 修改密码: the logged-in user changes his own password (old password, new one twice).

use crm_proto::v1::{ChangePasswordRequest, ChangePasswordResponse};
use crm_shared::user::check_password;
use crm_shared::validation::{ViolationCode, Violations};

use crate::i18n::t;
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::server_error::ServerError;
use crate::widgets::{FormErrors, labelled_password};

const FIELDS: [&str; 3] = ["old_password", "new_password", "confirm_password"];

#[derive(Default)]
pub struct ChangePassword {
    old_password: String,
    new_password: String,
    confirm_password: String,
    errors: FormErrors,
    saving: Pending<ChangePasswordResponse>,
}

impl ChangePassword {
    /// Shows the dialog; `false` once it is closed.
    pub fn show(&mut self, ctx: &egui::Context, env: &mut Env) -> bool {
        match take_ready(&mut self.saving) {
            Some(Ok(_)) => {
                env.toasts.success(t("change_password.done"));
                return false;
            }
            Some(Err(error)) => {
                env.note(&error);
                self.errors = FormErrors::from_error(&error, &FIELDS);
            }
            None => {}
        }

        let mut open = true;
        let modal = egui::Modal::new(egui::Id::unique("change-password")).show(ctx, |ui| {
            ui.set_width(340.0);
            ui.heading(t("change_password.title"));
            ui.add_space(6.0);
            self.errors.show_banner(ui);
            labelled_password(ui, t("change_password.old"), &mut self.old_password);
            self.errors.show_field(ui, "old_password");
            labelled_password(ui, t("change_password.new"), &mut self.new_password);
            self.errors.show_field(ui, "new_password");
            labelled_password(ui, t("change_password.confirm"), &mut self.confirm_password);
            self.errors.show_field(ui, "confirm_password");
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                let idle = self.saving.is_none();
                if ui
                    .add_enabled(idle, egui::Button::new(t("common.ok")))
                    .clicked()
                {
                    self.save(env);
                }
                if ui.button(t("common.cancel")).clicked() {
                    open = false;
                }
                if !idle {
                    ui.spinner();
                }
            });
        });
        open && !(modal.should_close() && self.saving.is_none())
    }

    fn check(&self) -> Result<(), ServerError> {
        let mut violations = Violations::new();
        if self.old_password.is_empty() {
            violations.add("old_password", ViolationCode::Required, &[]);
        }
        check_password(&mut violations, "new_password", &self.new_password);
        if !self.new_password.is_empty() && self.new_password == self.old_password {
            violations.add("new_password", ViolationCode::Invalid, &[]);
        }
        if self.confirm_password != self.new_password {
            violations.add("confirm_password", ViolationCode::Invalid, &[]);
        }
        violations.finish().map_err(ServerError::from_violations)
    }

    fn save(&mut self, env: &mut Env) {
        if let Err(error) = self.check() {
            self.errors = FormErrors::from_error(&error, &FIELDS);
            return;
        }
        self.errors.clear();
        let mut auth = env.api().auth();
        let request = ChangePasswordRequest {
            old_password: self.old_password.clone(),
            new_password: self.new_password.clone(),
        };
        self.saving = Some(
            env.rpc
                .spawn(async move { Ok(auth.change_password(request).await?.into_inner()) }),
        );
    }
}
