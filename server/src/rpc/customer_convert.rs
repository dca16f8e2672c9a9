//! Conversions between customer records and `crm.v1` customer messages, in one place.

use crm_proto::v1 as pb;
use crm_shared::contact::{ContactFields, Gender};
use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::date::format_date;
use crm_shared::interaction::InteractionFields;

use super::convert::timestamp;
use crate::app::customers::CustomerView;
use crate::app::orders::OrderView;
use crate::store::{
    ContactRecord, CustomerFilter, CustomerPage, CustomerSummaryRecord, InteractionRecord,
    OrderLineRecord, OrderSummaryRecord,
};

/// 0 is proto's "not given".
pub fn non_zero(value: i64) -> Option<i64> {
    (value != 0).then_some(value)
}

pub fn customer_fields(fields: pb::CustomerFields) -> CustomerFields {
    CustomerFields {
        name: fields.name,
        region_id: non_zero(fields.region_id),
        manager_id: non_zero(fields.manager_id),
        level_id: non_zero(fields.level_id),
        satisfaction: fields.satisfaction,
        credit: fields.credit,
        address: fields.address,
        zip_code: fields.zip_code,
        phone: fields.phone,
        fax: fields.fax,
        website: fields.website,
        business_licence: fields.business_licence,
        legal_person: fields.legal_person,
        registered_capital_fen: fields.registered_capital_fen,
        annual_revenue_fen: fields.annual_revenue_fen,
        bank: fields.bank,
        bank_account: fields.bank_account,
        local_tax_number: fields.local_tax_number,
        national_tax_number: fields.national_tax_number,
        credit_code: fields.credit_code,
        sales_code: fields.sales_code,
    }
}

fn customer_fields_to_pb(fields: CustomerFields) -> pb::CustomerFields {
    pb::CustomerFields {
        name: fields.name,
        region_id: fields.region_id.unwrap_or_default(),
        manager_id: fields.manager_id.unwrap_or_default(),
        level_id: fields.level_id.unwrap_or_default(),
        satisfaction: fields.satisfaction,
        credit: fields.credit,
        address: fields.address,
        zip_code: fields.zip_code,
        phone: fields.phone,
        fax: fields.fax,
        website: fields.website,
        business_licence: fields.business_licence,
        legal_person: fields.legal_person,
        registered_capital_fen: fields.registered_capital_fen,
        annual_revenue_fen: fields.annual_revenue_fen,
        bank: fields.bank,
        bank_account: fields.bank_account,
        local_tax_number: fields.local_tax_number,
        national_tax_number: fields.national_tax_number,
        credit_code: fields.credit_code,
        sales_code: fields.sales_code,
    }
}

pub fn customer_status(value: i32) -> Option<CustomerStatus> {
    match pb::CustomerStatus::try_from(value).ok()? {
        pb::CustomerStatus::Active => Some(CustomerStatus::Active),
        pb::CustomerStatus::Lost => Some(CustomerStatus::Lost),
        pb::CustomerStatus::Unspecified => None,
    }
}

fn customer_status_to_pb(status: CustomerStatus) -> i32 {
    match status {
        CustomerStatus::Active => pb::CustomerStatus::Active,
        CustomerStatus::Lost => pb::CustomerStatus::Lost,
    }
    .into()
}

pub fn customer(view: CustomerView) -> pb::Customer {
    let customer = view.customer;
    pb::Customer {
        id: customer.id,
        number: customer.number,
        status: customer_status_to_pb(customer.status),
        region_name: customer.region_name.unwrap_or_default(),
        level_name: customer.level_name.unwrap_or_default(),
        manager_name: customer.manager_name,
        created_at: Some(timestamp(customer.created_at)),
        version: customer.version,
        editable: view.editable,
        manager_changeable: view.manager_changeable,
        fields: Some(customer_fields_to_pb(customer.fields)),
    }
}

/// The store's filter of a customer list request.
pub fn customer_filter(request: &pb::ListCustomersRequest) -> CustomerFilter {
    CustomerFilter {
        query: request.query.clone(),
        region_id: non_zero(request.region_id),
        level_id: non_zero(request.level_id),
        manager_id: non_zero(request.manager_id),
        status: customer_status(request.status),
    }
}

pub fn customer_list(found: CustomerPage) -> pb::ListCustomersResponse {
    pb::ListCustomersResponse {
        customers: found.customers.into_iter().map(customer_summary).collect(),
        total: found.total,
        total_is_capped: found.capped,
    }
}

pub fn customer_summary(row: CustomerSummaryRecord) -> pb::CustomerSummary {
    pb::CustomerSummary {
        id: row.id,
        number: row.number,
        name: row.name,
        region_name: row.region_name.unwrap_or_default(),
        level_name: row.level_name.unwrap_or_default(),
        manager_name: row.manager_name,
        manager_id: row.manager_id,
        status: customer_status_to_pb(row.status),
        satisfaction: row.satisfaction,
        credit: row.credit,
    }
}

pub fn contact_fields(fields: pb::ContactFields) -> ContactFields {
    let gender = match pb::Gender::try_from(fields.gender) {
        Ok(pb::Gender::Male) => Some(Gender::Male),
        Ok(pb::Gender::Female) => Some(Gender::Female),
        _ => None,
    };
    ContactFields {
        name: fields.name,
        gender,
        position: fields.position,
        office_phone: fields.office_phone,
        mobile: fields.mobile,
        remark: fields.remark,
    }
}

pub fn contact(record: ContactRecord) -> pb::Contact {
    let fields = record.fields;
    let gender = match fields.gender {
        Some(Gender::Male) => pb::Gender::Male,
        Some(Gender::Female) => pb::Gender::Female,
        None => pb::Gender::Unspecified,
    };
    pb::Contact {
        id: record.id,
        customer_id: record.customer_id,
        version: record.version,
        fields: Some(pb::ContactFields {
            name: fields.name,
            gender: gender.into(),
            position: fields.position,
            office_phone: fields.office_phone,
            mobile: fields.mobile,
            remark: fields.remark,
        }),
    }
}

pub fn interaction_fields(fields: pb::InteractionFields) -> InteractionFields {
    InteractionFields {
        date: fields.date,
        place: fields.place,
        summary: fields.summary,
        details: fields.details,
        remark: fields.remark,
    }
}

pub fn interaction(record: InteractionRecord) -> pb::Interaction {
    let fields = record.fields;
    pb::Interaction {
        id: record.id,
        customer_id: record.customer_id,
        created_by_name: record.created_by_name,
        created_at: Some(timestamp(record.created_at)),
        version: record.version,
        fields: Some(pb::InteractionFields {
            date: fields.date,
            place: fields.place,
            summary: fields.summary,
            details: fields.details,
            remark: fields.remark,
        }),
    }
}

pub fn order_summary(order: OrderSummaryRecord) -> pb::OrderSummary {
    let status = match order.state {
        crm_shared::order::STATE_SHIPPED => pb::OrderStatus::Shipped,
        crm_shared::order::STATE_PAID => pb::OrderStatus::Paid,
        _ => pb::OrderStatus::Unspecified,
    };
    pb::OrderSummary {
        id: order.id,
        number: order.number,
        date: format_date(order.date),
        delivery_address: order.delivery_address,
        status: status.into(),
        total_fen: order.total_fen,
    }
}

fn order_line(line: OrderLineRecord) -> pb::OrderLine {
    pb::OrderLine {
        id: line.id,
        product_code: line.product_code,
        product_name: line.product_name,
        quantity: line.quantity,
        unit: line.unit,
        unit_price_fen: line.unit_price_fen,
        amount_fen: line.amount_fen,
    }
}

pub fn order(view: OrderView) -> pb::Order {
    pb::Order {
        summary: Some(order_summary(view.order.summary)),
        customer_id: view.customer_id,
        customer_name: view.customer_name,
        lines: view.order.lines.into_iter().map(order_line).collect(),
    }
}
