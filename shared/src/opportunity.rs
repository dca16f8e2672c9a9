//! 销售机会 Sales opportunities and their 客户开发计划 (DESIGN §2.1): the states, the rules for
//! the fields, and how well an account manager suits an opportunity. Who may do what in which
//! state is the server's application layer's to check.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::date::parse_date;
use crate::formats;
use crate::validation::{Violation, ViolationCode, Violations};

/// The prefix of every opportunity's 编号, followed by the company date and a daily sequence:
/// `JH20261204001`.
pub const NUMBER_PREFIX: &str = "JH";

/// 成功机率 runs from 0 to 100 (percent).
pub const SUCCESS_RATE_MAX: i32 = 100;

/// `未分配` → (assign) → `已指派` → `开发成功` | `开发失败`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OpportunityStatus {
    /// 未分配: editable by its creator or a supervisor, deletable by its creator.
    Unassigned,
    /// 已指派: its assignee keeps the development plan.
    Assigned,
    /// 开发成功: a customer was created from it.
    Won,
    /// 开发失败
    Lost,
}

impl OpportunityStatus {
    pub const ALL: [OpportunityStatus; 4] = [
        OpportunityStatus::Unassigned,
        OpportunityStatus::Assigned,
        OpportunityStatus::Won,
        OpportunityStatus::Lost,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OpportunityStatus::Unassigned => "unassigned",
            OpportunityStatus::Assigned => "assigned",
            OpportunityStatus::Won => "won",
            OpportunityStatus::Lost => "lost",
        }
    }

    pub fn from_code(code: &str) -> Option<OpportunityStatus> {
        OpportunityStatus::ALL
            .into_iter()
            .find(|status| status.code() == code)
    }

    /// 开发成功 and 开发失败 end the opportunity: nothing about it changes any more.
    pub fn is_final(self) -> bool {
        matches!(self, OpportunityStatus::Won | OpportunityStatus::Lost)
    }
}

/// The fields a user types. Empty text and `None` mean "not given".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityFields {
    /// 机会来源
    pub source: String,
    /// 客户名称: the name the customer gets on 开发成功.
    pub customer_name: String,
    /// 成功机率, 0–100; required, so `None` is refused.
    pub success_rate: Option<i32>,
    /// 概要
    pub summary: String,
    /// 联系人: becomes the customer's first contact on 开发成功.
    pub contact: String,
    /// 联系人电话
    pub contact_phone: String,
    /// 机会描述
    pub description: String,
    /// 地区 and 行业, for matching account managers.
    pub region_id: Option<i64>,
    pub industry_id: Option<i64>,
}

impl OpportunityFields {
    pub fn trimmed(&self) -> OpportunityFields {
        let trim = |text: &str| text.trim().to_owned();
        OpportunityFields {
            source: trim(&self.source),
            customer_name: formats::company_name(&self.customer_name),
            summary: trim(&self.summary),
            contact: trim(&self.contact),
            contact_phone: trim(&self.contact_phone),
            description: trim(&self.description),
            ..self.clone()
        }
    }

    /// 客户名称, 成功机率, 概要 and 机会描述 required; the rate 0–100; lengths; the phone's form.
    /// The contact's limits are a contact's, as it becomes one.
    pub fn check(&self) -> Result<(), Vec<Violation>> {
        let mut found = Violations::new();
        found.max_chars("source", &self.source, 100);
        found.required_text("customer_name", &self.customer_name, 100);
        match self.success_rate {
            None => found.add("success_rate", ViolationCode::Required, &[]),
            Some(rate) if !(0..=SUCCESS_RATE_MAX).contains(&rate) => {
                let range = [
                    ("min", "0".to_owned()),
                    ("max", SUCCESS_RATE_MAX.to_string()),
                ];
                found.add("success_rate", ViolationCode::OutOfRange, &range);
            }
            Some(_) => {}
        }
        found.required_text("summary", &self.summary, 200);
        found.max_chars("contact", &self.contact, 50);
        found.optional_text("contact_phone", &self.contact_phone, 30, formats::is_phone);
        found.required_text("description", &self.description, 2000);
        found.finish()
    }
}

/// One item of a development plan as typed: its date (fixed once the item exists) and what is
/// to be done.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItemFields {
    /// As typed: `2026-12-04` or `2026-12-4`.
    pub date: String,
    /// 计划内容
    pub content: String,
}

/// The longest 计划内容 and 执行效果, in characters.
pub const PLAN_TEXT_MAX: usize = 500;

impl PlanItemFields {
    /// Checks both fields and returns the date.
    pub fn check(&self) -> Result<NaiveDate, Vec<Violation>> {
        let mut found = Violations::new();
        let date = parse_date(&self.date);
        if date.is_none() {
            let code = if self.date.trim().is_empty() {
                ViolationCode::Required
            } else {
                ViolationCode::Invalid
            };
            found.add("date", code, &[]);
        }
        found.required_text("content", &self.content, PLAN_TEXT_MAX);
        found.finish()?;
        date.ok_or_else(Vec::new)
    }
}

/// A 计划项's content as edited later (its date stays): required.
pub fn check_plan_content(content: &str) -> Result<(), Vec<Violation>> {
    let mut found = Violations::new();
    found.required_text("content", content, PLAN_TEXT_MAX);
    found.finish()
}

/// A 执行效果: required when recorded.
pub fn check_plan_result(result: &str) -> Result<(), Vec<Violation>> {
    let mut found = Violations::new();
    found.required_text("result", result, PLAN_TEXT_MAX);
    found.finish()
}

/// How well an account manager suits an opportunity: whether its 地区 is among his 负责地区
/// and its 行业 among his 行业特长. An opportunity without a region or industry matches
/// nobody on that count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    pub region: bool,
    pub industry: bool,
}

impl Match {
    pub fn of(
        region_id: Option<i64>,
        industry_id: Option<i64>,
        manager_regions: &[i64],
        manager_industries: &[i64],
    ) -> Match {
        Match {
            region: region_id.is_some_and(|id| manager_regions.contains(&id)),
            industry: industry_id.is_some_and(|id| manager_industries.contains(&id)),
        }
    }

    /// 0 (neither), 1 (one of the two) or 2 (both): the board ranks by it first.
    pub fn score(self) -> u8 {
        u8::from(self.region) + u8::from(self.industry)
    }
}

#[cfg(test)]
mod tests;
