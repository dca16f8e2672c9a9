//! Reference data every database starts with: the rights, the five roles with their default
//! rights, and the built-in dictionary items. Idempotent: it adds what is missing and never
//! overwrites what the administrator changed.

use crm_shared::dictionary::DictionaryType;
use crm_shared::rights::{Right, Role};

use super::App;
use crate::error::AppResult;
use crate::store::{Access, NewDictionaryItem};

pub fn right_name(right: Right) -> &'static str {
    match right {
        Right::AdminUsers => "用户管理",
        Right::AdminRoles => "角色权限",
        Right::AdminDictionary => "数据字典",
        Right::AdminAudit => "审计日志",
        Right::Marketing => "营销管理",
        Right::Assign => "指派",
        Right::Customers => "客户管理",
        Right::Service => "服务管理",
        Right::Reports => "统计报表",
        Right::Hr => "人事管理",
    }
}

pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Administrator => "系统管理员",
        Role::SalesSupervisor => "销售主管",
        Role::AccountManager => "客户经理",
        Role::Executive => "高管",
        Role::HrOfficer => "人事专员",
    }
}

impl App {
    pub async fn seed_reference_data(&self) -> AppResult<()> {
        let mut unit = self.store.begin(Access::Write).await?;
        for right in Right::ALL {
            unit.upsert_right(right.code(), right_name(right)).await?;
        }
        for role in Role::ALL {
            if unit.role(role.code()).await?.is_none() {
                unit.insert_role(role.code(), role_name(role)).await?;
                let rights: Vec<String> = role
                    .default_rights()
                    .iter()
                    .map(|r| r.code().to_owned())
                    .collect();
                unit.set_role_rights(role.code(), &rights).await?;
            }
        }
        for kind in DictionaryType::ALL {
            if unit.count_dictionary(kind).await? > 0 {
                continue;
            }
            for (i, name) in kind.seeded_items().iter().enumerate() {
                let item = NewDictionaryItem {
                    kind,
                    name: (*name).to_owned(),
                    sort_order: (i as i32 + 1) * 10,
                    built_in: true,
                };
                unit.insert_dictionary_item(&item).await?;
            }
        }
        unit.commit().await?;
        Ok(())
    }
}
