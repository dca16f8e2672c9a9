//! 服务处理, 服务反馈 and 服务归档 (DESIGN §2.3; right `service`): one ticket list, newest first
//! and paged, opened in three modes. 服务处理 lists the 已分配 tickets the user handles, 服务反馈
//! the 已处理 ones awaiting feedback (a supervisor's all, anyone else's those he created), and
//! 服务归档 searches the 已归档 ones by customer, 概要, 服务类型 and creation dates. A ticket
//! opens in its detail in place of the list, which keeps its filters.

use crm_proto::v1::DictionaryType as ProtoType;
use crm_proto::v1::{
    DictionaryItem, ListTicketsRequest, ListTicketsResponse, Ticket, TicketStatus,
};
use crm_shared::rights::Right;
use egui_extras::Column;

use crate::format::optional_timestamp;
use crate::i18n::{t, t_args};
use crate::rpc::{Pending, Promise, Reply, take_ready};
use crate::screens::ticket_detail::TicketDetailView;
use crate::screens::{Env, dates_valid};
use crate::widgets::choice::{borrowed, choice, items, with_all};
use crate::widgets::paging::Paging;
use crate::widgets::stars::stars;
use crate::widgets::table::{empty_list, header, table};

/// Which page the list is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// 服务处理: the 已分配 tickets assigned to the user.
    Processing,
    /// 服务反馈: the 已处理 tickets whose feedback the user may record.
    Feedback,
    /// 服务归档: the search of 已归档 tickets.
    Archive,
}

/// The archive's filters as the user set them.
#[derive(Clone, Debug, Default)]
struct Filters {
    customer_name: String,
    summary: String,
    type_id: i64,
    created_from: String,
    created_to: String,
}

pub struct TicketsScreen {
    mode: Mode,
    /// 服务处理 for a supervisor: every handler's 已分配 tickets, to reassign one (a ticket a
    /// low satisfaction sent back, say) rather than only his own.
    all_handlers: bool,
    filters: Filters,
    /// The filters of the last search: paging keeps to them, not to edits not yet searched.
    searched: Filters,
    paging: Paging,
    tickets: Vec<Ticket>,
    loading: Pending<ListTicketsResponse>,
    types: Vec<DictionaryItem>,
    loading_types: Pending<Vec<DictionaryItem>>,
    detail: Option<TicketDetailView>,
}

/// The enabled 服务类型 of the dictionary, for the form's and the archive's choices.
pub fn load_service_types(env: &mut Env) -> Promise<Reply<Vec<DictionaryItem>>> {
    let api = env.api();
    env.rpc
        .spawn(async move { Ok(api.dictionary_items(ProtoType::ServiceType).await?) })
}

/// 新创建, 已分配 … for a ticket's state.
pub fn status_text(status: i32) -> &'static str {
    match TicketStatus::try_from(status) {
        Ok(TicketStatus::Assigned) => t("tickets.status_assigned"),
        Ok(TicketStatus::Processed) => t("tickets.status_processed"),
        Ok(TicketStatus::Archived) => t("tickets.status_archived"),
        _ => t("tickets.status_new"),
    }
}

impl TicketsScreen {
    pub fn new(env: &mut Env, mode: Mode) -> TicketsScreen {
        let mut screen = TicketsScreen {
            mode,
            all_handlers: false,
            filters: Filters::default(),
            searched: Filters::default(),
            paging: Paging::default(),
            tickets: Vec::new(),
            loading: None,
            types: Vec::new(),
            loading_types: None,
            detail: None,
        };
        if mode == Mode::Archive {
            screen.loading_types = Some(load_service_types(env));
        }
        screen.reload(env);
        screen
    }

    /// What the mode lists: its state, and whose tickets outside the archive.
    fn request(&self, env: &Env) -> ListTicketsRequest {
        let me = env.session.user.id;
        let page = Some(self.paging.request());
        match self.mode {
            Mode::Processing => ListTicketsRequest {
                page,
                status: TicketStatus::Assigned as i32,
                assignee_id: if self.all_handlers { 0 } else { me },
                ..ListTicketsRequest::default()
            },
            Mode::Feedback => {
                // A supervisor records feedback on every ticket, anyone else on his own.
                let supervisor = env.session.has_right(Right::Assign.code());
                ListTicketsRequest {
                    page,
                    status: TicketStatus::Processed as i32,
                    created_by: if supervisor { 0 } else { me },
                    ..ListTicketsRequest::default()
                }
            }
            Mode::Archive => {
                let filters = &self.searched;
                ListTicketsRequest {
                    page,
                    status: TicketStatus::Archived as i32,
                    customer_name: filters.customer_name.trim().to_owned(),
                    summary: filters.summary.trim().to_owned(),
                    type_id: filters.type_id,
                    created_from: filters.created_from.trim().to_owned(),
                    created_to: filters.created_to.trim().to_owned(),
                    ..ListTicketsRequest::default()
                }
            }
        }
    }

    fn reload(&mut self, env: &mut Env) {
        let mut tickets = env.api().tickets();
        let request = self.request(env);
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(tickets.list_tickets(request).await?.into_inner()) }),
        );
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        self.poll(env);
        if let Some(detail) = &mut self.detail {
            if !detail.show(ui, env) {
                self.detail = None;
                self.reload(env);
            }
            return;
        }

        let (title, hint) = match self.mode {
            Mode::Processing => (t("nav.ticket_processing"), t("tickets.processing_hint")),
            Mode::Feedback => (t("nav.ticket_feedback"), t("tickets.feedback_hint")),
            Mode::Archive => (t("nav.ticket_archive"), t("tickets.archive_hint")),
        };
        ui.heading(title);
        ui.label(egui::RichText::new(hint).weak());
        ui.add_space(6.0);
        self.toolbar(ui, env);
        ui.add_space(6.0);
        egui::Panel::bottom("tickets-paging").show(ui, |ui| {
            if self.paging.show(ui) {
                self.reload(env);
            }
        });
        egui::CentralPanel::no_frame().show(ui, |ui| self.table(ui, env));
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(response)) => {
                self.tickets = response.tickets;
                self.paging.total = response.total;
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        match take_ready(&mut self.loading_types) {
            Some(Ok(types)) => self.types = types,
            Some(Err(error)) => env.report(&error),
            None => {}
        }
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        let mut search = false;
        let supervisor = env.session.has_right(Right::Assign.code());
        ui.horizontal_wrapped(|ui| {
            if self.mode == Mode::Archive {
                search |= self.filter_row(ui);
                ui.separator();
            }
            if self.mode == Mode::Processing && supervisor {
                let all = t("tickets.all_handlers");
                search |= ui.checkbox(&mut self.all_handlers, all).changed();
            }
            search |= ui.button(t("common.refresh")).clicked();
            if self.loading.is_some() || self.loading_types.is_some() {
                ui.spinner();
            }
        });
        if search && dates_valid(env, &self.filters.created_from, &self.filters.created_to) {
            self.searched = self.filters.clone();
            self.paging.page = 1;
            self.reload(env);
        }
    }

    /// The archive's filters; `true` when the list should be asked for again.
    fn filter_row(&mut self, ui: &mut egui::Ui) -> bool {
        let filters = &mut self.filters;
        let mut search = false;
        for (key, value, width) in [
            ("tickets.customer_name", &mut filters.customer_name, 150.0),
            ("tickets.summary", &mut filters.summary, 150.0),
        ] {
            let label = ui.label(t(key));
            let edit = egui::TextEdit::singleline(value)
                .hint_text(t("tickets.contains_hint"))
                .desired_width(width);
            let field = ui.add(edit).labelled_by(label.id);
            search |= field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        }
        let offered = items(&self.types, &[filters.type_id]);
        let options = with_all(borrowed(&offered));
        let label = t("tickets.type");
        let all = t("common.all");
        search |= choice(
            ui,
            "filter-ticket-type",
            label,
            90.0,
            &options,
            &mut filters.type_id,
            all,
        );
        for (key, value) in [
            ("tickets.created_from", &mut filters.created_from),
            ("tickets.created_to", &mut filters.created_to),
        ] {
            let label = ui.label(t(key));
            let date = egui::TextEdit::singleline(value)
                .hint_text("YYYY-MM-DD")
                .desired_width(100.0);
            ui.add(date).labelled_by(label.id);
        }
        search | ui.button(t("common.search")).clicked()
    }

    fn table(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        if empty_list(ui, self.tickets.is_empty(), self.loading.is_some()) {
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
                    t("tickets.number"),
                    t("tickets.customer_name"),
                    t("tickets.summary"),
                    t("tickets.type"),
                    t("tickets.status"),
                    t("tickets.created_by"),
                    t("tickets.created_at"),
                    t("tickets.assignee"),
                    t("tickets.satisfaction"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for ticket in &self.tickets {
                    body.row(26.0, |row| {
                        if ticket_row(row, ticket) {
                            open = Some(ticket.id);
                        }
                    });
                }
            });
        if let Some(id) = open {
            self.detail = Some(TicketDetailView::open(env, id));
        }
    }
}

/// One ticket's row; `true` when the user opened it by its 编号 or customer.
fn ticket_row(mut row: egui_extras::TableRow<'_, '_>, ticket: &Ticket) -> bool {
    let mut open = false;
    let summary = ticket.fields.as_ref().map(|f| f.summary.as_str());
    row.col(|ui| open |= ui.link(&ticket.number).clicked());
    row.col(|ui| open |= ui.link(&ticket.customer_name).clicked());
    row.col(|ui| {
        let summary = summary.unwrap_or_default();
        ui.label(summary).on_hover_text(summary);
    });
    row.col(|ui| {
        ui.label(&ticket.type_name);
    });
    row.col(|ui| {
        ui.label(status_text(ticket.status));
    });
    row.col(|ui| {
        ui.label(creator_text(ticket));
    });
    row.col(|ui| {
        ui.label(optional_timestamp(&ticket.created_at));
    });
    row.col(|ui| {
        ui.label(&ticket.assignee_name);
    });
    row.col(|ui| {
        if ticket.satisfaction > 0 {
            ui.label(stars(ticket.satisfaction));
        }
    });
    open
}

/// Who created the ticket: a user, or the other system that submitted it.
pub fn creator_text(ticket: &Ticket) -> String {
    if ticket.created_by == 0 && !ticket.source_system.is_empty() {
        t_args("tickets.from_system", &[("system", &ticket.source_system)])
    } else {
        ticket.created_by_name.clone()
    }
}
