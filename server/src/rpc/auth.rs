//! `crm.v1.AuthService`.

use crm_proto::v1 as pb;
use crm_proto::v1::auth_service_server::AuthService;
use tonic::{Request, Response, Status};

use super::caller;
use super::convert::timestamp;
use crate::app::App;
use crate::auth::Caller;

pub struct AuthRpc {
    pub app: App,
}

fn current_user(caller: Caller) -> pb::CurrentUser {
    let mut rights: Vec<String> = caller.rights.iter().map(|r| r.code().to_owned()).collect();
    rights.sort();
    pb::CurrentUser {
        id: caller.user_id,
        username: caller.username,
        display_name: caller.display_name,
        role: caller.role_code,
        role_name: caller.role_name,
        rights,
    }
}

#[tonic::async_trait]
impl AuthService for AuthRpc {
    async fn login(
        &self,
        request: Request<pb::LoginRequest>,
    ) -> Result<Response<pb::LoginResponse>, Status> {
        let request = request.into_inner();
        let outcome = self
            .app
            .login(&request.username, &request.password, request.remember)
            .await?;
        tracing::Span::current().record("user_id", outcome.caller.user_id);
        Ok(Response::new(pb::LoginResponse {
            token: outcome.token,
            expires_at: Some(timestamp(outcome.expires_at)),
            user: Some(current_user(outcome.caller)),
        }))
    }

    async fn logout(
        &self,
        request: Request<pb::LogoutRequest>,
    ) -> Result<Response<pb::LogoutResponse>, Status> {
        let caller = caller(&self.app, &request).await?;
        self.app.logout(&caller).await?;
        Ok(Response::new(pb::LogoutResponse {}))
    }

    async fn who_am_i(
        &self,
        request: Request<pb::WhoAmIRequest>,
    ) -> Result<Response<pb::CurrentUser>, Status> {
        let caller = caller(&self.app, &request).await?;
        Ok(Response::new(current_user(caller)))
    }

    async fn change_password(
        &self,
        request: Request<pb::ChangePasswordRequest>,
    ) -> Result<Response<pb::ChangePasswordResponse>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        self.app
            .change_password(&caller, &request.old_password, &request.new_password)
            .await?;
        Ok(Response::new(pb::ChangePasswordResponse {}))
    }
}
