//! `crm.v1.IntegrationService`: other systems' calls, authenticated by `x-api-key`.

use crm_proto::v1 as pb;
use crm_proto::v1::integration_service_server::IntegrationService;
use tonic::{Request, Response, Status};

use super::convert::page;
use super::customer_convert::{customer, customer_filter, customer_list};
use super::ticket_convert::ticket;
use crate::app::App;
use crate::app::customers::CustomerView;
use crate::app::integration::ServiceRequest;
use crate::app::tickets::TicketView;
use crate::error::AppResult;
use crate::store::ApiKeyRecord;

pub struct IntegrationRpc {
    pub app: App,
}

type Answer<T> = Result<Response<T>, Status>;

/// The key in use the call carries, or `UNAUTHENTICATED`; records the key on the RPC's span.
async fn api_key<T>(app: &App, request: &Request<T>) -> AppResult<ApiKeyRecord> {
    let secret = request
        .metadata()
        .get("x-api-key")
        .and_then(|value| value.to_str().ok());
    let key = app.authenticate_api_key(secret).await?;
    tracing::Span::current().record("api_key_id", key.id);
    Ok(key)
}

#[tonic::async_trait]
impl IntegrationService for IntegrationRpc {
    async fn submit_service_request(
        &self,
        request: Request<pb::SubmitServiceRequestRequest>,
    ) -> Answer<pb::SubmitServiceRequestResponse> {
        let key = api_key(&self.app, &request).await?;
        let r = request.into_inner();
        let submitted = ServiceRequest {
            external_ref: r.external_ref,
            customer_number: r.customer_number,
            sales_code: r.sales_code,
            type_name: r.r#type,
            summary: r.summary,
            request: r.request,
        };
        let done = self.app.submit_service_request(&key, &submitted).await?;
        // Another system may do nothing with a ticket in the CRM: no actions are offered.
        let view = TicketView {
            ticket: done.ticket,
            assignable: false,
            processable: false,
            feedback_allowed: false,
        };
        Ok(Response::new(pb::SubmitServiceRequestResponse {
            ticket: Some(ticket(view)),
            created: done.created,
        }))
    }

    async fn list_customers(
        &self,
        request: Request<pb::ListCustomersRequest>,
    ) -> Answer<pb::ListCustomersResponse> {
        api_key(&self.app, &request).await?;
        let request = request.into_inner();
        let filter = customer_filter(&request);
        let found = self
            .app
            .integration_customers(&filter, page(request.page))
            .await?;
        Ok(Response::new(customer_list(found)))
    }

    async fn get_customer(
        &self,
        request: Request<pb::IntegrationGetCustomerRequest>,
    ) -> Answer<pb::Customer> {
        api_key(&self.app, &request).await?;
        let request = request.into_inner();
        let found = self
            .app
            .integration_customer(request.id, &request.number)
            .await?;
        let view = CustomerView {
            customer: found,
            editable: false,
            manager_changeable: false,
        };
        Ok(Response::new(customer(view)))
    }
}
