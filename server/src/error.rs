//! The errors of the use cases, and how they become gRPC statuses (DESIGN §3.2): a code, the
//! fields' violations and parameters in the status details, and a Chinese fallback text.

use std::collections::HashMap;

use crm_proto::v1::{ErrorDetail, FieldViolation};
use crm_shared::user::ILLEGAL_USER;
use crm_shared::validation::{INCOMPLETE, Violation, ViolationCode};
use prost::Message;
use tonic::{Code, Status};

use crate::store::StoreError;

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Any failed login: unknown user, wrong password, locked or disabled account alike.
    #[error("illegal user")]
    IllegalUser,
    /// No token, or one that is unknown, revoked or expired.
    #[error("not authenticated")]
    Unauthenticated,
    #[error("permission denied")]
    PermissionDenied,
    #[error("invalid input")]
    Validation(Vec<Violation>),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The record changed since the caller read it.
    #[error("stale version")]
    StaleVersion,
    /// A business rule refuses the action in the record's present state.
    #[error("refused: {code}")]
    Refused {
        code: &'static str,
        message: &'static str,
    },
    /// Another customer has this name; the user confirms before a second one is made.
    #[error("duplicate customer name")]
    DuplicateName {
        /// The other customers' numbers, joined with 、.
        numbers: String,
    },
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict => AppError::StaleVersion,
            other => AppError::Store(other),
        }
    }
}

impl AppError {
    /// One invalid field.
    pub fn invalid(violation: Violation) -> AppError {
        AppError::Validation(vec![violation])
    }
}

fn status(code: Code, detail: ErrorDetail) -> Status {
    let message = detail.message.clone();
    Status::with_details(code, message, detail.encode_to_vec().into())
}

fn detail(code: &str, message: &str) -> ErrorDetail {
    ErrorDetail {
        code: code.to_owned(),
        message: message.to_owned(),
        params: HashMap::new(),
        violations: Vec::new(),
    }
}

impl From<AppError> for Status {
    fn from(error: AppError) -> Status {
        match error {
            AppError::IllegalUser => {
                status(Code::Unauthenticated, detail("ILLEGAL_USER", ILLEGAL_USER))
            }
            AppError::Unauthenticated => {
                status(Code::Unauthenticated, detail("UNAUTHENTICATED", "请先登录"))
            }
            AppError::PermissionDenied => status(
                Code::PermissionDenied,
                detail("PERMISSION_DENIED", "没有权限"),
            ),
            AppError::Validation(violations) => {
                // The requirements' own words when something required is missing.
                let required = violations.iter().any(|v| v.code == ViolationCode::Required);
                let message = if required { INCOMPLETE } else { "输入有误" };
                let mut detail = detail("VALIDATION", message);
                detail.violations = violations
                    .into_iter()
                    .map(|v| FieldViolation {
                        message: v.code.chinese_text(&v.params),
                        field: v.field,
                        code: v.code.code().to_owned(),
                        params: v.params.into_iter().collect(),
                    })
                    .collect();
                status(Code::InvalidArgument, detail)
            }
            AppError::NotFound(entity) => {
                let mut detail = detail("NOT_FOUND", "记录不存在");
                detail.params.insert("entity".into(), entity.into());
                status(Code::NotFound, detail)
            }
            AppError::StaleVersion => {
                status(Code::Aborted, detail("STALE_VERSION", "数据已被他人修改"))
            }
            AppError::DuplicateName { numbers } => {
                let message = format!("已存在同名客户：{numbers}");
                let mut detail = detail("DUPLICATE_NAME", &message);
                detail.params.insert("numbers".into(), numbers);
                status(Code::AlreadyExists, detail)
            }
            AppError::Refused { code, message } => {
                status(Code::FailedPrecondition, detail(code, message))
            }
            AppError::Store(StoreError::Unavailable(reason)) => {
                tracing::error!(%reason, "store unavailable");
                status(
                    Code::Unavailable,
                    detail("UNAVAILABLE", "数据库暂时不可用，请稍后再试"),
                )
            }
            AppError::Store(StoreError::Duplicate(reason)) => {
                // Use cases check what users can get wrong; this is a race lost to another
                // writer, such as a name taken between the check and the insert.
                tracing::warn!(%reason, "unique key taken meanwhile");
                status(
                    Code::AlreadyExists,
                    detail("ALREADY_EXISTS", "记录已存在，请刷新后再试"),
                )
            }
            AppError::Store(StoreError::Deadlock(reason)) => {
                tracing::warn!(%reason, "deadlock victim");
                status(Code::Aborted, detail("RETRY", "数据库繁忙，请重试"))
            }
            AppError::Store(other) => {
                // The detail is logged here, once; the caller gets a generic text.
                tracing::error!(error = %other, "internal error");
                status(Code::Internal, detail("INTERNAL", "服务器内部错误"))
            }
        }
    }
}
