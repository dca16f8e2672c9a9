//! Field validation: the rules that say what a request may hold, with violations that carry a
//! code, the field's name and parameters, so each side words them in its own language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What is wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub field: String,
    pub code: ViolationCode,
    pub params: BTreeMap<String, String>,
}

/// What a refused save says when a required field is empty (the requirements' own words).
pub const INCOMPLETE: &str = "必填信息不完全";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViolationCode {
    /// A required field is empty.
    Required,
    /// Longer than `max` characters.
    TooLong,
    /// Shorter than `min` characters.
    TooShort,
    /// Not of the expected form (e.g. characters not allowed in a user name).
    Invalid,
    /// Another record already has this value.
    Duplicate,
    /// Refers to something that does not exist (or may not be chosen).
    Unknown,
    /// A number outside `min`..=`max`.
    OutOfRange,
}

impl ViolationCode {
    /// Every code, for those who word them or check that they are worded.
    pub const ALL: [ViolationCode; 7] = [
        ViolationCode::Required,
        ViolationCode::TooLong,
        ViolationCode::TooShort,
        ViolationCode::Invalid,
        ViolationCode::Duplicate,
        ViolationCode::Unknown,
        ViolationCode::OutOfRange,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ViolationCode::Required => "REQUIRED",
            ViolationCode::TooLong => "TOO_LONG",
            ViolationCode::TooShort => "TOO_SHORT",
            ViolationCode::Invalid => "INVALID",
            ViolationCode::Duplicate => "DUPLICATE",
            ViolationCode::Unknown => "UNKNOWN",
            ViolationCode::OutOfRange => "OUT_OF_RANGE",
        }
    }

    pub fn from_code(code: &str) -> Option<ViolationCode> {
        ViolationCode::ALL
            .into_iter()
            .find(|candidate| candidate.code() == code)
    }

    /// The Chinese fallback text, for callers that do not localize.
    pub fn chinese_text(self, params: &BTreeMap<String, String>) -> String {
        let param = |key: &str| params.get(key).cloned().unwrap_or_default();
        match self {
            ViolationCode::Required => "必填".to_owned(),
            ViolationCode::TooLong => format!("不能超过 {} 个字符", param("max")),
            ViolationCode::TooShort => format!("不能少于 {} 个字符", param("min")),
            ViolationCode::Invalid => "格式不正确".to_owned(),
            ViolationCode::Duplicate => "已存在".to_owned(),
            ViolationCode::Unknown => "不存在或不可选".to_owned(),
            ViolationCode::OutOfRange => {
                format!("必须在 {} 到 {} 之间", param("min"), param("max"))
            }
        }
    }
}

/// Collects the violations of one request; the request is valid when none were found.
#[derive(Debug, Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, code: ViolationCode, params: &[(&str, String)]) {
        let params = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        self.0.push(Violation {
            field: field.to_owned(),
            code,
            params,
        });
    }

    /// A trimmed text that must not be empty and may hold at most `max` characters.
    pub fn required_text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, ViolationCode::Required, &[]);
        } else {
            self.max_chars(field, value, max);
        }
    }

    /// An optional text of at most `max` characters.
    pub fn max_chars(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().chars().count() > max {
            self.add(field, ViolationCode::TooLong, &[("max", max.to_string())]);
        }
    }

    /// An optional text of at most `max` characters which, when given, has the form `form`
    /// accepts.
    pub fn optional_text(&mut self, field: &str, value: &str, max: usize, form: fn(&str) -> bool) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        if value.chars().count() > max {
            self.add(field, ViolationCode::TooLong, &[("max", max.to_string())]);
        } else if !form(value) {
            self.add(field, ViolationCode::Invalid, &[]);
        }
    }

    /// Adds what another check found (e.g. a record's own rules).
    pub fn absorb<T>(&mut self, checked: Result<T, Vec<Violation>>) {
        if let Err(found) = checked {
            self.0.extend(found);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }

    /// `Ok(())` when nothing was found, else every violation.
    pub fn finish(self) -> Result<(), Vec<Violation>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_required_text_is_required_not_too_long() {
        let mut violations = Violations::new();
        violations.required_text("name", "   ", 3);
        let found = violations.into_vec();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, ViolationCode::Required);
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let mut violations = Violations::new();
        violations.required_text("name", "北京市", 3);
        assert!(violations.is_empty());
        violations.required_text("name", "北京市区", 3);
        let found = violations.into_vec();
        assert_eq!(found[0].code, ViolationCode::TooLong);
        assert_eq!(found[0].params["max"], "3");
    }

    #[test]
    fn codes_round_trip() {
        for code in [
            "REQUIRED",
            "TOO_LONG",
            "TOO_SHORT",
            "INVALID",
            "DUPLICATE",
            "UNKNOWN",
            "OUT_OF_RANGE",
        ] {
            assert_eq!(
                ViolationCode::from_code(code).map(ViolationCode::code),
                Some(code)
            );
        }
    }
}
