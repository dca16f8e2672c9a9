//! What every end-to-end test needs: a real server (the `crm-server` library, started as the
//! binary starts it) on an ephemeral loopback port over a fresh SQLite file, and real tonic
//! clients talking to it.

use std::path::Path;
use std::sync::Arc;

use crm_proto::v1::admin_service_client::AdminServiceClient;
use crm_proto::v1::auth_service_client::AuthServiceClient;
use crm_proto::v1::customer_service_client::CustomerServiceClient;
use crm_proto::v1::integration_service_client::IntegrationServiceClient;
use crm_proto::v1::opportunity_service_client::OpportunityServiceClient;
use crm_proto::v1::service_ticket_service_client::ServiceTicketServiceClient;
use crm_proto::v1::{
    CreateCustomerRequest, Customer, CustomerFields, DictionaryType, ErrorDetail,
    ListDictionaryRequest, ListUsersRequest, LoginRequest,
};
use crm_server::app::{SessionPolicy, SystemClock};
use crm_server::config::DatabaseUrl;
use crm_server::io::order_import::{ImportReport, import_file};
use crm_server::server::{RunningServer, ServerOptions, start};
use crm_server::store::sqlite::SqliteStore;
use prost::Message;
use tempfile::TempDir;
use tonic::transport::{Channel, Identity};
use tonic::{Request, Status};

pub use crm_server::demo::DEMO_PASSWORD;

pub struct TestServer {
    pub server: RunningServer,
    pub channel: Channel,
    /// Holds the database file; removed when the test ends.
    pub dir: TempDir,
}

impl TestServer {
    /// A plaintext server with the demo company on a new database.
    pub async fn start_demo() -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let server = start_in(dir.path(), "127.0.0.1:0", None).await;
        let channel = Channel::from_shared(format!("http://{}", server.addr))
            .unwrap()
            .connect()
            .await
            .unwrap();
        TestServer {
            server,
            channel,
            dir,
        }
    }

    pub fn auth(&self) -> AuthServiceClient<Channel> {
        AuthServiceClient::new(self.channel.clone())
    }

    pub fn admin(&self) -> AdminServiceClient<Channel> {
        AdminServiceClient::new(self.channel.clone())
    }

    pub fn customers(&self) -> CustomerServiceClient<Channel> {
        CustomerServiceClient::new(self.channel.clone())
    }

    pub fn opportunities(&self) -> OpportunityServiceClient<Channel> {
        OpportunityServiceClient::new(self.channel.clone())
    }

    pub fn tickets(&self) -> ServiceTicketServiceClient<Channel> {
        ServiceTicketServiceClient::new(self.channel.clone())
    }

    pub fn integration(&self) -> IntegrationServiceClient<Channel> {
        IntegrationServiceClient::new(self.channel.clone())
    }

    /// The id of a demo user, looked up by the administrator.
    pub async fn user_id(&self, username: &str) -> i64 {
        let admin = self.login("admin").await;
        let request = ListUsersRequest {
            query: username.to_owned(),
            ..ListUsersRequest::default()
        };
        let users = self.admin().list_users(authed(&admin, request)).await;
        let users = users.unwrap().into_inner().users;
        users
            .into_iter()
            .find(|u| u.username == username)
            .unwrap()
            .id
    }

    /// The id of the dictionary item with this name.
    pub async fn item_named(&self, token: &str, kind: DictionaryType, name: &str) -> i64 {
        let request = ListDictionaryRequest {
            r#type: kind.into(),
            include_disabled: true,
        };
        let items = self.admin().list_dictionary(authed(token, request)).await;
        let items = items.unwrap().into_inner().items;
        items.into_iter().find(|item| item.name == name).unwrap().id
    }

    /// The first enabled item of a dictionary.
    pub async fn first_item(&self, token: &str, kind: DictionaryType) -> i64 {
        let request = ListDictionaryRequest {
            r#type: kind.into(),
            include_disabled: false,
        };
        let items = self.admin().list_dictionary(authed(token, request)).await;
        items.unwrap().into_inner().items[0].id
    }

    /// Creates a customer; a region and level left at 0 become the first of their kind.
    pub async fn new_customer(&self, token: &str, mut fields: CustomerFields) -> Customer {
        if fields.region_id == 0 {
            fields.region_id = self.first_item(token, DictionaryType::Region).await;
        }
        if fields.level_id == 0 {
            fields.level_id = self.first_item(token, DictionaryType::CustomerLevel).await;
        }
        let request = CreateCustomerRequest {
            fields: Some(fields),
            allow_duplicate_name: false,
        };
        let created = self
            .customers()
            .create_customer(authed(token, request))
            .await;
        created.unwrap().into_inner()
    }

    /// Imports a CSV of orders into the server's database, as `crm-server import orders` does.
    pub async fn import_orders(&self, csv: &str) -> ImportReport {
        let store = SqliteStore::open(&self.dir.path().join("crm.sqlite3"))
            .await
            .unwrap();
        import_file(&store.order_source(), csv.as_bytes(), chrono::Utc::now())
            .await
            .unwrap()
    }

    /// Logs a demo user in and returns the token.
    pub async fn login(&self, username: &str) -> String {
        self.try_login(username, DEMO_PASSWORD).await.unwrap()
    }

    pub async fn try_login(&self, username: &str, password: &str) -> Result<String, Status> {
        let request = LoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
            remember: false,
        };
        Ok(self.auth().login(request).await?.into_inner().token)
    }
}

/// Starts the server with the demo company on `dir/crm.sqlite3`.
pub async fn start_in(dir: &Path, listen: &str, tls: Option<Identity>) -> RunningServer {
    let options = ServerOptions {
        listen: listen.to_owned(),
        database: DatabaseUrl::Sqlite(dir.join("crm.sqlite3")),
        demo: true,
        tls,
        sessions: SessionPolicy::default(),
        clock: Arc::new(SystemClock),
        company_zone: chrono_tz::Asia::Shanghai,
    };
    start(options).await.unwrap()
}

/// A request carrying `authorization: Bearer <token>`.
pub fn authed<T>(token: &str, message: T) -> Request<T> {
    let mut request = Request::new(message);
    let value = format!("Bearer {token}").parse().unwrap();
    request.metadata_mut().insert("authorization", value);
    request
}

/// A request carrying another system's `x-api-key`.
pub fn with_key<T>(key: &str, message: T) -> Request<T> {
    let mut request = Request::new(message);
    request
        .metadata_mut()
        .insert("x-api-key", key.parse().unwrap());
    request
}

/// The error detail the server put in a status.
pub fn detail(status: &Status) -> ErrorDetail {
    ErrorDetail::decode(status.details()).expect("every error carries an ErrorDetail")
}
