//! Conversions between opportunity records and `crm.v1` marketing messages, in one place.

use crm_proto::v1 as pb;
use crm_shared::date::format_date;
use crm_shared::opportunity::{OpportunityFields, OpportunityStatus};
use crm_shared::validation::{ViolationCode, Violations};

use super::convert::timestamp;
use super::customer_convert::non_zero;
use crate::app::opportunities::OpportunityView;
use crate::app::{AssignmentBoard, BoardManager};
use crate::error::{AppError, AppResult};
use crate::store::PlanItemRecord;

pub fn opportunity_fields(fields: pb::OpportunityFields) -> OpportunityFields {
    OpportunityFields {
        source: fields.source,
        customer_name: fields.customer_name,
        success_rate: fields.success_rate,
        summary: fields.summary,
        contact: fields.contact,
        contact_phone: fields.contact_phone,
        description: fields.description,
        region_id: non_zero(fields.region_id),
        industry_id: non_zero(fields.industry_id),
    }
}

fn opportunity_fields_to_pb(fields: OpportunityFields) -> pb::OpportunityFields {
    pb::OpportunityFields {
        source: fields.source,
        customer_name: fields.customer_name,
        success_rate: fields.success_rate,
        summary: fields.summary,
        contact: fields.contact,
        contact_phone: fields.contact_phone,
        description: fields.description,
        region_id: fields.region_id.unwrap_or_default(),
        industry_id: fields.industry_id.unwrap_or_default(),
    }
}

/// A list's state filter: `None` (every state) when unspecified; a value that is no state at
/// all is refused rather than read as "every state".
pub fn opportunity_status(value: i32) -> AppResult<Option<OpportunityStatus>> {
    let Ok(status) = pb::OpportunityStatus::try_from(value) else {
        let mut found = Violations::new();
        found.add("status", ViolationCode::Invalid, &[]);
        return Err(AppError::Validation(found.into_vec()));
    };
    Ok(match status {
        pb::OpportunityStatus::Unassigned => Some(OpportunityStatus::Unassigned),
        pb::OpportunityStatus::Assigned => Some(OpportunityStatus::Assigned),
        pb::OpportunityStatus::Won => Some(OpportunityStatus::Won),
        pb::OpportunityStatus::Lost => Some(OpportunityStatus::Lost),
        pb::OpportunityStatus::Unspecified => None,
    })
}

fn opportunity_status_to_pb(status: OpportunityStatus) -> i32 {
    let status = match status {
        OpportunityStatus::Unassigned => pb::OpportunityStatus::Unassigned,
        OpportunityStatus::Assigned => pb::OpportunityStatus::Assigned,
        OpportunityStatus::Won => pb::OpportunityStatus::Won,
        OpportunityStatus::Lost => pb::OpportunityStatus::Lost,
    };
    status.into()
}

pub fn opportunity(view: OpportunityView) -> pb::Opportunity {
    let o = view.opportunity;
    pb::Opportunity {
        id: o.id,
        number: o.number,
        fields: Some(opportunity_fields_to_pb(o.fields)),
        status: opportunity_status_to_pb(o.status),
        region_name: o.names.region.unwrap_or_default(),
        industry_name: o.names.industry.unwrap_or_default(),
        created_by: o.created_by,
        created_by_name: o.names.created_by,
        created_at: Some(timestamp(o.created_at)),
        assignee_id: o.assignee_id.unwrap_or_default(),
        assignee_name: o.names.assignee.unwrap_or_default(),
        assigned_at: o.assigned_at.map(timestamp),
        customer_id: o.customer_id.unwrap_or_default(),
        customer_number: o.names.customer_number.unwrap_or_default(),
        version: o.version,
        editable: view.editable,
        deletable: view.deletable,
        assignable: view.assignable,
        plan_editable: view.plan_editable,
        closable: view.closable,
    }
}

pub fn plan_item(item: PlanItemRecord) -> pb::PlanItem {
    pb::PlanItem {
        id: item.id,
        opportunity_id: item.opportunity_id,
        date: format_date(item.date),
        content: item.content,
        result: item.result,
        created_at: Some(timestamp(item.created_at)),
        version: item.version,
    }
}

fn board_manager(manager: BoardManager) -> pb::BoardManager {
    pb::BoardManager {
        id: manager.id,
        display_name: manager.display_name,
        region_names: manager.region_names,
        industry_names: manager.industry_names,
        region_matches: manager.matched.region,
        industry_matches: manager.matched.industry,
        open_opportunities: manager.open_opportunities,
        customers: manager.customers,
    }
}

pub fn assignment_board(board: AssignmentBoard) -> pb::AssignmentBoard {
    pb::AssignmentBoard {
        unassigned: board.unassigned.into_iter().map(opportunity).collect(),
        unassigned_total: board.unassigned_total,
        managers: board.managers.into_iter().map(board_manager).collect(),
    }
}
