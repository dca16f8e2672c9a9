//! 指派 (DESIGN §2.1, §3.3; right `assign`): the supervisors' assignment board. The 未分配
//! opportunities, oldest first, beside every 正常 account manager with his 负责地区, 行业特长
//! and workload, ranked by how well he suits the selected opportunity. One click on 指派 (or
//! dragging the opportunity onto a manager) assigns it, and the board refreshes. Supervisors
//! who also hand out service tickets switch to the tickets' board (服务分配) here too.

use crm_proto::v1::{
    AssignOpportunityRequest, AssignmentBoard, BoardManager, GetAssignmentBoardRequest, Opportunity,
};
use crm_shared::rights::Right;
use egui_extras::Column;

use crate::format::timestamp;
use crate::i18n::{t, t_args};
use crate::rpc::{Pending, Promise, Reply, take_ready};
use crate::screens::Env;
use crate::screens::opportunities::rate_text;
use crate::screens::ticket_board::TicketBoardScreen;
use crate::widgets::paging::Paging;
use crate::widgets::table::{empty_list, header, table};

/// Which of the supervisor's two boards shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Showing {
    Opportunities,
    Tickets,
}

pub struct AssignmentBoardScreen {
    showing: Showing,
    /// Opened the first time the tickets' board is chosen.
    tickets: Option<Box<TicketBoardScreen>>,
    board: AssignmentBoard,
    paging: Paging,
    loading: Pending<AssignmentBoard>,
    /// The opportunity the managers are ranked for.
    selected: Option<i64>,
    assigning: Pending<Opportunity>,
}

/// Sends the assignment; the answer is the assigned opportunity.
pub fn assign(
    env: &mut Env,
    opportunity: &Opportunity,
    assignee_id: i64,
) -> Promise<Reply<Opportunity>> {
    let mut opportunities = env.api().opportunities();
    let request = AssignOpportunityRequest {
        id: opportunity.id,
        version: opportunity.version,
        assignee_id,
    };
    env.rpc.spawn(async move {
        Ok(opportunities
            .assign_opportunity(request)
            .await?
            .into_inner())
    })
}

/// 李娜 · √地区 · 进行中 3: a manager in one line, for pickers, with what of his matches.
pub fn manager_summary(manager: &BoardManager) -> String {
    let mut parts = vec![manager.display_name.clone()];
    for (matches, key) in [
        (manager.region_matches, "board.match_region"),
        (manager.industry_matches, "board.match_industry"),
    ] {
        if matches {
            parts.push(format!("√{}", t(key)));
        }
    }
    let open = manager.open_opportunities.to_string();
    parts.push(t_args("board.workload_short", &[("open", &open)]));
    parts.join(" · ")
}

impl AssignmentBoardScreen {
    pub fn new(env: &mut Env) -> AssignmentBoardScreen {
        let mut screen = AssignmentBoardScreen {
            showing: Showing::Opportunities,
            tickets: None,
            board: AssignmentBoard::default(),
            paging: Paging::default(),
            loading: None,
            selected: None,
            assigning: None,
        };
        screen.reload(env);
        screen
    }

    fn reload(&mut self, env: &mut Env) {
        let mut opportunities = env.api().opportunities();
        let request = GetAssignmentBoardRequest {
            opportunity_id: self.selected.unwrap_or(0),
            page: Some(self.paging.request()),
        };
        self.loading = Some(env.rpc.spawn(async move {
            Ok(opportunities
                .get_assignment_board(request)
                .await?
                .into_inner())
        }));
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        if env.session.has_right(Right::Service.code()) {
            ui.horizontal(|ui| {
                let showing = &mut self.showing;
                ui.selectable_value(
                    showing,
                    Showing::Opportunities,
                    t("board.tab_opportunities"),
                );
                ui.selectable_value(showing, Showing::Tickets, t("board.tab_tickets"));
            });
            ui.separator();
        }
        if self.showing == Showing::Tickets {
            let tickets = self
                .tickets
                .get_or_insert_with(|| Box::new(TicketBoardScreen::new(env)));
            tickets.show(ui, env);
            return;
        }
        self.poll(env);
        ui.heading(t("nav.assignment"));
        ui.label(egui::RichText::new(t("board.hint")).weak());
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(t("common.refresh")).clicked() {
                self.reload(env);
            }
            if self.loading.is_some() || self.assigning.is_some() {
                ui.spinner();
            }
        });
        ui.add_space(4.0);

        let mut dropped = None;
        egui::Panel::left("board-opportunities")
            .resizable(true)
            .default_size(ui.available_width() * 0.5)
            .show(ui, |ui| self.opportunities(ui, env));
        egui::CentralPanel::no_frame().show(ui, |ui| {
            dropped = self.managers(ui);
        });
        if let Some((opportunity_id, manager_id)) = dropped {
            self.assign_to(env, opportunity_id, manager_id);
        }
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(board)) => {
                self.paging.total = board.unassigned_total;
                let still_there = self
                    .selected
                    .is_some_and(|id| board.unassigned.iter().any(|o| o.id == id));
                self.board = board;
                if !still_there {
                    // The longest waiting opportunity is the natural next one to hand out.
                    self.selected = self.board.unassigned.first().map(|o| o.id);
                    if self.selected.is_some() {
                        self.reload(env);
                    }
                }
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        match take_ready(&mut self.assigning) {
            Some(Ok(opportunity)) => {
                let name = opportunity
                    .fields
                    .map(|f| f.customer_name)
                    .unwrap_or_default();
                let text = t_args(
                    "opportunities.assigned_to",
                    &[("name", &name), ("manager", &opportunity.assignee_name)],
                );
                env.toasts.success(text);
                self.selected = None;
                self.reload(env);
            }
            Some(Err(error)) => {
                env.report(&error);
                self.reload(env);
            }
            None => {}
        }
    }

    fn assign_to(&mut self, env: &mut Env, opportunity_id: i64, manager_id: i64) {
        if self.assigning.is_some() {
            return;
        }
        let found = self
            .board
            .unassigned
            .iter()
            .find(|o| o.id == opportunity_id);
        if let Some(opportunity) = found.cloned() {
            self.assigning = Some(assign(env, &opportunity, manager_id));
        }
    }

    /// The unassigned opportunities; a click selects one, a drag carries it to a manager.
    fn opportunities(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        ui.strong(t_args(
            "board.unassigned",
            &[("total", &self.board.unassigned_total.to_string())],
        ));
        egui::Panel::bottom("board-paging").show(ui, |ui| {
            if self.paging.show(ui) {
                self.selected = None;
                self.reload(env);
            }
        });
        if empty_list(ui, self.board.unassigned.is_empty(), self.loading.is_some()) {
            return;
        }
        let mut picked = None;
        table(ui)
            .id_salt("board-unassigned")
            .sense(egui::Sense::click())
            .column(Column::auto().at_least(110.0))
            .column(Column::remainder().at_least(160.0).clip(true))
            .columns(Column::auto().at_least(50.0), 3)
            .header(24.0, |row| {
                let titles = [
                    t("opportunities.number"),
                    t("opportunities.customer_name"),
                    t("opportunities.region"),
                    t("opportunities.industry"),
                    t("opportunities.success_rate"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for opportunity in &self.board.unassigned {
                    let fields = opportunity.fields.clone().unwrap_or_default();
                    body.row(26.0, |mut row| {
                        row.set_selected(self.selected == Some(opportunity.id));
                        row.col(|ui| {
                            let id = egui::Id::unique(("board-drag", opportunity.id));
                            ui.dnd_drag_source(id, opportunity.id, |ui| {
                                ui.label(&opportunity.number);
                            });
                        });
                        row.col(|ui| {
                            let created = opportunity.created_at.as_ref().map(timestamp);
                            ui.label(&fields.customer_name).on_hover_text(format!(
                                "{}\n{}",
                                fields.summary,
                                created.unwrap_or_default()
                            ));
                        });
                        row.col(|ui| {
                            ui.label(&opportunity.region_name);
                        });
                        row.col(|ui| {
                            ui.label(&opportunity.industry_name);
                        });
                        row.col(|ui| {
                            ui.label(rate_text(fields.success_rate));
                        });
                        if row.response().clicked() {
                            picked = Some(opportunity.id);
                        }
                    });
                }
            });
        if let Some(id) = picked
            && self.selected != Some(id)
        {
            self.selected = Some(id);
            self.reload(env);
        }
    }

    /// The managers, ranked for the selected opportunity; `Some((opportunity, manager))` when
    /// the user assigned one by button or by dropping it on his row.
    fn managers(&mut self, ui: &mut egui::Ui) -> Option<(i64, i64)> {
        let selected = self
            .selected
            .and_then(|id| self.board.unassigned.iter().find(|o| o.id == id));
        match selected {
            Some(opportunity) => {
                let name = opportunity
                    .fields
                    .as_ref()
                    .map(|f| f.customer_name.as_str());
                ui.strong(t_args(
                    "board.managers_for",
                    &[("name", name.unwrap_or_default())],
                ));
            }
            None => {
                ui.strong(t("board.managers"));
            }
        }
        let selected_id = selected.map(|o| o.id);
        let busy = self.assigning.is_some();
        let mut chosen = None;
        table(ui)
            .id_salt("board-managers")
            .column(Column::auto())
            .column(Column::auto().at_least(70.0))
            .columns(Column::initial(110.0).at_least(70.0).clip(true), 2)
            .column(Column::auto().at_least(80.0))
            .columns(Column::auto().at_least(50.0), 2)
            .header(24.0, |row| {
                // The action comes first: in sight however narrow the board is.
                let titles = [
                    t("common.actions"),
                    t("board.manager"),
                    t("board.regions"),
                    t("board.industries"),
                    t("board.match"),
                    t("board.open_opportunities"),
                    t("board.customers"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for manager in &self.board.managers {
                    body.row(28.0, |row| {
                        chosen = chosen.or(manager_row(row, manager, selected_id, busy));
                    });
                }
            });
        chosen
    }
}

/// One manager's row; `Some((opportunity, manager))` when the user assigned the selected
/// opportunity by 指派 or dropped one on the manager's name.
fn manager_row(
    mut row: egui_extras::TableRow<'_, '_>,
    manager: &BoardManager,
    selected_id: Option<i64>,
    busy: bool,
) -> Option<(i64, i64)> {
    let mut chosen = None;
    row.col(|ui| {
        let button = egui::Button::new(t("opportunities.assign"));
        let clicked = ui
            .add_enabled(selected_id.is_some() && !busy, button)
            .clicked();
        if let Some(id) = selected_id.filter(|_| clicked) {
            chosen = Some((id, manager.id));
        }
    });
    row.col(|ui| {
        let frame = egui::Frame::new().inner_margin(2.0);
        let (_, payload) = ui.dnd_drop_zone::<i64, ()>(frame, |ui| {
            ui.strong(&manager.display_name);
        });
        if let Some(opportunity_id) = payload.filter(|_| !busy) {
            chosen = Some((*opportunity_id, manager.id));
        }
    });
    let separator = t("common.list_separator");
    row.col(|ui| {
        ui.label(manager.region_names.join(separator));
    });
    row.col(|ui| {
        ui.label(manager.industry_names.join(separator));
    });
    row.col(|ui| match_cell(ui, manager, selected_id.is_some()));
    for count in [manager.open_opportunities, manager.customers] {
        row.col(|ui| {
            ui.label(count.to_string());
        });
    }
    chosen
}

/// √地区 √行业, with × where it does not match.
fn match_cell(ui: &mut egui::Ui, manager: &BoardManager, selected: bool) {
    if !selected {
        ui.weak("—");
        return;
    }
    for (matches, key) in [
        (manager.region_matches, "board.match_region"),
        (manager.industry_matches, "board.match_industry"),
    ] {
        if matches {
            ui.colored_label(egui::Color32::from_rgb(30, 140, 60), format!("√{}", t(key)));
        } else {
            ui.weak(format!("×{}", t(key)));
        }
    }
}
