//! 客户流失管理 (DESIGN §2.2; right `customers`): the churn warnings the weekly scan opened,
//! newest first and paged. A manager sees his own customers' open warnings first (只看我的客户,
//! 未结束); anyone may widen the list. A warning opens in its detail in place of the list.

use crm_proto::v1::{
    ChurnWarning, ChurnWarningStatus, ListChurnWarningsRequest, ListChurnWarningsResponse,
};
use crm_shared::rights::Right;
use egui_extras::Column;

use crate::format::timestamp;
use crate::i18n::t;
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::churn_warning_detail::WarningDetailView;
use crate::widgets::paging::Paging;
use crate::widgets::table::{empty_list, header, table};

pub struct ChurnWarningsScreen {
    /// 预警 and 暂缓流失 only.
    open_only: bool,
    /// Only the user's own customers.
    mine: bool,
    customer_name: String,
    paging: Paging,
    warnings: Vec<ChurnWarning>,
    loading: Pending<ListChurnWarningsResponse>,
    detail: Option<WarningDetailView>,
}

/// 预警, 暂缓流失 … for a warning's state.
pub fn status_text(status: i32) -> &'static str {
    match ChurnWarningStatus::try_from(status) {
        Ok(ChurnWarningStatus::Delayed) => t("churn.status_delayed"),
        Ok(ChurnWarningStatus::Lost) => t("churn.status_lost"),
        Ok(ChurnWarningStatus::Recovered) => t("churn.status_recovered"),
        _ => t("churn.status_open"),
    }
}

/// The last order date, or 从未下单 for a customer who never ordered.
pub fn last_order_text(warning: &ChurnWarning) -> String {
    if warning.last_order_date.is_empty() {
        t("churn.never_ordered").to_owned()
    } else {
        warning.last_order_date.clone()
    }
}

impl ChurnWarningsScreen {
    pub fn new(env: &mut Env) -> ChurnWarningsScreen {
        // Supervisors look after every customer; a manager starts with his own.
        let supervisor = env.session.has_right(Right::Assign.code());
        let mut screen = ChurnWarningsScreen {
            open_only: true,
            mine: !supervisor,
            customer_name: String::new(),
            paging: Paging::default(),
            warnings: Vec::new(),
            loading: None,
            detail: None,
        };
        screen.reload(env);
        screen
    }

    fn reload(&mut self, env: &mut Env) {
        let mut churn = env.api().churn();
        let request = ListChurnWarningsRequest {
            page: Some(self.paging.request()),
            open_only: self.open_only,
            mine: self.mine,
            customer_name: self.customer_name.trim().to_owned(),
            ..ListChurnWarningsRequest::default()
        };
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(churn.list_churn_warnings(request).await?.into_inner()) }),
        );
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(response)) => {
                self.warnings = response.warnings;
                self.paging.total = response.total;
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        if let Some(detail) = &mut self.detail {
            if !detail.show(ui, env) {
                self.detail = None;
                self.reload(env);
            }
            return;
        }
        ui.heading(t("nav.churn_warnings"));
        ui.label(egui::RichText::new(t("churn.hint")).weak());
        ui.add_space(6.0);
        if self.toolbar(ui) {
            self.paging.page = 1;
            self.reload(env);
        }
        ui.add_space(6.0);
        egui::Panel::bottom("churn-paging").show(ui, |ui| {
            if self.paging.show(ui) {
                self.reload(env);
            }
        });
        let mut opened = None;
        egui::CentralPanel::no_frame().show(ui, |ui| opened = self.table(ui));
        if let Some(id) = opened {
            self.detail = Some(WarningDetailView::open(env, id));
        }
    }

    /// The filters; `true` when the list should be asked for again.
    fn toolbar(&mut self, ui: &mut egui::Ui) -> bool {
        let mut search = false;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(t("churn.customer_name"));
            let edit = egui::TextEdit::singleline(&mut self.customer_name)
                .hint_text(t("churn.contains_hint"))
                .desired_width(160.0);
            let field = ui.add(edit).labelled_by(label.id);
            search |= field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            search |= ui
                .checkbox(&mut self.open_only, t("churn.open_only"))
                .changed();
            search |= ui.checkbox(&mut self.mine, t("churn.mine")).changed();
            search |= ui.button(t("common.search")).clicked();
            if self.loading.is_some() {
                ui.spinner();
            }
        });
        search
    }

    /// The list; `Some(id)` of a warning the user opened.
    fn table(&self, ui: &mut egui::Ui) -> Option<i64> {
        if empty_list(ui, self.warnings.is_empty(), self.loading.is_some()) {
            return None;
        }
        let mut opened = None;
        let titles = [
            t("churn.customer_number"),
            t("churn.customer_name"),
            t("churn.manager"),
            t("churn.last_order"),
            t("churn.opened_at"),
            t("churn.status"),
            t("churn.measures"),
        ];
        table(ui)
            .column(Column::auto().at_least(110.0))
            .column(Column::auto().at_least(220.0))
            .columns(Column::auto().at_least(80.0), 4)
            .column(Column::remainder())
            .header(24.0, |row| header(row, &titles))
            .body(|mut body| {
                for warning in &self.warnings {
                    body.row(26.0, |mut row| {
                        row.col(|ui| {
                            if ui.link(&warning.customer_number).clicked() {
                                opened = Some(warning.id);
                            }
                        });
                        row.col(|ui| {
                            if ui.link(&warning.customer_name).clicked() {
                                opened = Some(warning.id);
                            }
                        });
                        row.col(|ui| {
                            ui.label(&warning.manager_name);
                        });
                        row.col(|ui| {
                            ui.label(last_order_text(warning));
                        });
                        row.col(|ui| {
                            ui.label(
                                warning
                                    .opened_at
                                    .as_ref()
                                    .map(timestamp)
                                    .unwrap_or_default(),
                            );
                        });
                        row.col(|ui| {
                            ui.label(status_text(warning.status));
                        });
                        row.col(|ui| {
                            ui.label(warning.measures.to_string());
                        });
                    });
                }
            });
        opened
    }
}
