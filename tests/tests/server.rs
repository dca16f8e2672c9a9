//! The server as operators and other systems see it: health, reflection, its database file.

use crm_tests::TestServer;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

#[tokio::test]
async fn health_service_reports_serving() {
    let server = TestServer::start_demo().await;
    let response = HealthClient::new(server.channel.clone())
        .check(HealthCheckRequest {
            service: "crm.v1.AuthService".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        response.status,
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );
}

#[tokio::test]
async fn database_file_is_created_and_demo_loaded_once() {
    let server = TestServer::start_demo().await;
    let path = server.dir.path().join("crm.sqlite3");
    assert!(path.exists());
    let dir = server.dir;
    server.server.shutdown().await.unwrap();

    // A second start on the same file migrates nothing and loads no second demo company.
    let again = crm_tests::start_in(dir.path(), "127.0.0.1:0", None).await;
    let channel = tonic::transport::Channel::from_shared(format!("http://{}", again.addr))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let server = TestServer {
        server: again,
        channel,
        dir,
    };
    let token = server.login("admin").await;
    let users = server
        .admin()
        .list_users(crm_tests::authed(
            &token,
            crm_proto::v1::ListUsersRequest {
                query: "admin".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(users.total, 1);
}

#[tokio::test]
async fn reflection_lists_the_crm_services() {
    use tonic_reflection::pb::v1::ServerReflectionRequest;
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;

    let server = TestServer::start_demo().await;
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut responses = ServerReflectionClient::new(server.channel.clone())
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let first = responses.message().await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = first.message_response else {
        panic!("expected a service list");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    assert!(
        names.contains(&"crm.v1.AuthService".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"crm.v1.AdminService".to_owned()),
        "{names:?}"
    );
}
