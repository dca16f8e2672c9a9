//! Roles and rights (DESIGN §1). Rights are data: the administrator edits the role ↔ right
//! matrix; the values here are only the codes and the seeded defaults.

use serde::{Deserialize, Serialize};

/// One right. The code is what the store, the API and the client's navigation use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Right {
    /// 用户管理: list, create and edit users, reset passwords.
    AdminUsers,
    /// 角色权限: edit the role ↔ right matrix.
    AdminRoles,
    /// 数据字典: edit dictionary items.
    AdminDictionary,
    /// 审计日志: read the audit log.
    AdminAudit,
    /// 营销管理: sales opportunities and development plans.
    Marketing,
    /// 指派: assign opportunities and service tickets.
    Assign,
    /// 客户管理: customers, contacts, interactions, orders, churn.
    Customers,
    /// 服务管理: service tickets.
    Service,
    /// 统计报表.
    Reports,
    /// 人事管理.
    Hr,
}

impl Right {
    pub const ALL: [Right; 10] = [
        Right::AdminUsers,
        Right::AdminRoles,
        Right::AdminDictionary,
        Right::AdminAudit,
        Right::Marketing,
        Right::Assign,
        Right::Customers,
        Right::Service,
        Right::Reports,
        Right::Hr,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Right::AdminUsers => "admin.users",
            Right::AdminRoles => "admin.roles",
            Right::AdminDictionary => "admin.dictionary",
            Right::AdminAudit => "admin.audit",
            Right::Marketing => "marketing",
            Right::Assign => "assign",
            Right::Customers => "customers",
            Right::Service => "service",
            Right::Reports => "reports",
            Right::Hr => "hr",
        }
    }

    pub fn from_code(code: &str) -> Option<Right> {
        Right::ALL.into_iter().find(|right| right.code() == code)
    }
}

/// The five seeded roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Administrator,
    SalesSupervisor,
    AccountManager,
    Executive,
    HrOfficer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Administrator,
        Role::SalesSupervisor,
        Role::AccountManager,
        Role::Executive,
        Role::HrOfficer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::SalesSupervisor => "sales_supervisor",
            Role::AccountManager => "account_manager",
            Role::Executive => "executive",
            Role::HrOfficer => "hr_officer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }

    /// The rights the role is seeded with (DESIGN §1).
    pub fn default_rights(self) -> &'static [Right] {
        match self {
            Role::Administrator => &[
                Right::AdminUsers,
                Right::AdminRoles,
                Right::AdminDictionary,
                Right::AdminAudit,
            ],
            Role::SalesSupervisor => &[
                Right::Marketing,
                Right::Assign,
                Right::Customers,
                Right::Service,
                Right::Reports,
            ],
            Role::AccountManager => &[Right::Marketing, Right::Customers, Right::Service],
            Role::Executive => &[Right::Reports],
            Role::HrOfficer => &[Right::Hr],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for right in Right::ALL {
            assert_eq!(Right::from_code(right.code()), Some(right));
        }
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Right::from_code("nonsense"), None);
    }

    #[test]
    fn only_the_administrator_administers() {
        for role in Role::ALL {
            let administers = role.default_rights().contains(&Right::AdminDictionary);
            assert_eq!(administers, role == Role::Administrator, "{role:?}");
        }
    }
}
