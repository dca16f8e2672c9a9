//! The server as operators and other systems see it: health, reflection, its database file.

use crm_tests::TestServer;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

#[tokio::test]
async fn health_service_reports_serving() {
    let server = TestServer::start_demo().await;
    let response = HealthClient::new(server.channel.clone())
        .check(HealthCheckRequest { service: "crm.v1.AuthService".into() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.status, tonic_health::pb::health_check_response::ServingStatus::Serving as i32);
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
    let server = TestServer { server: again, channel, dir };
    let token = server.login("admin").await;
    let users = server
        .admin()
        .list_users(crm_tests::authed(&token, crm_proto::v1::ListUsersRequest {
            query: "admin".into(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(users.total, 1);
}
