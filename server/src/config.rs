//! Server settings (DESIGN §7): defaults, then a TOML file, then `CRM_*` environment variables,
//! then command-line flags — each overriding the one before.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::jobs::churn_schedule::{ChurnSchedule, DEFAULT_CHURN_SCHEDULE};

/// The config file read when `--config` is not given (a missing file is fine).
pub const DEFAULT_CONFIG_FILE: &str = "crm-server.toml";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Config {
    /// Address and port the gRPC server listens on.
    pub listen: String,
    /// `sqlite:PATH` or `mssql:<ADO.NET connection string>`; unset, a SQLite file in
    /// `data_dir` (see [`Config::database_url`]).
    pub database: Option<String>,
    /// Load the demo company into an empty database.
    pub demo: bool,
    /// Serve without TLS (tests on loopback, or behind a TLS-terminating balancer).
    pub plaintext: bool,
    /// PEM certificate chain and key; when both are empty a self-signed pair is generated in
    /// `data_dir` on first start and reused after.
    pub tls_cert: String,
    pub tls_key: String,
    /// Where generated certificates and, by default, the database and the logs live.
    pub data_dir: PathBuf,
    /// Where the daily rolling log files go; unset, `logs` in `data_dir`; empty turns file
    /// logging off (see [`Config::log_dir`]).
    pub log_dir: Option<PathBuf>,
    /// Lifetime of an ordinary session, in hours.
    pub session_hours: i64,
    /// Lifetime of a "记住登录" session, in days.
    pub remember_days: i64,
    /// The company's time zone, in which dates are shown and jobs are scheduled.
    pub company_timezone: String,
    /// When the churn scan runs, as a cron expression in company time (minute, hour, day of
    /// month, month, day of week); empty runs it only when asked.
    pub churn_schedule: String,
    /// The sales system's order states that mean "cancelled" (such orders do not count as
    /// ordering for the churn scan).
    pub cancelled_order_states: Vec<i32>,
    /// SQL Server only: the sales database's ADO.NET connection string, read-only; unset, the
    /// CRM's own database.
    pub sales_database: Option<String>,
    /// SQL Server only: the tables or views of the sales database the CRM reads orders, order
    /// lines and products from (`name`, `schema.name` or `database.schema.name`).
    pub sales_orders_table: String,
    pub sales_order_lines_table: String,
    pub sales_products_table: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "0.0.0.0:50051".to_owned(),
            database: None,
            demo: false,
            plaintext: false,
            tls_cert: String::new(),
            tls_key: String::new(),
            data_dir: default_data_dir(),
            log_dir: None,
            session_hours: 12,
            remember_days: 30,
            company_timezone: "Asia/Shanghai".to_owned(),
            churn_schedule: DEFAULT_CHURN_SCHEDULE.to_owned(),
            cancelled_order_states: Vec::new(),
            sales_database: None,
            sales_orders_table: "sales_orders".to_owned(),
            sales_order_lines_table: "sales_order_lines".to_owned(),
            sales_products_table: "sales_products".to_owned(),
        }
    }
}

/// Where a server keeps its files by default: `%ProgramData%\CRM` on Windows (it runs as a
/// service there), `./crm-data` elsewhere.
pub fn default_data_dir() -> PathBuf {
    if cfg!(windows) {
        let base = std::env::var_os("ProgramData")
            .map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
        base.join("CRM")
    } else {
        PathBuf::from("crm-data")
    }
}

/// Values given as flags; `None` leaves the file's or environment's value.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plaintext: Option<bool>,
}

impl Config {
    /// Loads the layers; `file` may be missing unless it was named explicitly.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Config> {
        let path = file.unwrap_or(Path::new(DEFAULT_CONFIG_FILE));
        if file.is_some() && !path.exists() {
            anyhow::bail!("config file not found: {}", path.display());
        }
        let config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(path))
            .merge(Env::prefixed("CRM_"))
            .merge(Serialized::defaults(overrides))
            .extract()?;
        Ok(config)
    }

    /// The `database` setting, or a SQLite file in `data_dir`.
    pub fn database_url(&self) -> String {
        match &self.database {
            Some(url) => url.clone(),
            None => format!("sqlite:{}", self.data_dir.join("crm.sqlite3").display()),
        }
    }

    /// Where the store lives, with the sales database's settings for SQL Server.
    pub fn database(&self) -> anyhow::Result<DatabaseUrl> {
        Ok(match DatabaseUrl::parse(&self.database_url())? {
            DatabaseUrl::Mssql(mut database) => {
                database.sales = SalesSource {
                    connection: self.sales_database.clone().filter(|c| !c.trim().is_empty()),
                    orders: self.sales_orders_table.clone(),
                    order_lines: self.sales_order_lines_table.clone(),
                    products: self.sales_products_table.clone(),
                };
                DatabaseUrl::Mssql(database)
            }
            sqlite => sqlite,
        })
    }

    /// The company's time zone, e.g. `Asia/Shanghai`.
    pub fn company_zone(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.company_timezone
            .parse()
            .map_err(|_| anyhow::anyhow!("unknown time zone {:?}", self.company_timezone))
    }

    /// The churn scan's schedule, or `None` when it is off.
    pub fn churn_schedule(&self) -> anyhow::Result<Option<ChurnSchedule>> {
        if self.churn_schedule.trim().is_empty() {
            return Ok(None);
        }
        let schedule = ChurnSchedule::parse(&self.churn_schedule, self.company_zone()?)?;
        Ok(Some(schedule))
    }

    /// The folder for log files, or `None` when file logging is off.
    pub fn log_dir(&self) -> Option<PathBuf> {
        match &self.log_dir {
            None => Some(self.data_dir.join("logs")),
            Some(dir) if dir.as_os_str().is_empty() => None,
            Some(dir) => Some(dir.clone()),
        }
    }
}

/// Where the store lives, parsed from the `database` setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Mssql(MssqlDatabase),
}

/// A SQL Server store and where its orders come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MssqlDatabase {
    /// ADO.NET connection string.
    pub connection: String,
    pub sales: SalesSource,
}

/// The sales system's orders on SQL Server: another database (or the CRM's own) and the names
/// of its tables or views.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SalesSource {
    /// `None`: the CRM's own database.
    pub connection: Option<String>,
    pub orders: String,
    pub order_lines: String,
    pub products: String,
}

impl Default for SalesSource {
    fn default() -> Self {
        let defaults = Config::default();
        SalesSource {
            connection: None,
            orders: defaults.sales_orders_table,
            order_lines: defaults.sales_order_lines_table,
            products: defaults.sales_products_table,
        }
    }
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> anyhow::Result<DatabaseUrl> {
        if let Some(path) = url.strip_prefix("sqlite:") {
            anyhow::ensure!(!path.trim().is_empty(), "sqlite database path is empty");
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path.trim())))
        } else if let Some(connection) = url.strip_prefix("mssql:") {
            anyhow::ensure!(
                !connection.trim().is_empty(),
                "the SQL Server connection string is empty"
            );
            Ok(DatabaseUrl::Mssql(MssqlDatabase {
                connection: connection.to_owned(),
                sales: SalesSource::default(),
            }))
        } else {
            anyhow::bail!("database must start with sqlite: or mssql:")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_flags_override_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("crm.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:6000\"\ndemo = true\n").unwrap();
        let overrides = Overrides {
            listen: Some("127.0.0.1:7000".into()),
            ..Default::default()
        };
        let config = Config::load(Some(&file), &overrides).unwrap();
        assert_eq!(config.listen, "127.0.0.1:7000");
        assert!(config.demo);
        assert_eq!(config.company_timezone, "Asia/Shanghai");
    }

    #[test]
    fn sql_server_reads_orders_from_the_configured_sales_database() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("crm.toml");
        let text = "database = \"mssql:Server=tcp:db1,1433;Database=CRM;User Id=crm;Password=x\"\n\
                    sales_database = \"Server=tcp:erp,1433;Database=Sales;User Id=crm_read;Password=y\"\n\
                    sales_orders_table = \"dbo.v_crm_orders\"\n";
        std::fs::write(&file, text).unwrap();
        let config = Config::load(Some(&file), &Overrides::default()).unwrap();
        let DatabaseUrl::Mssql(database) = config.database().unwrap() else {
            panic!("not SQL Server");
        };
        assert_eq!(
            database.connection,
            "Server=tcp:db1,1433;Database=CRM;User Id=crm;Password=x"
        );
        assert_eq!(
            database.sales.connection.as_deref(),
            Some("Server=tcp:erp,1433;Database=Sales;User Id=crm_read;Password=y")
        );
        assert_eq!(database.sales.orders, "dbo.v_crm_orders");
        assert_eq!(database.sales.order_lines, "sales_order_lines");
        assert!(DatabaseUrl::parse("mssql:  ").is_err());
    }

    #[test]
    fn database_and_logs_follow_the_data_folder_unless_set() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("crm.toml");
        std::fs::write(&file, "data_dir = \"D:/crm\"\n").unwrap();
        let config = Config::load(Some(&file), &Overrides::default()).unwrap();
        assert_eq!(
            DatabaseUrl::parse(&config.database_url()).unwrap(),
            DatabaseUrl::Sqlite(Path::new("D:/crm").join("crm.sqlite3"))
        );
        assert_eq!(config.log_dir(), Some(Path::new("D:/crm").join("logs")));

        let text = "data_dir = \"D:/crm\"\ndatabase = \"sqlite:E:/x.db\"\nlog_dir = \"\"\n";
        std::fs::write(&file, text).unwrap();
        let config = Config::load(Some(&file), &Overrides::default()).unwrap();
        assert_eq!(config.database_url(), "sqlite:E:/x.db");
        assert_eq!(config.log_dir(), None);
    }

    #[test]
    fn the_churn_schedule_defaults_to_saturday_and_can_be_turned_off() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("crm.toml");
        std::fs::write(&file, "cancelled_order_states = [7, 8]\n").unwrap();
        let config = Config::load(Some(&file), &Overrides::default()).unwrap();
        assert_eq!(config.churn_schedule, "0 2 * * SAT");
        assert!(config.churn_schedule().unwrap().is_some());
        assert_eq!(config.cancelled_order_states, [7, 8]);

        std::fs::write(&file, "churn_schedule = \"\"\n").unwrap();
        let config = Config::load(Some(&file), &Overrides::default()).unwrap();
        assert!(config.churn_schedule().unwrap().is_none());

        std::fs::write(&file, "churn_schedule = \"sometimes\"\n").unwrap();
        let config = Config::load(Some(&file), &Overrides::default()).unwrap();
        assert!(config.churn_schedule().is_err());
    }

    #[test]
    fn named_config_file_must_exist() {
        let missing = Path::new("/nonexistent/crm.toml");
        assert!(Config::load(Some(missing), &Overrides::default()).is_err());
    }

    #[test]
    fn database_urls_parse() {
        assert_eq!(
            DatabaseUrl::parse("sqlite:data/crm.db").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("data/crm.db"))
        );
        assert!(matches!(
            DatabaseUrl::parse("mssql:Server=x").unwrap(),
            DatabaseUrl::Mssql(_)
        ));
        assert!(DatabaseUrl::parse("postgres://x").is_err());
    }
}
