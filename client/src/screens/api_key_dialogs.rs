//! The dialogs of 接口密钥: naming a new key, and showing its secret the one time it exists in
//! the clear (the server keeps only its hash), with 复制 and a warning that it cannot be shown
//! again.

use crm_proto::v1::{CreateApiKeyRequest, CreateApiKeyResponse};
use crm_shared::api_key::check_name;
use crm_shared::validation::Violations;

use crate::i18n::{t, t_args};
use crate::rpc::Pending;
use crate::screens::Env;
use crate::widgets::form_dialog::{FormAnswer, form_dialog};
use crate::widgets::{FormErrors, labelled_text};

const FIELDS: [&str; 1] = ["name"];

/// 新建接口密钥: the name of the system that will use it.
#[derive(Default)]
pub struct NewKeyDialog {
    name: String,
    errors: FormErrors,
    saving: Pending<CreateApiKeyResponse>,
}

/// How the new-key dialog ended.
pub enum NewKeyEnd {
    Created(CreateApiKeyResponse),
    Cancelled,
}

impl NewKeyDialog {
    /// Shows the dialog; `Some` once it ended.
    pub fn show(&mut self, ctx: &egui::Context, env: &mut Env) -> Option<NewKeyEnd> {
        if let Some(created) = env.take_saved(&mut self.saving, &mut self.errors, &FIELDS) {
            return Some(NewKeyEnd::Created(created));
        }
        let busy = self.saving.is_some();
        let errors = &self.errors;
        let name = &mut self.name;
        let title = t("api_keys.new_title");
        let answer = form_dialog(ctx, "api-key-form", title, errors, busy, |ui| {
            labelled_text(ui, t("api_keys.name"), name);
            errors.show_field(ui, "name");
            ui.weak(t("api_keys.name_hint"));
        });
        match answer {
            Some(FormAnswer::Confirm) => self.save(env),
            Some(FormAnswer::Cancel | FormAnswer::Reload) => return Some(NewKeyEnd::Cancelled),
            None => {}
        }
        None
    }

    fn save(&mut self, env: &mut Env) {
        let mut found = Violations::new();
        found.absorb(check_name(self.name.trim()));
        if !self.errors.passed(found, &FIELDS) {
            return;
        }
        let mut admin = env.api().admin();
        let request = CreateApiKeyRequest {
            name: self.name.trim().to_owned(),
        };
        self.saving = Some(
            env.rpc
                .spawn(async move { Ok(admin.create_api_key(request).await?.into_inner()) }),
        );
    }
}

/// The new key's secret, shown once.
pub struct SecretDialog {
    name: String,
    secret: String,
    copied: bool,
}

impl SecretDialog {
    pub fn new(created: CreateApiKeyResponse) -> SecretDialog {
        SecretDialog {
            name: created.key.map(|key| key.name).unwrap_or_default(),
            secret: created.secret,
            copied: false,
        }
    }

    /// Shows the secret; `false` once the user closed it. Only 我已保存 closes it: a stray
    /// click outside must not lose the secret.
    pub fn show(&mut self, ctx: &egui::Context) -> bool {
        let mut open = true;
        egui::Modal::new(egui::Id::unique("api-key-secret")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading(t_args("api_keys.secret_title", &[("name", &self.name)]));
            ui.add_space(6.0);
            ui.colored_label(ui.visuals().warn_fg_color, t("api_keys.secret_warning"));
            ui.add_space(6.0);
            let label = ui.label(t("api_keys.secret"));
            // Read-only but selectable, so it can also be copied by hand; wrapped, so all of
            // it is in sight.
            let mut shown = self.secret.as_str();
            let edit = egui::TextEdit::multiline(&mut shown)
                .font(egui::TextStyle::Monospace)
                .desired_rows(2)
                .desired_width(f32::INFINITY);
            ui.add(edit).labelled_by(label.id);
            ui.weak(t("api_keys.secret_usage"));
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui.button(t("api_keys.copy")).clicked() {
                    ui.ctx().copy_text(self.secret.clone());
                    self.copied = true;
                }
                if self.copied {
                    ui.weak(t("api_keys.copied"));
                }
                if ui.button(t("api_keys.saved_it")).clicked() {
                    open = false;
                }
            });
        });
        open
    }
}
