//! `crm.v1.ServiceTicketService`.

use crm_proto::v1 as pb;
use crm_proto::v1::service_ticket_service_server::ServiceTicketService;
use tonic::{Request, Response, Status};

use super::customer_convert::non_zero;
use super::ticket_convert as convert;
use super::{caller, convert::page};
use crate::app::App;
use crate::app::tickets::TicketQuery;

pub struct ServiceTicketRpc {
    pub app: App,
}

type Answer<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl ServiceTicketService for ServiceTicketRpc {
    async fn create_ticket(&self, request: Request<pb::CreateTicketRequest>) -> Answer<pb::Ticket> {
        let caller = caller(&self.app, &request).await?;
        let fields = convert::ticket_fields(request.into_inner().fields.unwrap_or_default());
        let view = self.app.create_ticket(&caller, &fields).await?;
        Ok(Response::new(convert::ticket(view)))
    }

    async fn list_tickets(
        &self,
        request: Request<pb::ListTicketsRequest>,
    ) -> Answer<pb::ListTicketsResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let query = TicketQuery {
            status: convert::ticket_status(request.status)?,
            customer_id: non_zero(request.customer_id),
            customer_name: request.customer_name,
            type_id: non_zero(request.type_id),
            summary: request.summary,
            created_from: request.created_from,
            created_to: request.created_to,
            assignee_id: non_zero(request.assignee_id),
            created_by: non_zero(request.created_by),
        };
        let (found, total) = self
            .app
            .list_tickets(&caller, &query, page(request.page))
            .await?;
        Ok(Response::new(pb::ListTicketsResponse {
            tickets: found.into_iter().map(convert::ticket).collect(),
            total,
        }))
    }

    async fn get_ticket(&self, request: Request<pb::GetTicketRequest>) -> Answer<pb::TicketDetail> {
        let caller = caller(&self.app, &request).await?;
        let id = request.get_ref().id;
        let (view, rounds) = self.app.get_ticket(&caller, id).await?;
        Ok(Response::new(pb::TicketDetail {
            ticket: Some(convert::ticket(view)),
            rounds: rounds.into_iter().map(convert::round).collect(),
        }))
    }

    async fn assign_ticket(&self, request: Request<pb::AssignTicketRequest>) -> Answer<pb::Ticket> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let view = self
            .app
            .assign_ticket(&caller, request.id, request.version, request.assignee_id)
            .await?;
        Ok(Response::new(convert::ticket(view)))
    }

    async fn process_ticket(
        &self,
        request: Request<pb::ProcessTicketRequest>,
    ) -> Answer<pb::Ticket> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let view = self
            .app
            .process_ticket(&caller, request.id, request.version, &request.handling)
            .await?;
        Ok(Response::new(convert::ticket(view)))
    }

    async fn record_feedback(
        &self,
        request: Request<pb::RecordFeedbackRequest>,
    ) -> Answer<pb::Ticket> {
        let caller = caller(&self.app, &request).await?;
        let r = request.into_inner();
        let view = self
            .app
            .record_feedback(&caller, r.id, r.version, &r.result, r.satisfaction)
            .await?;
        Ok(Response::new(convert::ticket(view)))
    }

    async fn get_ticket_board(
        &self,
        request: Request<pb::GetTicketBoardRequest>,
    ) -> Answer<pb::TicketBoard> {
        let caller = caller(&self.app, &request).await?;
        let board = self
            .app
            .ticket_board(&caller, page(request.into_inner().page))
            .await?;
        Ok(Response::new(convert::ticket_board(board)))
    }
}
