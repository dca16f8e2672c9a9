//! The paging bar under a list: 上一页 / 下一页, the page number and the total (DESIGN §6).

use crm_shared::paging::DEFAULT_PAGE_SIZE;

use crate::i18n::{t, t_args};

/// Which page of a server-paged list is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
    /// All matching rows, as the server counted them.
    pub total: u64,
}

impl Default for Paging {
    fn default() -> Paging {
        Paging {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            total: 0,
        }
    }
}

impl Paging {
    pub fn pages(&self) -> u32 {
        let size = u64::from(self.page_size.max(1));
        u32::try_from(self.total.div_ceil(size))
            .unwrap_or(u32::MAX)
            .max(1)
    }

    pub fn request(&self) -> crm_proto::v1::PageRequest {
        crm_proto::v1::PageRequest {
            page: self.page,
            page_size: self.page_size,
        }
    }

    /// Shows the bar; `true` when the user moved to another page.
    pub fn show(&mut self, ui: &mut egui::Ui) -> bool {
        let mut moved = false;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(self.page > 1, egui::Button::new(t("paging.previous")))
                .clicked()
            {
                self.page -= 1;
                moved = true;
            }
            let (page, pages) = (self.page.to_string(), self.pages().to_string());
            ui.label(t_args(
                "paging.page_of",
                &[("page", &page), ("pages", &pages)],
            ));
            let next = self.page < self.pages();
            if ui
                .add_enabled(next, egui::Button::new(t("paging.next")))
                .clicked()
            {
                self.page += 1;
                moved = true;
            }
            ui.label(t_args(
                "paging.total",
                &[("total", &self.total.to_string())],
            ));
        });
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_up_and_an_empty_list_has_one_page() {
        let paging = |total| Paging {
            page: 1,
            page_size: 20,
            total,
        };
        assert_eq!(paging(0).pages(), 1);
        assert_eq!(paging(20).pages(), 1);
        assert_eq!(paging(21).pages(), 2);
    }
}
