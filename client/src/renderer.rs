//! Which renderer draws the window (DESIGN §3.3).
//!
//! On Windows the client must start where no GPU driver is usable — remote desktop sessions and
//! virtual machines offer only Windows' own OpenGL 1.1, which glow cannot use — and where a
//! driver misbehaves. A renderer there can fail in three ways: an error at start, a crash, or a
//! window that never draws (wgpu under Wine hangs after its window fails). So on Windows the
//! program first runs as a small supervisor ([`supervisor`]) that starts the window in a child
//! process with glow, and if no frame is drawn in time, with wgpu, which picks the best adapter
//! down to a software one (Direct3D 12's WARP rasterizer, in every Windows 10 and later).
//! Elsewhere glow is enough: Linux is where the client is developed and tested, and Mesa
//! renders in software there.

pub mod supervisor;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// Names the renderer to use (`glow` or `wgpu`) and skips the supervisor: what the supervisor
/// sets for its children, and what IT can set where one renderer misbehaves.
pub const RENDERER_VARIABLE: &str = "CRM_RENDERER";

/// Set by the supervisor: the child reports its first drawn frame on standard output.
const REPORT_VARIABLE: &str = "CRM_REPORT_FIRST_FRAME";

/// The line a child writes once it has drawn.
const FIRST_FRAME: &str = "crm-client: first frame drawn";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renderer {
    Glow,
    Wgpu,
}

impl Renderer {
    /// The order the supervisor tries them in.
    pub const FALLBACK_ORDER: [Renderer; 2] = [Renderer::Glow, Renderer::Wgpu];

    pub fn name(self) -> &'static str {
        match self {
            Renderer::Glow => "glow",
            Renderer::Wgpu => "wgpu",
        }
    }

    fn from_name(name: &str) -> Option<Renderer> {
        Renderer::FALLBACK_ORDER
            .into_iter()
            .find(|renderer| renderer.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// The renderer named by [`RENDERER_VARIABLE`], if any; only glow exists off Windows.
pub fn requested() -> Option<Renderer> {
    let named = std::env::var(RENDERER_VARIABLE).ok()?;
    Renderer::from_name(&named).filter(|renderer| cfg!(windows) || *renderer == Renderer::Glow)
}

/// Sets the renderer and, for wgpu, its adapter choice on the window options.
pub fn configure(options: &mut eframe::NativeOptions, renderer: Renderer) {
    #[cfg(windows)]
    if renderer == Renderer::Wgpu {
        windows::configure(options);
        return;
    }
    let _ = renderer;
    options.renderer = eframe::Renderer::Glow;
}

/// How this program chooses its renderer, in the user's language (for the self-check).
pub fn description() -> String {
    let key = match requested() {
        _ if !cfg!(windows) => "self_check.renderer_glow",
        Some(_) => "self_check.renderer_forced",
        None => "self_check.renderer_fallback",
    };
    crate::i18n::t_args(key, &[("renderer", requested().map_or("", Renderer::name))])
}

/// Called by the application on every frame: tells a waiting supervisor, once, that this
/// renderer draws. The first frame asks for a second, and the second is reported, so a frame
/// has been presented before the supervisor stops watching.
pub fn frame_drawn(ctx: &egui::Context) {
    static REPORTING: OnceLock<bool> = OnceLock::new();
    static FRAMES: AtomicU8 = AtomicU8::new(0);
    if !*REPORTING.get_or_init(|| std::env::var_os(REPORT_VARIABLE).is_some()) {
        return;
    }
    match FRAMES.fetch_add(1, Ordering::Relaxed) {
        0 => ctx.request_repaint(),
        1 => {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{FIRST_FRAME}").and_then(|()| out.flush());
        }
        _ => FRAMES.store(2, Ordering::Relaxed),
    }
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
            .min_by_key(|adapter| preference(adapter.get_info().device_type))
            .cloned()
            .ok_or_else(|| {
                "no graphics adapter can draw the window, not even a software one".to_owned()
            })?;
        let info = chosen.get_info();
        tracing::info!(name = %info.name, backend = ?info.backend, kind = ?info.device_type,
            "graphics adapter chosen");
        Ok(chosen)
    }

    /// Lower is better: hardware before virtual before software.
    fn preference(kind: wgpu::DeviceType) -> u8 {
        match kind {
            wgpu::DeviceType::DiscreteGpu => 0,
            wgpu::DeviceType::IntegratedGpu => 1,
            wgpu::DeviceType::VirtualGpu => 2,
            wgpu::DeviceType::Other => 3,
            wgpu::DeviceType::Cpu => 4,
        }
    }
}
