//! One churn warning (DESIGN §2.2) on one screen: the customer, why it was flagged (its last
//! order), every 暂缓措施 with its author and time, and, once confirmed, the reason. The
//! customer's manager or a supervisor gets 暂缓流失 while it is open, and 确认流失 once it has a
//! measure (the server's flags say which).

use crm_proto::v1::{ChurnWarning, ChurnWarningDetail, DelayMeasure, GetChurnWarningRequest};
use egui_extras::Column;

use crate::format::{optional_timestamp, timestamp};
use crate::i18n::{t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::churn_dialogs::{ChurnDialog, DialogEnd, Purpose};
use crate::screens::churn_warnings::{last_order_text, status_text};
use crate::widgets::table::{header, table};

pub struct WarningDetailView {
    id: i64,
    detail: Option<ChurnWarningDetail>,
    loading: Pending<ChurnWarningDetail>,
    dialog: Option<ChurnDialog>,
}

impl WarningDetailView {
    pub fn open(env: &mut Env, id: i64) -> WarningDetailView {
        let mut view = WarningDetailView {
            id,
            detail: None,
            loading: None,
            dialog: None,
        };
        view.reload(env);
        view
    }

    fn reload(&mut self, env: &mut Env) {
        let mut churn = env.api().churn();
        let request = GetChurnWarningRequest { id: self.id };
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(churn.get_churn_warning(request).await?.into_inner()) }),
        );
    }

    /// Shows the warning; `false` once the user went back to the list.
    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) -> bool {
        match take_ready(&mut self.loading) {
            Some(Ok(detail)) => self.detail = Some(detail),
            Some(Err(error)) => {
                env.report(&error);
                if error.is("NOT_FOUND") {
                    return false;
                }
            }
            None => {}
        }
        self.poll_dialog(ui.ctx(), env);
        if ui.button(t("churn.back_to_list")).clicked() {
            return false;
        }
        let Some(detail) = self.detail.clone() else {
            if self.loading.is_some() {
                ui.spinner();
            } else if ui.button(t("common.retry")).clicked() {
                self.reload(env);
            }
            return true;
        };
        let Some(warning) = detail.warning else {
            return false;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading(format!(
                "{} {}",
                warning.customer_number, warning.customer_name
            ));
            ui.add_space(4.0);
            self.actions(ui, &warning);
            ui.add_space(8.0);
            facts(ui, &warning);
            ui.add_space(12.0);
            ui.separator();
            measures(ui, &detail.measures);
        });
        true
    }

    fn poll_dialog(&mut self, ctx: &egui::Context, env: &mut Env) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        let purpose = dialog.purpose;
        let Some(end) = dialog.show(ctx, env) else {
            return;
        };
        self.dialog = None;
        match end {
            DialogEnd::Saved(detail) => {
                let name = detail
                    .warning
                    .as_ref()
                    .map(|w| w.customer_name.clone())
                    .unwrap_or_default();
                let key = match purpose {
                    Purpose::Delay => "churn.delayed",
                    Purpose::Confirm => "churn.confirmed",
                };
                env.toasts.success(t_args(key, &[("name", &name)]));
                self.detail = Some(*detail);
            }
            DialogEnd::Reload => self.reload(env),
            DialogEnd::Cancelled => {}
        }
    }

    /// Only what the user may do now.
    fn actions(&mut self, ui: &mut egui::Ui, warning: &ChurnWarning) {
        ui.horizontal(|ui| {
            if warning.measurable && ui.button(t("churn.delay")).clicked() {
                self.dialog = Some(ChurnDialog::new(Purpose::Delay, warning));
            }
            if warning.confirmable && ui.button(t("churn.confirm")).clicked() {
                self.dialog = Some(ChurnDialog::new(Purpose::Confirm, warning));
            }
            if warning.measurable && !warning.confirmable {
                ui.weak(t("churn.confirm_needs_measure"));
            }
        });
    }
}

fn facts(ui: &mut egui::Ui, warning: &ChurnWarning) {
    let rows = [
        (t("churn.status"), status_text(warning.status).to_owned()),
        (t("churn.manager"), warning.manager_name.clone()),
        (t("churn.last_order"), last_order_text(warning)),
        (
            t("churn.opened_at"),
            warning
                .opened_at
                .as_ref()
                .map(timestamp)
                .unwrap_or_default(),
        ),
        (t("churn.closed_at"), optional_timestamp(&warning.closed_at)),
        (t("churn.reason"), warning.reason.clone()),
        (t("churn.confirmed_by"), warning.confirmed_by_name.clone()),
    ];
    egui::Grid::new("churn-facts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (label, value) in rows {
                if value.is_empty() {
                    continue;
                }
                ui.weak(label);
                ui.label(value);
                ui.end_row();
            }
        });
}

fn measures(ui: &mut egui::Ui, measures: &[DelayMeasure]) {
    ui.heading(t("churn.measures_title"));
    if measures.is_empty() {
        ui.label(t("churn.no_measures"));
        return;
    }
    let titles = [
        t("churn.measure"),
        t("churn.measure_by"),
        t("churn.measure_at"),
    ];
    table(ui)
        .column(Column::auto().at_least(360.0).clip(true))
        .columns(Column::auto().at_least(90.0), 2)
        .header(24.0, |row| header(row, &titles))
        .body(|mut body| {
            for measure in measures {
                body.row(26.0, |mut row| {
                    row.col(|ui| {
                        ui.label(&measure.measure);
                    });
                    row.col(|ui| {
                        ui.label(&measure.created_by_name);
                    });
                    row.col(|ui| {
                        ui.label(
                            measure
                                .created_at
                                .as_ref()
                                .map(timestamp)
                                .unwrap_or_default(),
                        );
                    });
                });
            }
        });
}
