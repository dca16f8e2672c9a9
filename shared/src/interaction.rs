//! 交往记录 Interactions (DESIGN §2.2): 日期, 地点, 概要 and 详细信息 required — also when edited,
//! so a record never loses them; 备注 optional.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::date::parse_date;
use crate::validation::{Violation, ViolationCode, Violations};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionFields {
    /// As typed: `2026-12-03` or `2026-12-3`.
    pub date: String,
    /// 地点
    pub place: String,
    /// 概要
    pub summary: String,
    /// 详细信息
    pub details: String,
    pub remark: String,
}

impl InteractionFields {
    /// Checks every field and returns the date.
    pub fn check(&self) -> Result<NaiveDate, Vec<Violation>> {
        let mut found = Violations::new();
        found.required_text("place", &self.place, 100);
        found.required_text("summary", &self.summary, 100);
        found.required_text("details", &self.details, 2000);
        found.max_chars("remark", &self.remark, 500);
        match parse_date(&self.date) {
            Some(date) => found.finish().map(|()| date),
            None => {
                let code = if self.date.trim().is_empty() {
                    ViolationCode::Required
                } else {
                    ViolationCode::Invalid
                };
                found.add("date", code, &[]);
                Err(found.into_vec())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_fields_cannot_be_blank() {
        let fields = InteractionFields {
            date: "2026-12-3".into(),
            place: "  ".into(),
            summary: "回访".into(),
            details: String::new(),
            remark: String::new(),
        };
        let violations = fields.check().unwrap_err();
        let named: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(named, ["place", "details"]);
    }

    #[test]
    fn the_date_is_parsed_or_refused() {
        let mut fields = InteractionFields {
            date: "2026-12-3".into(),
            place: "客户公司".into(),
            summary: "回访".into(),
            details: "了解新一季度的采购计划".into(),
            remark: String::new(),
        };
        assert_eq!(
            fields.check(),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap())
        );
        fields.date = "2026-02-30".into();
        let violations = fields.check().unwrap_err();
        assert_eq!(violations[0].code, ViolationCode::Invalid);
    }
}
