//! 客户信息管理 (DESIGN §2.2; right `customers`): every customer, searched by any part of its name
//! or the start of its number and filtered by region, level, manager and state, sorted by pinyin
//! and paged; a customer opens in its detail (基本信息, 联系人, 交往记录, 历史订单) in place of the
//! list, which keeps its search.

use crm_proto::v1::DictionaryType as ProtoType;
use crm_proto::v1::{
    CustomerStatus, CustomerSummary, DictionaryItem, ListCustomersRequest, ListCustomersResponse,
    ListManagersRequest, Manager,
};
use egui_extras::Column;

use crate::i18n::t;
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::customer_detail::CustomerDetail;
use crate::screens::customer_form::CustomerForm;
use crate::widgets::FormOutcome;
use crate::widgets::choice::{borrowed, choice, items, with_all};
use crate::widgets::paging::Paging;
use crate::widgets::stars::stars;
use crate::widgets::table::{empty_list, header, table};

/// What the customer forms and filters choose from, loaded once.
#[derive(Clone, Debug, Default)]
pub struct CustomerChoices {
    pub regions: Vec<DictionaryItem>,
    pub levels: Vec<DictionaryItem>,
    pub managers: Vec<Manager>,
}

impl CustomerChoices {
    pub fn manager_name(&self, id: i64) -> Option<&str> {
        let manager = self.managers.iter().find(|manager| manager.id == id)?;
        Some(&manager.display_name)
    }
}

/// The list's filters as the user set them.
#[derive(Clone, Debug, Default)]
struct Filters {
    query: String,
    region_id: i64,
    level_id: i64,
    manager_id: i64,
    status: i32,
}

pub struct CustomersScreen {
    filters: Filters,
    paging: Paging,
    capped: bool,
    customers: Vec<CustomerSummary>,
    loading: Pending<ListCustomersResponse>,
    choices: CustomerChoices,
    loading_choices: Pending<CustomerChoices>,
    detail: Option<CustomerDetail>,
    form: Option<CustomerForm>,
}

impl CustomersScreen {
    pub fn new(env: &mut Env) -> CustomersScreen {
        let mut screen = CustomersScreen {
            filters: Filters::default(),
            paging: Paging::default(),
            capped: false,
            customers: Vec::new(),
            loading: None,
            choices: CustomerChoices::default(),
            loading_choices: None,
            detail: None,
            form: None,
        };
        screen.reload(env);
        screen.loading_choices = Some(load_choices(env));
        screen
    }

    fn reload(&mut self, env: &mut Env) {
        let mut customers = env.api().customers();
        let filters = &self.filters;
        let request = ListCustomersRequest {
            page: Some(self.paging.request()),
            query: filters.query.trim().to_owned(),
            region_id: filters.region_id,
            level_id: filters.level_id,
            manager_id: filters.manager_id,
            status: filters.status,
        };
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(customers.list_customers(request).await?.into_inner()) }),
        );
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

        ui.heading(t("nav.customer_list"));
        ui.add_space(6.0);
        self.toolbar(ui, env);
        ui.add_space(6.0);
        if let Some(form) = &mut self.form {
            let outcome = egui::Panel::right("customer-form")
                .resizable(false)
                .exact_size(430.0)
                .show(ui, |ui| form.show(ui, env, &self.choices))
                .inner;
            match outcome {
                FormOutcome::Open => {}
                FormOutcome::Closed | FormOutcome::ReloadRequested => self.form = None,
                FormOutcome::Saved => {
                    if let Some(created) = self.form.take().and_then(CustomerForm::into_saved) {
                        self.detail = Some(CustomerDetail::open(env, created.id));
                    }
                    self.reload(env);
                }
            }
        }
        egui::Panel::bottom("customers-paging").show(ui, |ui| {
            ui.horizontal(|ui| {
                if self.paging.show(ui) {
                    self.reload(env);
                }
                if self.capped {
                    ui.label(t("customers.total_capped"));
                }
            });
        });
        egui::CentralPanel::no_frame().show(ui, |ui| self.table(ui, env));
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(response)) => {
                self.customers = response.customers;
                self.paging.total = response.total;
                self.capped = response.total_is_capped;
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
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(t("customers.search_label"));
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.filters.query)
                        .hint_text(t("customers.search_hint"))
                        .desired_width(200.0),
                )
                .labelled_by(label.id);
            search |= field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            let choices = &self.choices;
            search |= item_filter(
                ui,
                "filter-region",
                t("customers.region"),
                &choices.regions,
                &mut self.filters.region_id,
            );
            search |= item_filter(
                ui,
                "filter-level",
                t("customers.level"),
                &choices.levels,
                &mut self.filters.level_id,
            );
            search |= manager_filter(ui, choices, &mut self.filters.manager_id);
            search |= status_filter(ui, &mut self.filters.status);
            if ui.button(t("common.search")).clicked() {
                search = true;
            }
            ui.separator();
            if ui.button(t("common.new")).clicked() {
                self.form = Some(CustomerForm::create(env.session.user.id));
            }
            if ui.button(t("common.refresh")).clicked() {
                search = true;
                self.loading_choices = Some(load_choices(env));
            }
            if self.loading.is_some() || self.loading_choices.is_some() {
                ui.spinner();
            }
        });
        if search {
            self.paging.page = 1;
            self.reload(env);
        }
    }

    fn table(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        if empty_list(ui, self.customers.is_empty(), self.loading.is_some()) {
            return;
        }
        let mut open = None;
        table(ui)
            .column(Column::auto().at_least(120.0))
            .column(Column::remainder().at_least(180.0).clip(true))
            .columns(Column::auto().at_least(70.0), 6)
            .header(24.0, |row| {
                let titles = [
                    t("customers.number"),
                    t("customers.name"),
                    t("customers.region"),
                    t("customers.level"),
                    t("customers.manager"),
                    t("customers.satisfaction"),
                    t("customers.credit"),
                    t("customers.status"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for customer in &self.customers {
                    body.row(26.0, |mut row| {
                        row.col(|ui| {
                            ui.label(&customer.number);
                        });
                        row.col(|ui| {
                            if ui.link(&customer.name).clicked() {
                                open = Some(customer.id);
                            }
                        });
                        row.col(|ui| {
                            ui.label(or_to_complete(&customer.region_name));
                        });
                        row.col(|ui| {
                            ui.label(or_to_complete(&customer.level_name));
                        });
                        row.col(|ui| {
                            ui.label(&customer.manager_name);
                        });
                        row.col(|ui| {
                            ui.label(stars(customer.satisfaction));
                        });
                        row.col(|ui| {
                            ui.label(stars(customer.credit));
                        });
                        row.col(|ui| {
                            ui.label(status_text(customer.status));
                        });
                    });
                }
            });
        if let Some(id) = open {
            self.detail = Some(CustomerDetail::open(env, id));
        }
    }
}

/// The text, or 待补充 when it is empty.
pub fn or_to_complete(text: &str) -> &str {
    if text.is_empty() {
        t("customers.to_complete")
    } else {
        text
    }
}

pub fn status_text(status: i32) -> &'static str {
    match CustomerStatus::try_from(status) {
        Ok(CustomerStatus::Lost) => t("customers.status_lost"),
        _ => t("customers.status_active"),
    }
}

fn load_choices(env: &mut Env) -> crate::rpc::Promise<crate::rpc::Reply<CustomerChoices>> {
    let api = env.api();
    let mut customers = env.api().customers();
    env.rpc.spawn(async move {
        let (regions, levels, managers) = tokio::try_join!(
            api.dictionary_items(ProtoType::Region),
            api.dictionary_items(ProtoType::CustomerLevel),
            customers.list_managers(ListManagersRequest {}),
        )?;
        Ok(CustomerChoices {
            regions,
            levels,
            managers: managers.into_inner().managers,
        })
    })
}

/// A dictionary filter with 全部; `true` when the choice changed.
fn item_filter(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    dictionary: &[DictionaryItem],
    chosen: &mut i64,
) -> bool {
    let offered = items(dictionary, &[*chosen]);
    let options = with_all(borrowed(&offered));
    choice(ui, id, label, 110.0, &options, chosen, t("common.all"))
}

fn manager_filter(ui: &mut egui::Ui, choices: &CustomerChoices, chosen: &mut i64) -> bool {
    let managers = choices.managers.iter();
    let options = with_all(managers.map(|m| (m.id, m.display_name.as_str())));
    let label = t("customers.manager");
    choice(
        ui,
        "filter-manager",
        label,
        100.0,
        &options,
        chosen,
        t("common.all"),
    )
}

fn status_filter(ui: &mut egui::Ui, chosen: &mut i32) -> bool {
    let options = [
        (0, t("common.all")),
        (CustomerStatus::Active as i32, t("customers.status_active")),
        (CustomerStatus::Lost as i32, t("customers.status_lost")),
    ];
    let label = t("customers.status");
    choice(
        ui,
        "filter-status",
        label,
        70.0,
        &options,
        chosen,
        t("common.all"),
    )
}
