//! Login, lock-out, sessions and rights over real gRPC (DESIGN §3.2).

use crm_proto::v1::{
    ChangePasswordRequest, ListUsersRequest, LoginRequest, LogoutRequest, UpdateUserRequest,
    UserStatus, WhoAmIRequest,
};
use crm_tests::{DEMO_PASSWORD, TestServer, authed, detail};
use tonic::Code;

#[tokio::test]
async fn login_returns_token_and_rights() {
    let server = TestServer::start_demo().await;
    let response = server
        .auth()
        .login(LoginRequest {
            username: "admin".into(),
            password: DEMO_PASSWORD.into(),
            remember: false,
        })
        .await
        .unwrap()
        .into_inner();
    let user = response.user.unwrap();
    assert_eq!(user.username, "admin");
    assert_eq!(user.role, "administrator");
    assert!(user.rights.contains(&"admin.dictionary".to_owned()));
    assert_eq!(response.token.len(), 64);

    let me = server
        .auth()
        .who_am_i(authed(&response.token, WhoAmIRequest {}))
        .await
        .unwrap();
    assert_eq!(me.into_inner().display_name, user.display_name);
}

#[tokio::test]
async fn wrong_password_is_refused_as_illegal_user() {
    let server = TestServer::start_demo().await;
    let status = server
        .try_login("manager1", "wrong-password")
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    assert_eq!(status.message(), "非法用户");
    assert_eq!(detail(&status).code, "ILLEGAL_USER");
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_with_the_same_answer_as_an_unknown_user() {
    let server = TestServer::start_demo().await;
    for _ in 0..5 {
        server
            .try_login("manager1", "wrong-password")
            .await
            .unwrap_err();
    }
    let locked = server
        .try_login("manager1", DEMO_PASSWORD)
        .await
        .unwrap_err();
    let unknown = server.try_login("nobody", DEMO_PASSWORD).await.unwrap_err();
    assert_eq!(locked.code(), unknown.code());
    assert_eq!(locked.message(), unknown.message());
    assert_eq!(detail(&locked), detail(&unknown));
    assert_eq!(locked.message(), "非法用户");

    // The administrator sees the lock and can lift it with a password reset.
    let admin = server.login("admin").await;
    let users = server
        .admin()
        .list_users(authed(
            &admin,
            ListUsersRequest {
                query: "manager1".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .users;
    assert!(
        users[0].locked_until.is_some(),
        "lock visible to administrators"
    );
    assert_eq!(users[0].role_name, "客户经理", "role named with the user");
}

#[tokio::test]
async fn four_wrong_passwords_do_not_lock() {
    let server = TestServer::start_demo().await;
    for _ in 0..4 {
        server
            .try_login("manager2", "wrong-password")
            .await
            .unwrap_err();
    }
    server.try_login("manager2", DEMO_PASSWORD).await.unwrap();
}

#[tokio::test]
async fn call_without_token_is_unauthenticated() {
    let server = TestServer::start_demo().await;
    let status = server
        .admin()
        .list_users(ListUsersRequest::default())
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    assert_eq!(detail(&status).code, "UNAUTHENTICATED");

    let forged = authed("0".repeat(64).as_str(), WhoAmIRequest {});
    assert_eq!(
        server.auth().who_am_i(forged).await.unwrap_err().code(),
        Code::Unauthenticated
    );
}

#[tokio::test]
async fn manager_calling_an_administrator_rpc_is_denied() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let status = server
        .admin()
        .list_users(authed(&token, ListUsersRequest::default()))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
    assert_eq!(detail(&status).code, "PERMISSION_DENIED");
}

#[tokio::test]
async fn disabled_account_cannot_log_in_and_loses_its_sessions() {
    let server = TestServer::start_demo().await;
    let admin = server.login("admin").await;
    let manager_token = server.login("manager2").await;
    let user = server
        .admin()
        .list_users(authed(
            &admin,
            ListUsersRequest {
                query: "manager2".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .users
        .remove(0);
    let update = UpdateUserRequest {
        id: user.id,
        version: user.version,
        display_name: user.display_name,
        role: user.role,
        status: UserStatus::Disabled.into(),
        region_ids: user.region_ids,
        industry_ids: user.industry_ids,
    };
    server
        .admin()
        .update_user(authed(&admin, update))
        .await
        .unwrap();

    let status = server
        .try_login("manager2", DEMO_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(status.message(), "非法用户");
    let old_session = server
        .auth()
        .who_am_i(authed(&manager_token, WhoAmIRequest {}))
        .await;
    assert_eq!(old_session.unwrap_err().code(), Code::Unauthenticated);
}

#[tokio::test]
async fn logout_revokes_the_token() {
    let server = TestServer::start_demo().await;
    let token = server.login("executive").await;
    server
        .auth()
        .logout(authed(&token, LogoutRequest {}))
        .await
        .unwrap();
    let status = server
        .auth()
        .who_am_i(authed(&token, WhoAmIRequest {}))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
}

#[tokio::test]
async fn changed_password_replaces_the_old_one() {
    let server = TestServer::start_demo().await;
    let token = server.login("hr").await;
    let short = ChangePasswordRequest {
        old_password: DEMO_PASSWORD.into(),
        new_password: "short".into(),
    };
    let status = server
        .auth()
        .change_password(authed(&token, short))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(detail(&status).violations[0].field, "new_password");
    assert_eq!(detail(&status).violations[0].code, "TOO_SHORT");

    let change = ChangePasswordRequest {
        old_password: DEMO_PASSWORD.into(),
        new_password: "new-secret-2026".into(),
    };
    server
        .auth()
        .change_password(authed(&token, change))
        .await
        .unwrap();
    assert!(server.try_login("hr", DEMO_PASSWORD).await.is_err());
    server.try_login("hr", "new-secret-2026").await.unwrap();
}
