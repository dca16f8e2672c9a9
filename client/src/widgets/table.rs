//! What the list tables of the pages share: striped rows with their cells centred vertically, a
//! header of bold titles, and a line saying the list is empty in place of an empty table.

use egui_extras::{TableBuilder, TableRow};

use crate::i18n::t;

/// A striped table whose cells centre their content vertically; the caller adds the columns.
pub fn table(ui: &mut egui::Ui) -> TableBuilder<'_> {
    TableBuilder::new(ui)
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
}

/// Fills a header row with `titles` in bold, one a column.
pub fn header(mut row: TableRow<'_, '_>, titles: &[&str]) {
    for title in titles {
        row.col(|ui| {
            ui.strong(*title);
        });
    }
}

/// Stands in for a table without rows: says 没有数据 once the list came back empty, and draws
/// nothing while it loads (the toolbar's spinner shows that), so an empty header never flickers.
/// `true` when there is no table to draw.
pub fn empty_list(ui: &mut egui::Ui, empty: bool, loading: bool) -> bool {
    if empty && !loading {
        ui.label(t("common.empty_list"));
    }
    empty
}
