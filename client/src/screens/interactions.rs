//! 交往记录 tab of a customer (DESIGN §2.2): the interactions, newest first and paged; those who
//! may edit the customer add, edit and delete them. 日期, 地点, 概要 and 详细信息 are required and
//! never become empty.

use crm_proto::v1::{
    CreateInteractionRequest, Customer, DeleteInteractionRequest, Interaction, InteractionFields,
    ListInteractionsRequest, ListInteractionsResponse, UpdateInteractionRequest,
};
use crm_shared::interaction::InteractionFields as Rules;
use crm_shared::validation::Violations;
use egui_extras::Column;

use crate::i18n::t;
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::widgets::form_dialog::{FormAnswer, form_dialog};
use crate::widgets::paging::Paging;
use crate::widgets::removal::Removal;
use crate::widgets::table::{empty_list, header, table};
use crate::widgets::{FormErrors, labelled_text};

const FIELDS: [&str; 5] = ["date", "place", "summary", "details", "remark"];

pub struct InteractionsTab {
    customer_id: i64,
    editable: bool,
    paging: Paging,
    interactions: Vec<Interaction>,
    loading: Pending<ListInteractionsResponse>,
    form: Option<InteractionForm>,
    removal: Removal<Interaction>,
}

impl InteractionsTab {
    pub fn open(env: &mut Env, customer: &Customer) -> InteractionsTab {
        let mut tab = InteractionsTab {
            customer_id: customer.id,
            editable: customer.editable,
            paging: Paging::default(),
            interactions: Vec::new(),
            loading: None,
            form: None,
            removal: Removal::default(),
        };
        tab.reload(env);
        tab
    }

    fn reload(&mut self, env: &mut Env) {
        let mut customers = env.api().customers();
        let request = ListInteractionsRequest {
            customer_id: self.customer_id,
            page: Some(self.paging.request()),
        };
        self.loading =
            Some(env.rpc.spawn(async move {
                Ok(customers.list_interactions(request).await?.into_inner())
            }));
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(response)) => {
                self.interactions = response.interactions;
                self.paging.total = response.total;
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        if let Some(form) = &mut self.form {
            match form.show(ui.ctx(), env) {
                Some(true) => {
                    self.form = None;
                    self.reload(env);
                }
                Some(false) => self.form = None,
                None => {}
            }
        }
        let removed = self.removal.show(ui.ctx(), env, |interaction, env| {
            let mut customers = env.api().customers();
            let request = DeleteInteractionRequest {
                id: interaction.id,
                version: interaction.version,
            };
            env.rpc.spawn(async move {
                customers.delete_interaction(request).await?;
                Ok(())
            })
        });
        if removed.is_some() {
            self.reload(env);
        }

        if self.editable && ui.button(t("interactions.new")).clicked() {
            self.form = Some(InteractionForm::create(self.customer_id));
        }
        ui.add_space(4.0);
        egui::Panel::bottom("interactions-paging").show(ui, |ui| {
            if self.paging.show(ui) {
                self.reload(env);
            }
        });
        egui::CentralPanel::no_frame().show(ui, |ui| self.table(ui));
    }

    fn table(&mut self, ui: &mut egui::Ui) {
        if empty_list(ui, self.interactions.is_empty(), self.loading.is_some()) {
            return;
        }
        let mut edit = None;
        let mut delete = None;
        table(ui)
            .columns(Column::auto().at_least(80.0), 3)
            .column(Column::remainder().at_least(160.0).clip(true))
            .column(Column::auto().at_least(60.0))
            .column(Column::auto())
            .header(24.0, |row| {
                let titles = [
                    t("interactions.date"),
                    t("interactions.place"),
                    t("interactions.summary"),
                    t("interactions.details"),
                    t("interactions.created_by"),
                    t("common.actions"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for interaction in &self.interactions {
                    let fields = interaction.fields.clone().unwrap_or_default();
                    body.row(26.0, |mut row| {
                        row.col(|ui| {
                            ui.label(&fields.date);
                        });
                        row.col(|ui| {
                            ui.label(&fields.place);
                        });
                        row.col(|ui| {
                            ui.label(&fields.summary);
                        });
                        row.col(|ui| {
                            ui.label(&fields.details).on_hover_text(&fields.details);
                        });
                        row.col(|ui| {
                            ui.label(&interaction.created_by_name);
                        });
                        row.col(|ui| {
                            if self.editable {
                                if ui.small_button(t("common.edit")).clicked() {
                                    edit = Some(interaction.clone());
                                }
                                if ui.small_button(t("common.delete")).clicked() {
                                    delete = Some(interaction.clone());
                                }
                            }
                        });
                    });
                }
            });
        if let Some(interaction) = edit {
            self.form = Some(InteractionForm::edit(&interaction));
        }
        if let Some(interaction) = delete {
            let summary = interaction
                .fields
                .as_ref()
                .map(|f| format!("{} {}", f.date, f.summary))
                .unwrap_or_default();
            self.removal.ask(interaction, summary);
        }
    }
}

/// The interaction dialog: create (for a customer) or edit.
struct InteractionForm {
    customer_id: i64,
    existing: Option<(i64, i64)>,
    fields: InteractionFields,
    errors: FormErrors,
    saving: Pending<Interaction>,
}

impl InteractionForm {
    fn create(customer_id: i64) -> InteractionForm {
        let today = chrono::Local::now().date_naive();
        InteractionForm {
            customer_id,
            existing: None,
            fields: InteractionFields {
                date: crm_shared::date::format_date(today),
                ..InteractionFields::default()
            },
            errors: FormErrors::default(),
            saving: None,
        }
    }

    fn edit(interaction: &Interaction) -> InteractionForm {
        InteractionForm {
            customer_id: interaction.customer_id,
            existing: Some((interaction.id, interaction.version)),
            fields: interaction.fields.clone().unwrap_or_default(),
            errors: FormErrors::default(),
            saving: None,
        }
    }

    /// `Some(true)` once saved, `Some(false)` when cancelled.
    fn show(&mut self, ctx: &egui::Context, env: &mut Env) -> Option<bool> {
        if env
            .take_saved(&mut self.saving, &mut self.errors, &FIELDS)
            .is_some()
        {
            env.toasts.success(t("common.saved"));
            return Some(true);
        }
        let title = if self.existing.is_some() {
            t("interactions.edit_title")
        } else {
            t("interactions.new_title")
        };
        let busy = self.saving.is_some();
        let errors = &self.errors;
        let fields = &mut self.fields;
        let answer = form_dialog(ctx, "interaction-form", title, errors, busy, |ui| {
            for (field, key) in [
                ("date", "interactions.date"),
                ("place", "interactions.place"),
                ("summary", "interactions.summary"),
            ] {
                let value = match field {
                    "date" => &mut fields.date,
                    "place" => &mut fields.place,
                    _ => &mut fields.summary,
                };
                labelled_text(ui, t(key), value);
                errors.show_field(ui, field);
            }
            let label = ui.label(t("interactions.details"));
            let details = egui::TextEdit::multiline(&mut fields.details).desired_rows(4);
            ui.add(details).labelled_by(label.id);
            errors.show_field(ui, "details");
            labelled_text(ui, t("interactions.remark"), &mut fields.remark);
            errors.show_field(ui, "remark");
        });
        match answer {
            Some(FormAnswer::Confirm) => self.save(env),
            Some(FormAnswer::Cancel) => return Some(false),
            Some(FormAnswer::Reload) => return Some(true),
            None => {}
        }
        None
    }

    fn save(&mut self, env: &mut Env) {
        let rules = Rules {
            date: self.fields.date.clone(),
            place: self.fields.place.clone(),
            summary: self.fields.summary.clone(),
            details: self.fields.details.clone(),
            remark: self.fields.remark.clone(),
        };
        let mut violations = Violations::new();
        violations.absorb(rules.check());
        if !self.errors.passed(violations, &FIELDS) {
            return;
        }
        let mut customers = env.api().customers();
        let fields = self.fields.clone();
        self.saving = Some(match self.existing {
            None => {
                let request = CreateInteractionRequest {
                    customer_id: self.customer_id,
                    fields: Some(fields),
                };
                env.rpc.spawn(async move {
                    Ok(customers.create_interaction(request).await?.into_inner())
                })
            }
            Some((id, version)) => {
                let request = UpdateInteractionRequest {
                    id,
                    version,
                    fields: Some(fields),
                };
                env.rpc.spawn(async move {
                    Ok(customers.update_interaction(request).await?.into_inner())
                })
            }
        });
    }
}
