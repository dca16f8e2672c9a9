//! 联系人 Contacts (DESIGN §2.2): 姓名, 性别, 职位 and 办公电话 required; 手机 and 备注 optional.

use serde::{Deserialize, Serialize};

use crate::formats;
use crate::validation::{Violation, ViolationCode, Violations};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    pub fn from_code(code: &str) -> Option<Gender> {
        [Gender::Male, Gender::Female]
            .into_iter()
            .find(|gender| gender.code() == code)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFields {
    pub name: String,
    pub gender: Option<Gender>,
    /// 职位
    pub position: String,
    pub office_phone: String,
    pub mobile: String,
    pub remark: String,
}

impl ContactFields {
    pub fn trimmed(&self) -> ContactFields {
        ContactFields {
            name: self.name.trim().to_owned(),
            gender: self.gender,
            position: self.position.trim().to_owned(),
            office_phone: self.office_phone.trim().to_owned(),
            mobile: self.mobile.trim().to_owned(),
            remark: self.remark.trim().to_owned(),
        }
    }

    pub fn check(&self) -> Result<(), Vec<Violation>> {
        let mut found = Violations::new();
        found.required_text("name", &self.name, 50);
        if self.gender.is_none() {
            found.add("gender", ViolationCode::Required, &[]);
        }
        found.required_text("position", &self.position, 50);
        if self.office_phone.trim().is_empty() {
            found.add("office_phone", ViolationCode::Required, &[]);
        } else {
            found.optional_text("office_phone", &self.office_phone, 30, formats::is_phone);
        }
        found.optional_text("mobile", &self.mobile, 20, formats::is_mobile);
        found.max_chars("remark", &self.remark, 500);
        found.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_required_field_is_named_when_missing() {
        let violations = ContactFields::default().check().unwrap_err();
        let fields: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["name", "gender", "position", "office_phone"]);
        assert!(violations.iter().all(|v| v.code == ViolationCode::Required));
    }

    #[test]
    fn a_complete_contact_passes_and_a_bad_mobile_does_not() {
        let mut contact = ContactFields {
            name: "王芳".into(),
            gender: Some(Gender::Female),
            position: "采购经理".into(),
            office_phone: "010-65521234".into(),
            mobile: "13800138000".into(),
            remark: String::new(),
        };
        assert_eq!(contact.check(), Ok(()));
        contact.mobile = "1380013".into();
        let violations = contact.check().unwrap_err();
        assert_eq!(violations[0].field, "mobile");
        assert_eq!(violations[0].code, ViolationCode::Invalid);
    }
}
