//! Customers (DESIGN §2.2): everyone with the customers right reads every customer; a manager
//! edits the customers he manages, supervisors (the assign right) edit all and alone choose
//! another 客户经理; only 正常 customers are editable.

use crm_shared::customer::{CustomerFields, CustomerStatus, NUMBER_PREFIX};
use crm_shared::dictionary::DictionaryType;
use crm_shared::formats;
use crm_shared::paging::Page;
use crm_shared::rights::Right;
use crm_shared::user::UserStatus;
use crm_shared::validation::{ViolationCode, Violations};

use super::{App, AuditChange, record_audit};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{
    Access, CustomerFilter, CustomerPage, CustomerRecord, NewCustomer, UnitOfWork, UserRecord,
};

pub(crate) const ENTITY: &str = "customer";

/// A customer as a caller sees it: with what he may do to it.
#[derive(Clone, Debug)]
pub struct CustomerView {
    pub customer: CustomerRecord,
    pub editable: bool,
    pub manager_changeable: bool,
}

/// Supervisors hold the assign right: they edit every customer and choose its manager.
pub(crate) fn is_supervisor(caller: &Caller) -> bool {
    caller.has(Right::Assign)
}

/// `PERMISSION_DENIED` unless the caller may change the customer (or its contacts and
/// interactions); `FAILED_PRECONDITION` for a customer that is no longer 正常.
pub(crate) fn require_editable(caller: &Caller, customer: &CustomerRecord) -> AppResult<()> {
    caller.require(Right::Customers)?;
    let manages = customer.fields.manager_id == Some(caller.user_id);
    if !manages && !is_supervisor(caller) {
        return Err(AppError::PermissionDenied);
    }
    if customer.status != CustomerStatus::Active {
        return Err(AppError::Refused {
            code: "CUSTOMER_LOST",
            message: "已流失客户不能修改",
        });
    }
    Ok(())
}

/// The customer, or `NOT_FOUND`.
pub(crate) async fn load_customer(unit: &mut dyn UnitOfWork, id: i64) -> AppResult<CustomerRecord> {
    unit.customer(id).await?.ok_or(AppError::NotFound(ENTITY))
}

pub(crate) fn customer_view(caller: &Caller, customer: CustomerRecord) -> CustomerView {
    let editable = require_editable(caller, &customer).is_ok();
    CustomerView {
        editable,
        manager_changeable: editable && is_supervisor(caller),
        customer,
    }
}

impl App {
    pub async fn list_customers(
        &self,
        caller: &Caller,
        filter: &CustomerFilter,
        page: Page,
    ) -> AppResult<CustomerPage> {
        caller.require(Right::Customers)?;
        // Names are kept in one form; a query typed with `(` or full-width letters finds them.
        let filter = CustomerFilter {
            query: formats::company_name(&filter.query),
            ..filter.clone()
        };
        let mut unit = self.store.begin(Access::Read).await?;
        Ok(unit.list_customers(&filter, page).await?)
    }

    /// The users a customer can be given to.
    pub async fn list_managers(&self, caller: &Caller) -> AppResult<Vec<UserRecord>> {
        caller.require(Right::Customers)?;
        let mut unit = self.store.begin(Access::Read).await?;
        Ok(unit
            .active_users_with_right(Right::Customers.code())
            .await?)
    }

    pub async fn get_customer(&self, caller: &Caller, id: i64) -> AppResult<CustomerView> {
        caller.require(Right::Customers)?;
        let mut unit = self.store.begin(Access::Read).await?;
        let customer = load_customer(unit.as_mut(), id).await?;
        Ok(customer_view(caller, customer))
    }

    /// Creates a customer. A manager's customers are his own; a supervisor names the manager.
    /// A name another customer has is refused with `DUPLICATE_NAME` unless
    /// `allow_duplicate_name` says the user saw the warning and wants a second one.
    pub async fn create_customer(
        &self,
        caller: &Caller,
        fields: &CustomerFields,
        allow_duplicate_name: bool,
    ) -> AppResult<CustomerView> {
        caller.require(Right::Customers)?;
        let mut fields = fields.trimmed();
        if !is_supervisor(caller) {
            if fields.manager_id.is_some_and(|id| id != caller.user_id) {
                return Err(AppError::PermissionDenied);
            }
            fields.manager_id = Some(caller.user_id);
        }
        fields.check().map_err(AppError::Validation)?;

        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        check_references(unit.as_mut(), &fields, None).await?;
        if !allow_duplicate_name {
            refuse_duplicate_name(unit.as_mut(), &fields.name).await?;
        }
        let number = customer_number(unit.as_mut(), self.today()).await?;
        let new = NewCustomer {
            number,
            fields,
            status: CustomerStatus::Active,
            created_at: now,
            created_by: Some(caller.user_id),
        };
        let id = unit.insert_customer(&new).await?;
        let customer = load_customer(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "create").after(&customer);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(customer_view(caller, customer))
    }

    pub async fn update_customer(
        &self,
        caller: &Caller,
        id: i64,
        version: i64,
        fields: &CustomerFields,
    ) -> AppResult<CustomerView> {
        caller.require(Right::Customers)?;
        let fields = fields.trimmed();
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        let old = load_customer(unit.as_mut(), id).await?;
        require_editable(caller, &old)?;
        if old.version != version {
            return Err(AppError::StaleVersion);
        }
        if fields.manager_id != old.fields.manager_id && !is_supervisor(caller) {
            return Err(AppError::PermissionDenied);
        }
        fields.check().map_err(AppError::Validation)?;
        check_references(unit.as_mut(), &fields, Some(&old)).await?;

        let mut new = old.clone();
        new.fields = fields;
        unit.update_customer(&new, version).await?;
        let new = load_customer(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "update")
            .before(&old)
            .after(&new);
        record_audit(unit.as_mut(), Some(caller), now, change).await?;
        unit.commit().await?;
        Ok(customer_view(caller, new))
    }
}

/// The next 客户编号 of a company date: `KH` + the date + a daily sequence of at least three
/// digits.
pub(crate) async fn customer_number(
    unit: &mut dyn UnitOfWork,
    day: chrono::NaiveDate,
) -> AppResult<String> {
    let day = day.format("%Y%m%d").to_string();
    let sequence = unit.next_in_sequence(&format!("customer:{day}")).await?;
    Ok(format!("{NUMBER_PREFIX}{day}{sequence:03}"))
}

/// `ALREADY_EXISTS` with `DUPLICATE_NAME` and the other customers' numbers when the name is
/// taken.
pub(crate) async fn refuse_duplicate_name(unit: &mut dyn UnitOfWork, name: &str) -> AppResult<()> {
    let same = unit.customers_named(name).await?;
    if same.is_empty() {
        return Ok(());
    }
    let numbers: Vec<String> = same.into_iter().map(|(_, number)| number).collect();
    Err(AppError::DuplicateName {
        numbers: numbers.join("、"),
    })
}

/// Region and level must be enabled items of their dictionaries, the manager a 正常 user
/// who works with customers, the sales code nobody else's. A value the customer already had
/// stays valid even when its item was disabled since.
async fn check_references(
    unit: &mut dyn UnitOfWork,
    fields: &CustomerFields,
    old: Option<&CustomerRecord>,
) -> AppResult<()> {
    let mut found = Violations::new();
    let kept = |pick: fn(&CustomerFields) -> Option<i64>, value: Option<i64>| {
        old.is_some_and(|old| pick(&old.fields) == value)
    };
    for (field, kind, value, pick) in [
        (
            "region_id",
            DictionaryType::Region,
            fields.region_id,
            (|f: &CustomerFields| f.region_id) as fn(&CustomerFields) -> Option<i64>,
        ),
        (
            "level_id",
            DictionaryType::CustomerLevel,
            fields.level_id,
            |f: &CustomerFields| f.level_id,
        ),
    ] {
        let Some(id) = value else { continue };
        let item = unit.dictionary_item(id).await?;
        let usable =
            item.is_some_and(|item| item.kind == kind && (item.enabled || kept(pick, value)));
        if !usable {
            found.add(field, ViolationCode::Unknown, &[]);
        }
    }
    if let Some(manager_id) = fields.manager_id
        && !kept(|f| f.manager_id, fields.manager_id)
        && !works_with_customers(unit, manager_id).await?
    {
        found.add("manager_id", ViolationCode::Unknown, &[]);
    }
    if !fields.sales_code.is_empty() {
        let holder = unit.customer_id_by_order_code(&fields.sales_code).await?;
        if holder.is_some_and(|holder| Some(holder) != old.map(|old| old.id)) {
            found.add("sales_code", ViolationCode::Duplicate, &[]);
        }
    }
    found.finish().map_err(AppError::Validation)
}

/// A 正常 user whose role holds the customers right.
async fn works_with_customers(unit: &mut dyn UnitOfWork, user_id: i64) -> AppResult<bool> {
    let Some(user) = unit.user_by_id(user_id).await? else {
        return Ok(false);
    };
    if user.status != UserStatus::Active {
        return Ok(false);
    }
    let role = unit.role(&user.role_code).await?;
    Ok(role.is_some_and(|role| role.rights.iter().any(|r| r == Right::Customers.code())))
}
