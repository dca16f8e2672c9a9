//! Which renderer draws the window (DESIGN §3.3).
//!
//! On Windows the client must start where no GPU driver is usable — remote desktop sessions and
//! virtual machines offer only Windows' own OpenGL 1.1, which glow cannot use. There it renders
//! with wgpu and picks the best adapter it finds, down to a software one (Direct3D 12's WARP
//! rasterizer, which every Windows 10 and later has). Elsewhere glow is enough: Linux is where
//! the client is developed and tested, and Mesa renders in software there.

/// Set to `glow` to skip wgpu on Windows: what [`relaunch_with_glow`] does after wgpu failed,
/// and what IT can set where a graphics driver misbehaves.
pub const RENDERER_VARIABLE: &str = "CRM_RENDERER";

/// Sets the renderer and its adapter choice on the window options.
pub fn configure(options: &mut eframe::NativeOptions) {
    #[cfg(windows)]
    if !glow_requested() {
        windows::configure(options);
        return;
    }
    options.renderer = eframe::Renderer::Glow;
}

fn glow_requested() -> bool {
    std::env::var(RENDERER_VARIABLE).is_ok_and(|value| value.eq_ignore_ascii_case("glow"))
}

/// Which renderer this program draws with, in the user's language (for the self-check).
pub fn description() -> String {
    let key = if !cfg!(windows) {
        "self_check.renderer_glow"
    } else if glow_requested() {
        "self_check.renderer_glow_forced"
    } else {
        "self_check.renderer_wgpu"
    };
    crate::i18n::t(key).to_owned()
}

/// After wgpu could not draw (a device lost at start, a driver without a shader compiler), runs
/// this program again with glow and returns its exit code; `None` when glow was already tried
/// or this platform has no second renderer.
pub fn relaunch_with_glow() -> Option<i32> {
    if !cfg!(windows) || std::env::var_os(RENDERER_VARIABLE).is_some() {
        return None;
    }
    tracing::warn!("wgpu could not draw the window; starting again with glow");
    let program = std::env::current_exe().ok()?;
    let status = std::process::Command::new(program)
        .args(std::env::args_os().skip(1))
        .env(RENDERER_VARIABLE, "glow")
        .status()
        .ok()?;
    Some(status.code().unwrap_or(1))
}

#[cfg(windows)]
mod windows {
    use std::sync::Arc;

    use eframe::egui_wgpu::{WgpuSetup, WgpuSetupCreateNew};
    use eframe::wgpu;

    pub fn configure(options: &mut eframe::NativeOptions) {
        options.renderer = eframe::Renderer::Wgpu;
        let mut setup = WgpuSetupCreateNew::without_display_handle();
        setup.native_adapter_selector = Some(Arc::new(select_adapter));
        options.wgpu_options.wgpu_setup = WgpuSetup::CreateNew(setup);
    }

    /// The best adapter that can draw to the window: a real GPU first, a software one last.
    fn select_adapter(
        adapters: &[wgpu::Adapter],
        surface: Option<&wgpu::Surface<'_>>,
    ) -> Result<wgpu::Adapter, String> {
        let usable = adapters
            .iter()
            .filter(|adapter| surface.is_none_or(|surface| adapter.is_surface_supported(surface)));
        let chosen = usable
            .min_by_key(|adapter| super::preference(adapter.get_info().device_type))
            .cloned()
            .ok_or_else(|| {
                "no graphics adapter can draw the window, not even a software one".to_owned()
            })?;
        let info = chosen.get_info();
        tracing::info!(name = %info.name, backend = ?info.backend, kind = ?info.device_type,
            "graphics adapter chosen");
        Ok(chosen)
    }
}

/// Lower is better: hardware before virtual before software.
#[cfg(windows)]
fn preference(kind: eframe::wgpu::DeviceType) -> u8 {
    use eframe::wgpu::DeviceType;
    match kind {
        DeviceType::DiscreteGpu => 0,
        DeviceType::IntegratedGpu => 1,
        DeviceType::VirtualGpu => 2,
        DeviceType::Other => 3,
        DeviceType::Cpu => 4,
    }
}
