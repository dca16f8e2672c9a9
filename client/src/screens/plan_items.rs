//! 客户开发计划 of one opportunity (DESIGN §2.1): its plan items by date, each with its 执行效果.
//! The assignee of an 已指派 opportunity adds items, edits their content (the date is fixed once
//! an item exists), deletes them after 确认删除？ and records their results.

use crm_proto::v1::{
    AddPlanItemRequest, DeletePlanItemRequest, PlanItem, RecordPlanResultRequest,
    UpdatePlanItemRequest,
};
use crm_shared::opportunity::{PlanItemFields, check_plan_content, check_plan_result};
use crm_shared::validation::Violations;
use egui_extras::Column;

use crate::i18n::t;
use crate::rpc::Pending;
use crate::screens::Env;
use crate::widgets::form_dialog::{FormAnswer, form_dialog};
use crate::widgets::removal::Removal;
use crate::widgets::table::{header, table};
use crate::widgets::{FormErrors, labelled_text};

const FIELDS: [&str; 3] = ["date", "content", "result"];

/// The plan as its opportunity's detail shows it.
pub struct PlanView {
    opportunity_id: i64,
    dialog: Option<PlanItemDialog>,
    removal: Removal<PlanItem>,
}

impl PlanView {
    pub fn new(opportunity_id: i64) -> PlanView {
        PlanView {
            opportunity_id,
            dialog: None,
            removal: Removal::default(),
        }
    }

    /// Shows the items; `editable` when the user keeps this plan. `true` when an item changed
    /// and the detail should reload.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env,
        items: &[PlanItem],
        editable: bool,
    ) -> bool {
        let mut changed = false;
        if let Some(dialog) = &mut self.dialog
            && let Some(saved) = dialog.show(ui.ctx(), env)
        {
            changed |= saved;
            self.dialog = None;
        }
        let removed = self.removal.show(ui.ctx(), env, |item, env| {
            let mut opportunities = env.api().opportunities();
            let request = DeletePlanItemRequest {
                id: item.id,
                version: item.version,
            };
            env.rpc.spawn(async move {
                opportunities.delete_plan_item(request).await?;
                Ok(())
            })
        });
        changed |= removed.is_some();

        ui.horizontal(|ui| {
            ui.heading(t("plan.title"));
            if editable && ui.button(t("plan.new")).clicked() {
                self.dialog = Some(PlanItemDialog::add(self.opportunity_id));
            }
        });
        if items.is_empty() {
            ui.label(t("plan.empty"));
            return changed;
        }
        self.table(ui, items, editable);
        changed
    }

    fn table(&mut self, ui: &mut egui::Ui, items: &[PlanItem], editable: bool) {
        let mut open = None;
        let mut delete = None;
        let mut builder = table(ui)
            .id_salt("plan-items")
            .vscroll(false)
            .column(Column::auto().at_least(90.0))
            .column(Column::initial(260.0).at_least(160.0).clip(true))
            .column(Column::remainder().at_least(160.0).clip(true));
        let mut titles = vec![t("plan.date"), t("plan.content"), t("plan.result")];
        // The actions are the assignee's; others see the plan without an empty column.
        if editable {
            builder = builder.column(Column::auto().at_least(60.0));
            titles.push(t("common.actions"));
        }
        builder
            .header(24.0, |row| header(row, &titles))
            .body(|mut body| {
                for item in items {
                    body.row(26.0, |mut row| {
                        row.col(|ui| {
                            ui.label(&item.date);
                        });
                        row.col(|ui| {
                            ui.label(&item.content).on_hover_text(&item.content);
                        });
                        row.col(|ui| {
                            if item.result.is_empty() {
                                ui.weak(t("plan.no_result"));
                            } else {
                                ui.label(&item.result).on_hover_text(&item.result);
                            }
                        });
                        if !editable {
                            return;
                        }
                        row.col(|ui| {
                            if ui.small_button(t("plan.record_result")).clicked() {
                                open = Some(PlanItemDialog::result(item));
                            }
                            if ui.small_button(t("common.edit")).clicked() {
                                open = Some(PlanItemDialog::edit(item));
                            }
                            if ui.small_button(t("common.delete")).clicked() {
                                delete = Some(item.clone());
                            }
                        });
                    });
                }
            });
        if open.is_some() {
            self.dialog = open;
        }
        if let Some(item) = delete {
            let what = format!("{} {}", item.date, item.content);
            self.removal.ask(item, what);
        }
    }
}

/// What the dialog does.
enum Purpose {
    Add { opportunity_id: i64 },
    Edit { item: PlanItem },
    Result { item: PlanItem },
}

/// Adds an item, edits its content, or records its result.
struct PlanItemDialog {
    purpose: Purpose,
    date: String,
    /// The content, or the result being recorded.
    text: String,
    errors: FormErrors,
    saving: Pending<PlanItem>,
}

impl PlanItemDialog {
    fn add(opportunity_id: i64) -> PlanItemDialog {
        let today = chrono::Utc::now()
            .with_timezone(&crate::format::COMPANY_TIME_ZONE)
            .date_naive();
        PlanItemDialog::with(
            Purpose::Add { opportunity_id },
            crm_shared::date::format_date(today),
            String::new(),
        )
    }

    fn edit(item: &PlanItem) -> PlanItemDialog {
        let text = item.content.clone();
        PlanItemDialog::with(
            Purpose::Edit { item: item.clone() },
            item.date.clone(),
            text,
        )
    }

    fn result(item: &PlanItem) -> PlanItemDialog {
        let text = item.result.clone();
        PlanItemDialog::with(
            Purpose::Result { item: item.clone() },
            item.date.clone(),
            text,
        )
    }

    fn with(purpose: Purpose, date: String, text: String) -> PlanItemDialog {
        PlanItemDialog {
            purpose,
            date,
            text,
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
        let (title, text_label) = match self.purpose {
            Purpose::Add { .. } => (t("plan.new_title"), t("plan.content")),
            Purpose::Edit { .. } => (t("plan.edit_title"), t("plan.content")),
            Purpose::Result { .. } => (t("plan.result_title"), t("plan.result")),
        };
        let adding = matches!(self.purpose, Purpose::Add { .. });
        let busy = self.saving.is_some();
        let errors = &self.errors;
        let (date, text) = (&mut self.date, &mut self.text);
        let answer = form_dialog(ctx, "plan-item-form", title, errors, busy, |ui| {
            if adding {
                labelled_text(ui, t("plan.date"), date);
            } else {
                // The date of an existing item never changes.
                ui.label(t("plan.date"));
                ui.label(date.as_str());
            }
            errors.show_field(ui, "date");
            let label = ui.label(text_label);
            let edit = egui::TextEdit::multiline(text).desired_rows(3);
            ui.add(edit).labelled_by(label.id);
            errors.show_field(ui, "content");
            errors.show_field(ui, "result");
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
        let mut violations = Violations::new();
        match &self.purpose {
            Purpose::Add { .. } => {
                let fields = PlanItemFields {
                    date: self.date.clone(),
                    content: self.text.clone(),
                };
                violations.absorb(fields.check());
            }
            Purpose::Edit { .. } => violations.absorb(check_plan_content(&self.text)),
            Purpose::Result { .. } => violations.absorb(check_plan_result(&self.text)),
        }
        if !self.errors.passed(violations, &FIELDS) {
            return;
        }
        let mut opportunities = env.api().opportunities();
        let text = self.text.trim().to_owned();
        self.saving = Some(match &self.purpose {
            Purpose::Add { opportunity_id } => {
                let request = AddPlanItemRequest {
                    opportunity_id: *opportunity_id,
                    date: self.date.trim().to_owned(),
                    content: text,
                };
                env.rpc.spawn(async move {
                    Ok(opportunities.add_plan_item(request).await?.into_inner())
                })
            }
            Purpose::Edit { item } => {
                let request = UpdatePlanItemRequest {
                    id: item.id,
                    version: item.version,
                    content: text,
                    date: item.date.clone(),
                };
                env.rpc.spawn(async move {
                    Ok(opportunities.update_plan_item(request).await?.into_inner())
                })
            }
            Purpose::Result { item } => {
                let request = RecordPlanResultRequest {
                    id: item.id,
                    version: item.version,
                    result: text,
                };
                env.rpc.spawn(async move {
                    Ok(opportunities
                        .record_plan_result(request)
                        .await?
                        .into_inner())
                })
            }
        });
    }
}
