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

/// Says 暂无数据 where a list came back empty (not while it loads); `true` when it did.
pub fn empty_list(ui: &mut egui::Ui, empty: bool, loading: bool) -> bool {
    let says_so = empty && !loading;
    if says_so {
        ui.label(t("common.empty_list"));
    }
    says_so
}
