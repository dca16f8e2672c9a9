//! The user account forms: create (user name, display name, role, initial password, 负责地区,
//! 行业特长), edit (display name, role, 正常/停用, regions, industries; shows the lock), and the
//! reset-password dialog. Fields are checked with the server's own rules before sending.

use crm_proto::v1::{
    CreateUserRequest, ResetPasswordRequest, ResetPasswordResponse, UpdateUserRequest, User,
    UserStatus,
};
use crm_shared::user::{DISPLAY_NAME_MAX_CHARS, check_password, check_username};
use crm_shared::validation::{ViolationCode, Violations};

use crate::format;
use crate::i18n::{t, t_args};
use crate::rpc::Pending;
use crate::screens::Env;
use crate::screens::users::Choices;
use crate::widgets::field_error::BannerAction;
use crate::widgets::form_dialog::{FormAnswer, form_dialog};
use crate::widgets::multi_select::multi_select;
use crate::widgets::{FormErrors, FormOutcome, form_footer, labelled_password};

const FIELDS: [&str; 7] = [
    "username",
    "display_name",
    "role",
    "password",
    "status",
    "region_ids",
    "industry_ids",
];

/// The account being edited: `None` when creating.
struct Existing {
    id: i64,
    version: i64,
    username: String,
    locked_until: Option<prost_types::Timestamp>,
}

pub struct UserForm {
    existing: Option<Existing>,
    username: String,
    display_name: String,
    role: String,
    password: String,
    active: bool,
    region_ids: Vec<i64>,
    industry_ids: Vec<i64>,
    errors: FormErrors,
    saving: Pending<User>,
}

impl UserForm {
    pub fn create() -> UserForm {
        UserForm {
            existing: None,
            username: String::new(),
            display_name: String::new(),
            role: String::new(),
            password: String::new(),
            active: true,
            region_ids: Vec::new(),
            industry_ids: Vec::new(),
            errors: FormErrors::default(),
            saving: None,
        }
    }

    pub fn edit(user: &User) -> UserForm {
        UserForm {
            existing: Some(Existing {
                id: user.id,
                version: user.version,
                username: user.username.clone(),
                locked_until: user.locked_until.filter(format::is_future),
            }),
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            role: user.role.clone(),
            password: String::new(),
            active: UserStatus::try_from(user.status) != Ok(UserStatus::Disabled),
            region_ids: user.region_ids.clone(),
            industry_ids: user.industry_ids.clone(),
            errors: FormErrors::default(),
            saving: None,
        }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env, choices: &Choices) -> FormOutcome {
        if env
            .take_saved(&mut self.saving, &mut self.errors, &FIELDS)
            .is_some()
        {
            env.toasts.success(t("common.saved"));
            return FormOutcome::Saved;
        }

        let title = match &self.existing {
            Some(existing) => t_args("users.edit_title", &[("username", &existing.username)]),
            None => t("users.new_title").to_owned(),
        };
        ui.heading(title);
        ui.add_space(6.0);
        if self.errors.show_banner(ui) == Some(BannerAction::Reload) {
            return FormOutcome::ReloadRequested;
        }
        if let Some(until) = self
            .existing
            .as_ref()
            .and_then(|existing| existing.locked_until.as_ref())
        {
            let text = t_args("users.locked_until", &[("time", &format::timestamp(until))]);
            ui.colored_label(ui.visuals().warn_fg_color, text);
        }
        egui::Grid::new("user-form-grid")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                self.fields(ui, choices);
            });
        ui.add_space(10.0);
        form_footer(ui, self.saving.is_some(), || self.save(env))
    }

    fn fields(&mut self, ui: &mut egui::Ui, choices: &Choices) {
        if self.existing.is_none() {
            self.text_row(ui, "username", t("users.username"), false);
        }
        self.text_row(ui, "display_name", t("users.display_name"), false);

        ui.label(t("users.role"));
        ui.vertical(|ui| {
            let selected = if self.role.is_empty() {
                t("common.choose").to_owned()
            } else {
                choices.role_name(&self.role)
            };
            egui::ComboBox::from_id_salt("user-role")
                .selected_text(selected)
                .width(240.0)
                .show_ui(ui, |ui| {
                    for role in &choices.roles {
                        ui.selectable_value(&mut self.role, role.code.clone(), &role.name);
                    }
                })
                .response
                .on_hover_text(t("users.role"));
            self.errors.show_field(ui, "role");
        });
        ui.end_row();

        if self.existing.is_none() {
            self.text_row(ui, "password", t("users.initial_password"), true);
        } else {
            ui.label(t("users.status"));
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.active, true, t("users.status_active"));
                    ui.radio_value(&mut self.active, false, t("users.status_disabled"));
                });
                self.errors.show_field(ui, "status");
            });
            ui.end_row();
        }

        ui.label(t("users.regions"));
        ui.vertical(|ui| {
            multi_select(
                ui,
                "user-regions",
                t("users.regions"),
                &choices.regions,
                &mut self.region_ids,
            );
            self.errors.show_field(ui, "region_ids");
        });
        ui.end_row();

        ui.label(t("users.industries"));
        ui.vertical(|ui| {
            let items = &choices.industries;
            multi_select(
                ui,
                "user-industries",
                t("users.industries"),
                items,
                &mut self.industry_ids,
            );
            self.errors.show_field(ui, "industry_ids");
        });
        ui.end_row();
    }

    fn text_row(&mut self, ui: &mut egui::Ui, field: &str, label: &str, masked: bool) {
        let value = match field {
            "username" => &mut self.username,
            "password" => &mut self.password,
            _ => &mut self.display_name,
        };
        let label = ui.label(label);
        ui.vertical(|ui| {
            let edit = egui::TextEdit::singleline(value)
                .password(masked)
                .desired_width(240.0);
            ui.add(edit).labelled_by(label.id);
            self.errors.show_field(ui, field);
        });
        ui.end_row();
    }

    fn check(&self) -> Violations {
        let mut violations = Violations::new();
        if self.existing.is_none() {
            check_username(&mut violations, "username", &self.username);
            check_password(&mut violations, "password", &self.password);
        }
        violations.required_text("display_name", &self.display_name, DISPLAY_NAME_MAX_CHARS);
        if self.role.is_empty() {
            violations.add("role", ViolationCode::Required, &[]);
        }
        violations
    }

    fn save(&mut self, env: &mut Env) {
        if !self.errors.passed(self.check(), &FIELDS) {
            return;
        }
        let mut admin = env.api().admin();
        self.saving = Some(match &self.existing {
            None => {
                let request = CreateUserRequest {
                    username: self.username.trim().to_owned(),
                    display_name: self.display_name.trim().to_owned(),
                    role: self.role.clone(),
                    password: self.password.clone(),
                    region_ids: self.region_ids.clone(),
                    industry_ids: self.industry_ids.clone(),
                };
                env.rpc
                    .spawn(async move { Ok(admin.create_user(request).await?.into_inner()) })
            }
            Some(existing) => {
                let status = if self.active {
                    UserStatus::Active
                } else {
                    UserStatus::Disabled
                };
                let request = UpdateUserRequest {
                    id: existing.id,
                    version: existing.version,
                    display_name: self.display_name.trim().to_owned(),
                    role: self.role.clone(),
                    status: status as i32,
                    region_ids: self.region_ids.clone(),
                    industry_ids: self.industry_ids.clone(),
                };
                env.rpc
                    .spawn(async move { Ok(admin.update_user(request).await?.into_inner()) })
            }
        });
    }
}

/// The 重置密码 dialog: the administrator sets a new password for a user.
pub struct ResetPassword {
    id: i64,
    username: String,
    password: String,
    errors: FormErrors,
    saving: Pending<ResetPasswordResponse>,
}

impl ResetPassword {
    pub fn new(user: &User) -> ResetPassword {
        ResetPassword {
            id: user.id,
            username: user.username.clone(),
            password: String::new(),
            errors: FormErrors::default(),
            saving: None,
        }
    }

    /// Shows the dialog; `false` once it is closed.
    pub fn show(&mut self, ctx: &egui::Context, env: &mut Env) -> bool {
        if env
            .take_saved(&mut self.saving, &mut self.errors, &["new_password"])
            .is_some()
        {
            env.toasts.success(t("users.password_reset"));
            return false;
        }

        let title = t_args("users.reset_title", &[("username", &self.username)]);
        let busy = self.saving.is_some();
        let errors = &self.errors;
        let answer = form_dialog(ctx, "reset-password", title, errors, busy, |ui| {
            labelled_password(ui, t("users.new_password"), &mut self.password);
            errors.show_field(ui, "new_password");
        });
        match answer {
            Some(FormAnswer::Confirm) => self.save(env),
            Some(FormAnswer::Cancel | FormAnswer::Reload) => return false,
            None => {}
        }
        true
    }

    fn save(&mut self, env: &mut Env) {
        let mut violations = Violations::new();
        check_password(&mut violations, "new_password", &self.password);
        if !self.errors.passed(violations, &["new_password"]) {
            return;
        }
        let mut admin = env.api().admin();
        let request = ResetPasswordRequest {
            id: self.id,
            new_password: self.password.clone(),
        };
        self.saving = Some(
            env.rpc
                .spawn(async move { Ok(admin.reset_password(request).await?.into_inner()) }),
        );
    }
}
