//! `crm.v1.AdminService`.

use crm_proto::v1 as pb;
use crm_proto::v1::admin_service_server::AdminService;
use crm_shared::dictionary::DictionaryType;
use crm_shared::validation::{Violation, ViolationCode};
use tonic::{Request, Response, Status};

use super::{caller, convert};
use crate::app::dictionary::Removal;
use crate::app::{App, NewUserInput, UserUpdateInput};
use crate::error::AppError;
use crate::store::{AuditFilter, UserFilter};

pub struct AdminRpc {
    pub app: App,
}

fn required(field: &str) -> AppError {
    AppError::invalid(Violation {
        field: field.to_owned(),
        code: ViolationCode::Required,
        params: Default::default(),
    })
}

fn kind(value: i32) -> Result<DictionaryType, AppError> {
    convert::dictionary_type(value).ok_or_else(|| required("type"))
}

fn non_zero(value: i64) -> Option<i64> {
    (value != 0).then_some(value)
}

fn non_empty(value: String) -> Option<String> {
    (!value.trim().is_empty()).then_some(value)
}

#[tonic::async_trait]
impl AdminService for AdminRpc {
    async fn list_users(
        &self,
        request: Request<pb::ListUsersRequest>,
    ) -> Result<Response<pb::ListUsersResponse>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let filter = UserFilter {
            query: request.query,
            status: convert::user_status(request.status),
            role_code: non_empty(request.role),
        };
        let (users, total) = self
            .app
            .list_users(&caller, &filter, convert::page(request.page))
            .await?;
        Ok(Response::new(pb::ListUsersResponse {
            users: users.into_iter().map(convert::user).collect(),
            total,
        }))
    }

    async fn create_user(
        &self,
        request: Request<pb::CreateUserRequest>,
    ) -> Result<Response<pb::User>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let input = NewUserInput {
            username: request.username,
            display_name: request.display_name,
            role_code: request.role,
            password: request.password,
            region_ids: request.region_ids,
            industry_ids: request.industry_ids,
        };
        let user = self.app.create_user(&caller, input).await?;
        Ok(Response::new(convert::user(user)))
    }

    async fn update_user(
        &self,
        request: Request<pb::UpdateUserRequest>,
    ) -> Result<Response<pb::User>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let status = convert::user_status(request.status).ok_or_else(|| required("status"))?;
        let input = UserUpdateInput {
            id: request.id,
            version: request.version,
            display_name: request.display_name,
            role_code: request.role,
            status,
            region_ids: request.region_ids,
            industry_ids: request.industry_ids,
        };
        let user = self.app.update_user(&caller, input).await?;
        Ok(Response::new(convert::user(user)))
    }

    async fn reset_password(
        &self,
        request: Request<pb::ResetPasswordRequest>,
    ) -> Result<Response<pb::ResetPasswordResponse>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        self.app
            .reset_password(&caller, request.id, &request.new_password)
            .await?;
        Ok(Response::new(pb::ResetPasswordResponse {}))
    }

    async fn list_roles(
        &self,
        request: Request<pb::ListRolesRequest>,
    ) -> Result<Response<pb::ListRolesResponse>, Status> {
        let caller = caller(&self.app, &request).await?;
        let (roles, rights) = self.app.list_roles(&caller).await?;
        Ok(Response::new(pb::ListRolesResponse {
            roles: roles.into_iter().map(convert::role).collect(),
            rights: rights
                .into_iter()
                .map(|r| pb::Right {
                    code: r.code,
                    name: r.name,
                })
                .collect(),
        }))
    }

    async fn update_role_rights(
        &self,
        request: Request<pb::UpdateRoleRightsRequest>,
    ) -> Result<Response<pb::Role>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let role = self
            .app
            .update_role_rights(&caller, &request.role, &request.rights)
            .await?;
        Ok(Response::new(convert::role(role)))
    }

    async fn list_dictionary(
        &self,
        request: Request<pb::ListDictionaryRequest>,
    ) -> Result<Response<pb::ListDictionaryResponse>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let items = self
            .app
            .list_dictionary(&caller, kind(request.r#type)?, request.include_disabled)
            .await?;
        Ok(Response::new(pb::ListDictionaryResponse {
            items: items.into_iter().map(convert::dictionary_item).collect(),
        }))
    }

    async fn create_dictionary_item(
        &self,
        request: Request<pb::CreateDictionaryItemRequest>,
    ) -> Result<Response<pb::DictionaryItem>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let item = self
            .app
            .create_dictionary_item(
                &caller,
                kind(request.r#type)?,
                &request.name,
                request.sort_order,
            )
            .await?;
        Ok(Response::new(convert::dictionary_item(item)))
    }

    async fn update_dictionary_item(
        &self,
        request: Request<pb::UpdateDictionaryItemRequest>,
    ) -> Result<Response<pb::DictionaryItem>, Status> {
        let caller = caller(&self.app, &request).await?;
        let r = request.into_inner();
        let item = self
            .app
            .update_dictionary_item(&caller, r.id, r.version, &r.name, r.sort_order, r.enabled)
            .await?;
        Ok(Response::new(convert::dictionary_item(item)))
    }

    async fn delete_dictionary_item(
        &self,
        request: Request<pb::DeleteDictionaryItemRequest>,
    ) -> Result<Response<pb::DeleteDictionaryItemResponse>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let removal = self
            .app
            .delete_dictionary_item(&caller, request.id, request.version)
            .await?;
        Ok(Response::new(pb::DeleteDictionaryItemResponse {
            disabled_instead: removal == Removal::Disabled,
        }))
    }

    async fn list_audit_log(
        &self,
        request: Request<pb::ListAuditLogRequest>,
    ) -> Result<Response<pb::ListAuditLogResponse>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let filter = AuditFilter {
            entity: non_empty(request.entity),
            entity_id: non_zero(request.entity_id),
            user_id: non_zero(request.user_id),
        };
        let (entries, total) = self
            .app
            .list_audit_log(&caller, &filter, convert::page(request.page))
            .await?;
        Ok(Response::new(pb::ListAuditLogResponse {
            entries: entries.into_iter().map(convert::audit_entry).collect(),
            total,
        }))
    }

    async fn list_api_keys(
        &self,
        request: Request<pb::ListApiKeysRequest>,
    ) -> Result<Response<pb::ListApiKeysResponse>, Status> {
        let caller = caller(&self.app, &request).await?;
        let keys = self.app.list_api_keys(&caller).await?;
        Ok(Response::new(pb::ListApiKeysResponse {
            keys: keys.into_iter().map(convert::api_key).collect(),
        }))
    }

    async fn create_api_key(
        &self,
        request: Request<pb::CreateApiKeyRequest>,
    ) -> Result<Response<pb::CreateApiKeyResponse>, Status> {
        let caller = caller(&self.app, &request).await?;
        let name = request.into_inner().name;
        let (key, secret) = self.app.create_api_key(&caller, &name).await?;
        Ok(Response::new(pb::CreateApiKeyResponse {
            key: Some(convert::api_key(key)),
            secret,
        }))
    }

    async fn revoke_api_key(
        &self,
        request: Request<pb::RevokeApiKeyRequest>,
    ) -> Result<Response<pb::ApiKey>, Status> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let key = self
            .app
            .revoke_api_key(&caller, request.id, request.version)
            .await?;
        Ok(Response::new(convert::api_key(key)))
    }
}
