//! 服务创建 (DESIGN §2.3; right `service`): a customer's request becomes a 新创建 ticket. 服务类型,
//! 客户, 概要 and 服务请求 are required and checked before sending (必填信息不完全); 编号, 创建人
//! and 创建时间 are the server's. After a save the toast names the new 编号 and the form is
//! empty again, ready for the next call.

use crm_proto::v1::{CreateTicketRequest, DictionaryItem, Ticket, TicketFields};
use crm_shared::ticket::TicketFields as Rules;
use crm_shared::validation::Violations;

use crate::i18n::{t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::tickets::load_service_types;
use crate::widgets::confirm::{Confirm, ConfirmAnswer};
use crate::widgets::customer_picker::CustomerPicker;
use crate::widgets::form_rows::{multiline_row, picker_row, scrolling_grid, text_row};
use crate::widgets::{DialogButton, FormErrors, dialog_buttons};

/// Every field the form shows, as the server names them.
const FIELDS: [&str; 4] = ["type_id", "customer_id", "summary", "request"];

pub struct TicketCreateScreen {
    types: Vec<DictionaryItem>,
    loading_types: Pending<Vec<DictionaryItem>>,
    type_id: i64,
    customer: CustomerPicker,
    summary: String,
    request: String,
    errors: FormErrors,
    /// 清空 asks first when something was typed.
    clearing: Option<Confirm>,
    saving: Pending<Ticket>,
}

impl TicketCreateScreen {
    pub fn new(env: &mut Env) -> TicketCreateScreen {
        TicketCreateScreen {
            types: Vec::new(),
            loading_types: Some(load_service_types(env)),
            type_id: 0,
            customer: CustomerPicker::default(),
            summary: String::new(),
            request: String::new(),
            errors: FormErrors::default(),
            clearing: None,
            saving: None,
        }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        self.poll(env);
        ui.heading(t("nav.ticket_create"));
        ui.label(egui::RichText::new(t("ticket_form.hint")).weak());
        ui.add_space(6.0);
        // A stale version cannot happen to a record not yet saved: no reload to offer.
        self.errors.show_banner(ui);
        ui.add_space(4.0);
        let creator = env.session.user.display_name.clone();
        scrolling_grid(ui, "ticket-form-grid", |ui| self.rows(ui, env, &creator));
        ui.add_space(6.0);
        let busy = self.saving.is_some();
        match dialog_buttons(ui, t("common.save"), t("ticket_form.clear"), busy) {
            Some(DialogButton::Confirm) => self.save(env),
            Some(DialogButton::Cancel) if self.is_blank() => self.clear(),
            Some(DialogButton::Cancel) => {
                self.clearing = Some(Confirm::new(t("ticket_form.clear_question"), ""));
            }
            None => {}
        }
        if let Some(question) = &self.clearing
            && let Some(answer) = question.show(ui.ctx())
        {
            if answer == ConfirmAnswer::Yes {
                self.clear();
            }
            self.clearing = None;
        }
    }

    /// Nothing typed or chosen yet: 清空 has nothing to lose.
    fn is_blank(&self) -> bool {
        self.type_id == 0
            && self.customer.chosen_id() == 0
            && self.summary.trim().is_empty()
            && self.request.trim().is_empty()
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading_types) {
            Some(Ok(types)) => self.types = types,
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        if let Some(ticket) = env.take_saved(&mut self.saving, &mut self.errors, &FIELDS) {
            let text = t_args("ticket_form.saved", &[("number", &ticket.number)]);
            env.toasts.success(text);
            self.clear();
        }
    }

    fn rows(&mut self, ui: &mut egui::Ui, env: &mut Env, creator: &str) {
        let errors = &self.errors;
        let service_type = t("tickets.type");
        if self.loading_types.is_some() {
            // No empty list to open before the types are there: a pick made while they
            // arrive would be lost.
            ui.label(service_type);
            ui.spinner();
            ui.end_row();
        } else {
            let (types, chosen) = (&self.types, &mut self.type_id);
            picker_row(ui, errors, "type_id", service_type, types, chosen, false);
        }

        let label = ui.label(t("tickets.customer"));
        ui.vertical(|ui| {
            self.customer.show(ui, env, label.id);
            errors.show_field(ui, "customer_id");
        });
        ui.end_row();

        text_row(
            ui,
            errors,
            "summary",
            t("tickets.summary"),
            &mut self.summary,
        );
        let request = t("tickets.request");
        multiline_row(ui, errors, "request", request, &mut self.request);

        // Shown so nobody looks for them: the server records who and when.
        for (key, value) in [
            ("tickets.created_by", creator),
            ("tickets.created_at", t("ticket_form.created_at_on_save")),
        ] {
            ui.label(t(key));
            ui.weak(value);
            ui.end_row();
        }
    }

    /// The fields to send, with what the shared rules find in them.
    fn checked(&self) -> (TicketFields, Violations) {
        let id = |value: i64| (value != 0).then_some(value);
        let rules = Rules {
            type_id: id(self.type_id),
            customer_id: id(self.customer.chosen_id()),
            summary: self.summary.clone(),
            request: self.request.clone(),
        }
        .trimmed();
        let mut found = Violations::new();
        found.absorb(rules.check());
        let fields = TicketFields {
            type_id: self.type_id,
            customer_id: self.customer.chosen_id(),
            summary: rules.summary,
            request: rules.request,
        };
        (fields, found)
    }

    fn save(&mut self, env: &mut Env) {
        let (fields, found) = self.checked();
        if !self.errors.passed(found, &FIELDS) {
            return;
        }
        let mut tickets = env.api().tickets();
        let request = CreateTicketRequest {
            fields: Some(fields),
        };
        self.saving = Some(
            env.rpc
                .spawn(async move { Ok(tickets.create_ticket(request).await?.into_inner()) }),
        );
    }

    /// Empties the form for the next ticket; the service types stay loaded.
    fn clear(&mut self) {
        self.type_id = 0;
        self.customer = CustomerPicker::default();
        self.summary.clear();
        self.request.clear();
        self.errors.clear();
    }
}
