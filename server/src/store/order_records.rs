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
