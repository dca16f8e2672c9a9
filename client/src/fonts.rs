//! Fonts (DESIGN §3.3): egui's own Latin fonts first, then the bundled CJK font, a GBK subset of
//! Noto Sans CJK SC, and a tiny symbol font for the few GBK characters Noto lacks (see
//! `client/assets/fonts/`), so Chinese renders the same on every machine.
//! On Windows the system's Chinese fonts follow as fallbacks for characters beyond GBK
//! (e.g. CJK extension B in SimSun-ExtB).

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// The bundled font: every GBK character, ASCII, CJK punctuation and fullwidth forms.
pub const BUNDLED_CJK: &[u8] = include_bytes!("../assets/fonts/CrmSansSC-GBK.otf");

/// The GBK characters [`BUNDLED_CJK`] lacks (≒), from DejaVu Sans.
pub const BUNDLED_SYMBOLS: &[u8] = include_bytes!("../assets/fonts/CrmSymbols-GBK.ttf");

const BUNDLED_NAME: &str = "CRM Sans SC GBK";
const SYMBOLS_NAME: &str = "CRM GBK Symbols";

/// egui's default fonts with the bundled fonts (and on Windows the system's Chinese fonts)
/// as fallbacks in both the proportional and the monospace family.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    add_fallback(&mut fonts, BUNDLED_NAME, FontData::from_static(BUNDLED_CJK));
    add_fallback(
        &mut fonts,
        SYMBOLS_NAME,
        FontData::from_static(BUNDLED_SYMBOLS),
    );
    for (name, data) in system_fallbacks() {
        add_fallback(&mut fonts, &name, data);
    }
    fonts
}

/// Installs [`definitions`] in the context.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

fn add_fallback(fonts: &mut FontDefinitions, name: &str, data: FontData) {
    fonts.font_data.insert(name.to_owned(), Arc::new(data));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(name.to_owned());
    }
}

/// A Chinese font of the operating system that the client falls back to.
#[derive(Clone, Debug)]
pub struct SystemFont {
    pub path: std::path::PathBuf,
    /// Which face of a font collection (`.ttc`) is used.
    pub index: u32,
    pub bytes: Arc<Vec<u8>>,
}

impl SystemFont {
    /// The name the font is installed under in egui.
    pub fn name(&self) -> String {
        let file = self.path.file_name().unwrap_or_default();
        format!("system {}", file.to_string_lossy())
    }
}

fn system_fallbacks() -> Vec<(String, FontData)> {
    system_fonts()
        .into_iter()
        .map(|font| {
            let blob: egui::epaint::text::Blob = font.bytes.clone();
            (font.name(), FontData::from_blob(blob, font.index))
        })
        .collect()
}

/// Windows' Chinese fonts that exist on this machine, in fallback order.
#[cfg(windows)]
pub fn system_fonts() -> Vec<SystemFont> {
    let fonts_dir = std::env::var_os("WINDIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(r"C:\Windows"))
        .join("Fonts");
    // Microsoft YaHei, then SimSun, then SimSun-ExtB for CJK extension B.
    let candidates = [("msyh.ttc", 0), ("simsun.ttc", 0), ("simsunb.ttf", 0)];
    candidates
        .into_iter()
        .filter_map(|(file, index)| {
            let path = fonts_dir.join(file);
            match std::fs::read(&path) {
                Ok(bytes) => Some(SystemFont {
                    path,
                    index,
                    bytes: Arc::new(bytes),
                }),
                Err(err) => {
                    tracing::debug!(%err, path = %path.display(), "system font skipped");
                    None
                }
            }
        })
        .collect()
}

/// Elsewhere the bundled fonts are all the client uses.
#[cfg(not(windows))]
pub fn system_fonts() -> Vec<SystemFont> {
    Vec::new()
}

#[cfg(test)]
mod tests;
