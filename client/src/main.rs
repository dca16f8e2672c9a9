#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
//! `crm-client`: opens the CRM's desktop client. With no server configured it runs in local
//! mode (the server in-process, with the demo company). `--self-check` checks this computer
//! instead and prints a report.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser;
use crm_client::config::{Paths, Settings};
use crm_client::i18n::{self, t_args};
use crm_client::renderer::{self, Renderer};
use crm_client::{AppOptions, CrmApp, credentials, logging, self_check};

#[derive(Parser)]
#[command(name = "crm-client", version, about = "客户关系管理系统客户端")]
struct Args {
    /// Check this computer (folders, credential store, fonts, renderer) and print a report
    /// instead of opening the window; the exit code is 0 when every check passed.
    #[arg(long)]
    self_check: bool,

    /// With --self-check, also check the way to this server, e.g. `crm.example.cn:50051`.
    #[arg(long, requires = "self_check", value_name = "ADDRESS")]
    server: Option<String>,
}

fn main() -> anyhow::Result<ExitCode> {
    attach_console();
    let args = Args::parse();
    let paths = Paths::for_user()?;
    let _log = logging::init(&paths.data_dir);

    // keyring 4 stores nothing until a store is registered.
    credentials::use_platform_store();

    if args.self_check {
        let passed = run_self_check(&paths, args.server.as_deref())?;
        return Ok(if passed {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    match renderer::requested() {
        Some(chosen) => open_window(paths, chosen),
        // Windows has drivers that fail in every way: try the renderers in a child each.
        None if cfg!(windows) => renderer::supervisor::supervise(),
        None => open_window(paths, Renderer::Glow),
    }
}

fn run_self_check(paths: &Paths, server: Option<&str>) -> anyhow::Result<bool> {
    i18n::set_language(Settings::load(&paths.settings_file()).language);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let report = runtime.block_on(self_check::run(paths, server));
    let text = report.to_text();
    print!("{text}");

    // A console may not show (a double-click, a remote tool): keep the report beside the logs.
    let saved = logging::log_dir(&paths.data_dir).join("self-check.txt");
    match crm_client::config::write_file(&saved, &text) {
        Ok(()) => {
            let path = saved.display().to_string();
            println!("{}", t_args("self_check.saved_to", &[("path", &path)]));
        }
        Err(err) => tracing::warn!(err = %format!("{err:#}"), "self-check report not saved"),
    }
    Ok(report.passed())
}

fn open_window(paths: Paths, chosen: Renderer) -> anyhow::Result<ExitCode> {
    let mut options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("客户关系管理系统")
            .with_app_id("crm-client")
            .with_inner_size([1200.0, 760.0])
            .with_min_inner_size([900.0, 600.0]),
        ..eframe::NativeOptions::default()
    };
    renderer::configure(&mut options, chosen);
    let run = eframe::run_native(
        "crm-client",
        options,
        Box::new(move |cc| {
            let app = CrmApp::new(
                &cc.egui_ctx,
                AppOptions {
                    paths,
                    resume_session: true,
                },
            )?;
            Ok(Box::new(app))
        }),
    );
    if let Err(error) = run {
        tracing::error!(%error, renderer = chosen.name(), "the window could not be drawn");
        return Err(anyhow::anyhow!("{error}")).context("running the window");
    }
    Ok(ExitCode::SUCCESS)
}

/// A Windows GUI program has no console of its own; when started from one (IT typing
/// `crm-client --self-check` or `--help`), write there. Output already sent elsewhere (the
/// renderer supervisor's pipe) stays where it goes.
#[cfg(windows)]
fn attach_console() {
    use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_OUTPUT_HANDLE,
    };
    // SAFETY: both calls take plain values and touch no memory of ours; failing (no parent
    // console) leaves the program as it was.
    unsafe {
        let output = GetStdHandle(STD_OUTPUT_HANDLE);
        if output.is_null() || output == INVALID_HANDLE_VALUE {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}

#[cfg(not(windows))]
fn attach_console() {}
