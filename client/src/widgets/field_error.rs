//! A form's errors: each invalid field's text shown beside the field, anything else (and a stale
//! version, with its 重新加载 button) above the form (DESIGN §2.6, §3.3).

use std::collections::BTreeMap;

use crm_shared::validation::{ViolationCode, Violations};

use crate::i18n::t;
use crate::server_error::ServerError;

/// What the last save of a form was refused for.
#[derive(Debug, Default)]
pub struct FormErrors {
    fields: BTreeMap<String, String>,
    general: Option<String>,
    stale: bool,
}

/// What the user asked for from the error banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BannerAction {
    Reload,
}

impl FormErrors {
    /// Sorts the error into fields the form shows (`shown_fields`) and a general message.
    pub fn from_error(error: &ServerError, shown_fields: &[&str]) -> FormErrors {
        let mut errors = FormErrors {
            stale: error.is("STALE_VERSION"),
            ..FormErrors::default()
        };
        let mut elsewhere = Vec::new();
        for violation in &error.violations {
            if shown_fields.contains(&violation.field.as_str()) {
                errors
                    .fields
                    .entry(violation.field.clone())
                    .or_insert_with(|| violation.text());
            } else {
                elsewhere.push(format!("{}: {}", violation.field, violation.text()));
            }
        }
        // A required field left empty is said above the form in the requirements' words.
        let incomplete = error
            .violations
            .iter()
            .any(|violation| violation.code == ViolationCode::Required.code());
        if error.violations.is_empty() || !elsewhere.is_empty() || incomplete {
            let mut text = if incomplete {
                t("common.incomplete").to_owned()
            } else {
                error.text()
            };
            if !elsewhere.is_empty() {
                text = format!("{text} ({})", elsewhere.join("; "));
            }
            errors.general = Some(text);
        }
        errors
    }

    /// Takes what the form's own check found before sending: `true` when nothing (the errors
    /// of the last try are cleared), else the violations are shown and nothing may be sent.
    pub fn passed(&mut self, check: Violations, shown_fields: &[&str]) -> bool {
        match check.finish() {
            Ok(()) => {
                self.clear();
                true
            }
            Err(found) => {
                let error = ServerError::from_violations(found);
                *self = FormErrors::from_error(&error, shown_fields);
                false
            }
        }
    }

    pub fn clear(&mut self) {
        *self = FormErrors::default();
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_none()
    }

    pub fn field(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(String::as_str)
    }

    /// The error of `field`, in red, where the form puts it (beside the field).
    pub fn show_field(&self, ui: &mut egui::Ui, field: &str) {
        if let Some(text) = self.field(field) {
            super::error_text(ui, text);
        }
    }

    /// The general error above the form; a stale version offers 重新加载.
    pub fn show_banner(&self, ui: &mut egui::Ui) -> Option<BannerAction> {
        let text = self.general.as_ref()?;
        let mut action = None;
        egui::Frame::new()
            .fill(ui.visuals().extreme_bg_color)
            .stroke(egui::Stroke::new(1.0, ui.visuals().error_fg_color))
            .corner_radius(4.0)
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    super::error_text(ui, text);
                    if self.stale && ui.button(t("common.reload")).clicked() {
                        action = Some(BannerAction::Reload);
                    }
                });
            });
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server_error::FieldViolation;

    fn violation(field: &str, code: &str) -> FieldViolation {
        FieldViolation {
            field: field.into(),
            code: code.into(),
            params: Default::default(),
            message: String::new(),
        }
    }

    #[test]
    fn violations_of_shown_fields_go_beside_them_others_above() {
        let error = ServerError {
            code: "VALIDATION".into(),
            message: String::new(),
            params: Default::default(),
            violations: vec![violation("name", "REQUIRED"), violation("type", "UNKNOWN")],
        };
        let errors = FormErrors::from_error(&error, &["name", "sort_order"]);
        assert_eq!(errors.field("name"), Some("必填"));
        assert_eq!(errors.field("type"), None);
        assert!(errors.general.as_deref().unwrap().contains("type"));
    }

    #[test]
    fn own_check_shows_what_it_found_and_clears_once_it_passes() {
        let mut errors = FormErrors::default();
        let mut found = Violations::new();
        found.required_text("name", "", 10);
        assert!(!errors.passed(found, &["name"]));
        assert_eq!(errors.field("name"), Some("必填"));
        assert_eq!(errors.general.as_deref(), Some("必填信息不完全"));

        assert!(errors.passed(Violations::new(), &["name"]));
        assert!(errors.is_empty());
    }

    #[test]
    fn an_invalid_field_is_only_shown_beside_it() {
        let error = ServerError {
            code: "VALIDATION".into(),
            message: String::new(),
            params: Default::default(),
            violations: vec![violation("name", "INVALID")],
        };
        let errors = FormErrors::from_error(&error, &["name"]);
        assert_eq!(errors.field("name"), Some("格式不正确"));
        assert_eq!(errors.general, None);
    }

    #[test]
    fn stale_version_is_a_general_error_offering_reload() {
        let error = ServerError {
            code: "STALE_VERSION".into(),
            message: String::new(),
            params: Default::default(),
            violations: Vec::new(),
        };
        let errors = FormErrors::from_error(&error, &["name"]);
        assert!(errors.stale);
        assert_eq!(errors.general.as_deref(), Some("数据已被他人修改"));
    }
}
