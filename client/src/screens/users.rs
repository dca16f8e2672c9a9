//! 用户管理 (DESIGN §1; right `admin.users`): the accounts, searchable and paged, with their
//! role, state and lock; create and edit them and reset a password. The role, region and industry
//! pickers are loaded once when the page opens.

use crm_proto::v1::DictionaryType as ProtoType;
use crm_proto::v1::{
    DictionaryItem, ListRolesRequest, ListUsersRequest, ListUsersResponse, Role, User, UserStatus,
};
use egui_extras::Column;

use crate::format;
use crate::i18n::t;
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::user_form::{ResetPassword, UserForm};
use crate::widgets::FormOutcome;
use crate::widgets::paging::Paging;
use crate::widgets::table::{empty_list, header, table};

/// What the user form chooses from.
#[derive(Clone, Debug, Default)]
pub struct Choices {
    pub roles: Vec<Role>,
    pub regions: Vec<DictionaryItem>,
    pub industries: Vec<DictionaryItem>,
}

impl Choices {
    pub fn role_name(&self, code: &str) -> String {
        self.roles
            .iter()
            .find(|role| role.code == code)
            .map_or_else(|| code.to_owned(), |role| role.name.clone())
    }
}

pub struct UsersScreen {
    query: String,
    paging: Paging,
    users: Vec<User>,
    loading: Pending<ListUsersResponse>,
    choices: Choices,
    loading_choices: Pending<Choices>,
    form: Option<UserForm>,
    reset: Option<ResetPassword>,
}

impl UsersScreen {
    pub fn new(env: &mut Env) -> UsersScreen {
        let mut screen = UsersScreen {
            query: String::new(),
            paging: Paging::default(),
            users: Vec::new(),
            loading: None,
            choices: Choices::default(),
            loading_choices: None,
            form: None,
            reset: None,
        };
        screen.reload(env);
        screen.load_choices(env);
        screen
    }

    fn reload(&mut self, env: &mut Env) {
        let mut admin = env.api().admin();
        let request = ListUsersRequest {
            page: Some(self.paging.request()),
            query: self.query.trim().to_owned(),
            ..ListUsersRequest::default()
        };
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(admin.list_users(request).await?.into_inner()) }),
        );
    }

    fn load_choices(&mut self, env: &mut Env) {
        let api = env.api();
        let mut admin = env.api().admin();
        self.loading_choices = Some(env.rpc.spawn(async move {
            let (roles, regions, industries) = tokio::try_join!(
                admin.list_roles(ListRolesRequest {}),
                api.dictionary_items(ProtoType::Region),
                api.dictionary_items(ProtoType::Industry),
            )?;
            Ok(Choices {
                roles: roles.into_inner().roles,
                regions,
                industries,
            })
        }));
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        self.poll(env);

        ui.heading(t("nav.users"));
        ui.add_space(6.0);
        self.toolbar(ui, env);
        ui.add_space(6.0);

        if let Some(form) = &mut self.form {
            let outcome = egui::Panel::right("user-form")
                .resizable(false)
                .exact_size(400.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .show(ui, |ui| form.show(ui, env, &self.choices))
                        .inner
                })
                .inner;
            match outcome {
                FormOutcome::Open => {}
                FormOutcome::Closed => self.form = None,
                FormOutcome::Saved | FormOutcome::ReloadRequested => {
                    self.form = None;
                    self.reload(env);
                }
            }
        }

        egui::Panel::bottom("users-paging").show(ui, |ui| {
            if self.paging.show(ui) {
                self.reload(env);
            }
        });
        egui::CentralPanel::no_frame().show(ui, |ui| self.table(ui));

        if let Some(reset) = &mut self.reset
            && !reset.show(ui.ctx(), env)
        {
            self.reset = None;
        }
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(response)) => {
                self.users = response.users;
                self.paging.total = response.total;
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        match take_ready(&mut self.loading_choices) {
            Some(Ok(choices)) => self.choices = choices,
            Some(Err(error)) => env.report(&error),
            None => {}
        }
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        ui.horizontal(|ui| {
            let search = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text(t("users.search_hint"))
                    .desired_width(220.0),
            );
            let entered =
                search.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            if ui.button(t("common.search")).clicked() || entered {
                self.paging.page = 1;
                self.reload(env);
            }
            ui.separator();
            if ui.button(t("common.new")).clicked() {
                self.form = Some(UserForm::create());
            }
            if ui.button(t("common.refresh")).clicked() {
                self.reload(env);
                self.load_choices(env);
            }
            if self.loading.is_some() || self.loading_choices.is_some() {
                ui.spinner();
            }
        });
    }

    fn table(&mut self, ui: &mut egui::Ui) {
        if empty_list(ui, self.users.is_empty(), self.loading.is_some()) {
            return;
        }
        let mut edit = None;
        let mut reset = None;
        table(ui)
            .columns(Column::auto().at_least(70.0), 4)
            .column(Column::remainder().at_least(60.0).clip(true))
            .column(Column::auto())
            .header(24.0, |row| {
                let titles = [
                    t("users.username"),
                    t("users.display_name"),
                    t("users.role"),
                    t("users.status"),
                    t("users.regions"),
                    t("common.actions"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for user in &self.users {
                    body.row(26.0, |mut row| {
                        row.col(|ui| {
                            ui.label(&user.username);
                        });
                        row.col(|ui| {
                            ui.label(&user.display_name);
                        });
                        row.col(|ui| {
                            ui.label(&user.role_name);
                        });
                        row.col(|ui| {
                            status_label(ui, user);
                        });
                        row.col(|ui| {
                            ui.label(names(&self.choices.regions, &user.region_ids));
                        });
                        row.col(|ui| {
                            if ui.small_button(t("common.edit")).clicked() {
                                edit = Some(user.clone());
                            }
                            if ui.small_button(t("users.reset_password")).clicked() {
                                reset = Some(user.clone());
                            }
                        });
                    });
                }
            });
        if let Some(user) = edit {
            self.form = Some(UserForm::edit(&user));
        }
        if let Some(user) = reset {
            self.reset = Some(ResetPassword::new(&user));
        }
    }
}

fn status_label(ui: &mut egui::Ui, user: &User) {
    let status = match UserStatus::try_from(user.status) {
        Ok(UserStatus::Disabled) => t("users.status_disabled"),
        _ => t("users.status_active"),
    };
    ui.label(status);
    if user.locked_until.as_ref().is_some_and(format::is_future) {
        ui.colored_label(ui.visuals().warn_fg_color, t("users.locked"));
    }
}

/// The names of the chosen dictionary items, joined with 、.
pub fn names(items: &[DictionaryItem], ids: &[i64]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .filter_map(|id| items.iter().find(|item| item.id == *id))
        .map(|item| item.name.as_str())
        .collect();
    names.join(t("common.list_separator"))
}
