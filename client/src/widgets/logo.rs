//! The product's logo, drawn with shapes so it needs no image file: a blue rounded square with
//! three rising bars (customers growing) under a small arc (the relationship).

/// Paints the logo in a `size`×`size` square and returns its response.
pub fn logo(ui: &mut egui::Ui, size: f32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let blue = egui::Color32::from_rgb(0x1F, 0x5F, 0xBF);
    painter.rect_filled(rect, size * 0.2, blue);

    let unit = size / 10.0;
    let base = rect.bottom() - 2.0 * unit;
    for (i, height) in [2.5_f32, 4.0, 5.5].into_iter().enumerate() {
        let left = rect.left() + (2.0 + 2.2 * i as f32) * unit;
        let bar = egui::Rect::from_min_max(
            egui::pos2(left, base - height * unit),
            egui::pos2(left + 1.5 * unit, base),
        );
        painter.rect_filled(bar, unit * 0.3, egui::Color32::WHITE);
    }

    let arc: Vec<egui::Pos2> = (0..=12)
        .map(|step| {
            let angle = std::f32::consts::PI * (1.1 + 0.8 * step as f32 / 12.0);
            rect.center() + egui::vec2(angle.cos(), angle.sin() * 0.55) * 3.6 * unit
                - egui::vec2(0.0, 1.2 * unit)
        })
        .collect();
    painter.add(egui::Shape::line(
        arc,
        egui::Stroke::new(unit * 0.7, egui::Color32::from_rgb(0xFF, 0xC1, 0x07)),
    ));
    response
}
