#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
//! `crm-client`: opens the CRM's desktop client. With no server configured it runs in local
//! mode (the server in-process, with the demo company).

use anyhow::Context as _;
use crm_client::config::Paths;
use crm_client::{AppOptions, CrmApp, credentials};
use tracing_subscriber::EnvFilter;

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("CRM_LOG")
                .unwrap_or_else(|_| EnvFilter::new("warn,crm_client=info")),
        )
        .init();

    // keyring 4 stores nothing until a store is registered.
    credentials::use_platform_store();

    let paths = Paths::for_user()?;
    let mut options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("客户关系管理系统")
            .with_app_id("crm-client")
            .with_inner_size([1200.0, 760.0])
            .with_min_inner_size([900.0, 600.0]),
        ..eframe::NativeOptions::default()
    };
    crm_client::renderer::configure(&mut options);
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
        tracing::error!(%error, "the window could not be drawn");
        if let Some(code) = crm_client::renderer::relaunch_with_glow() {
            std::process::exit(code);
        }
        return Err(anyhow::anyhow!("{error}")).context("running the window");
    }
    Ok(())
}
