//! One service ticket (DESIGN §2.3) on one screen, as 服务处理, 服务反馈 and 服务归档 open it:
//! every field, who created it (or which system submitted it), its assignee, and every round of
//! handling and feedback. Only what the user may do now is offered (the server's flags): 处理
//! for its assignee while 已分配, 反馈 for its creator or a supervisor while 已处理, 分配 for a
//! supervisor before it is handled. A handling or feedback done sends the user back to the list.

use crm_proto::v1::{GetTicketRequest, Ticket, TicketDetail, TicketHandler, TicketRound};

use crate::format::{named_number, optional_timestamp};
use crate::i18n::t;
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::ticket_board::{
    assign, assigned_text, handler_summary, load_board, report_refused,
};
use crate::screens::ticket_dialogs::{
    DialogEnd, Purpose, TicketDialog, feedback_text, poll_dialog, processed_text,
};
use crate::screens::tickets::{creator_text, status_text};
use crate::widgets::paging::Paging;
use crate::widgets::stars::stars;

/// The widest a cell of long text grows before it wraps.
const TEXT_WIDTH: f32 = 260.0;

pub struct TicketDetailView {
    id: i64,
    detail: Option<TicketDetail>,
    loading: Pending<TicketDetail>,
    dialog: Option<TicketDialog>,
    /// Whom a supervisor may assign it to.
    handlers: Vec<TicketHandler>,
    loading_handlers: Pending<crm_proto::v1::TicketBoard>,
    assignee: i64,
    assigning: Pending<Ticket>,
}

impl TicketDetailView {
    pub fn open(env: &mut Env, id: i64) -> TicketDetailView {
        let mut view = TicketDetailView {
            id,
            detail: None,
            loading: None,
            dialog: None,
            handlers: Vec::new(),
            loading_handlers: None,
            assignee: 0,
            assigning: None,
        };
        view.reload(env);
        view
    }

    fn reload(&mut self, env: &mut Env) {
        let mut tickets = env.api().tickets();
        let request = GetTicketRequest { id: self.id };
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(tickets.get_ticket(request).await?.into_inner()) }),
        );
    }

    /// Shows the ticket; `false` once the user went back to the list, or moved the ticket on.
    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) -> bool {
        if !self.poll(env) {
            return false;
        }
        if let Some((purpose, end)) = poll_dialog(&mut self.dialog, ui.ctx(), env) {
            match end {
                DialogEnd::Saved(ticket) => {
                    let text = match purpose {
                        Purpose::Process => processed_text(&ticket),
                        Purpose::Feedback => feedback_text(&ticket),
                    };
                    env.toasts.success(text);
                    return false;
                }
                DialogEnd::Reload => self.reload(env),
                DialogEnd::Cancelled => {}
            }
        }
        if ui.button(t("tickets.back_to_list")).clicked() {
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
        let Some(ticket) = detail.ticket else {
            return false;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            title(ui, &ticket);
            ui.add_space(4.0);
            self.actions(ui, env, &ticket);
            ui.add_space(8.0);
            facts(ui, &ticket);
            ui.add_space(12.0);
            ui.separator();
            rounds(ui, &detail.rounds);
        });
        true
    }

    /// Takes the answers that arrived; `false` when the ticket is gone.
    fn poll(&mut self, env: &mut Env) -> bool {
        match take_ready(&mut self.loading) {
            Some(Ok(detail)) => {
                if detail.ticket.as_ref().is_some_and(|t| t.assignable) {
                    self.loading_handlers = Some(load_board(env, &Paging::default()));
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
        match take_ready(&mut self.loading_handlers) {
            Some(Ok(board)) => self.handlers = board.handlers,
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        match take_ready(&mut self.assigning) {
            Some(Ok(ticket)) => {
                env.toasts.success(assigned_text(&ticket));
                self.reload(env);
            }
            Some(Err(error)) => {
                // Stale or no longer assignable: the toast says why, the screen shows it now.
                report_refused(env, &error);
                self.reload(env);
            }
            None => {}
        }
        true
    }

    fn actions(&mut self, ui: &mut egui::Ui, env: &mut Env, ticket: &Ticket) {
        let busy = self.assigning.is_some() || self.dialog.is_some();
        ui.horizontal_wrapped(|ui| {
            for (allowed, key, purpose) in [
                (ticket.processable, "tickets.process", Purpose::Process),
                (
                    ticket.feedback_allowed,
                    "tickets.feedback",
                    Purpose::Feedback,
                ),
            ] {
                let button = egui::Button::new(t(key));
                if allowed && ui.add_enabled(!busy, button).clicked() {
                    self.dialog = Some(TicketDialog::new(purpose, ticket));
                }
            }
            if ticket.assignable {
                self.assign_controls(ui, env, ticket, busy);
            }
            if busy && self.dialog.is_none() {
                ui.spinner();
            }
        });
    }

    /// The handler picker and 分配, for a supervisor while the ticket is not yet handled.
    fn assign_controls(&mut self, ui: &mut egui::Ui, env: &mut Env, ticket: &Ticket, busy: bool) {
        let label = ui.label(t("tickets.assign_to"));
        let selected = self
            .handlers
            .iter()
            .find(|h| h.id == self.assignee)
            .map_or(t("common.choose").to_owned(), |h| h.display_name.clone());
        egui::ComboBox::from_id_salt("ticket-assignee")
            .selected_text(selected)
            .width(200.0)
            .show_ui(ui, |ui| {
                for handler in &self.handlers {
                    ui.selectable_value(&mut self.assignee, handler.id, handler_summary(handler));
                }
            })
            .response
            .labelled_by(label.id);
        let chosen = self.assignee != 0 && self.assignee != ticket.assignee_id;
        let button = egui::Button::new(t("ticket_board.assign"));
        if ui.add_enabled(chosen && !busy, button).clicked() {
            self.assigning = Some(assign(env, ticket, self.assignee));
            self.assignee = 0;
        }
    }
}

fn title(ui: &mut egui::Ui, ticket: &Ticket) {
    ui.horizontal(|ui| {
        ui.heading(&ticket.number);
        ui.label(&ticket.customer_name);
        ui.label(egui::RichText::new(status_text(ticket.status)).strong());
    });
}

/// The ticket's fields and audit facts, two pairs a row; its request in full below.
fn facts(ui: &mut egui::Ui, ticket: &Ticket) {
    let fields = ticket.fields.clone().unwrap_or_default();
    let customer = named_number(&ticket.customer_name, &ticket.customer_number);
    let mut pairs: Vec<(&str, String)> = vec![
        ("tickets.number", ticket.number.clone()),
        ("tickets.status", status_text(ticket.status).to_owned()),
        ("tickets.type", ticket.type_name.clone()),
        ("tickets.customer", customer),
        ("tickets.created_by", creator_text(ticket)),
        ("tickets.created_at", optional_timestamp(&ticket.created_at)),
        ("tickets.assignee", ticket.assignee_name.clone()),
        (
            "tickets.assigned_at",
            optional_timestamp(&ticket.assigned_at),
        ),
    ];
    if !ticket.source_system.is_empty() {
        pairs.push(("tickets.source_system", ticket.source_system.clone()));
    }
    egui::Grid::new("ticket-facts")
        .num_columns(4)
        .spacing([16.0, 6.0])
        .striped(true)
        .show(ui, |ui| {
            for pair in pairs.chunks(2) {
                for (key, value) in pair {
                    ui.label(egui::RichText::new(t(key)).weak());
                    ui.label(if value.is_empty() { "—" } else { value });
                }
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    for (key, text) in [
        ("tickets.summary", fields.summary),
        ("tickets.request", fields.request),
    ] {
        ui.label(egui::RichText::new(t(key)).weak());
        ui.label(text);
        ui.add_space(4.0);
    }
}

/// Every round of handling and its feedback, oldest first; long texts wrap so all of them show.
fn rounds(ui: &mut egui::Ui, rounds: &[TicketRound]) {
    ui.heading(t("tickets.rounds"));
    if rounds.is_empty() {
        ui.label(t("tickets.no_rounds"));
        return;
    }
    egui::Grid::new("ticket-rounds")
        .num_columns(8)
        .spacing([12.0, 6.0])
        .striped(true)
        .show(ui, |ui| {
            for key in [
                "tickets.round",
                "tickets.handling",
                "tickets.handled_by",
                "tickets.handled_at",
                "tickets.feedback_result",
                "tickets.satisfaction",
                "tickets.feedback_by",
                "tickets.feedback_at",
            ] {
                ui.strong(t(key));
            }
            ui.end_row();
            for round in rounds {
                round_row(ui, round);
                ui.end_row();
            }
        });
}

fn round_row(ui: &mut egui::Ui, round: &TicketRound) {
    let dash = |text: String| {
        if text.is_empty() {
            "—".to_owned()
        } else {
            text
        }
    };
    ui.label(round.round.to_string());
    wrapped(ui, &round.handling);
    ui.label(dash(round.handled_by_name.clone()));
    ui.label(dash(optional_timestamp(&round.handled_at)));
    if round.feedback_result.is_empty() {
        ui.weak(t("tickets.awaiting_feedback"));
    } else {
        wrapped(ui, &round.feedback_result);
    }
    if round.satisfaction > 0 {
        ui.label(stars(round.satisfaction));
    } else {
        ui.label("—");
    }
    ui.label(dash(round.feedback_by_name.clone()));
    ui.label(dash(optional_timestamp(&round.feedback_at)));
}

fn wrapped(ui: &mut egui::Ui, text: &str) {
    ui.vertical(|ui| {
        ui.set_max_width(TEXT_WIDTH);
        ui.add(egui::Label::new(text).wrap());
    });
}
