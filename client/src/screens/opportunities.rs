//! 销售机会管理 and 客户开发计划 (DESIGN §2.1; right `marketing`): the opportunities, newest
//! first and paged, filtered by state, customer name, creator, assignee and creation dates, with
//! 我创建的 / 指派给我的 one click away. The plans page is the same list opened on the user's
//! 已指派 opportunities. An opportunity opens in its detail (facts, actions and plan) in place of
//! the list, which keeps its filters.

use crm_proto::v1::DictionaryType as ProtoType;
use crm_proto::v1::{
    DictionaryItem, ListManagersRequest, ListOpportunitiesRequest, ListOpportunitiesResponse,
    Manager, Opportunity, OpportunityStatus,
};
use egui_extras::Column;

use crate::format::timestamp;
use crate::i18n::t;
use crate::rpc::{Pending, Promise, Reply, take_ready};
use crate::screens::opportunity_detail::OpportunityDetail;
use crate::screens::opportunity_form::OpportunityForm;
use crate::screens::{Env, dates_valid};
use crate::widgets::FormOutcome;
use crate::widgets::choice::{choice, with_all};
use crate::widgets::paging::Paging;
use crate::widgets::table::{empty_list, header, table};

/// Which page the list is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// 销售机会管理: every opportunity.
    All,
    /// 客户开发计划: the opportunities assigned to the user, 已指派 first shown.
    Plans,
}

/// What the opportunity forms and filters choose from, loaded once.
#[derive(Clone, Debug, Default)]
pub struct OpportunityChoices {
    pub regions: Vec<DictionaryItem>,
    pub industries: Vec<DictionaryItem>,
    /// The people who create and take opportunities, for the creator and assignee filters.
    pub people: Vec<Manager>,
}

/// The list's filters as the user set them.
#[derive(Clone, Debug, Default)]
struct Filters {
    customer_name: String,
    status: i32,
    created_by: i64,
    assignee_id: i64,
    created_from: String,
    created_to: String,
}

pub struct OpportunitiesScreen {
    mode: Mode,
    filters: Filters,
    paging: Paging,
    opportunities: Vec<Opportunity>,
    loading: Pending<ListOpportunitiesResponse>,
    choices: OpportunityChoices,
    loading_choices: Pending<OpportunityChoices>,
    detail: Option<OpportunityDetail>,
    form: Option<OpportunityForm>,
}

impl OpportunitiesScreen {
    pub fn new(env: &mut Env, mode: Mode) -> OpportunitiesScreen {
        let filters = match mode {
            Mode::All => Filters::default(),
            Mode::Plans => Filters {
                assignee_id: env.session.user.id,
                status: OpportunityStatus::Assigned as i32,
                ..Filters::default()
            },
        };
        let mut screen = OpportunitiesScreen {
            mode,
            filters,
            paging: Paging::default(),
            opportunities: Vec::new(),
            loading: None,
            choices: OpportunityChoices::default(),
            loading_choices: None,
            detail: None,
            form: None,
        };
        screen.reload(env);
        screen.loading_choices = Some(load_choices(env));
        screen
    }

    fn reload(&mut self, env: &mut Env) {
        let mut opportunities = env.api().opportunities();
        let filters = &self.filters;
        let request = ListOpportunitiesRequest {
            page: Some(self.paging.request()),
            status: filters.status,
            customer_name: filters.customer_name.trim().to_owned(),
            created_by: filters.created_by,
            assignee_id: filters.assignee_id,
            created_from: filters.created_from.trim().to_owned(),
            created_to: filters.created_to.trim().to_owned(),
        };
        self.loading = Some(env.rpc.spawn(async move {
            Ok(opportunities
                .list_opportunities(request)
                .await?
                .into_inner())
        }));
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        self.poll(env);
        if let Some(detail) = &mut self.detail {
            if !detail.show(ui, env, &self.choices) {
                self.detail = None;
                self.reload(env);
            }
            return;
        }

        let title = match self.mode {
            Mode::All => t("nav.opportunities"),
            Mode::Plans => t("nav.development_plans"),
        };
        ui.heading(title);
        if self.mode == Mode::Plans {
            ui.label(egui::RichText::new(t("opportunities.plans_hint")).weak());
        }
        ui.add_space(6.0);
        self.toolbar(ui, env);
        ui.add_space(6.0);
        if let Some(form) = &mut self.form {
            let outcome = egui::Panel::right("opportunity-form")
                .resizable(false)
                .exact_size(430.0)
                .show(ui, |ui| form.show(ui, env, &self.choices))
                .inner;
            match outcome {
                FormOutcome::Open => {}
                FormOutcome::Closed | FormOutcome::ReloadRequested => self.form = None,
                FormOutcome::Saved => {
                    self.form = None;
                    self.reload(env);
                }
            }
        }
        egui::Panel::bottom("opportunities-paging").show(ui, |ui| {
            if self.paging.show(ui) {
                self.reload(env);
            }
        });
        egui::CentralPanel::no_frame().show(ui, |ui| self.table(ui, env));
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(response)) => {
                self.opportunities = response.opportunities;
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
        let mut search = false;
        ui.horizontal_wrapped(|ui| search |= self.filter_row(ui));
        ui.horizontal(|ui| search |= self.action_row(ui, env));
        if search && dates_valid(env, &self.filters.created_from, &self.filters.created_to) {
            self.paging.page = 1;
            self.reload(env);
        }
    }

    /// The filters; `true` when the list should be asked for again.
    fn filter_row(&mut self, ui: &mut egui::Ui) -> bool {
        let filters = &mut self.filters;
        let label = ui.label(t("opportunities.customer_name"));
        let name = egui::TextEdit::singleline(&mut filters.customer_name)
            .hint_text(t("opportunities.search_hint"))
            .desired_width(160.0);
        let field = ui.add(name).labelled_by(label.id);
        let mut search =
            field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        search |= status_filter(ui, &mut filters.status);
        let people = &self.choices.people;
        for (id, key, chosen) in [
            (
                "filter-creator",
                "opportunities.created_by",
                &mut filters.created_by,
            ),
            (
                "filter-assignee",
                "opportunities.assignee",
                &mut filters.assignee_id,
            ),
        ] {
            search |= person_filter(ui, id, t(key), people, chosen);
        }
        for (key, value) in [
            ("opportunities.created_from", &mut filters.created_from),
            ("opportunities.created_to", &mut filters.created_to),
        ] {
            let label = ui.label(t(key));
            let date = egui::TextEdit::singleline(value)
                .hint_text("YYYY-MM-DD")
                .desired_width(100.0);
            ui.add(date).labelled_by(label.id);
        }
        search | ui.button(t("common.search")).clicked()
    }

    /// 我创建的 / 指派给我的, 新建 and 刷新; `true` when the list should be asked for again.
    fn action_row(&mut self, ui: &mut egui::Ui, env: &mut Env) -> bool {
        let me = env.session.user.id;
        let mut search = false;
        let filters = &mut self.filters;
        for (key, filter) in [
            ("opportunities.created_by_me", &mut filters.created_by),
            ("opportunities.assigned_to_me", &mut filters.assignee_id),
        ] {
            let mine = *filter == me;
            if ui.add(egui::Button::selectable(mine, t(key))).clicked() {
                *filter = if mine { 0 } else { me };
                search = true;
            }
        }
        ui.separator();
        if self.mode == Mode::All && ui.button(t("opportunities.new")).clicked() {
            self.form = Some(OpportunityForm::create());
        }
        if ui.button(t("common.refresh")).clicked() {
            search = true;
            self.loading_choices = Some(load_choices(env));
        }
        if self.loading.is_some() || self.loading_choices.is_some() {
            ui.spinner();
        }
        search
    }

    fn table(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        if empty_list(ui, self.opportunities.is_empty(), self.loading.is_some()) {
            return;
        }
        let mut open = None;
        table(ui)
            .column(Column::auto().at_least(120.0))
            .column(Column::initial(200.0).at_least(140.0).clip(true))
            .column(Column::remainder().at_least(140.0).clip(true))
            .columns(Column::auto().at_least(60.0), 6)
            .header(24.0, |row| {
                let titles = [
                    t("opportunities.number"),
                    t("opportunities.customer_name"),
                    t("opportunities.summary"),
                    t("opportunities.success_rate"),
                    t("opportunities.contact"),
                    t("opportunities.created_by"),
                    t("opportunities.created_at"),
                    t("opportunities.status"),
                    t("opportunities.assignee"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for opportunity in &self.opportunities {
                    let fields = opportunity.fields.clone().unwrap_or_default();
                    body.row(26.0, |mut row| {
                        row.col(|ui| {
                            if ui.link(&opportunity.number).clicked() {
                                open = Some(opportunity.id);
                            }
                        });
                        row.col(|ui| {
                            if ui.link(&fields.customer_name).clicked() {
                                open = Some(opportunity.id);
                            }
                        });
                        row.col(|ui| {
                            ui.label(&fields.summary);
                        });
                        row.col(|ui| {
                            ui.label(rate_text(fields.success_rate));
                        });
                        row.col(|ui| {
                            ui.label(&fields.contact);
                        });
                        row.col(|ui| {
                            ui.label(&opportunity.created_by_name);
                        });
                        row.col(|ui| {
                            let at = opportunity.created_at.as_ref().map(timestamp);
                            ui.label(at.unwrap_or_default());
                        });
                        row.col(|ui| {
                            ui.label(status_text(opportunity.status));
                        });
                        row.col(|ui| {
                            ui.label(&opportunity.assignee_name);
                        });
                    });
                }
            });
        if let Some(id) = open {
            self.detail = Some(OpportunityDetail::open(env, id));
        }
    }
}

/// 60% for a rate of 60.
pub fn rate_text(rate: Option<i32>) -> String {
    rate.map(|rate| format!("{rate}%")).unwrap_or_default()
}

pub fn status_text(status: i32) -> &'static str {
    match OpportunityStatus::try_from(status) {
        Ok(OpportunityStatus::Assigned) => t("opportunities.status_assigned"),
        Ok(OpportunityStatus::Won) => t("opportunities.status_won"),
        Ok(OpportunityStatus::Lost) => t("opportunities.status_lost"),
        _ => t("opportunities.status_unassigned"),
    }
}

fn load_choices(env: &mut Env) -> Promise<Reply<OpportunityChoices>> {
    let api = env.api();
    let mut customers = env.api().customers();
    env.rpc.spawn(async move {
        let (regions, industries, people) = tokio::join!(
            api.dictionary_items(ProtoType::Region),
            api.dictionary_items(ProtoType::Industry),
            customers.list_managers(ListManagersRequest {}),
        );
        // The people come from the customers module: a role with marketing but without the
        // customers right still gets its forms, only the creator and assignee filters stay at
        // 全部.
        let people = people.map_or_else(|_| Vec::new(), |people| people.into_inner().managers);
        Ok(OpportunityChoices {
            regions: regions?,
            industries: industries?,
            people,
        })
    })
}

fn status_filter(ui: &mut egui::Ui, chosen: &mut i32) -> bool {
    let options = [
        (0, t("common.all")),
        (
            OpportunityStatus::Unassigned as i32,
            t("opportunities.status_unassigned"),
        ),
        (
            OpportunityStatus::Assigned as i32,
            t("opportunities.status_assigned"),
        ),
        (OpportunityStatus::Won as i32, t("opportunities.status_won")),
        (
            OpportunityStatus::Lost as i32,
            t("opportunities.status_lost"),
        ),
    ];
    let label = t("opportunities.status");
    let id = "filter-opportunity-status";
    choice(ui, id, label, 80.0, &options, chosen, t("common.all"))
}

fn person_filter(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    people: &[Manager],
    chosen: &mut i64,
) -> bool {
    let options = with_all(people.iter().map(|p| (p.id, p.display_name.as_str())));
    choice(ui, id, label, 80.0, &options, chosen, t("common.all"))
}
