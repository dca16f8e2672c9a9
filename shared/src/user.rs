//! User accounts (DESIGN §1, §3.2): account states, the login lock-out rule and the rules for
//! user names and passwords.

use serde::{Deserialize, Serialize};

use crate::validation::{ViolationCode, Violations};

/// Failed logins in a row after which the account is locked.
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long a locked account stays locked, in minutes.
pub const LOCK_MINUTES: i64 = 15;
/// The one answer to every failed login, whatever the cause.
pub const ILLEGAL_USER: &str = "非法用户";

pub const USERNAME_MAX_CHARS: usize = 32;
pub const DISPLAY_NAME_MAX_CHARS: usize = 50;
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserStatus {
    /// 正常: may log in and be chosen as assignee or manager.
    Active,
    /// 停用.
    Disabled,
}

impl UserStatus {
    pub fn code(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        }
    }

    pub fn from_code(code: &str) -> Option<UserStatus> {
        match code {
            "active" => Some(UserStatus::Active),
            "disabled" => Some(UserStatus::Disabled),
            _ => None,
        }
    }
}

/// Letters, digits, `.`, `_` and `-`: names people type at a login prompt on any keyboard.
pub fn check_username(violations: &mut Violations, field: &str, username: &str) {
    violations.required_text(field, username, USERNAME_MAX_CHARS);
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if !username.trim().is_empty() && !username.chars().all(allowed) {
        violations.add(field, ViolationCode::Invalid, &[]);
    }
}

pub fn check_password(violations: &mut Violations, field: &str, password: &str) {
    let chars = password.chars().count();
    if chars == 0 {
        violations.add(field, ViolationCode::Required, &[]);
    } else if chars < PASSWORD_MIN_CHARS {
        violations.add(
            field,
            ViolationCode::TooShort,
            &[("min", PASSWORD_MIN_CHARS.to_string())],
        );
    } else if chars > PASSWORD_MAX_CHARS {
        violations.add(
            field,
            ViolationCode::TooLong,
            &[("max", PASSWORD_MAX_CHARS.to_string())],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_with_space_or_chinese_is_invalid() {
        for bad in ["zhang san", "张三"] {
            let mut violations = Violations::new();
            check_username(&mut violations, "username", bad);
            assert_eq!(
                violations.into_vec()[0].code,
                ViolationCode::Invalid,
                "{bad}"
            );
        }
        let mut violations = Violations::new();
        check_username(&mut violations, "username", "manager_1");
        assert!(violations.is_empty());
    }

    #[test]
    fn demo_password_is_long_enough_and_seven_chars_are_not() {
        let mut violations = Violations::new();
        check_password(&mut violations, "password", "crm-demo");
        assert!(violations.is_empty());
        check_password(&mut violations, "password", "1234567");
        assert_eq!(violations.into_vec()[0].code, ViolationCode::TooShort);
    }
}
