//! One sales opportunity (DESIGN §2.1) on one screen: its facts, what the user may do with it in
//! its state (编辑 and 删除 while 未分配, 指派 for supervisors, 开发成功 and 终止开发 for the
//! assignee or a supervisor) and its development plan with each item's result. Opened from the
//! opportunity list, which it replaces until 返回列表.

use crm_proto::v1::{
    BoardManager, DeleteOpportunityRequest, GetAssignmentBoardRequest, GetOpportunityRequest,
    MarkLostRequest, MarkWonRequest, MarkWonResponse, Opportunity, OpportunityDetail as Detail,
};

use crate::format::timestamp;
use crate::i18n::{t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::assignment_board::{assign, manager_summary};
use crate::screens::opportunities::{OpportunityChoices, rate_text, status_text};
use crate::screens::opportunity_form::OpportunityForm;
use crate::screens::plan_items::PlanView;
use crate::server_error::ServerError;
use crate::widgets::removal::{Removal, Removed};
use crate::widgets::{Confirm, ConfirmAnswer, FormOutcome};

/// The question open before 开发成功 or 终止开发 is sent.
enum Question {
    Won(Confirm),
    /// Another customer has the name; confirming creates a second one.
    DuplicateName(Confirm),
    Lost(Confirm),
}

pub struct OpportunityDetail {
    id: i64,
    detail: Option<Detail>,
    loading: Pending<Detail>,
    form: Option<OpportunityForm>,
    plan: PlanView,
    removal: Removal<Opportunity>,
    /// The managers to assign to, best match first (supervisors only).
    managers: Vec<BoardManager>,
    loading_managers: Pending<Vec<BoardManager>>,
    assignee: i64,
    question: Option<Question>,
    acting: Pending<Opportunity>,
    winning: Pending<MarkWonResponse>,
}

impl OpportunityDetail {
    pub fn open(env: &mut Env, id: i64) -> OpportunityDetail {
        let mut detail = OpportunityDetail {
            id,
            detail: None,
            loading: None,
            form: None,
            plan: PlanView::new(id),
            removal: Removal::default(),
            managers: Vec::new(),
            loading_managers: None,
            assignee: 0,
            question: None,
            acting: None,
            winning: None,
        };
        detail.reload(env);
        detail
    }

    fn reload(&mut self, env: &mut Env) {
        let mut opportunities = env.api().opportunities();
        let request = GetOpportunityRequest { id: self.id };
        self.loading =
            Some(env.rpc.spawn(async move {
                Ok(opportunities.get_opportunity(request).await?.into_inner())
            }));
    }

    /// Shows the opportunity; `false` once the user went back to the list (or deleted it).
    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env, choices: &OpportunityChoices) -> bool {
        if !self.poll(env) {
            return false;
        }
        if ui.button(t("opportunities.back_to_list")).clicked() {
            return false;
        }
        let Some(detail) = self.detail.clone() else {
            // A failed load (its toast said why) offers another try instead of spinning on.
            if self.loading.is_some() {
                ui.spinner();
            } else if ui.button(t("common.retry")).clicked() {
                self.reload(env);
            }
            return true;
        };
        let Some(opportunity) = detail.opportunity else {
            return false;
        };
        let deleted = self.removal.show(ui.ctx(), env, |o, env| {
            let mut opportunities = env.api().opportunities();
            let request = DeleteOpportunityRequest {
                id: o.id,
                version: o.version,
            };
            env.rpc.spawn(async move {
                opportunities.delete_opportunity(request).await?;
                Ok(())
            })
        });
        match deleted {
            Some(Removed::Done) => return false,
            Some(Removed::Refused) => self.reload(env),
            None => {}
        }
        self.ask(&ui.ctx().clone(), env, &opportunity);

        if let Some(form) = &mut self.form {
            let outcome = egui::Panel::right("opportunity-edit")
                .resizable(false)
                .exact_size(430.0)
                .show(ui, |ui| form.show(ui, env, choices))
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

        egui::ScrollArea::vertical().show(ui, |ui| {
            self.title(ui, &opportunity);
            ui.add_space(4.0);
            self.actions(ui, env, &opportunity);
            ui.add_space(8.0);
            facts(ui, &opportunity);
            ui.add_space(12.0);
            ui.separator();
            if self
                .plan
                .show(ui, env, &detail.plan_items, opportunity.plan_editable)
            {
                self.reload(env);
            }
        });
        true
    }

    /// Takes the answers that arrived; `false` when the opportunity is gone.
    fn poll(&mut self, env: &mut Env) -> bool {
        match take_ready(&mut self.loading) {
            Some(Ok(detail)) => {
                if detail.opportunity.as_ref().is_some_and(|o| o.assignable) {
                    self.load_managers(env);
                }
                self.detail = Some(detail);
            }
            Some(Err(error)) => {
                env.report(&error);
                if error.is("NOT_FOUND") {
                    return false;
                }
            }
            None => {}
        }
        match take_ready(&mut self.loading_managers) {
            Some(Ok(managers)) => self.managers = managers,
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        match take_ready(&mut self.acting) {
            Some(Ok(opportunity)) => {
                let text = match opportunity.status() {
                    crm_proto::v1::OpportunityStatus::Lost => {
                        t("opportunities.lost_done").to_owned()
                    }
                    _ => {
                        let name = opportunity
                            .fields
                            .map(|f| f.customer_name)
                            .unwrap_or_default();
                        let manager = opportunity.assignee_name;
                        t_args(
                            "opportunities.assigned_to",
                            &[("name", &name), ("manager", &manager)],
                        )
                    }
                };
                env.toasts.success(text);
                self.reload(env);
            }
            Some(Err(error)) => self.refused(env, &error),
            None => {}
        }
        match take_ready(&mut self.winning) {
            Some(Ok(won)) => {
                let number = won.customer.map(|c| c.number).unwrap_or_default();
                let text = t_args("opportunities.won_done", &[("number", &number)]);
                env.toasts.success(text);
                self.reload(env);
            }
            Some(Err(error)) if error.is("DUPLICATE_NAME") => {
                let numbers = error.params.get("numbers").cloned().unwrap_or_default();
                let detail = t_args("customers.duplicate_detail", &[("numbers", &numbers)]);
                let question = Confirm::new(t("customers.duplicate_question"), detail);
                self.question = Some(Question::DuplicateName(question));
            }
            Some(Err(error)) => self.refused(env, &error),
            None => {}
        }
        true
    }

    /// A refused action: said as a toast, and the screen shows the opportunity as it is now.
    fn refused(&mut self, env: &mut Env, error: &ServerError) {
        env.report(error);
        self.reload(env);
    }

    fn load_managers(&mut self, env: &mut Env) {
        let mut opportunities = env.api().opportunities();
        let request = GetAssignmentBoardRequest {
            opportunity_id: self.id,
            page: None,
        };
        self.loading_managers = Some(env.rpc.spawn(async move {
            let board = opportunities.get_assignment_board(request).await?;
            Ok(board.into_inner().managers)
        }));
    }

    fn title(&self, ui: &mut egui::Ui, opportunity: &Opportunity) {
        ui.horizontal(|ui| {
            let name = opportunity.fields.as_ref().map(|f| f.customer_name.clone());
            ui.heading(name.unwrap_or_default());
            ui.label(&opportunity.number);
            ui.label(egui::RichText::new(status_text(opportunity.status)).strong());
        });
    }

    fn actions(&mut self, ui: &mut egui::Ui, env: &mut Env, opportunity: &Opportunity) {
        let busy = self.acting.is_some() || self.winning.is_some();
        ui.horizontal_wrapped(|ui| {
            if opportunity.editable && ui.button(t("common.edit")).clicked() {
                self.form = Some(OpportunityForm::edit(opportunity));
            }
            if opportunity.deletable && ui.button(t("common.delete")).clicked() {
                let what = opportunity
                    .fields
                    .as_ref()
                    .map(|f| format!("{} {}", opportunity.number, f.customer_name))
                    .unwrap_or_default();
                self.removal.ask(opportunity.clone(), what);
            }
            if opportunity.assignable {
                self.assign_controls(ui, env, opportunity, busy);
            }
            if opportunity.closable {
                if opportunity.assignable {
                    ui.separator();
                }
                let won = ui.add_enabled(!busy, egui::Button::new(t("opportunities.mark_won")));
                if won.clicked() {
                    let fields = opportunity.fields.clone().unwrap_or_default();
                    // Without a contact the customer gets none: the question says only what
                    // will happen.
                    let key = if fields.contact.is_empty() {
                        "opportunities.won_detail_no_contact"
                    } else {
                        "opportunities.won_detail"
                    };
                    let detail = t_args(
                        key,
                        &[
                            ("name", &fields.customer_name),
                            ("manager", &opportunity.assignee_name),
                        ],
                    );
                    let question = Confirm::new(t("opportunities.won_question"), detail);
                    self.question = Some(Question::Won(question));
                }
                let lost = ui.add_enabled(!busy, egui::Button::new(t("opportunities.mark_lost")));
                if lost.clicked() {
                    let question = Confirm::new(
                        t("opportunities.lost_question"),
                        t("opportunities.lost_detail"),
                    );
                    self.question = Some(Question::Lost(question));
                }
            }
            if busy {
                ui.spinner();
            }
        });
    }

    fn assign_controls(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env,
        opportunity: &Opportunity,
        busy: bool,
    ) {
        let label = ui.label(t("opportunities.assign_to"));
        let selected = self
            .managers
            .iter()
            .find(|m| m.id == self.assignee)
            .map_or(t("common.choose").to_owned(), |m| m.display_name.clone());
        egui::ComboBox::from_id_salt("opportunity-assignee")
            .selected_text(selected)
            .width(260.0)
            .show_ui(ui, |ui| {
                for manager in &self.managers {
                    ui.selectable_value(&mut self.assignee, manager.id, manager_summary(manager));
                }
            })
            .response
            .labelled_by(label.id);
        let chosen = self.assignee != 0 && self.assignee != opportunity.assignee_id;
        let button = egui::Button::new(t("opportunities.assign"));
        if ui.add_enabled(chosen && !busy, button).clicked() {
            self.acting = Some(assign(env, opportunity, self.assignee));
            self.assignee = 0;
        }
    }

    /// Shows the open question and sends what the user agreed to.
    fn ask(&mut self, ctx: &egui::Context, env: &mut Env, opportunity: &Opportunity) {
        let Some(question) = &self.question else {
            return;
        };
        let (confirm, allow_duplicate_name, won) = match question {
            Question::Won(confirm) => (confirm, false, true),
            Question::DuplicateName(confirm) => (confirm, true, true),
            Question::Lost(confirm) => (confirm, false, false),
        };
        let Some(answer) = confirm.show(ctx) else {
            return;
        };
        self.question = None;
        if answer == ConfirmAnswer::No {
            return;
        }
        let mut opportunities = env.api().opportunities();
        if won {
            let request = MarkWonRequest {
                id: opportunity.id,
                version: opportunity.version,
                allow_duplicate_name,
            };
            self.winning = Some(
                env.rpc
                    .spawn(async move { Ok(opportunities.mark_won(request).await?.into_inner()) }),
            );
        } else {
            let request = MarkLostRequest {
                id: opportunity.id,
                version: opportunity.version,
            };
            self.acting =
                Some(env.rpc.spawn(async move {
                    Ok(opportunities.mark_lost(request).await?.into_inner())
                }));
        }
    }
}

/// The opportunity's fields and audit facts, two pairs a row.
fn facts(ui: &mut egui::Ui, opportunity: &Opportunity) {
    let fields = opportunity.fields.clone().unwrap_or_default();
    let time = |at: &Option<prost_types::Timestamp>| at.as_ref().map(timestamp).unwrap_or_default();
    let customer = if opportunity.customer_number.is_empty() {
        String::new()
    } else {
        opportunity.customer_number.clone()
    };
    let pairs: [(&str, String); 14] = [
        ("opportunities.source", fields.source),
        ("opportunities.success_rate", rate_text(fields.success_rate)),
        ("opportunities.summary", fields.summary),
        ("opportunities.contact", fields.contact),
        ("opportunities.contact_phone", fields.contact_phone),
        ("opportunities.region", opportunity.region_name.clone()),
        ("opportunities.industry", opportunity.industry_name.clone()),
        ("opportunities.customer", customer),
        (
            "opportunities.created_by",
            opportunity.created_by_name.clone(),
        ),
        ("opportunities.created_at", time(&opportunity.created_at)),
        ("opportunities.assignee", opportunity.assignee_name.clone()),
        ("opportunities.assigned_at", time(&opportunity.assigned_at)),
        ("opportunities.number", opportunity.number.clone()),
        (
            "opportunities.status",
            status_text(opportunity.status).to_owned(),
        ),
    ];
    egui::Grid::new("opportunity-facts")
        .num_columns(4)
        .spacing([16.0, 6.0])
        .striped(true)
        .show(ui, |ui| {
            for pair in pairs.chunks(2) {
                for (key, value) in pair {
                    ui.label(egui::RichText::new(t(key)).weak());
                    ui.label(if value.is_empty() {
                        "—"
                    } else {
                        value.as_str()
                    });
                }
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.label(egui::RichText::new(t("opportunities.description")).weak());
    ui.label(fields.description);
}
