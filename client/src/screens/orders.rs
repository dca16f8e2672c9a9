//! 历史订单 tab of a customer (DESIGN §2.2, §4): the orders the sales system
//! shipped (已发货) or was paid for (已回款), newest first and paged; an order opens
//! with its lines and total.

use crm_proto::v1::{
    GetOrderRequest, ListOrdersRequest, ListOrdersResponse, Order, OrderStatus, OrderSummary,
};
use crm_shared::money::format_fen;
use egui_extras::Column;

use crate::i18n::{t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::widgets::paging::Paging;
use crate::widgets::table::{empty_list, header, table};

pub struct OrdersTab {
    customer_id: i64,
    paging: Paging,
    orders: Vec<OrderSummary>,
    loading: Pending<ListOrdersResponse>,
    /// The order whose detail is open.
    order: Option<Order>,
    loading_order: Pending<Order>,
}

impl OrdersTab {
    pub fn open(env: &mut Env, customer_id: i64) -> OrdersTab {
        let mut tab = OrdersTab {
            customer_id,
            paging: Paging::default(),
            orders: Vec::new(),
            loading: None,
            order: None,
            loading_order: None,
        };
        tab.reload(env);
        tab
    }

    fn reload(&mut self, env: &mut Env) {
        let mut customers = env.api().customers();
        let request = ListOrdersRequest {
            customer_id: self.customer_id,
            page: Some(self.paging.request()),
        };
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(customers.list_orders(request).await?.into_inner()) }),
        );
    }

    fn open_order(&mut self, env: &mut Env, id: i64) {
        let mut customers = env.api().customers();
        self.loading_order = Some(env.rpc.spawn(async move {
            Ok(customers
                .get_order(GetOrderRequest { id })
                .await?
                .into_inner())
        }));
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(response)) => {
                self.orders = response.orders;
                self.paging.total = response.total;
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        match take_ready(&mut self.loading_order) {
            Some(Ok(order)) => self.order = Some(order),
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        if let Some(order) = &self.order
            && !order_dialog(ui.ctx(), order)
        {
            self.order = None;
        }

        egui::Panel::bottom("orders-paging").show(ui, |ui| {
            if self.paging.show(ui) {
                self.reload(env);
            }
        });
        let mut open = None;
        egui::CentralPanel::no_frame().show(ui, |ui| {
            if empty_list(ui, self.orders.is_empty(), self.loading.is_some()) {
                return;
            }
            table(ui)
                .column(Column::auto().at_least(120.0))
                .column(Column::auto().at_least(90.0))
                .column(Column::remainder().at_least(160.0).clip(true))
                .column(Column::auto().at_least(70.0))
                // Wide enough for ¥9,999,999.99 from the first frame: the address column takes
                // what is left, so an auto width would clip large totals.
                .column(Column::exact(120.0))
                .header(24.0, |row| {
                    let titles = [
                        t("orders.number"),
                        t("orders.date"),
                        t("orders.delivery_address"),
                        t("orders.status"),
                        t("orders.total"),
                    ];
                    header(row, &titles);
                })
                .body(|mut body| {
                    for order in &self.orders {
                        body.row(26.0, |mut row| {
                            row.col(|ui| {
                                if ui.link(&order.number).clicked() {
                                    open = Some(order.id);
                                }
                            });
                            row.col(|ui| {
                                ui.label(&order.date);
                            });
                            row.col(|ui| {
                                ui.label(&order.delivery_address);
                            });
                            row.col(|ui| {
                                ui.label(status_text(order.status));
                            });
                            row.col(|ui| {
                                let right = egui::Layout::right_to_left(egui::Align::Center);
                                ui.with_layout(right, |ui| ui.label(format_fen(order.total_fen)));
                            });
                        });
                    }
                });
        });
        if let Some(id) = open {
            self.open_order(env, id);
        }
    }
}

fn status_text(status: i32) -> &'static str {
    match OrderStatus::try_from(status) {
        Ok(OrderStatus::Paid) => t("orders.status_paid"),
        _ => t("orders.status_shipped"),
    }
}

/// The order's lines and total in a dialog; `false` once closed.
fn order_dialog(ctx: &egui::Context, order: &Order) -> bool {
    let summary = order.summary.clone().unwrap_or_default();
    let modal = egui::Modal::new(egui::Id::unique("order-detail")).show(ctx, |ui| {
        ui.set_width(620.0);
        ui.heading(t_args(
            "orders.detail_title",
            &[("number", &summary.number)],
        ));
        ui.label(format!(
            "{}  {}  {}",
            order.customer_name,
            summary.date,
            status_text(summary.status)
        ));
        ui.add_space(6.0);
        egui::Grid::new("order-lines")
            .num_columns(5)
            .striped(true)
            .spacing([16.0, 6.0])
            .show(ui, |ui| {
                for key in [
                    "orders.product",
                    "orders.quantity",
                    "orders.unit",
                    "orders.unit_price",
                    "orders.amount",
                ] {
                    ui.strong(t(key));
                }
                ui.end_row();
                for line in &order.lines {
                    ui.label(format!("{} {}", line.product_code, line.product_name));
                    ui.label(line.quantity.to_string());
                    ui.label(&line.unit);
                    ui.label(format_fen(line.unit_price_fen));
                    ui.label(format_fen(line.amount_fen));
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
        ui.strong(t_args(
            "orders.total_line",
            &[("total", &format_fen(summary.total_fen))],
        ));
        ui.add_space(8.0);
        ui.button(t("common.close")).clicked()
    });
    !(modal.inner || modal.should_close())
}
