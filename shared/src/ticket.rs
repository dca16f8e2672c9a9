//! 服务 Service tickets (DESIGN §2.3): the states, what a feedback's satisfaction does, and the
//! rules for the fields. Who may move a ticket on is the server's application layer's to check.

use serde::{Deserialize, Serialize};

use crate::validation::{Violation, ViolationCode, Violations};

/// The prefix of every ticket's 编号, followed by the company date and a daily sequence:
/// `FW20261204001`.
pub const NUMBER_PREFIX: &str = "FW";

/// 满意度 runs from 1 to 5.
pub const SATISFACTION_MIN: i32 = 1;
pub const SATISFACTION_MAX: i32 = 5;

/// A feedback of at least this satisfaction archives the ticket; a lower one sends it back.
pub const SATISFIED_FROM: i32 = 3;

const SUMMARY_MAX: usize = 200;
const TEXT_MAX: usize = 2000;
const EXTERNAL_REF_MAX: usize = 100;

/// `新创建` → (assign) → `已分配` → (process) → `已处理` → (feedback) → `已归档`, or back to
/// `已分配` for another round when the customer is not satisfied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketStatus {
    /// 新创建: waits for a supervisor to assign it.
    New,
    /// 已分配: its assignee handles it.
    Assigned,
    /// 已处理: waits for the feedback of its creator or a supervisor.
    Processed,
    /// 已归档: done; found by the archive search.
    Archived,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 4] = [
        TicketStatus::New,
        TicketStatus::Assigned,
        TicketStatus::Processed,
        TicketStatus::Archived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::Assigned => "assigned",
            TicketStatus::Processed => "processed",
            TicketStatus::Archived => "archived",
        }
    }

    pub fn from_code(code: &str) -> Option<TicketStatus> {
        TicketStatus::ALL
            .into_iter()
            .find(|status| status.code() == code)
    }

    /// A supervisor may (re)assign a ticket nobody has handled into this round yet.
    pub fn is_assignable(self) -> bool {
        matches!(self, TicketStatus::New | TicketStatus::Assigned)
    }
}

/// Where a feedback sends the ticket: archived when the customer is satisfied enough, else
/// back to its assignee for another round.
pub fn status_after_feedback(satisfaction: i32) -> TicketStatus {
    if satisfaction >= SATISFIED_FROM {
        TicketStatus::Archived
    } else {
        TicketStatus::Assigned
    }
}

/// The fields a user (or another system) gives when creating a ticket. `None` and empty text
/// mean "not given".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFields {
    /// 服务类型: a service_type dictionary item.
    pub type_id: Option<i64>,
    pub customer_id: Option<i64>,
    /// 概要
    pub summary: String,
    /// 服务请求
    pub request: String,
}

impl TicketFields {
    pub fn trimmed(&self) -> TicketFields {
        TicketFields {
            summary: self.summary.trim().to_owned(),
            request: self.request.trim().to_owned(),
            ..self.clone()
        }
    }

    /// Every field is required; lengths.
    pub fn check(&self) -> Result<(), Vec<Violation>> {
        let mut found = Violations::new();
        if self.type_id.is_none() {
            found.add("type_id", ViolationCode::Required, &[]);
        }
        if self.customer_id.is_none() {
            found.add("customer_id", ViolationCode::Required, &[]);
        }
        found.required_text("summary", &self.summary, SUMMARY_MAX);
        found.required_text("request", &self.request, TEXT_MAX);
        found.finish()
    }
}

/// 处理方法: required.
pub fn check_handling(handling: &str) -> Result<(), Vec<Violation>> {
    let mut found = Violations::new();
    found.required_text("handling", handling, TEXT_MAX);
    found.finish()
}

/// 处理结果 required; 满意度 1–5.
pub fn check_feedback(result: &str, satisfaction: i32) -> Result<(), Vec<Violation>> {
    let mut found = Violations::new();
    found.required_text("result", result, TEXT_MAX);
    if !(SATISFACTION_MIN..=SATISFACTION_MAX).contains(&satisfaction) {
        let range = [
            ("min", SATISFACTION_MIN.to_string()),
            ("max", SATISFACTION_MAX.to_string()),
        ];
        found.add("satisfaction", ViolationCode::OutOfRange, &range);
    }
    found.finish()
}

/// Another system's reference for a submitted request: required, so retries can be matched.
pub fn check_external_ref(external_ref: &str) -> Result<(), Vec<Violation>> {
    let mut found = Violations::new();
    found.required_text("external_ref", external_ref, EXTERNAL_REF_MAX);
    found.finish()
}

#[cfg(test)]
mod tests;
