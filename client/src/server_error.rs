//! The server's errors as the client understands them (DESIGN §2.6, §3.2): a stable code, the
//! invalid fields with their violation codes and parameters, and the server's Chinese text as a
//! last resort. They are worded in the user's language here, at the edge.

use std::collections::BTreeMap;

use crm_proto::v1::ErrorDetail;
use crm_shared::validation::{Violation, ViolationCode};
use prost::Message as _;

use crate::i18n;

/// Every error code the client words itself; any other falls back to the server's text.
pub const KNOWN_CODES: [&str; 19] = [
    "ILLEGAL_USER",
    "UNAUTHENTICATED",
    "PERMISSION_DENIED",
    "VALIDATION",
    "STALE_VERSION",
    "NOT_FOUND",
    "BUILT_IN",
    "INTERNAL",
    "UNAVAILABLE",
    "TIMEOUT",
    "CUSTOMER_LOST",
    "DUPLICATE_NAME",
    "OPPORTUNITY_NOT_UNASSIGNED",
    "OPPORTUNITY_NOT_ASSIGNED",
    "PLAN_DATE_FIXED",
    "ASSIGNEE_INACTIVE",
    "TICKET_NOT_ASSIGNABLE",
    "TICKET_NOT_ASSIGNED",
    "TICKET_NOT_PROCESSED",
];

/// Every violation code the client words itself (`violation.<CODE>`): all the shared rules
/// have.
pub fn known_violations() -> [&'static str; ViolationCode::ALL.len()] {
    ViolationCode::ALL.map(ViolationCode::code)
}

/// Violations of one field worded more precisely than their code alone
/// (`violation.<field>.<CODE>`), e.g. a wrong old password.
pub const FIELD_VIOLATIONS: [&str; 8] = [
    "old_password.INVALID",
    "new_password.INVALID",
    "confirm_password.INVALID",
    "rights.REQUIRED",
    "rights.UNKNOWN",
    "name.DUPLICATE",
    "username.DUPLICATE",
    "assignee_id.UNKNOWN",
];

/// One refused call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerError {
    /// e.g. "VALIDATION", "STALE_VERSION".
    pub code: String,
    /// The server's Chinese fallback text.
    pub message: String,
    pub params: BTreeMap<String, String>,
    pub violations: Vec<FieldViolation>,
}

/// One invalid field of a request, as the server or the client's own check found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldViolation {
    pub field: String,
    pub code: String,
    pub params: BTreeMap<String, String>,
    pub message: String,
}

impl ServerError {
    pub fn is(&self, code: &str) -> bool {
        self.code == code
    }

    /// The session is gone (expired or revoked token): the user must log in again.
    pub fn is_session_lost(&self) -> bool {
        self.is("UNAUTHENTICATED")
    }

    /// The error in the user's language.
    pub fn text(&self) -> String {
        let key = format!("error.{}", self.code);
        match i18n::lookup(&key) {
            Some(text) => fill_params(text, &self.params),
            None if !self.message.is_empty() => self.message.clone(),
            None => i18n::t("error.UNKNOWN_CODE").to_owned(),
        }
    }

    /// Errors found by the client's own check of a form, shown exactly like the server's.
    pub fn from_violations(violations: Vec<Violation>) -> ServerError {
        ServerError {
            code: "VALIDATION".into(),
            message: String::new(),
            params: BTreeMap::new(),
            violations: violations
                .into_iter()
                .map(|violation| FieldViolation {
                    field: violation.field,
                    code: violation.code.code().into(),
                    message: violation.code.chinese_text(&violation.params),
                    params: violation.params,
                })
                .collect(),
        }
    }
}

impl FieldViolation {
    /// The violation in the user's language, e.g. "不能超过 50 个字符".
    pub fn text(&self) -> String {
        let precise = format!("violation.{}.{}", self.field, self.code);
        let general = format!("violation.{}", self.code);
        match i18n::lookup(&precise).or_else(|| i18n::lookup(&general)) {
            Some(text) => fill_params(text, &self.named_params()),
            None if !self.message.is_empty() => self.message.clone(),
            None => i18n::t("violation.INVALID").to_owned(),
        }
    }
}

impl FieldViolation {
    /// The parameters, with a right's code replaced by its name.
    fn named_params(&self) -> BTreeMap<String, String> {
        let mut params = self.params.clone();
        if let Some(code) = params.get_mut("right")
            && let Some(name) = i18n::lookup(&format!("right.{code}"))
        {
            *code = name.to_owned();
        }
        params
    }
}

fn fill_params(text: &str, params: &BTreeMap<String, String>) -> String {
    let args: Vec<(&str, &str)> = params
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    i18n::fill(text, &args)
}

impl From<tonic::Status> for ServerError {
    fn from(status: tonic::Status) -> ServerError {
        match ErrorDetail::decode(status.details()) {
            Ok(detail) if !detail.code.is_empty() => ServerError {
                code: detail.code,
                message: detail.message,
                params: detail.params.into_iter().collect(),
                violations: detail
                    .violations
                    .into_iter()
                    .map(|violation| FieldViolation {
                        field: violation.field,
                        code: violation.code,
                        params: violation.params.into_iter().collect(),
                        message: violation.message,
                    })
                    .collect(),
            },
            // No details: a transport failure, or a status from something other than our server.
            _ => ServerError {
                code: code_of(status.code()).into(),
                message: status.message().into(),
                params: BTreeMap::new(),
                violations: Vec::new(),
            },
        }
    }
}

fn code_of(code: tonic::Code) -> &'static str {
    use tonic::Code;
    match code {
        Code::Unauthenticated => "UNAUTHENTICATED",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::InvalidArgument => "VALIDATION",
        Code::Aborted => "STALE_VERSION",
        Code::NotFound => "NOT_FOUND",
        Code::Unavailable | Code::Cancelled => "UNAVAILABLE",
        Code::DeadlineExceeded => "TIMEOUT",
        _ => "INTERNAL",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_with(detail: ErrorDetail, code: tonic::Code) -> tonic::Status {
        tonic::Status::with_details(code, "x", detail.encode_to_vec().into())
    }

    #[test]
    fn details_are_decoded_with_violations() {
        let detail = ErrorDetail {
            code: "VALIDATION".into(),
            message: "输入有误".into(),
            params: Default::default(),
            violations: vec![crm_proto::v1::FieldViolation {
                field: "name".into(),
                code: "TOO_LONG".into(),
                params: [("max".to_string(), "50".to_string())]
                    .into_iter()
                    .collect(),
                message: "不能超过 50 个字符".into(),
            }],
        };
        let error = ServerError::from(status_with(detail, tonic::Code::InvalidArgument));
        assert!(error.is("VALIDATION"));
        assert_eq!(error.violations[0].field, "name");
        assert_eq!(error.violations[0].params["max"], "50");
    }

    #[test]
    fn known_codes_are_worded_from_the_catalog_and_unknown_ones_use_the_server_text() {
        i18n::set_language(i18n::Language::ZhCn);
        let stale = ErrorDetail {
            code: "STALE_VERSION".into(),
            ..Default::default()
        };
        let error = ServerError::from(status_with(stale, tonic::Code::Aborted));
        assert_eq!(error.text(), "数据已被他人修改");

        let odd = ErrorDetail {
            code: "ODD".into(),
            message: "奇怪".into(),
            ..Default::default()
        };
        assert_eq!(
            ServerError::from(status_with(odd, tonic::Code::Internal)).text(),
            "奇怪"
        );
    }

    #[test]
    fn status_without_details_maps_its_grpc_code() {
        let error = ServerError::from(tonic::Status::unavailable("connection refused"));
        assert!(error.is("UNAVAILABLE"));
        let error = ServerError::from(tonic::Status::aborted("stale"));
        assert!(error.is("STALE_VERSION"));
    }

    #[test]
    fn violation_text_fills_parameters() {
        i18n::set_language(i18n::Language::ZhCn);
        let violation = FieldViolation {
            field: "name".into(),
            code: "TOO_LONG".into(),
            params: [("max".to_string(), "50".to_string())]
                .into_iter()
                .collect(),
            message: String::new(),
        };
        assert_eq!(violation.text(), "不能超过 50 个字符");
    }
}
