//! One customer (DESIGN §2.2): its number, name and state above four tabs — 基本信息 (every
//! field, 编辑 for those who may), 联系人, 交往记录 and 历史订单. Opened from the customer list,
//! which it replaces until 返回列表.

use crm_proto::v1::{Customer, GetCustomerRequest};
use crm_shared::money::format_fen;

use crate::i18n::{t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::contacts::ContactsTab;
use crate::screens::customer_form::CustomerForm;
use crate::screens::customers::{CustomerChoices, or_to_complete, status_text};
use crate::screens::interactions::InteractionsTab;
use crate::screens::orders::OrdersTab;
use crate::widgets::FormOutcome;
use crate::widgets::stars::stars;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Basic,
    Contacts,
    Interactions,
    Orders,
}

pub struct CustomerDetail {
    id: i64,
    customer: Option<Customer>,
    loading: Pending<Customer>,
    tab: Tab,
    form: Option<CustomerForm>,
    contacts: Option<ContactsTab>,
    interactions: Option<InteractionsTab>,
    orders: Option<OrdersTab>,
}

impl CustomerDetail {
    pub fn open(env: &mut Env, id: i64) -> CustomerDetail {
        let mut detail = CustomerDetail {
            id,
            customer: None,
            loading: None,
            tab: Tab::Basic,
            form: None,
            contacts: None,
            interactions: None,
            orders: None,
        };
        detail.reload(env);
        detail
    }

    fn reload(&mut self, env: &mut Env) {
        let mut customers = env.api().customers();
        let request = GetCustomerRequest { id: self.id };
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(customers.get_customer(request).await?.into_inner()) }),
        );
    }

    /// Shows the customer; `false` once the user went back to the list.
    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env, choices: &CustomerChoices) -> bool {
        match take_ready(&mut self.loading) {
            Some(Ok(customer)) => self.customer = Some(customer),
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        if ui.button(t("customers.back_to_list")).clicked() {
            return false;
        }
        let Some(customer) = self.customer.clone() else {
            ui.spinner();
            return true;
        };
        ui.horizontal(|ui| {
            let name = customer.fields.as_ref().map(|f| f.name.clone());
            ui.heading(name.unwrap_or_default());
            ui.label(&customer.number);
            ui.label(status_text(customer.status));
        });
        ui.horizontal(|ui| {
            for (tab, key) in [
                (Tab::Basic, "customers.tab_basic"),
                (Tab::Contacts, "customers.tab_contacts"),
                (Tab::Interactions, "customers.tab_interactions"),
                (Tab::Orders, "customers.tab_orders"),
            ] {
                ui.selectable_value(&mut self.tab, tab, t(key));
            }
        });
        ui.separator();
        match self.tab {
            Tab::Basic => self.basic(ui, env, &customer, choices),
            Tab::Contacts => self
                .contacts
                .get_or_insert_with(|| ContactsTab::open(env, &customer))
                .show(ui, env),
            Tab::Interactions => self
                .interactions
                .get_or_insert_with(|| InteractionsTab::open(env, &customer))
                .show(ui, env),
            Tab::Orders => self
                .orders
                .get_or_insert_with(|| OrdersTab::open(env, customer.id))
                .show(ui, env),
        }
        true
    }

    fn basic(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env,
        customer: &Customer,
        choices: &CustomerChoices,
    ) {
        if let Some(form) = &mut self.form {
            let outcome = egui::Panel::right("customer-edit")
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
        egui::CentralPanel::no_frame().show(ui, |ui| {
            if customer.editable && self.form.is_none() && ui.button(t("common.edit")).clicked() {
                self.form = Some(CustomerForm::edit(customer));
            }
            if !customer.editable {
                ui.label(t("customers.read_only"));
            }
            ui.add_space(6.0);
            egui::ScrollArea::vertical().show(ui, |ui| basic_grid(ui, customer));
        });
    }
}

fn basic_grid(ui: &mut egui::Ui, customer: &Customer) {
    let fields = customer.fields.clone().unwrap_or_default();
    let money = |fen: i64| {
        if fen == 0 {
            String::new()
        } else {
            format_fen(fen)
        }
    };
    let rows: [(&str, String); 21] = [
        ("customers.number", customer.number.clone()),
        ("customers.name", fields.name),
        (
            "customers.region",
            or_to_complete(&customer.region_name).to_owned(),
        ),
        (
            "customers.level",
            or_to_complete(&customer.level_name).to_owned(),
        ),
        ("customers.manager", customer.manager_name.clone()),
        ("customers.satisfaction", stars(fields.satisfaction)),
        ("customers.credit", stars(fields.credit)),
        ("customers.address", fields.address),
        ("customers.zip_code", fields.zip_code),
        ("customers.phone", fields.phone),
        ("customers.fax", fields.fax),
        ("customers.website", fields.website),
        ("customers.business_licence", fields.business_licence),
        ("customers.legal_person", fields.legal_person),
        (
            "customers.registered_capital",
            money(fields.registered_capital_fen),
        ),
        ("customers.annual_revenue", money(fields.annual_revenue_fen)),
        ("customers.bank", fields.bank),
        ("customers.bank_account", fields.bank_account),
        ("customers.local_tax_number", fields.local_tax_number),
        ("customers.national_tax_number", fields.national_tax_number),
        ("customers.credit_code", fields.credit_code),
    ];
    egui::Grid::new("customer-basic")
        .num_columns(4)
        .spacing([16.0, 8.0])
        .striped(true)
        .show(ui, |ui| {
            for pair in rows.chunks(2) {
                for (key, value) in pair {
                    ui.strong(t(key));
                    ui.label(value);
                }
                ui.end_row();
            }
            ui.strong(t("customers.sales_code"));
            let code = fields.sales_code;
            let shown = if code.is_empty() {
                t_args("customers.sales_code_is_number", &[])
            } else {
                code
            };
            ui.label(shown);
            ui.end_row();
        });
}
