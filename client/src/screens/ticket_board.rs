//! 服务分配 (DESIGN §2.3, §3.3; rights `assign` and `service`): the supervisors' board of
//! service tickets. The 新创建 tickets, oldest first, beside everyone who may handle them with
//! his open (已分配) tickets, the lightest workload first. 分配 on a handler's row (or dragging
//! a ticket's 编号 onto his name) assigns the selected ticket, and the board refreshes.

use crm_proto::v1::{
    AssignTicketRequest, GetTicketBoardRequest, Ticket, TicketBoard, TicketHandler,
};
use egui_extras::Column;

use crate::format::optional_timestamp;
use crate::i18n::{t, t_args};
use crate::rpc::{Pending, Promise, Reply, take_ready};
use crate::screens::Env;
use crate::screens::tickets::creator_text;
use crate::server_error::ServerError;
use crate::widgets::paging::Paging;
use crate::widgets::table::{empty_list, header, table};

pub struct TicketBoardScreen {
    board: TicketBoard,
    paging: Paging,
    loading: Pending<TicketBoard>,
    /// The ticket the 分配 buttons hand out.
    selected: Option<i64>,
    assigning: Pending<Ticket>,
}

/// Sends the assignment; the answer is the assigned ticket.
pub fn assign(env: &mut Env, ticket: &Ticket, assignee_id: i64) -> Promise<Reply<Ticket>> {
    let mut tickets = env.api().tickets();
    let request = AssignTicketRequest {
        id: ticket.id,
        version: ticket.version,
        assignee_id,
    };
    env.rpc
        .spawn(async move { Ok(tickets.assign_ticket(request).await?.into_inner()) })
}

/// Asks for the board: the unassigned tickets of `paging`'s page and every handler.
pub fn load_board(env: &mut Env, paging: &Paging) -> Promise<Reply<TicketBoard>> {
    let mut tickets = env.api().tickets();
    let request = GetTicketBoardRequest {
        page: Some(paging.request()),
    };
    env.rpc
        .spawn(async move { Ok(tickets.get_ticket_board(request).await?.into_inner()) })
}

/// The toast of an accepted assignment.
pub fn assigned_text(ticket: &Ticket) -> String {
    t_args(
        "tickets.assigned_to",
        &[("number", &ticket.number), ("name", &ticket.assignee_name)],
    )
}

/// Says why an assignment was refused. A handler who can no longer take tickets is said in
/// the board's words: the general wording of `assignee_id` speaks of account managers.
pub fn report_refused(env: &mut Env, error: &ServerError) {
    if error.violations.iter().any(|v| v.field == "assignee_id") {
        env.toasts.error(t("ticket_board.handler_unavailable"));
    } else {
        env.report(error);
    }
}

/// 李娜 · 处理中 3: a handler in one line, for pickers.
pub fn handler_summary(handler: &TicketHandler) -> String {
    let open = handler.open_tickets.to_string();
    let workload = t_args("ticket_board.workload_short", &[("open", &open)]);
    format!("{} · {workload}", handler.display_name)
}

impl TicketBoardScreen {
    pub fn new(env: &mut Env) -> TicketBoardScreen {
        let paging = Paging::default();
        TicketBoardScreen {
            board: TicketBoard::default(),
            loading: Some(load_board(env, &paging)),
            paging,
            selected: None,
            assigning: None,
        }
    }

    fn reload(&mut self, env: &mut Env) {
        self.loading = Some(load_board(env, &self.paging));
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        self.poll(env);
        ui.heading(t("nav.ticket_board"));
        ui.label(egui::RichText::new(t("ticket_board.hint")).weak());
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
        egui::Panel::left("ticket-board-unassigned")
            .resizable(true)
            .default_size(ui.available_width() * 0.55)
            .show(ui, |ui| self.unassigned(ui, env));
        egui::CentralPanel::no_frame().show(ui, |ui| {
            dropped = self.handlers(ui);
        });
        if let Some((ticket_id, handler_id)) = dropped {
            self.assign_to(env, ticket_id, handler_id);
        }
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(board)) => {
                self.paging.total = board.unassigned_total;
                let still_there = self
                    .selected
                    .is_some_and(|id| board.unassigned.iter().any(|t| t.id == id));
                self.board = board;
                if !still_there {
                    // The longest waiting ticket is the natural next one to hand out.
                    self.selected = self.board.unassigned.first().map(|t| t.id);
                }
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        match take_ready(&mut self.assigning) {
            Some(Ok(ticket)) => {
                env.toasts.success(assigned_text(&ticket));
                self.selected = None;
                self.reload(env);
            }
            Some(Err(error)) => {
                // Someone else was quicker, or the handler left: the board shows it as it is.
                report_refused(env, &error);
                self.reload(env);
            }
            None => {}
        }
    }

    fn assign_to(&mut self, env: &mut Env, ticket_id: i64, handler_id: i64) {
        if self.assigning.is_some() {
            return;
        }
        let found = self.board.unassigned.iter().find(|t| t.id == ticket_id);
        if let Some(ticket) = found.cloned() {
            self.assigning = Some(assign(env, &ticket, handler_id));
        }
    }

    /// The 新创建 tickets; a click selects one, a drag carries it to a handler.
    fn unassigned(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        let total = self.board.unassigned_total.to_string();
        ui.strong(t_args("ticket_board.unassigned", &[("total", &total)]));
        egui::Panel::bottom("ticket-board-paging").show(ui, |ui| {
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
            .id_salt("ticket-board-unassigned")
            .sense(egui::Sense::click())
            .column(Column::auto().at_least(120.0))
            .column(Column::initial(170.0).at_least(120.0).clip(true))
            .column(Column::remainder().at_least(120.0).clip(true))
            .columns(Column::auto().at_least(50.0), 2)
            .header(24.0, |row| {
                let titles = [
                    t("tickets.number"),
                    t("tickets.customer_name"),
                    t("tickets.summary"),
                    t("tickets.type"),
                    t("tickets.created_at"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for ticket in &self.board.unassigned {
                    body.row(26.0, |mut row| {
                        let selected = self.selected == Some(ticket.id);
                        row.set_selected(selected);
                        let number_clicked = unassigned_cells(&mut row, ticket, selected);
                        if number_clicked || row.response().clicked() {
                            picked = Some(ticket.id);
                        }
                    });
                }
            });
        if picked.is_some() {
            self.selected = picked;
        }
    }

    /// The handlers; `Some((ticket, handler))` when the user assigned one by button or by
    /// dropping it on his name.
    fn handlers(&mut self, ui: &mut egui::Ui) -> Option<(i64, i64)> {
        let selected = self
            .selected
            .and_then(|id| self.board.unassigned.iter().find(|t| t.id == id));
        match selected {
            Some(ticket) => {
                ui.strong(t_args(
                    "ticket_board.handlers_for",
                    &[("number", &ticket.number)],
                ));
            }
            None => {
                ui.strong(t("ticket_board.handlers"));
            }
        }
        let selected_id = selected.map(|t| t.id);
        let busy = self.assigning.is_some();
        let mut chosen = None;
        table(ui)
            .id_salt("ticket-board-handlers")
            .column(Column::auto())
            .column(Column::auto().at_least(90.0))
            .column(Column::remainder().at_least(70.0))
            .header(24.0, |row| {
                // The action comes first: in sight however narrow the board is.
                let titles = [
                    t("common.actions"),
                    t("ticket_board.handler"),
                    t("ticket_board.open_tickets"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for handler in &self.board.handlers {
                    body.row(28.0, |row| {
                        chosen = chosen.or(handler_row(row, handler, selected_id, busy));
                    });
                }
            });
        chosen
    }
}

/// One unassigned ticket's cells; `true` when its 编号 was clicked.
fn unassigned_cells(
    row: &mut egui_extras::TableRow<'_, '_>,
    ticket: &Ticket,
    selected: bool,
) -> bool {
    let fields = ticket.fields.clone().unwrap_or_default();
    let mut clicked = false;
    row.col(|ui| clicked = number_handle(ui, ticket, selected));
    row.col(|ui| {
        ui.label(&ticket.customer_name)
            .on_hover_text(creator_text(ticket));
    });
    row.col(|ui| {
        ui.label(&fields.summary).on_hover_text(&fields.request);
    });
    row.col(|ui| {
        ui.label(&ticket.type_name);
    });
    row.col(|ui| {
        ui.label(optional_timestamp(&ticket.created_at));
    });
    clicked
}

/// The ticket's 编号: a click selects it, a drag carries it (its id) to a handler's name. One
/// widget senses both, so a click is never taken for the start of a drag.
fn number_handle(ui: &mut egui::Ui, ticket: &Ticket, selected: bool) -> bool {
    let button =
        egui::Button::selectable(selected, &ticket.number).sense(egui::Sense::click_and_drag());
    let response = ui.add(button);
    response.dnd_set_drag_payload(ticket.id);
    if response.dragged()
        && let Some(pointer) = ui.ctx().pointer_interact_pos()
    {
        // The number follows the pointer, so the user sees what he is carrying.
        let layer = egui::LayerId::new(egui::Order::Tooltip, response.id);
        ui.ctx().layer_painter(layer).text(
            pointer + egui::vec2(12.0, 4.0),
            egui::Align2::LEFT_TOP,
            &ticket.number,
            egui::TextStyle::Body.resolve(ui.style()),
            ui.visuals().strong_text_color(),
        );
    }
    response.on_hover_cursor(egui::CursorIcon::Grab).clicked()
}

/// One handler's row; `Some((ticket, handler))` when the user assigned the selected ticket by
/// 分配 or dropped one on the handler's name.
fn handler_row(
    mut row: egui_extras::TableRow<'_, '_>,
    handler: &TicketHandler,
    selected_id: Option<i64>,
    busy: bool,
) -> Option<(i64, i64)> {
    let mut chosen = None;
    row.col(|ui| {
        let button = egui::Button::new(t("ticket_board.assign"));
        let clicked = ui
            .add_enabled(selected_id.is_some() && !busy, button)
            .clicked();
        if let Some(id) = selected_id.filter(|_| clicked) {
            chosen = Some((id, handler.id));
        }
    });
    row.col(|ui| {
        let frame = egui::Frame::new().inner_margin(2.0);
        let (_, payload) = ui.dnd_drop_zone::<i64, ()>(frame, |ui| {
            ui.strong(&handler.display_name);
        });
        if let Some(ticket_id) = payload.filter(|_| !busy) {
            chosen = Some((*ticket_id, handler.id));
        }
    });
    row.col(|ui| {
        ui.label(handler.open_tickets.to_string());
    });
    chosen
}
