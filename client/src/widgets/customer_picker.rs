//! Choosing one customer in a form (服务创建): the user types any part of the name or the
//! number, 查找 asks the server (`ListCustomers`, the first page), and a click on a result picks
//! it. A million customers never come to the client; only the matches do.

use crm_proto::v1::{CustomerStatus, CustomerSummary, ListCustomersRequest, ListCustomersResponse};

use crate::format::named_number;
use crate::i18n::{t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;

/// How many matches one search shows: enough to spot the right one, else the user types more.
const MATCHES_SHOWN: u32 = 10;

#[derive(Default)]
pub struct CustomerPicker {
    query: String,
    matches: Vec<CustomerSummary>,
    /// More customers match than are shown.
    more: bool,
    /// Set once a search came back, so "no match" is said only after one.
    searched: bool,
    searching: Pending<ListCustomersResponse>,
    chosen: Option<CustomerSummary>,
}

impl CustomerPicker {
    /// The chosen customer's id; 0 while none is chosen (the proto's "not given").
    pub fn chosen_id(&self) -> i64 {
        self.chosen.as_ref().map_or(0, |customer| customer.id)
    }

    /// Shows the picker; `label` is the form's label of the field, tied to the search box.
    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env, label: egui::Id) {
        self.poll(env);
        if let Some(customer) = &self.chosen {
            let mut change = false;
            ui.horizontal(|ui| {
                ui.strong(customer_text(customer)).labelled_by(label);
                change = ui.small_button(t("customer_picker.change")).clicked();
            });
            if change {
                self.chosen = None;
            }
            return;
        }

        let mut search = false;
        ui.horizontal(|ui| {
            let edit = egui::TextEdit::singleline(&mut self.query)
                .hint_text(t("customer_picker.hint"))
                .desired_width(170.0);
            let field = ui.add(edit).labelled_by(label);
            search = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            search |= ui.button(t("customer_picker.search")).clicked();
            if self.searching.is_some() {
                ui.spinner();
            }
        });
        if search {
            self.search(env);
        }
        self.matches(ui);
    }

    fn search(&mut self, env: &mut Env) {
        let mut customers = env.api().customers();
        let request = ListCustomersRequest {
            page: Some(crm_proto::v1::PageRequest {
                page: 1,
                page_size: MATCHES_SHOWN,
            }),
            query: self.query.trim().to_owned(),
            ..ListCustomersRequest::default()
        };
        self.searching = Some(
            env.rpc
                .spawn(async move { Ok(customers.list_customers(request).await?.into_inner()) }),
        );
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.searching) {
            Some(Ok(response)) => {
                self.more = response.total > response.customers.len() as u64;
                self.matches = response.customers;
                self.searched = true;
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
    }

    /// The last search's matches, each a button that picks it.
    fn matches(&mut self, ui: &mut egui::Ui) {
        if self.searched && self.matches.is_empty() {
            ui.weak(t("customer_picker.none"));
            return;
        }
        let mut picked = None;
        for customer in &self.matches {
            if ui
                .selectable_label(false, customer_text(customer))
                .clicked()
            {
                picked = Some(customer.clone());
            }
        }
        if self.more {
            let shown = MATCHES_SHOWN.to_string();
            ui.weak(t_args("customer_picker.more", &[("shown", &shown)]));
        }
        if picked.is_some() {
            self.chosen = picked;
            self.matches.clear();
            self.searched = false;
        }
    }
}

/// 华信电子有限公司（KH20261203001）, with 已流失 when the customer is lost.
fn customer_text(customer: &CustomerSummary) -> String {
    let text = named_number(&customer.name, &customer.number);
    if customer.status == CustomerStatus::Lost as i32 {
        format!("{text} {}", t("customers.status_lost"))
    } else {
        text
    }
}
