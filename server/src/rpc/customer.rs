//! `crm.v1.CustomerService`.

use crm_proto::v1 as pb;
use crm_proto::v1::customer_service_server::CustomerService;
use tonic::{Request, Response, Status};

use super::customer_convert as convert;
use super::{caller, convert::page};
use crate::app::App;

pub struct CustomerRpc {
    pub app: App,
}

type Answer<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl CustomerService for CustomerRpc {
    async fn list_customers(
        &self,
        request: Request<pb::ListCustomersRequest>,
    ) -> Answer<pb::ListCustomersResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let filter = convert::customer_filter(&request);
        let found = self
            .app
            .list_customers(&caller, &filter, page(request.page))
            .await?;
        Ok(Response::new(convert::customer_list(found)))
    }

    async fn get_customer(&self, request: Request<pb::GetCustomerRequest>) -> Answer<pb::Customer> {
        let caller = caller(&self.app, &request).await?;
        let view = self.app.get_customer(&caller, request.get_ref().id).await?;
        Ok(Response::new(convert::customer(view)))
    }

    async fn create_customer(
        &self,
        request: Request<pb::CreateCustomerRequest>,
    ) -> Answer<pb::Customer> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let fields = convert::customer_fields(request.fields.unwrap_or_default());
        let view = self
            .app
            .create_customer(&caller, &fields, request.allow_duplicate_name)
            .await?;
        Ok(Response::new(convert::customer(view)))
    }

    async fn update_customer(
        &self,
        request: Request<pb::UpdateCustomerRequest>,
    ) -> Answer<pb::Customer> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let fields = convert::customer_fields(request.fields.unwrap_or_default());
        let view = self
            .app
            .update_customer(&caller, request.id, request.version, &fields)
            .await?;
        Ok(Response::new(convert::customer(view)))
    }

    async fn list_managers(
        &self,
        request: Request<pb::ListManagersRequest>,
    ) -> Answer<pb::ListManagersResponse> {
        let caller = caller(&self.app, &request).await?;
        let users = self.app.list_managers(&caller).await?;
        let managers = users
            .into_iter()
            .map(|user| pb::Manager {
                id: user.id,
                username: user.username,
                display_name: user.display_name,
            })
            .collect();
        Ok(Response::new(pb::ListManagersResponse { managers }))
    }

    async fn list_contacts(
        &self,
        request: Request<pb::ListContactsRequest>,
    ) -> Answer<pb::ListContactsResponse> {
        let caller = caller(&self.app, &request).await?;
        let contacts = self
            .app
            .list_contacts(&caller, request.get_ref().customer_id)
            .await?;
        Ok(Response::new(pb::ListContactsResponse {
            contacts: contacts.into_iter().map(convert::contact).collect(),
        }))
    }

    async fn create_contact(
        &self,
        request: Request<pb::CreateContactRequest>,
    ) -> Answer<pb::Contact> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let fields = convert::contact_fields(request.fields.unwrap_or_default());
        let contact = self
            .app
            .create_contact(&caller, request.customer_id, &fields)
            .await?;
        Ok(Response::new(convert::contact(contact)))
    }

    async fn update_contact(
        &self,
        request: Request<pb::UpdateContactRequest>,
    ) -> Answer<pb::Contact> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let fields = convert::contact_fields(request.fields.unwrap_or_default());
        let contact = self
            .app
            .update_contact(&caller, request.id, request.version, &fields)
            .await?;
        Ok(Response::new(convert::contact(contact)))
    }

    async fn delete_contact(
        &self,
        request: Request<pb::DeleteContactRequest>,
    ) -> Answer<pb::DeleteContactResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.get_ref();
        self.app
            .delete_contact(&caller, request.id, request.version)
            .await?;
        Ok(Response::new(pb::DeleteContactResponse {}))
    }

    async fn list_interactions(
        &self,
        request: Request<pb::ListInteractionsRequest>,
    ) -> Answer<pb::ListInteractionsResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let (interactions, total) = self
            .app
            .list_interactions(&caller, request.customer_id, page(request.page))
            .await?;
        Ok(Response::new(pb::ListInteractionsResponse {
            interactions: interactions.into_iter().map(convert::interaction).collect(),
            total,
        }))
    }

    async fn create_interaction(
        &self,
        request: Request<pb::CreateInteractionRequest>,
    ) -> Answer<pb::Interaction> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let fields = convert::interaction_fields(request.fields.unwrap_or_default());
        let interaction = self
            .app
            .create_interaction(&caller, request.customer_id, &fields)
            .await?;
        Ok(Response::new(convert::interaction(interaction)))
    }

    async fn update_interaction(
        &self,
        request: Request<pb::UpdateInteractionRequest>,
    ) -> Answer<pb::Interaction> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let fields = convert::interaction_fields(request.fields.unwrap_or_default());
        let interaction = self
            .app
            .update_interaction(&caller, request.id, request.version, &fields)
            .await?;
        Ok(Response::new(convert::interaction(interaction)))
    }

    async fn delete_interaction(
        &self,
        request: Request<pb::DeleteInteractionRequest>,
    ) -> Answer<pb::DeleteInteractionResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.get_ref();
        self.app
            .delete_interaction(&caller, request.id, request.version)
            .await?;
        Ok(Response::new(pb::DeleteInteractionResponse {}))
    }

    async fn list_orders(
        &self,
        request: Request<pb::ListOrdersRequest>,
    ) -> Answer<pb::ListOrdersResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let (orders, total) = self
            .app
            .list_orders(&caller, request.customer_id, page(request.page))
            .await?;
        Ok(Response::new(pb::ListOrdersResponse {
            orders: orders.into_iter().map(convert::order_summary).collect(),
            total,
        }))
    }

    async fn get_order(&self, request: Request<pb::GetOrderRequest>) -> Answer<pb::Order> {
        let caller = caller(&self.app, &request).await?;
        let view = self.app.get_order(&caller, request.get_ref().id).await?;
        Ok(Response::new(convert::order(view)))
    }
}
