//! The interface for other systems end to end (DESIGN §4): API keys the administrator creates
//! and revokes, service requests submitted with them (once per external reference), and the
//! customer read RPCs.

use crm_proto::v1::{
    ApiKey, CreateApiKeyRequest, CreateApiKeyResponse, IntegrationGetCustomerRequest,
    ListApiKeysRequest, ListCustomersRequest, ListTicketsRequest, RevokeApiKeyRequest,
    SubmitServiceRequestRequest, SubmitServiceRequestResponse, TicketStatus,
};
use crm_tests::{TestServer, authed, detail, with_key};
use tonic::{Code, Request, Status};

async fn try_create_key(
    server: &TestServer,
    token: &str,
    name: &str,
) -> Result<CreateApiKeyResponse, Status> {
    let request = CreateApiKeyRequest { name: name.into() };
    let created = server.admin().create_api_key(authed(token, request)).await;
    created.map(tonic::Response::into_inner)
}

async fn keys(server: &TestServer, admin: &str) -> Vec<ApiKey> {
    let request = authed(admin, ListApiKeysRequest {});
    let listed = server.admin().list_api_keys(request).await;
    listed.unwrap().into_inner().keys
}

/// A new key of the administrator's: its secret.
async fn new_key(server: &TestServer, name: &str) -> String {
    let admin = server.login("admin").await;
    try_create_key(server, &admin, name).await.unwrap().secret
}

fn service_request(external_ref: &str, customer_number: &str) -> SubmitServiceRequestRequest {
    SubmitServiceRequestRequest {
        external_ref: external_ref.into(),
        customer_number: customer_number.into(),
        sales_code: String::new(),
        r#type: "咨询".into(),
        summary: "来电咨询保修".into(),
        request: "客户来电询问设备保修期限。".into(),
    }
}

async fn submit(
    server: &TestServer,
    request: Request<SubmitServiceRequestRequest>,
) -> Result<SubmitServiceRequestResponse, Status> {
    let answer = server.integration().submit_service_request(request).await;
    answer.map(tonic::Response::into_inner)
}

/// A demo customer's number.
async fn some_customer_number(server: &TestServer, key: &str) -> String {
    let request = with_key(key, ListCustomersRequest::default());
    let found = server.integration().list_customers(request).await.unwrap();
    found.into_inner().customers[0].number.clone()
}

/// The tickets with this summary part, as the supervisor finds them.
async fn tickets_with(server: &TestServer, summary: &str) -> u64 {
    let supervisor = server.login("supervisor").await;
    let request = ListTicketsRequest {
        summary: summary.into(),
        ..ListTicketsRequest::default()
    };
    let found = server
        .tickets()
        .list_tickets(authed(&supervisor, request))
        .await;
    found.unwrap().into_inner().total
}

#[tokio::test]
async fn a_submitted_request_becomes_a_new_ticket_of_that_system() {
    let server = TestServer::start_demo().await;
    let key = new_key(&server, "客服热线").await;
    let number = some_customer_number(&server, &key).await;

    let answer = submit(&server, with_key(&key, service_request("HL-1", &number)))
        .await
        .unwrap();
    assert!(answer.created);
    let ticket = answer.ticket.unwrap();
    assert_eq!(ticket.status(), TicketStatus::New);
    assert_eq!(ticket.source_system, "客服热线");
    assert_eq!(ticket.created_by, 0);
    assert_eq!(ticket.customer_number, number);
    assert_eq!(ticket.type_name, "咨询");
    assert!(ticket.number.starts_with("FW"));

    // The supervisor sees it among the tickets waiting to be assigned.
    let supervisor = server.login("supervisor").await;
    let request = ListTicketsRequest {
        status: TicketStatus::New.into(),
        ..ListTicketsRequest::default()
    };
    let found = server
        .tickets()
        .list_tickets(authed(&supervisor, request))
        .await;
    let found = found.unwrap().into_inner().tickets;
    let listed = found.iter().find(|t| t.id == ticket.id).unwrap();
    assert!(listed.assignable);
}

#[tokio::test]
async fn a_retried_submission_yields_one_ticket() {
    let server = TestServer::start_demo().await;
    let key = new_key(&server, "呼叫中心二期").await;
    let number = some_customer_number(&server, &key).await;
    let mut request = service_request("CC-777", &number);
    request.summary = "重试只建一张".into();

    let first = submit(&server, with_key(&key, request.clone()))
        .await
        .unwrap();
    let again = submit(&server, with_key(&key, request.clone()))
        .await
        .unwrap();
    assert!(first.created && !again.created);
    assert_eq!(first.ticket.unwrap().id, again.ticket.unwrap().id);

    // Two at once, as a system that times out and resends would send them.
    request.external_ref = "CC-778".into();
    let (a, b) = tokio::join!(
        submit(&server, with_key(&key, request.clone())),
        submit(&server, with_key(&key, request.clone()))
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.ticket.unwrap().id, b.ticket.unwrap().id);
    assert!(a.created ^ b.created, "exactly one call made it");
    assert_eq!(tickets_with(&server, "重试只建一张").await, 2);

    // Another system's reference of the same text is its own.
    let other = new_key(&server, "网上商城").await;
    let from_other = submit(
        &server,
        with_key(&other, service_request("CC-777", &number)),
    )
    .await
    .unwrap();
    assert!(from_other.created);
}

#[tokio::test]
async fn missing_unknown_or_revoked_keys_are_refused() {
    let server = TestServer::start_demo().await;
    let admin = server.login("admin").await;
    let created = try_create_key(&server, &admin, "旧系统").await.unwrap();
    let key = created.secret.clone();
    let number = some_customer_number(&server, &key).await;

    let plain = Request::new(service_request("X-1", &number));
    assert_eq!(
        submit(&server, plain).await.unwrap_err().code(),
        Code::Unauthenticated
    );
    let wrong = with_key("crm_0000", service_request("X-1", &number));
    assert_eq!(
        submit(&server, wrong).await.unwrap_err().code(),
        Code::Unauthenticated
    );

    let stored = created.key.unwrap();
    let request = RevokeApiKeyRequest {
        id: stored.id,
        version: stored.version,
    };
    let revoked = server.admin().revoke_api_key(authed(&admin, request)).await;
    assert!(revoked.unwrap().into_inner().revoked_at.is_some());
    let refused = submit(&server, with_key(&key, service_request("X-1", &number)))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::Unauthenticated);
    let listing = server
        .integration()
        .list_customers(with_key(&key, ListCustomersRequest::default()))
        .await;
    assert_eq!(listing.unwrap_err().code(), Code::Unauthenticated);
    assert_eq!(
        tickets_with(&server, "来电咨询保修").await,
        0,
        "nothing created"
    );

    // The name is free again for the system's new key.
    assert!(try_create_key(&server, &admin, "旧系统").await.is_ok());
}

#[tokio::test]
async fn the_customer_read_rpcs_need_a_key() {
    let server = TestServer::start_demo().await;
    let key = new_key(&server, "报表平台").await;

    let listed = server
        .integration()
        .list_customers(with_key(&key, ListCustomersRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.customers.len(), 20);
    assert!(listed.total >= 60);
    let first = &listed.customers[0];

    let by_number = IntegrationGetCustomerRequest {
        id: 0,
        number: first.number.clone(),
    };
    let found = server
        .integration()
        .get_customer(with_key(&key, by_number))
        .await;
    let found = found.unwrap().into_inner();
    assert_eq!(
        (found.id, found.fields.unwrap().name),
        (first.id, first.name.clone())
    );
    assert!(!found.editable);
    let by_id = IntegrationGetCustomerRequest {
        id: first.id,
        number: String::new(),
    };
    let found = server
        .integration()
        .get_customer(with_key(&key, by_id))
        .await;
    assert_eq!(found.unwrap().into_inner().number, first.number);

    let unknown = IntegrationGetCustomerRequest {
        id: 0,
        number: "KH19000101001".into(),
    };
    let missing = server
        .integration()
        .get_customer(with_key(&key, unknown))
        .await;
    assert_eq!(missing.unwrap_err().code(), Code::NotFound);

    let without = server
        .integration()
        .list_customers(Request::new(ListCustomersRequest::default()))
        .await;
    assert_eq!(without.unwrap_err().code(), Code::Unauthenticated);
    let without = server
        .integration()
        .get_customer(Request::new(IntegrationGetCustomerRequest::default()))
        .await;
    assert_eq!(without.unwrap_err().code(), Code::Unauthenticated);
    // A user's session token is no API key.
    let manager = server.login("manager1").await;
    let session = authed(&manager, ListCustomersRequest::default());
    let refused = server.integration().list_customers(session).await;
    assert_eq!(refused.unwrap_err().code(), Code::Unauthenticated);
}

#[tokio::test]
async fn bad_submissions_name_every_problem_and_save_nothing() {
    let server = TestServer::start_demo().await;
    let key = new_key(&server, "测试系统").await;

    let mut request = service_request("", "KH19000101001");
    request.r#type = "维修".into();
    request.summary = String::new();
    let refused = submit(&server, with_key(&key, request)).await.unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument);
    let fields: Vec<String> = detail(&refused)
        .violations
        .into_iter()
        .map(|v| format!("{}:{}", v.field, v.code))
        .collect();
    assert_eq!(fields, ["external_ref:REQUIRED"]);

    let mut request = service_request("T-1", "KH19000101001");
    request.r#type = "维修".into();
    request.summary = String::new();
    let refused = submit(&server, with_key(&key, request)).await.unwrap_err();
    let fields: Vec<String> = detail(&refused)
        .violations
        .into_iter()
        .map(|v| format!("{}:{}", v.field, v.code))
        .collect();
    assert_eq!(
        fields,
        [
            "customer_number:UNKNOWN",
            "type:UNKNOWN",
            "summary:REQUIRED"
        ]
    );

    // By the sales system's code when the caller knows no customer number.
    let mut by_code = service_request("T-2", "");
    by_code.sales_code = "XS10003".into();
    let made = submit(&server, with_key(&key, by_code)).await;
    let ticket = made.unwrap().ticket.unwrap();
    assert!(!ticket.customer_name.is_empty());
    assert_eq!(tickets_with(&server, "来电咨询保修").await, 1);
}

#[tokio::test]
async fn only_administrators_manage_keys_and_secrets_are_stored_hashed() {
    let server = TestServer::start_demo().await;
    let admin = server.login("admin").await;
    let supervisor = server.login("supervisor").await;

    let refused = try_create_key(&server, &supervisor, "越权")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let blank = try_create_key(&server, &admin, "  ").await.unwrap_err();
    assert_eq!(detail(&blank).violations[0].code, "REQUIRED");

    let created = try_create_key(&server, &admin, "仓储系统").await.unwrap();
    let duplicate = try_create_key(&server, &admin, "仓储系统")
        .await
        .unwrap_err();
    assert_eq!(detail(&duplicate).violations[0].code, "DUPLICATE");

    let secret = created.secret;
    let shown = created.key.unwrap();
    assert!(secret.starts_with(&shown.prefix) && shown.prefix.len() < secret.len());
    let listed = keys(&server, &admin).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].name.as_str(), listed[0].created_by_name.as_str()),
        ("仓储系统", "赵磊")
    );

    // The database holds no secret, only its hash.
    let db = std::fs::read(server.dir.path().join("crm.sqlite3")).unwrap();
    let wal = std::fs::read(server.dir.path().join("crm.sqlite3-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&secret), "the secret is stored in clear");
    }
    let used = server
        .integration()
        .list_customers(with_key(&secret, ListCustomersRequest::default()))
        .await;
    assert!(used.is_ok());
    let listed = keys(&server, &admin).await;
    assert!(listed[0].last_used_at.is_some());
}
