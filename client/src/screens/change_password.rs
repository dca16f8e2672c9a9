//! 修改密码: the logged-in user changes his own password (old password, new one twice).

use crm_proto::v1::{ChangePasswordRequest, ChangePasswordResponse};
use crm_shared::user::check_password;
use crm_shared::validation::{ViolationCode, Violations};

use crate::i18n::t;
use crate::rpc::Pending;
use crate::screens::Env;
use crate::widgets::form_dialog::{FormAnswer, form_dialog};
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
        if env
            .take_saved(&mut self.saving, &mut self.errors, &FIELDS)
            .is_some()
        {
            env.toasts.success(t("change_password.done"));
            return false;
        }

        let title = t("change_password.title");
        let busy = self.saving.is_some();
        let errors = &self.errors;
        let answer = form_dialog(ctx, "change-password", title, errors, busy, |ui| {
            labelled_password(ui, t("change_password.old"), &mut self.old_password);
            errors.show_field(ui, "old_password");
            labelled_password(ui, t("change_password.new"), &mut self.new_password);
            errors.show_field(ui, "new_password");
            labelled_password(ui, t("change_password.confirm"), &mut self.confirm_password);
            errors.show_field(ui, "confirm_password");
        });
        match answer {
            Some(FormAnswer::Confirm) => self.save(env),
            Some(FormAnswer::Cancel | FormAnswer::Reload) => return false,
            None => {}
        }
        true
    }

    fn check(&self) -> Violations {
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
        violations
    }

    fn save(&mut self, env: &mut Env) {
        if !self.errors.passed(self.check(), &FIELDS) {
            return;
        }
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
