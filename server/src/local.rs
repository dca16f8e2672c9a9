//! Local mode (DESIGN §3.3): the desktop client runs this same server in-process, on an
//! embedded database in the user's data folder, listening on loopback only.

use std::path::Path;
use std::sync::Arc;

use crate::app::{ChurnSettings, SessionPolicy, SystemClock};
use crate::config::DatabaseUrl;
use crate::jobs::churn_schedule::{ChurnSchedule, DEFAULT_CHURN_SCHEDULE};
use crate::server::{RunningServer, ServerOptions, start};

pub struct LocalServer {
    server: RunningServer,
}

impl LocalServer {
    /// Starts the full server on 127.0.0.1 with an ephemeral port, plaintext (the traffic
    /// never leaves the machine), on the SQLite file at `db_path`, created and migrated if
    /// missing; loads the demo company when `demo` is set and the database has no users.
    pub async fn start(db_path: &Path, demo: bool) -> anyhow::Result<LocalServer> {
        let zone = chrono_tz::Asia::Shanghai;
        let options = ServerOptions {
            listen: "127.0.0.1:0".to_owned(),
            database: DatabaseUrl::Sqlite(db_path.to_owned()),
            demo,
            tls: None,
            sessions: SessionPolicy::default(),
            clock: Arc::new(SystemClock),
            company_zone: zone,
            churn_schedule: Some(ChurnSchedule::parse(DEFAULT_CHURN_SCHEDULE, zone)?),
            churn: ChurnSettings::default(),
        };
        Ok(LocalServer {
            server: start(options).await?,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    pub async fn shutdown(self) {
        if let Err(error) = self.server.shutdown().await {
            tracing::warn!(%error, "local server did not stop cleanly");
        }
    }
}
