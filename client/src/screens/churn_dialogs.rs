//! The two dialogs of a churn warning (DESIGN §2.2): 暂缓流失 appends a measure (kept with its
//! author and time, never overwritten); 确认流失 records the reason, after which the warning and
//! the customer are 已流失 for good. Both check their field before sending and offer 重新加载
//! on a stale version.

use crm_proto::v1::{
    AddDelayMeasureRequest, ChurnWarning, ChurnWarningDetail, ConfirmChurnRequest,
};
use crm_shared::churn::{check_measure, check_reason};
use crm_shared::validation::Violations;

use crate::i18n::{t, t_args};
use crate::rpc::Pending;
use crate::screens::Env;
use crate::widgets::FormErrors;
use crate::widgets::form_dialog::{FormAnswer, form_dialog};

const FIELDS: [&str; 2] = ["measure", "reason"];

/// What the dialog records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// 暂缓流失: a measure.
    Delay,
    /// 确认流失: the reason.
    Confirm,
}

/// How a dialog ended.
pub enum DialogEnd {
    /// The server took it; the warning as it is now.
    Saved(Box<ChurnWarningDetail>),
    Cancelled,
    /// The warning changed meanwhile and the user asked to see it as it is now.
    Reload,
}

pub struct ChurnDialog {
    pub purpose: Purpose,
    id: i64,
    version: i64,
    customer_name: String,
    text: String,
    errors: FormErrors,
    saving: Pending<ChurnWarningDetail>,
}

impl ChurnDialog {
    pub fn new(purpose: Purpose, warning: &ChurnWarning) -> ChurnDialog {
        ChurnDialog {
            purpose,
            id: warning.id,
            version: warning.version,
            customer_name: warning.customer_name.clone(),
            text: String::new(),
            errors: FormErrors::default(),
            saving: None,
        }
    }

    /// Shows the dialog; `Some` once it ended.
    pub fn show(&mut self, ctx: &egui::Context, env: &mut Env) -> Option<DialogEnd> {
        if let Some(detail) = env.take_saved(&mut self.saving, &mut self.errors, &FIELDS) {
            return Some(DialogEnd::Saved(Box::new(detail)));
        }
        let name = [("name", self.customer_name.as_str())];
        let (title, label, field) = match self.purpose {
            Purpose::Delay => (
                t_args("churn.delay_title", &name),
                t("churn.measure"),
                "measure",
            ),
            Purpose::Confirm => (
                t_args("churn.confirm_title", &name),
                t("churn.reason"),
                "reason",
            ),
        };
        let confirm = self.purpose == Purpose::Confirm;
        let busy = self.saving.is_some();
        let errors = &self.errors;
        let text = &mut self.text;
        let answer = form_dialog(ctx, "churn-dialog", title, errors, busy, |ui| {
            if confirm {
                // The one step that cannot be undone says so before 确定.
                ui.colored_label(ui.visuals().warn_fg_color, t("churn.confirm_warning"));
                ui.add_space(4.0);
            }
            let label = ui.label(label);
            let edit = egui::TextEdit::multiline(text)
                .desired_rows(4)
                .desired_width(f32::INFINITY);
            ui.add(edit).labelled_by(label.id);
            errors.show_field(ui, field);
        });
        match answer {
            Some(FormAnswer::Confirm) => self.save(env),
            Some(FormAnswer::Cancel) => return Some(DialogEnd::Cancelled),
            Some(FormAnswer::Reload) => return Some(DialogEnd::Reload),
            None => {}
        }
        None
    }

    fn check(&self) -> Violations {
        let mut found = Violations::new();
        let text = self.text.trim();
        match self.purpose {
            Purpose::Delay => found.absorb(check_measure(text)),
            Purpose::Confirm => found.absorb(check_reason(text)),
        }
        found
    }

    fn save(&mut self, env: &mut Env) {
        if !self.errors.passed(self.check(), &FIELDS) {
            return;
        }
        let mut churn = env.api().churn();
        let text = self.text.trim().to_owned();
        let (id, version) = (self.id, self.version);
        self.saving = Some(match self.purpose {
            Purpose::Delay => {
                let request = AddDelayMeasureRequest {
                    id,
                    version,
                    measure: text,
                };
                env.rpc
                    .spawn(async move { Ok(churn.add_delay_measure(request).await?.into_inner()) })
            }
            Purpose::Confirm => {
                let request = ConfirmChurnRequest {
                    id,
                    version,
                    reason: text,
                };
                env.rpc
                    .spawn(async move { Ok(churn.confirm_churn(request).await?.into_inner()) })
            }
        });
    }
}
