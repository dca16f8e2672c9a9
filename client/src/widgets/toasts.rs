//! Toasts: short messages ("保存成功", "删除成功", an error) shown at the bottom right for a few
//! seconds, above everything else.

use std::time::Duration;

const SHOWN_FOR: Duration = Duration::from_secs(4);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Debug)]
struct Toast {
    text: String,
    kind: ToastKind,
    /// Set on the first frame it is shown, from egui's clock.
    until: Option<f64>,
}

/// The toasts waiting or on screen.
#[derive(Debug, Default)]
pub struct Toasts {
    toasts: Vec<Toast>,
}

impl Toasts {
    pub fn success(&mut self, text: impl Into<String>) {
        self.push(text.into(), ToastKind::Success);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.push(text.into(), ToastKind::Error);
    }

    fn push(&mut self, text: String, kind: ToastKind) {
        self.toasts.push(Toast {
            text,
            kind,
            until: None,
        });
    }

    /// The texts on screen, newest last.
    pub fn texts(&self) -> Vec<&str> {
        self.toasts
            .iter()
            .map(|toast| toast.text.as_str())
            .collect()
    }

    pub fn show(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|input| input.time);
        for toast in &mut self.toasts {
            toast.until.get_or_insert(now + SHOWN_FOR.as_secs_f64());
        }
        self.toasts
            .retain(|toast| toast.until.is_some_and(|until| until > now));
        if self.toasts.is_empty() {
            return;
        }

        egui::Area::new(egui::Id::unique("toasts"))
            .order(egui::Order::Foreground)
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -16.0))
            .interactable(false)
            .show(ctx, |ui| {
                for toast in &self.toasts {
                    show_toast(ui, toast);
                    ui.add_space(6.0);
                }
            });

        if let Some(next) = self
            .toasts
            .iter()
            .filter_map(|toast| toast.until)
            .reduce(f64::min)
        {
            ctx.request_repaint_after(Duration::from_secs_f64((next - now).max(0.05)));
        }
    }
}

fn show_toast(ui: &mut egui::Ui, toast: &Toast) {
    let (fill, text) = match toast.kind {
        ToastKind::Success => (
            egui::Color32::from_rgb(0x1E, 0x7E, 0x34),
            egui::Color32::WHITE,
        ),
        ToastKind::Error => (
            egui::Color32::from_rgb(0xB0, 0x2A, 0x2A),
            egui::Color32::WHITE,
        ),
    };
    egui::Frame::new()
        .fill(fill)
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(14, 10))
        .shadow(ui.visuals().popup_shadow)
        .show(ui, |ui| {
            ui.set_max_width(360.0);
            ui.label(egui::RichText::new(&toast.text).color(text).size(15.0));
        });
}
