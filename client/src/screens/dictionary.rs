//! 数据字典 (DESIGN §2.5; right `admin.dictionary`): pick a kind (地区, 行业, 客户等级, 服务类型),
//! list its items, create, edit and delete them. Built-in items cannot be deleted; an item in
//! use is disabled by the server instead of deleted, and the toast says so.

use crm_proto::v1::{
    DeleteDictionaryItemRequest, DeleteDictionaryItemResponse, DictionaryItem,
    DictionaryType as ProtoType, ListDictionaryRequest, ListDictionaryResponse,
};
use crm_shared::dictionary::DictionaryType;
use egui_extras::Column;

use crate::i18n::{k, lookup, t};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::dictionary_form::DictionaryForm;
use crate::server_error::ServerError;
use crate::widgets::field_error::BannerAction;
use crate::widgets::table::{empty_list, header, table};
use crate::widgets::{Confirm, ConfirmAnswer, FormErrors, FormOutcome};

/// The text key naming a dictionary kind.
pub fn kind_key(kind: DictionaryType) -> &'static str {
    match kind {
        DictionaryType::Region => k("dictionary.kind.region"),
        DictionaryType::Industry => k("dictionary.kind.industry"),
        DictionaryType::CustomerLevel => k("dictionary.kind.customer_level"),
        DictionaryType::ServiceType => k("dictionary.kind.service_type"),
    }
}

/// The API's value for a dictionary kind.
pub fn proto_kind(kind: DictionaryType) -> ProtoType {
    match kind {
        DictionaryType::Region => ProtoType::Region,
        DictionaryType::Industry => ProtoType::Industry,
        DictionaryType::CustomerLevel => ProtoType::CustomerLevel,
        DictionaryType::ServiceType => ProtoType::ServiceType,
    }
}

pub struct DictionaryScreen {
    kind: DictionaryType,
    items: Vec<DictionaryItem>,
    loading: Pending<ListDictionaryResponse>,
    form: Option<DictionaryForm>,
    /// The item the user asked to delete, while the confirm dialog is open.
    confirming: Option<(DictionaryItem, Confirm)>,
    deleting: Pending<DeleteDictionaryItemResponse>,
    /// A failed delete, shown above the list (a stale one with 重新加载).
    list_errors: FormErrors,
}

impl DictionaryScreen {
    pub fn new(env: &mut Env) -> DictionaryScreen {
        let mut screen = DictionaryScreen {
            kind: DictionaryType::Region,
            items: Vec::new(),
            loading: None,
            form: None,
            confirming: None,
            deleting: None,
            list_errors: FormErrors::default(),
        };
        screen.reload(env);
        screen
    }

    fn reload(&mut self, env: &mut Env) {
        let mut admin = env.api().admin();
        let request = ListDictionaryRequest {
            r#type: proto_kind(self.kind) as i32,
            include_disabled: true,
        };
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(admin.list_dictionary(request).await?.into_inner()) }),
        );
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        self.poll(env);

        ui.heading(t("nav.dictionary"));
        ui.add_space(6.0);
        self.toolbar(ui, env);
        ui.add_space(6.0);
        if self.list_errors.show_banner(ui) == Some(BannerAction::Reload) {
            self.list_errors.clear();
            self.reload(env);
        }

        if let Some(form) = &mut self.form {
            let outcome = egui::Panel::right("dictionary-form")
                .resizable(false)
                .exact_size(330.0)
                .show(ui, |ui| form.show(ui, env))
                .inner;
            match outcome {
                FormOutcome::Open => {}
                FormOutcome::Closed => self.form = None,
                FormOutcome::Saved => {
                    self.form = None;
                    self.reload(env);
                }
                FormOutcome::ReloadRequested => {
                    self.form = None;
                    self.reload(env);
                }
            }
        }

        egui::CentralPanel::no_frame().show(ui, |ui| self.table(ui));
        self.confirm_delete(ui.ctx(), env);
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(response)) => self.items = response.items,
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        match take_ready(&mut self.deleting) {
            Some(Ok(response)) if response.disabled_instead => {
                env.toasts.success(t("dictionary.disabled_instead"));
                self.reload(env);
            }
            Some(Ok(_)) => {
                env.toasts.success(t("common.deleted"));
                self.reload(env);
            }
            Some(Err(error)) => self.delete_failed(&error, env),
            None => {}
        }
    }

    fn delete_failed(&mut self, error: &ServerError, env: &mut Env) {
        env.note(error);
        self.list_errors = FormErrors::from_error(error, &[]);
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        ui.horizontal(|ui| {
            for kind in DictionaryType::ALL {
                let label = lookup(kind_key(kind)).unwrap_or_default();
                if ui
                    .add(egui::Button::selectable(self.kind == kind, label))
                    .clicked()
                    && self.kind != kind
                {
                    self.kind = kind;
                    self.form = None;
                    self.list_errors.clear();
                    self.items.clear();
                    self.reload(env);
                }
            }
            ui.separator();
            if ui.button(t("common.new")).clicked() {
                self.form = Some(DictionaryForm::create(self.kind, self.next_sort_order()));
            }
            if ui.button(t("common.refresh")).clicked() {
                self.list_errors.clear();
                self.reload(env);
            }
            if self.loading.is_some() || self.deleting.is_some() {
                ui.spinner();
            }
        });
    }

    fn next_sort_order(&self) -> i32 {
        // The seeded items are numbered in tens; a new one goes after the last, in step.
        let last = self
            .items
            .iter()
            .map(|item| item.sort_order)
            .max()
            .unwrap_or(0);
        (last / 10 + 1) * 10
    }

    fn table(&mut self, ui: &mut egui::Ui) {
        if empty_list(ui, self.items.is_empty(), self.loading.is_some()) {
            return;
        }
        let mut edit = None;
        let mut delete = None;
        table(ui)
            .column(Column::initial(240.0).at_least(120.0))
            .columns(Column::auto().at_least(70.0), 3)
            .column(Column::remainder().at_least(110.0))
            .header(24.0, |row| {
                let titles = [
                    t("dictionary.name"),
                    t("dictionary.sort_order"),
                    t("dictionary.enabled"),
                    t("dictionary.built_in"),
                    t("common.actions"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for item in &self.items {
                    body.row(26.0, |mut row| {
                        row.col(|ui| {
                            ui.label(&item.name);
                        });
                        row.col(|ui| {
                            ui.label(item.sort_order.to_string());
                        });
                        row.col(|ui| {
                            ui.label(yes_no(item.enabled));
                        });
                        row.col(|ui| {
                            ui.label(yes_no(item.built_in));
                        });
                        row.col(|ui| {
                            if ui.small_button(t("common.edit")).clicked() {
                                edit = Some(item.clone());
                            }
                            let deletable = !item.built_in;
                            let button = ui
                                .add_enabled(
                                    deletable,
                                    egui::Button::new(t("common.delete")).small(),
                                )
                                .on_disabled_hover_text(t("dictionary.built_in_not_deletable"));
                            if button.clicked() {
                                delete = Some(item.clone());
                            }
                        });
                    });
                }
            });
        if let Some(item) = edit {
            self.form = Some(DictionaryForm::edit(&item));
        }
        if let Some(item) = delete {
            let confirm = Confirm::new(t("common.confirm_delete"), item.name.clone());
            self.confirming = Some((item, confirm));
        }
    }

    fn confirm_delete(&mut self, ctx: &egui::Context, env: &mut Env) {
        let Some((item, confirm)) = &self.confirming else {
            return;
        };
        let Some(answer) = confirm.show(ctx) else {
            return;
        };
        if answer == ConfirmAnswer::Yes {
            let mut admin = env.api().admin();
            let request = DeleteDictionaryItemRequest {
                id: item.id,
                version: item.version,
            };
            self.list_errors.clear();
            self.deleting = Some(env.rpc.spawn(async move {
                Ok(admin.delete_dictionary_item(request).await?.into_inner())
            }));
        }
        self.confirming = None;
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        t("common.yes")
    } else {
        t("common.no")
    }
}
