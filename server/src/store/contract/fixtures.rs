//! What cases set up through the interface itself: unique tags, exact instants, and the
//! records most cases stand on (a role, users, dictionary items, customers).

use chrono::{DateTime, NaiveDate, Utc};
use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::dictionary::DictionaryType;
use crm_shared::opportunity::OpportunityFields;
use crm_shared::paging::Page;
use crm_shared::ticket::TicketFields;
use crm_shared::user::UserStatus;

use super::check::Step;
use crate::store::{
    Access, NewCustomer, NewDictionaryItem, NewOpportunity, NewTicket, NewUser, Store, UnitOfWork,
};

/// An id no store hands out.
pub const MISSING_ID: i64 = i64::MAX;

/// Ten hex digits no other case or earlier run used: the store may hold records of both, so
/// every name a case gives carries one. Short, so numbers keep the length of real ones.
pub fn tag() -> String {
    format!("{:010x}", rand::random::<u64>() >> 24)
}

/// An instant to the microsecond, the precision every backend keeps.
pub fn time(
    date: (i32, u32, u32),
    hour: u32,
    minute: u32,
    second: u32,
    micro: u32,
) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(date.0, date.1, date.2)
        .and_then(|day| day.and_hms_micro_opt(hour, minute, second, micro))
        .unwrap_or_default()
        .and_utc()
}

/// The instant most records are created at; its microseconds show a backend that rounds.
pub fn t0() -> DateTime<Utc> {
    time((2026, 3, 14), 9, 26, 53, 589_793)
}

pub fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

pub fn page(number: u32, size: u32) -> Page {
    Page::new(number, size)
}

/// A unit that writes; dropped at the end of a case, it leaves nothing behind.
pub async fn write(store: &dyn Store) -> Result<Box<dyn UnitOfWork>, String> {
    store.begin(Access::Write).await.step("begin(Write)")
}

pub async fn read(store: &dyn Store) -> Result<Box<dyn UnitOfWork>, String> {
    store.begin(Access::Read).await.step("begin(Read)")
}

pub fn new_user(username: &str, display_name: &str, role_code: &str) -> NewUser {
    NewUser {
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        role_code: role_code.to_owned(),
        password_hash: format!("$argon2id$v=19$contract${username}"),
        status: UserStatus::Active,
        region_ids: Vec::new(),
        industry_ids: Vec::new(),
    }
}

pub fn customer_fields(name: &str, manager_id: i64) -> CustomerFields {
    CustomerFields {
        name: name.to_owned(),
        manager_id: Some(manager_id),
        ..CustomerFields::default()
    }
}

/// An opportunity numbered `JH<TAG><n>` for the customer `客户<n><tag>`.
pub fn new_opportunity(
    staff: &Staff,
    n: u32,
    created_by: i64,
    created_at: DateTime<Utc>,
) -> NewOpportunity {
    let tag = &staff.tag;
    NewOpportunity {
        number: format!("JH{}{n:02}", tag.to_uppercase()),
        fields: OpportunityFields {
            source: "展会".into(),
            customer_name: format!("客户{n}{tag}"),
            success_rate: Some(50),
            summary: format!("采购意向{n}"),
            contact: "刘先生".into(),
            contact_phone: "13800000000".into(),
            description: "年底前采购一批设备".into(),
            region_id: None,
            industry_id: None,
        },
        created_by,
        created_at,
    }
}

/// A user's ticket numbered `FW<TAG><n>`, by the case's manager.
pub fn new_ticket(
    staff: &Staff,
    n: u32,
    type_id: i64,
    customer_id: i64,
    created_at: DateTime<Utc>,
) -> NewTicket {
    NewTicket {
        number: format!("FW{}{n:02}", staff.tag.to_uppercase()),
        fields: TicketFields {
            type_id: Some(type_id),
            customer_id: Some(customer_id),
            summary: format!("设备故障{n}{}", staff.tag),
            request: "打印机无法启动，请派人上门".into(),
        },
        created_by: Some(staff.manager),
        source_system: String::new(),
        external_ref: None,
        created_at,
    }
}

/// A case's own role and account manager, and the tag it names everything by.
pub struct Staff {
    pub tag: String,
    pub role: String,
    pub role_name: String,
    pub manager: i64,
    pub manager_name: String,
}

impl Staff {
    pub async fn new(unit: &mut dyn UnitOfWork) -> Result<Staff, String> {
        let tag = tag();
        let (role, role_name) = (format!("ct-{tag}"), format!("契约角色{tag}"));
        unit.insert_role(&role, &role_name)
            .await
            .step("insert_role")?;
        let manager_name = format!("经理{tag}");
        let user = new_user(&format!("ct-{tag}-m"), &manager_name, &role);
        let manager = unit.insert_user(&user, t0()).await.step("insert_user")?;
        Ok(Staff {
            tag,
            role,
            role_name,
            manager,
            manager_name,
        })
    }

    /// Another 正常 user of the case's role: `ct-<tag>-<suffix>`.
    pub async fn user(
        &self,
        unit: &mut dyn UnitOfWork,
        suffix: &str,
        display_name: &str,
    ) -> Result<i64, String> {
        let user = new_user(&self.username(suffix), display_name, &self.role);
        unit.insert_user(&user, t0()).await.step("insert_user")
    }

    pub fn username(&self, suffix: &str) -> String {
        format!("ct-{}-{suffix}", self.tag)
    }

    /// `KH<TAG><n>`: upper case, as 客户编号 are.
    pub fn customer_number(&self, n: u32) -> String {
        format!("KH{}{n:02}", self.tag.to_uppercase())
    }

    /// A 正常 customer of the case's manager, numbered `n`, named `<name><tag>`.
    pub async fn customer(
        &self,
        unit: &mut dyn UnitOfWork,
        n: u32,
        name: &str,
    ) -> Result<i64, String> {
        let customer = NewCustomer {
            number: self.customer_number(n),
            fields: customer_fields(&format!("{name}{}", self.tag), self.manager),
            status: CustomerStatus::Active,
            created_at: t0(),
            created_by: None,
        };
        unit.insert_customer(&customer)
            .await
            .step("insert_customer")
    }

    /// A dictionary item named `<name><tag>`.
    pub async fn item(
        &self,
        unit: &mut dyn UnitOfWork,
        kind: DictionaryType,
        name: &str,
    ) -> Result<i64, String> {
        let item = NewDictionaryItem {
            kind,
            name: format!("{name}{}", self.tag),
            sort_order: 1,
            built_in: false,
        };
        unit.insert_dictionary_item(&item)
            .await
            .step("insert_dictionary_item")
    }
}
