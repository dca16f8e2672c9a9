//! `crm-server`: the CRM's central server and its operator commands (DESIGN §3.2, §7).

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use crm_server::config::{Config, DatabaseUrl, Overrides};
use crm_server::error::AppError;
use crm_server::io::order_import::import_file;
use crm_server::server::{self, ServerOptions};
use crm_server::store::sqlite::SqliteStore;

/// 客户关系管理系统 — the CRM server.
///
/// Settings come from a TOML file (`--config`, default `crm-server.toml` in the working
/// folder), then `CRM_*` environment variables (`CRM_LISTEN`, `CRM_DATABASE`, `CRM_DEMO`,
/// `CRM_PLAINTEXT`, `CRM_TLS_CERT`, `CRM_TLS_KEY`, `CRM_DATA_DIR`, `CRM_LOG_DIR`,
/// `CRM_SESSION_HOURS`, `CRM_REMEMBER_DAYS`, `CRM_COMPANY_TIMEZONE`, `CRM_CHURN_SCHEDULE`,
/// `CRM_CANCELLED_ORDER_STATES`, and for SQL Server `CRM_SALES_DATABASE`,
/// `CRM_SALES_ORDERS_TABLE`, `CRM_SALES_ORDER_LINES_TABLE`, `CRM_SALES_PRODUCTS_TABLE`), then
/// the flags below. Running on SQL Server: docs/sql-server.md.
#[derive(Parser)]
#[command(name = "crm-server", version, about, long_about)]
struct Cli {
    /// The TOML settings file.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serves the gRPC API (the default when no command is given).
    Serve(ServeArgs),
    /// Creates or updates the database schema, then exits.
    Migrate(DatabaseArgs),
    /// Creates an administrator account (the first one on a new installation).
    CreateAdmin(CreateAdminArgs),
    /// Imports data from files (see `import orders --help` for the columns).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Runs the weekly churn scan (normally every Saturday at 02:00 company time, see
    /// `churn_schedule`) against the database, records the run and prints what it did.
    ChurnScan(ChurnScanArgs),
    /// Proves a database before going live: on SQL Server it checks the version and the
    /// connection's encryption, runs the store contract suite in a scratch database it then
    /// drops (the login needs the right to create databases; the CRM's own database is never
    /// touched) and reads the sales views once. Exit code 0 when everything passed.
    Selftest(DatabaseArgs),
}

#[derive(Args)]
struct ChurnScanArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Runs it now (the only way this command runs it; the flag says so in scripts).
    #[arg(long, required = true)]
    now: bool,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Imports the sales system's orders into the embedded store from a CSV file (UTF-8 or
    /// GBK), one row per order line with the columns 订单编号, 客户编码, 下单日期, 送货地址,
    /// 订单状态, 行号, 产品编号, 产品名称, 单位, 数量, 单价 (yuan). Every row is checked first and
    /// nothing is imported when one is bad; orders imported before are skipped.
    Orders(ImportOrdersArgs),
}

#[derive(Args)]
struct ImportOrdersArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The CSV file.
    file: PathBuf,
}

#[derive(Args, Default)]
struct DatabaseArgs {
    /// `sqlite:PATH` or `mssql:<ADO.NET connection string>`.
    #[arg(long, value_name = "URL")]
    database: Option<String>,
}

#[derive(Args, Default)]
struct ServeArgs {
    /// Address and port to listen on, e.g. 0.0.0.0:50051.
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Loads the demo company into an empty database (users share the password crm-demo).
    #[arg(long)]
    demo: bool,
    /// Serves without TLS: for tests on loopback or behind a TLS-terminating balancer.
    #[arg(long)]
    plaintext: bool,
}

#[derive(Args)]
struct CreateAdminArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The new account's login name.
    #[arg(long)]
    username: String,
    /// The name shown in the client.
    #[arg(long, default_value = "系统管理员")]
    display_name: String,
    /// Reads the password from standard input instead of prompting for it.
    #[arg(long)]
    password_stdin: bool,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(run(cli))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve(ServeArgs::default()));
    let overrides = match &command {
        Command::Serve(args) => Overrides {
            listen: args.listen.clone(),
            database: args.database.database.clone(),
            demo: args.demo.then_some(true),
            plaintext: args.plaintext.then_some(true),
        },
        Command::Migrate(args) => database_override(args),
        Command::CreateAdmin(args) => database_override(&args.database),
        Command::Import(ImportCommand::Orders(args)) => database_override(&args.database),
        Command::ChurnScan(args) => database_override(&args.database),
        Command::Selftest(args) => database_override(args),
    };
    let config = Config::load(cli.config.as_deref(), &overrides)?;
    let log_dir = config
        .log_dir()
        .filter(|_| matches!(command, Command::Serve(_)));
    let _log_guard = crm_server::telemetry::init(log_dir.as_deref())?;

    match command {
        Command::Serve(_) => serve(&config).await,
        Command::Migrate(_) => {
            server::open_store(&config.database()?).await?;
            println!("数据库已是最新版本 (database is up to date)");
            Ok(())
        }
        Command::CreateAdmin(args) => create_admin(&config, &args).await,
        Command::Import(ImportCommand::Orders(args)) => import_orders(&config, &args).await,
        Command::ChurnScan(_) => churn_scan(&config).await,
        Command::Selftest(_) => {
            let outcome =
                crm_server::selftest::run(&config.database()?, &config.cancelled_order_states)
                    .await;
            print!("{}", outcome.text);
            anyhow::ensure!(outcome.passed, "self-test failed");
            Ok(())
        }
    }
}

fn database_override(args: &DatabaseArgs) -> Overrides {
    Overrides {
        database: args.database.clone(),
        ..Overrides::default()
    }
}

async fn serve(config: &Config) -> anyhow::Result<()> {
    let running = server::start(ServerOptions::from_config(config)?).await?;
    tracing::info!(addr = %running.addr, tls = !config.plaintext, "crm-server started");
    running
        .run_until(async {
            if let Err(error) = tokio::signal::ctrl_c().await {
                tracing::error!(%error, "cannot wait for ctrl-c; stopping");
            }
            tracing::info!("stopping");
        })
        .await
}

async fn create_admin(config: &Config, args: &CreateAdminArgs) -> anyhow::Result<()> {
    let password = read_password(args.password_stdin)?;
    let options = ServerOptions {
        tls: None,
        ..ServerOptions::from_config(&Config {
            plaintext: true,
            ..config.clone()
        })?
    };
    let app = server::prepare(&options).await?;
    match app
        .create_administrator(&args.username, &args.display_name, &password)
        .await
    {
        Ok(user) => {
            println!("已创建管理员 {} (id {})", user.username, user.id);
            Ok(())
        }
        Err(AppError::Validation(violations)) => {
            for v in &violations {
                eprintln!("{}: {}", v.field, v.code.chinese_text(&v.params));
            }
            anyhow::bail!("administrator not created")
        }
        Err(other) => Err(other.into()),
    }
}

async fn import_orders(config: &Config, args: &ImportOrdersArgs) -> anyhow::Result<()> {
    let DatabaseUrl::Sqlite(path) = config.database()? else {
        anyhow::bail!(
            "orders are imported into the embedded store only; with SQL Server the CRM reads \
             them from the sales database's views"
        );
    };
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let store = SqliteStore::open(&path)
        .await
        .with_context(|| format!("opening sqlite database {}", path.display()))?;
    let report = import_file(&store.order_source(), &bytes, chrono::Utc::now()).await?;
    if !report.errors.is_empty() {
        for error in &report.errors {
            eprintln!("第 {} 行：{}", error.line, error.message);
        }
        anyhow::bail!("{} bad rows; nothing was imported", report.errors.len());
    }
    println!(
        "导入订单 {} 个（{} 行明细），跳过已导入的订单 {} 个",
        report.orders_imported, report.lines_imported, report.orders_skipped
    );
    Ok(())
}

async fn churn_scan(config: &Config) -> anyhow::Result<()> {
    let options = ServerOptions {
        tls: None,
        ..ServerOptions::from_config(&Config {
            plaintext: true,
            demo: false,
            ..config.clone()
        })?
    };
    let app = server::prepare(&options).await?;
    let report = app.churn_scan(None, None).await?;
    let report = report.context("the run was not recorded")?;
    println!(
        "流失扫描完成：检查客户 {} 个，新增预警 {} 个，恢复 {} 个，用时 {} 毫秒",
        report.customers_checked,
        report.changes.opened,
        report.changes.closed,
        report.duration.as_millis()
    );
    Ok(())
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("密码 (password): ")?;
    let second = rpassword::prompt_password("再次输入 (repeat): ")?;
    anyhow::ensure!(first == second, "the two passwords differ");
    Ok(first)
}
