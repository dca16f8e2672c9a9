//! The client's log: to standard error for developers, and to a daily file under the user's
//! data folder, because a Windows program started from the Start menu has no console and IT
//! needs something to read when a user reports a fault.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::MakeWriterExt as _;

/// The variable that overrides the log filter, e.g. `CRM_LOG=debug`.
pub const FILTER_VARIABLE: &str = "CRM_LOG";

/// How many daily files are kept.
const KEPT_FILES: usize = 14;

/// The folder the log files are written to.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Starts logging; keep the guard until the program ends so the last lines reach the file.
/// Without a writable log folder the client still logs to standard error.
pub fn init(data_dir: &Path) -> Option<WorkerGuard> {
    let filter = EnvFilter::try_from_env(FILTER_VARIABLE)
        .unwrap_or_else(|_| EnvFilter::new("warn,crm_client=info"));
    let dir = log_dir(data_dir);
    // The appender looks for old files to prune before it creates the folder.
    let _ = std::fs::create_dir_all(&dir);
    let file = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("crm-client")
        .filename_suffix("log")
        .max_log_files(KEPT_FILES)
        .build(&dir);
    match file {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .with_writer(std::io::stderr.and(writer))
                .init();
            Some(guard)
        }
        Err(err) => {
            tracing_subscriber::fmt().with_env_filter(filter).init();
            tracing::warn!(%err, "no log file; logging to standard error only");
            None
        }
    }
}
