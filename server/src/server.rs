//! Starting and stopping the gRPC server: store, use cases, services, health, reflection, TLS.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use chrono_tz::Tz;
use crm_proto::v1::admin_service_server::AdminServiceServer;
use crm_proto::v1::auth_service_server::AuthServiceServer;
use crm_proto::v1::churn_service_server::ChurnServiceServer;
use crm_proto::v1::customer_service_server::CustomerServiceServer;
use crm_proto::v1::integration_service_server::IntegrationServiceServer;
use crm_proto::v1::opportunity_service_server::OpportunityServiceServer;
use crm_proto::v1::service_ticket_service_server::ServiceTicketServiceServer;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::codec::CompressionEncoding;
use tonic::transport::{Identity, Server, ServerTlsConfig};

use crate::app::{App, ChurnSettings, Clock, SessionPolicy, SystemClock};
use crate::config::{Config, DatabaseUrl};
use crate::jobs::churn_schedule::{self, ChurnSchedule};
use crate::rpc::{
    AdminRpc, AuthRpc, ChurnRpc, CustomerRpc, IntegrationRpc, OpportunityRpc, ServiceTicketRpc,
};
use crate::store::Stores;
use crate::store::mssql::MssqlStore;
use crate::store::mssql::sales::{MssqlOrderSource, SalesTables};
use crate::store::sqlite::SqliteStore;
use crate::{demo, tls};

/// What [`start`] needs; [`ServerOptions::from_config`] fills it from the settings.
pub struct ServerOptions {
    pub listen: String,
    pub database: DatabaseUrl,
    pub demo: bool,
    /// `None` serves plaintext.
    pub tls: Option<Identity>,
    pub sessions: SessionPolicy,
    pub clock: Arc<dyn Clock>,
    /// The company's time zone (default Asia/Shanghai).
    pub company_zone: Tz,
    /// When the churn scan runs; `None` runs it only when asked.
    pub churn_schedule: Option<ChurnSchedule>,
    pub churn: ChurnSettings,
}

impl ServerOptions {
    pub fn from_config(config: &Config) -> anyhow::Result<ServerOptions> {
        let tls = if config.plaintext {
            None
        } else {
            Some(tls::load_or_generate(
                &config.tls_cert,
                &config.tls_key,
                &config.data_dir,
            )?)
        };
        Ok(ServerOptions {
            listen: config.listen.clone(),
            database: config.database()?,
            demo: config.demo,
            tls,
            sessions: SessionPolicy {
                session: chrono::Duration::hours(config.session_hours),
                remembered: chrono::Duration::days(config.remember_days),
            },
            clock: Arc::new(SystemClock),
            company_zone: config.company_zone()?,
            churn_schedule: config.churn_schedule()?,
            churn: ChurnSettings {
                cancelled_order_states: config.cancelled_order_states.clone(),
            },
        })
    }
}

/// Opens the configured store, creating and migrating it when needed.
pub async fn open_store(database: &DatabaseUrl) -> anyhow::Result<Stores> {
    match database {
        DatabaseUrl::Sqlite(path) => {
            let store = SqliteStore::open(path)
                .await
                .with_context(|| format!("opening sqlite database {}", path.display()))?;
            Ok(Stores {
                orders: Arc::new(store.order_source()),
                sales_tables: Some(store.order_source()),
                store: Arc::new(store),
            })
        }
        DatabaseUrl::Mssql(database) => {
            let store = MssqlStore::open(&database.connection)
                .await
                .context("opening the SQL Server database")?;
            let sales = &database.sales;
            let tables = SalesTables {
                orders: sales.orders.clone(),
                order_lines: sales.order_lines.clone(),
                products: sales.products.clone(),
            };
            let connection = sales.connection.as_deref().unwrap_or(&database.connection);
            let orders = MssqlOrderSource::open(connection, tables)
                .await
                .context("opening the sales database's orders")?;
            Ok(Stores {
                store: Arc::new(store),
                orders: Arc::new(orders),
                sales_tables: None,
            })
        }
    }
}

/// Opens the store and prepares the use cases: reference data seeded, demo company loaded
/// when asked for.
pub async fn prepare(options: &ServerOptions) -> anyhow::Result<App> {
    let stores = open_store(&options.database).await?;
    let sales_tables = stores.sales_tables.clone();
    let app = App::new(
        stores,
        options.clock.clone(),
        options.sessions.clone(),
        options.company_zone,
    )
    .with_churn(options.churn.clone());
    app.seed_reference_data()
        .await
        .context("seeding reference data")?;
    if options.demo
        && demo::load_if_empty(&app, sales_tables.as_ref())
            .await
            .context("loading the demo company")?
    {
        tracing::info!("loaded the demo company");
    }
    Ok(app)
}

/// A server running on a background task.
pub struct RunningServer {
    pub addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), tonic::transport::Error>>,
    /// The scheduled jobs, stopped with the server.
    jobs: Jobs,
}

/// Background jobs that end when dropped.
struct Jobs(Vec<JoinHandle<()>>);

impl Drop for Jobs {
    fn drop(&mut self) {
        for job in &self.0 {
            job.abort();
        }
    }
}

impl RunningServer {
    /// Stops accepting calls, lets running ones finish, and waits.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        drop(self.jobs);
        let _ = self.stop.send(());
        self.task.await??;
        Ok(())
    }

    /// Serves until `signal` completes (then stops gracefully) or the server fails.
    pub async fn run_until(self, signal: impl Future<Output = ()>) -> anyhow::Result<()> {
        let RunningServer {
            stop,
            mut task,
            jobs,
            ..
        } = self;
        let _jobs = jobs;
        tokio::select! {
            result = &mut task => Ok(result??),
            () = signal => {
                let _ = stop.send(());
                Ok(task.await??)
            }
        }
    }
}

/// Binds, then serves on a background task.
pub async fn start(options: ServerOptions) -> anyhow::Result<RunningServer> {
    let app = prepare(&options).await?;
    let listener = TcpListener::bind(&options.listen)
        .await
        .with_context(|| format!("listening on {}", options.listen))?;
    let addr = listener.local_addr()?;

    let mut builder = Server::builder().trace_fn(|request| {
        tracing::debug_span!(
            "rpc",
            method = %request.uri().path(),
            user_id = tracing::field::Empty,
            api_key_id = tracing::field::Empty,
        )
    });
    if let Some(identity) = options.tls {
        builder = builder.tls_config(ServerTlsConfig::new().identity(identity))?;
    }

    let (health, health_service) = tonic_health::server::health_reporter();
    health.set_serving::<AuthServiceServer<AuthRpc>>().await;
    health.set_serving::<AdminServiceServer<AdminRpc>>().await;
    health
        .set_serving::<CustomerServiceServer<CustomerRpc>>()
        .await;
    health
        .set_serving::<OpportunityServiceServer<OpportunityRpc>>()
        .await;
    health
        .set_serving::<ServiceTicketServiceServer<ServiceTicketRpc>>()
        .await;
    health
        .set_serving::<IntegrationServiceServer<IntegrationRpc>>()
        .await;
    health.set_serving::<ChurnServiceServer<ChurnRpc>>().await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crm_proto::v1::FILE_DESCRIPTOR_SET)
        .build_v1()?;

    let gzip = CompressionEncoding::Gzip;
    let router = builder
        .add_service(health_service)
        .add_service(reflection)
        .add_service(
            AuthServiceServer::new(AuthRpc { app: app.clone() })
                .accept_compressed(gzip)
                .send_compressed(gzip),
        )
        .add_service(
            AdminServiceServer::new(AdminRpc { app: app.clone() })
                .accept_compressed(gzip)
                .send_compressed(gzip),
        )
        .add_service(
            CustomerServiceServer::new(CustomerRpc { app: app.clone() })
                .accept_compressed(gzip)
                .send_compressed(gzip),
        )
        .add_service(
            OpportunityServiceServer::new(OpportunityRpc { app: app.clone() })
                .accept_compressed(gzip)
                .send_compressed(gzip),
        )
        .add_service(
            ServiceTicketServiceServer::new(ServiceTicketRpc { app: app.clone() })
                .accept_compressed(gzip)
                .send_compressed(gzip),
        )
        .add_service(
            ChurnServiceServer::new(ChurnRpc { app: app.clone() })
                .accept_compressed(gzip)
                .send_compressed(gzip),
        )
        .add_service(
            IntegrationServiceServer::new(IntegrationRpc { app: app.clone() })
                .accept_compressed(gzip)
                .send_compressed(gzip),
        );

    let job_app = app;
    let (stop, stopped) = oneshot::channel::<()>();
    let incoming = TcpListenerStream::new(listener);
    let task = tokio::spawn(router.serve_with_incoming_shutdown(incoming, async {
        let _ = stopped.await;
    }));
    tracing::info!(%addr, "serving");
    let jobs = match options.churn_schedule {
        Some(schedule) => vec![tokio::spawn(churn_schedule::run(job_app, schedule))],
        None => Vec::new(),
    };
    Ok(RunningServer {
        addr,
        stop,
        task,
        jobs: Jobs(jobs),
    })
}
