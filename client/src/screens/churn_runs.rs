//! 流失扫描 (DESIGN §2.2; right `admin.audit`): the weekly churn scan's runs for the
//! administrator, newest first — when, scheduled or started by whom, how many customers it
//! checked, the warnings it opened and closed, how long it took and whether it failed — and
//! 立即扫描 to run it now.

use crm_proto::v1::{ChurnRun, ListChurnRunsRequest, ListChurnRunsResponse, RunChurnScanRequest};
use egui_extras::Column;

use crate::format::timestamp;
use crate::i18n::{t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::widgets::paging::Paging;
use crate::widgets::table::{empty_list, header, table};

pub struct ChurnRunsScreen {
    paging: Paging,
    runs: Vec<ChurnRun>,
    loading: Pending<ListChurnRunsResponse>,
    running: Pending<ChurnRun>,
}

/// How long a finished run took, in seconds.
fn duration_text(run: &ChurnRun) -> String {
    let (Some(start), Some(end)) = (&run.started_at, &run.finished_at) else {
        return String::new();
    };
    let millis =
        (end.seconds - start.seconds) * 1000 + i64::from(end.nanos - start.nanos) / 1_000_000;
    format!("{:.1} s", millis as f64 / 1000.0)
}

impl ChurnRunsScreen {
    pub fn new(env: &mut Env) -> ChurnRunsScreen {
        let mut screen = ChurnRunsScreen {
            paging: Paging::default(),
            runs: Vec::new(),
            loading: None,
            running: None,
        };
        screen.reload(env);
        screen
    }

    fn reload(&mut self, env: &mut Env) {
        let mut churn = env.api().churn();
        let request = ListChurnRunsRequest {
            page: Some(self.paging.request()),
        };
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(churn.list_churn_runs(request).await?.into_inner()) }),
        );
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        self.poll(env);
        ui.heading(t("nav.churn_runs"));
        ui.label(egui::RichText::new(t("churn_runs.hint")).weak());
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let idle = self.running.is_none();
            if ui
                .add_enabled(idle, egui::Button::new(t("churn_runs.run_now")))
                .clicked()
            {
                let mut churn = env.api().churn();
                self.running = Some(env.rpc.spawn(async move {
                    Ok(churn
                        .run_churn_scan(RunChurnScanRequest {})
                        .await?
                        .into_inner())
                }));
            }
            if ui.button(t("common.refresh")).clicked() {
                self.reload(env);
            }
            if self.running.is_some() {
                ui.spinner();
                ui.label(t("churn_runs.running"));
            } else if self.loading.is_some() {
                ui.spinner();
            }
        });
        ui.add_space(6.0);
        egui::Panel::bottom("churn-runs-paging").show(ui, |ui| {
            if self.paging.show(ui) {
                self.reload(env);
            }
        });
        egui::CentralPanel::no_frame().show(ui, |ui| self.table(ui));
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(response)) => {
                self.runs = response.runs;
                self.paging.total = response.total;
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        match take_ready(&mut self.running) {
            Some(Ok(run)) => {
                let (opened, closed) = (
                    run.warnings_opened.to_string(),
                    run.warnings_closed.to_string(),
                );
                let text = t_args(
                    "churn_runs.done",
                    &[("opened", &opened), ("closed", &closed)],
                );
                env.toasts.success(text);
                self.reload(env);
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }
    }

    fn table(&self, ui: &mut egui::Ui) {
        if empty_list(ui, self.runs.is_empty(), self.loading.is_some()) {
            return;
        }
        let titles = [
            t("churn_runs.started_at"),
            t("churn_runs.trigger"),
            t("churn_runs.checked"),
            t("churn_runs.opened"),
            t("churn_runs.closed"),
            t("churn_runs.duration"),
            t("churn_runs.result"),
        ];
        table(ui)
            .column(Column::auto().at_least(140.0))
            .column(Column::auto().at_least(160.0))
            .columns(Column::auto().at_least(70.0), 4)
            .column(Column::remainder())
            .header(24.0, |row| header(row, &titles))
            .body(|mut body| {
                for run in &self.runs {
                    body.row(26.0, |mut row| {
                        let started = run.started_at.as_ref().map(timestamp).unwrap_or_default();
                        let trigger = match (&run.scheduled_for, run.started_by_name.as_str()) {
                            (Some(at), _) => {
                                t_args("churn_runs.scheduled", &[("at", &timestamp(at))])
                            }
                            (None, "") => t("churn_runs.by_system").to_owned(),
                            (None, name) => t_args("churn_runs.by", &[("name", name)]),
                        };
                        let result = if !run.error.is_empty() {
                            t_args("churn_runs.failed", &[("error", &run.error)])
                        } else if run.finished_at.is_none() {
                            t("churn_runs.unfinished").to_owned()
                        } else {
                            t("churn_runs.succeeded").to_owned()
                        };
                        let cells = [
                            started,
                            trigger,
                            run.customers_checked.to_string(),
                            run.warnings_opened.to_string(),
                            run.warnings_closed.to_string(),
                            duration_text(run),
                            result,
                        ];
                        for cell in cells {
                            row.col(|ui| {
                                ui.label(cell);
                            });
                        }
                    });
                }
            });
    }
}
