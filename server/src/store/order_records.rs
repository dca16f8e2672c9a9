//! Orders as the sales system holds them (DESIGN §4): read-only here.

use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderSummaryRecord {
    pub id: i64,
    pub number: String,
    /// 销售系统编码 or 客户编号 of the customer.
    pub customer_code: String,
    pub date: NaiveDate,
    pub delivery_address: String,
    /// The sales system's state code.
    pub state: i32,
    pub total_fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderLineRecord {
    pub id: i64,
    pub line_no: i32,
    pub product_code: String,
    pub product_name: String,
    pub quantity: i64,
    pub unit: String,
    pub unit_price_fen: i64,
    pub amount_fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRecord {
    pub summary: OrderSummaryRecord,
    pub lines: Vec<OrderLineRecord>,
}

/// Every customer's last order date by the code orders name him by, kept compact for the
/// churn scan: the codes in one text buffer and a sorted index into it, so a million
/// customers take about 30 MB rather than a million small strings and a hash table.
#[derive(Clone, Debug, Default)]
pub struct LastOrders {
    codes: String,
    /// (start, length) of a code in `codes`, and its last order date; sorted by code once
    /// [`LastOrders::finish`] ran.
    entries: Vec<(u32, u32, NaiveDate)>,
}

impl LastOrders {
    /// Adds a code's last order date; codes are unique.
    pub fn push(&mut self, code: &str, date: NaiveDate) {
        let start = u32::try_from(self.codes.len()).unwrap_or(u32::MAX);
        let length = u32::try_from(code.len()).unwrap_or(u32::MAX);
        self.codes.push_str(code);
        self.entries.push((start, length, date));
    }

    /// Sorts the index; call once after the last [`LastOrders::push`].
    pub fn finish(mut self) -> LastOrders {
        let codes = std::mem::take(&mut self.codes);
        self.entries
            .sort_unstable_by(|a, b| code_at(&codes, a).cmp(code_at(&codes, b)));
        self.codes = codes;
        self.codes.shrink_to_fit();
        self.entries.shrink_to_fit();
        self
    }

    /// The last order date of the customer `code` names, if he ever ordered.
    pub fn get(&self, code: &str) -> Option<NaiveDate> {
        let found = self
            .entries
            .binary_search_by(|entry| code_at(&self.codes, entry).cmp(code));
        found
            .ok()
            .and_then(|at| self.entries.get(at))
            .map(|entry| entry.2)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn code_at<'a>(codes: &'a str, &(start, length, _): &(u32, u32, NaiveDate)) -> &'a str {
    let (start, end) = (start as usize, start as usize + length as usize);
    codes.get(start..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_found_whatever_order_they_came_in() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let mut orders = LastOrders::default();
        for (code, d) in [("XS10003", 3), ("KH20250101001", 1), ("KH2025", 2)] {
            orders.push(code, day(d));
        }
        let orders = orders.finish();
        assert_eq!(orders.len(), 3);
        assert_eq!(orders.get("KH20250101001"), Some(day(1)));
        assert_eq!(orders.get("KH2025"), Some(day(2)));
        assert_eq!(orders.get("XS10003"), Some(day(3)));
        assert_eq!(orders.get("KH202501"), None);
        assert_eq!(LastOrders::default().finish().get("x"), None);
    }
}
