//! The two dialogs that move a ticket on (DESIGN §2.3): 处理 (its assignee writes the 处理方法
//! of this round → 已处理) and 反馈 (its creator or a supervisor, having called the customer,
//! writes the 处理结果 and the 满意度 1–5: 3 and more archive it, less sends it back to its
//! handler). Both check their fields before sending and offer 重新加载 on a stale version.

use crm_proto::v1::{ProcessTicketRequest, RecordFeedbackRequest, Ticket};
use crm_shared::ticket::{SATISFIED_FROM, check_feedback, check_handling};
use crm_shared::validation::Violations;

use crate::i18n::{t, t_args};
use crate::rpc::Pending;
use crate::screens::Env;
use crate::widgets::FormErrors;
use crate::widgets::form_dialog::{FormAnswer, form_dialog};
use crate::widgets::stars::star_picker;

const FIELDS: [&str; 3] = ["handling", "result", "satisfaction"];

/// What the dialog records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Process,
    Feedback,
}

/// How a dialog ended.
pub enum DialogEnd {
    /// The server took it; the ticket as it is now.
    Saved(Box<Ticket>),
    Cancelled,
    /// The ticket changed meanwhile and the user asked to see it as it is now.
    Reload,
}

pub struct TicketDialog {
    purpose: Purpose,
    id: i64,
    version: i64,
    number: String,
    /// 处理方法, or 处理结果.
    text: String,
    satisfaction: i32,
    errors: FormErrors,
    saving: Pending<Ticket>,
}

impl TicketDialog {
    pub fn new(purpose: Purpose, ticket: &Ticket) -> TicketDialog {
        TicketDialog {
            purpose,
            id: ticket.id,
            version: ticket.version,
            number: ticket.number.clone(),
            text: String::new(),
            satisfaction: 0,
            errors: FormErrors::default(),
            saving: None,
        }
    }

    /// Shows the dialog; `Some` once it ended.
    pub fn show(&mut self, ctx: &egui::Context, env: &mut Env) -> Option<DialogEnd> {
        if let Some(ticket) = env.take_saved(&mut self.saving, &mut self.errors, &FIELDS) {
            return Some(DialogEnd::Saved(Box::new(ticket)));
        }
        let number = [("number", self.number.as_str())];
        let (title, text_label, field) = match self.purpose {
            Purpose::Process => (
                t_args("ticket_dialog.process_title", &number),
                t("tickets.handling"),
                "handling",
            ),
            Purpose::Feedback => (
                t_args("ticket_dialog.feedback_title", &number),
                t("tickets.feedback_result"),
                "result",
            ),
        };
        let feedback = self.purpose == Purpose::Feedback;
        let busy = self.saving.is_some();
        let errors = &self.errors;
        let (text, satisfaction) = (&mut self.text, &mut self.satisfaction);
        let answer = form_dialog(ctx, "ticket-dialog", title, errors, busy, |ui| {
            let label = ui.label(text_label);
            let edit = egui::TextEdit::multiline(text)
                .desired_rows(4)
                .desired_width(f32::INFINITY);
            ui.add(edit).labelled_by(label.id);
            errors.show_field(ui, field);
            if feedback {
                satisfaction_row(ui, satisfaction);
                errors.show_field(ui, "satisfaction");
            }
        });
        match answer {
            Some(FormAnswer::Confirm) => self.save(env),
            Some(FormAnswer::Cancel) => return Some(DialogEnd::Cancelled),
            Some(FormAnswer::Reload) => return Some(DialogEnd::Reload),
            None => {}
        }
        None
    }

    /// What the shared rules find before sending.
    fn check(&self) -> Violations {
        let mut found = Violations::new();
        let text = self.text.trim();
        match self.purpose {
            Purpose::Process => found.absorb(check_handling(text)),
            Purpose::Feedback => found.absorb(check_feedback(text, self.satisfaction)),
        }
        found
    }

    fn save(&mut self, env: &mut Env) {
        if !self.errors.passed(self.check(), &FIELDS) {
            return;
        }
        let mut tickets = env.api().tickets();
        let text = self.text.trim().to_owned();
        let (id, version) = (self.id, self.version);
        self.saving = Some(match self.purpose {
            Purpose::Process => {
                let request = ProcessTicketRequest {
                    id,
                    version,
                    handling: text,
                };
                env.rpc
                    .spawn(async move { Ok(tickets.process_ticket(request).await?.into_inner()) })
            }
            Purpose::Feedback => {
                let request = RecordFeedbackRequest {
                    id,
                    version,
                    result: text,
                    satisfaction: self.satisfaction,
                };
                env.rpc
                    .spawn(async move { Ok(tickets.record_feedback(request).await?.into_inner()) })
            }
        });
    }
}

/// 满意度 as five stars, with what the choice will do said beside them: a user who picks 2
/// knows before 确定 that the ticket goes back.
fn satisfaction_row(ui: &mut egui::Ui, satisfaction: &mut i32) {
    ui.add_space(4.0);
    let label = t("tickets.satisfaction");
    ui.horizontal(|ui| {
        ui.label(label);
        star_picker(ui, satisfaction, label);
    });
    let outcome = match *satisfaction {
        0 => t("ticket_dialog.satisfaction_hint"),
        low if low < SATISFIED_FROM => t("ticket_dialog.goes_back"),
        _ => t("ticket_dialog.archives"),
    };
    ui.weak(outcome);
}

/// The toast of an accepted feedback, from where the ticket went.
pub fn feedback_text(ticket: &Ticket) -> String {
    use crm_proto::v1::TicketStatus;
    if ticket.status == TicketStatus::Archived as i32 {
        t_args("tickets.archived", &[("number", &ticket.number)])
    } else {
        t_args(
            "tickets.sent_back",
            &[("number", &ticket.number), ("name", &ticket.assignee_name)],
        )
    }
}

/// The toast of an accepted handling.
pub fn processed_text(ticket: &Ticket) -> String {
    t_args("tickets.processed", &[("number", &ticket.number)])
}

/// Takes a dialog's answer from its slot; kept here so the detail only reacts to the end.
pub fn poll_dialog(
    dialog: &mut Option<TicketDialog>,
    ctx: &egui::Context,
    env: &mut Env,
) -> Option<(Purpose, DialogEnd)> {
    let open = dialog.as_mut()?;
    let purpose = open.purpose;
    let end = open.show(ctx, env)?;
    *dialog = None;
    Some((purpose, end))
}
