//! 客户满意度 and 客户信用度 as stars (★★★☆☆): shown in lists, picked in forms.

use crm_shared::customer::RATING_MAX;

use crate::i18n::t;

/// `★★★☆☆` for 3; 待补充 when not rated (0).
pub fn stars(rating: i32) -> String {
    if rating <= 0 {
        return t("customers.to_complete").to_owned();
    }
    let filled = rating.clamp(0, RATING_MAX) as usize;
    let empty = RATING_MAX as usize - filled;
    format!("{}{}", "★".repeat(filled), "☆".repeat(empty))
}

/// Five star buttons; a click sets the rating (clicking the current one clears it).
pub fn star_picker(ui: &mut egui::Ui, rating: &mut i32, label: &str) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        for value in 1..=RATING_MAX {
            let symbol = if value <= *rating { "★" } else { "☆" };
            let button = egui::Button::new(egui::RichText::new(symbol).size(18.0)).frame(false);
            let hover = format!("{label} {value}");
            if ui.add(button).on_hover_text(hover).clicked() {
                *rating = if *rating == value { 0 } else { value };
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_show_as_filled_and_empty_stars() {
        assert_eq!(stars(3), "★★★☆☆");
        assert_eq!(stars(5), "★★★★★");
        assert_eq!(stars(0), "待补充");
    }
}
