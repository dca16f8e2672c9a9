//! Paging of list requests (DESIGN §6): 1-based pages, 20 rows by default, at most 200.

pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 200;

/// A normalized page: what a store query needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// 1-based.
    pub number: u32,
    pub size: u32,
}

impl Page {
    /// Fills in defaults and clamps to the limits, so any request is a valid page.
    pub fn new(number: u32, size: u32) -> Page {
        let size = match size {
            0 => DEFAULT_PAGE_SIZE,
            s => s.min(MAX_PAGE_SIZE),
        };
        Page {
            number: number.max(1),
            size,
        }
    }

    /// Rows to skip before this page.
    pub fn offset(self) -> u64 {
        u64::from(self.number - 1) * u64::from(self.size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_means_first_page_of_default_size() {
        assert_eq!(
            Page::new(0, 0),
            Page {
                number: 1,
                size: 20
            }
        );
    }

    #[test]
    fn size_is_capped_and_offset_follows() {
        let page = Page::new(3, 1000);
        assert_eq!(page.size, 200);
        assert_eq!(page.offset(), 400);
    }
}
