//! The interface for other systems (DESIGN §4), behind an API key: they submit service
//! requests, which become 新创建 tickets, and read customers.

use crm_shared::dictionary::DictionaryType;
use crm_shared::paging::Page;
use crm_shared::ticket::{TicketFields, check_external_ref};
use crm_shared::validation::{ViolationCode, Violations};

use super::customers::load_customer;
use super::tickets::{ENTITY, check_references, load_ticket, ticket_number};
use super::{App, AuditChange, record_system_audit};
use crate::error::{AppError, AppResult};
use crate::store::{
    Access, ApiKeyRecord, CustomerFilter, CustomerPage, CustomerRecord, NewTicket, StoreError,
    TicketRecord, UnitOfWork,
};

/// A request another system submits: the customer and type by their business names, as that
/// system knows them.
#[derive(Clone, Debug, Default)]
pub struct ServiceRequest {
    pub external_ref: String,
    pub customer_number: String,
    pub sales_code: String,
    pub type_name: String,
    pub summary: String,
    pub request: String,
}

/// How a submission ended: the ticket, and whether this call made it.
#[derive(Clone, Debug)]
pub struct Submitted {
    pub ticket: TicketRecord,
    pub created: bool,
}

impl App {
    /// Creates a 新创建 ticket for the key's system, once per external reference: a retry
    /// gets the ticket the first attempt made.
    pub async fn submit_service_request(
        &self,
        key: &ApiKeyRecord,
        request: &ServiceRequest,
    ) -> AppResult<Submitted> {
        let external_ref = request.external_ref.trim();
        check_external_ref(external_ref).map_err(AppError::Validation)?;
        match self.submit_once(key, external_ref, request).await {
            // A concurrent retry won the race for the reference: its ticket is the one.
            Err(AppError::Store(StoreError::Duplicate(error))) => {
                let mut unit = self.store.begin(Access::Read).await?;
                match unit.ticket_by_external_ref(&key.name, external_ref).await? {
                    Some(ticket) => Ok(Submitted {
                        ticket,
                        created: false,
                    }),
                    // Some other unique key refused the row: not a retry, a failure.
                    None => Err(AppError::Store(StoreError::Duplicate(error))),
                }
            }
            other => other,
        }
    }

    async fn submit_once(
        &self,
        key: &ApiKeyRecord,
        external_ref: &str,
        request: &ServiceRequest,
    ) -> AppResult<Submitted> {
        let now = self.clock.now();
        let mut unit = self.store.begin(Access::Write).await?;
        if let Some(ticket) = unit.ticket_by_external_ref(&key.name, external_ref).await? {
            return Ok(Submitted {
                ticket,
                created: false,
            });
        }
        let fields = resolve(unit.as_mut(), request).await?.trimmed();
        check_references(unit.as_mut(), &fields).await?;
        let new = NewTicket {
            number: ticket_number(unit.as_mut(), self.today()).await?,
            fields,
            created_by: None,
            source_system: key.name.clone(),
            external_ref: Some(external_ref.to_owned()),
            created_at: now,
        };
        let id = unit.insert_ticket(&new).await?;
        let ticket = load_ticket(unit.as_mut(), id).await?;
        let change = AuditChange::of(ENTITY, id, "create").after(&ticket);
        record_system_audit(unit.as_mut(), &key.name, now, change).await?;
        unit.commit().await?;
        Ok(Submitted {
            ticket,
            created: true,
        })
    }

    /// The customer list for another system, filtered and paged as the client's.
    pub async fn integration_customers(
        &self,
        filter: &CustomerFilter,
        page: Page,
    ) -> AppResult<CustomerPage> {
        let mut unit = self.store.begin(Access::Read).await?;
        Ok(unit.list_customers(filter, page).await?)
    }

    /// One customer for another system, by id or, when the id is 0, by 客户编号.
    pub async fn integration_customer(&self, id: i64, number: &str) -> AppResult<CustomerRecord> {
        let mut unit = self.store.begin(Access::Read).await?;
        let id = match id {
            0 => unit.customer_id_by_number(number).await?,
            id => Some(id),
        };
        let id = id.ok_or(AppError::NotFound("customer"))?;
        load_customer(unit.as_mut(), id).await
    }
}

/// The ticket's fields from the request's business names. A name that is given but names
/// nothing is `UNKNOWN`; one not given is left for the required-field check.
async fn resolve(unit: &mut dyn UnitOfWork, request: &ServiceRequest) -> AppResult<TicketFields> {
    let mut found = Violations::new();
    let number = request.customer_number.trim();
    let sales_code = request.sales_code.trim();
    let customer_id = if !number.is_empty() {
        let id = unit.customer_id_by_number(number).await?;
        if id.is_none() {
            found.add("customer_number", ViolationCode::Unknown, &[]);
        }
        id
    } else if !sales_code.is_empty() {
        let id = unit.customer_id_by_order_code(sales_code).await?;
        if id.is_none() {
            found.add("sales_code", ViolationCode::Unknown, &[]);
        }
        id
    } else {
        found.add("customer_number", ViolationCode::Required, &[]);
        None
    };
    let type_name = request.type_name.trim();
    let item = if type_name.is_empty() {
        found.add("type", ViolationCode::Required, &[]);
        None
    } else {
        let item = unit
            .dictionary_item_by_name(DictionaryType::ServiceType, type_name)
            .await?
            .filter(|item| item.enabled);
        if item.is_none() {
            found.add("type", ViolationCode::Unknown, &[]);
        }
        item
    };
    let fields = TicketFields {
        type_id: item.map(|item| item.id),
        customer_id,
        summary: request.summary.clone(),
        request: request.request.clone(),
    };
    // The texts' problems too, so the caller hears of everything at once (the ids' are the
    // names' above).
    if let Err(all) = fields.check() {
        let texts = all
            .into_iter()
            .filter(|v| matches!(v.field.as_str(), "summary" | "request"));
        found.absorb::<()>(Err(texts.collect()));
    }
    found.finish().map_err(AppError::Validation)?;
    Ok(fields)
}
