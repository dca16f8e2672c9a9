//! `crm.v1.OpportunityService`.

use crm_proto::v1 as pb;
use crm_proto::v1::opportunity_service_server::OpportunityService;
use crm_shared::opportunity::PlanItemFields;
use tonic::{Request, Response, Status};

use super::customer_convert::{customer, non_zero};
use super::opportunity_convert as convert;
use super::{caller, convert::page};
use crate::app::App;
use crate::app::opportunities::OpportunityQuery;

pub struct OpportunityRpc {
    pub app: App,
}

type Answer<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl OpportunityService for OpportunityRpc {
    async fn list_opportunities(
        &self,
        request: Request<pb::ListOpportunitiesRequest>,
    ) -> Answer<pb::ListOpportunitiesResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let query = OpportunityQuery {
            status: convert::opportunity_status(request.status)?,
            customer_name: request.customer_name,
            created_by: non_zero(request.created_by),
            assignee_id: non_zero(request.assignee_id),
            created_from: request.created_from,
            created_to: request.created_to,
        };
        let (found, total) = self
            .app
            .list_opportunities(&caller, &query, page(request.page))
            .await?;
        Ok(Response::new(pb::ListOpportunitiesResponse {
            opportunities: found.into_iter().map(convert::opportunity).collect(),
            total,
        }))
    }

    async fn get_opportunity(
        &self,
        request: Request<pb::GetOpportunityRequest>,
    ) -> Answer<pb::OpportunityDetail> {
        let caller = caller(&self.app, &request).await?;
        let id = request.get_ref().id;
        let (view, items) = self.app.get_opportunity(&caller, id).await?;
        Ok(Response::new(pb::OpportunityDetail {
            opportunity: Some(convert::opportunity(view)),
            plan_items: items.into_iter().map(convert::plan_item).collect(),
        }))
    }

    async fn create_opportunity(
        &self,
        request: Request<pb::CreateOpportunityRequest>,
    ) -> Answer<pb::Opportunity> {
        let caller = caller(&self.app, &request).await?;
        let fields = convert::opportunity_fields(request.into_inner().fields.unwrap_or_default());
        let view = self.app.create_opportunity(&caller, &fields).await?;
        Ok(Response::new(convert::opportunity(view)))
    }

    async fn update_opportunity(
        &self,
        request: Request<pb::UpdateOpportunityRequest>,
    ) -> Answer<pb::Opportunity> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let fields = convert::opportunity_fields(request.fields.unwrap_or_default());
        let view = self
            .app
            .update_opportunity(&caller, request.id, request.version, &fields)
            .await?;
        Ok(Response::new(convert::opportunity(view)))
    }

    async fn delete_opportunity(
        &self,
        request: Request<pb::DeleteOpportunityRequest>,
    ) -> Answer<pb::DeleteOpportunityResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        self.app
            .delete_opportunity(&caller, request.id, request.version)
            .await?;
        Ok(Response::new(pb::DeleteOpportunityResponse {}))
    }

    async fn assign_opportunity(
        &self,
        request: Request<pb::AssignOpportunityRequest>,
    ) -> Answer<pb::Opportunity> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let view = self
            .app
            .assign_opportunity(&caller, request.id, request.version, request.assignee_id)
            .await?;
        Ok(Response::new(convert::opportunity(view)))
    }

    async fn get_assignment_board(
        &self,
        request: Request<pb::GetAssignmentBoardRequest>,
    ) -> Answer<pb::AssignmentBoard> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let board = self
            .app
            .assignment_board(
                &caller,
                non_zero(request.opportunity_id),
                page(request.page),
            )
            .await?;
        Ok(Response::new(convert::assignment_board(board)))
    }

    async fn list_plan_items(
        &self,
        request: Request<pb::ListPlanItemsRequest>,
    ) -> Answer<pb::ListPlanItemsResponse> {
        let caller = caller(&self.app, &request).await?;
        let items = self
            .app
            .list_plan_items(&caller, request.get_ref().opportunity_id)
            .await?;
        Ok(Response::new(pb::ListPlanItemsResponse {
            plan_items: items.into_iter().map(convert::plan_item).collect(),
        }))
    }

    async fn add_plan_item(
        &self,
        request: Request<pb::AddPlanItemRequest>,
    ) -> Answer<pb::PlanItem> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let fields = PlanItemFields {
            date: request.date,
            content: request.content,
        };
        let item = self
            .app
            .add_plan_item(&caller, request.opportunity_id, &fields)
            .await?;
        Ok(Response::new(convert::plan_item(item)))
    }

    async fn update_plan_item(
        &self,
        request: Request<pb::UpdatePlanItemRequest>,
    ) -> Answer<pb::PlanItem> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let item = self
            .app
            .update_plan_item(
                &caller,
                request.id,
                request.version,
                &request.content,
                &request.date,
            )
            .await?;
        Ok(Response::new(convert::plan_item(item)))
    }

    async fn delete_plan_item(
        &self,
        request: Request<pb::DeletePlanItemRequest>,
    ) -> Answer<pb::DeletePlanItemResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        self.app
            .delete_plan_item(&caller, request.id, request.version)
            .await?;
        Ok(Response::new(pb::DeletePlanItemResponse {}))
    }

    async fn record_plan_result(
        &self,
        request: Request<pb::RecordPlanResultRequest>,
    ) -> Answer<pb::PlanItem> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let item = self
            .app
            .record_plan_result(&caller, request.id, request.version, &request.result)
            .await?;
        Ok(Response::new(convert::plan_item(item)))
    }

    async fn mark_won(&self, request: Request<pb::MarkWonRequest>) -> Answer<pb::MarkWonResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let outcome = self
            .app
            .mark_won(
                &caller,
                request.id,
                request.version,
                request.allow_duplicate_name,
            )
            .await?;
        Ok(Response::new(pb::MarkWonResponse {
            opportunity: Some(convert::opportunity(outcome.opportunity)),
            customer: Some(customer(outcome.customer)),
        }))
    }

    async fn mark_lost(&self, request: Request<pb::MarkLostRequest>) -> Answer<pb::Opportunity> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let view = self
            .app
            .mark_lost(&caller, request.id, request.version)
            .await?;
        Ok(Response::new(convert::opportunity(view)))
    }
}
