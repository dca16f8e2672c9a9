//! The demo company's orders from the sales system: two years of them, most customers ordering
//! until recently (some every few weeks), some silent for more than six months (due for a churn
//! warning), some never.

use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use super::customers::DemoCustomer;
use crate::io::order_import::{ImportedLine, ImportedOrder};

/// (code, name, unit, unit price in fen)
const PRODUCTS: &[(&str, &str, &str, i64)] = &[
    ("P1001", "激光打印机", "台", 128_050),
    ("P1002", "硒鼓", "个", 8_900),
    ("P1003", "A4 复印纸", "箱", 12_000),
    ("P2001", "工业控制器", "套", 356_000),
    ("P2002", "变频器", "台", 214_500),
    ("P2003", "传感器模块", "个", 4_680),
    ("P3001", "服务器机柜", "台", 520_000),
    ("P3002", "网络交换机", "台", 98_000),
    ("P4001", "办公桌椅套装", "套", 168_800),
    ("P4002", "文件柜", "个", 45_000),
];

/// The sales system's states: mostly shipped (5) or paid (6), some still in progress (1–4) or
/// cancelled (7).
fn state(rng: &mut StdRng, days_ago: i64) -> i32 {
    if days_ago < 20 && rng.random_bool(0.5) {
        return rng.random_range(1..=4);
    }
    match rng.random_range(0..20) {
        0 => 7,
        1..=7 => 5,
        _ => 6,
    }
}

/// Orders for the customers up to `today`.
pub fn generate(
    rng: &mut StdRng,
    customers: &[DemoCustomer],
    today: NaiveDate,
) -> Vec<ImportedOrder> {
    let mut orders = Vec::new();
    for (index, customer) in customers.iter().enumerate() {
        // Silent for 7 to 12 months, or never ordered: the churn scan's work. Regular buyers
        // order every few weeks, so their history runs to several pages.
        let (newest, count) = match index % 10 {
            0 => continue,
            1 => (rng.random_range(210..365), rng.random_range(2..6)),
            2..=4 => (rng.random_range(0..10), rng.random_range(25..50)),
            _ => (rng.random_range(0..45), rng.random_range(4..16)),
        };
        for _ in 0..count {
            let days_ago = rng.random_range(newest..730);
            let date = today - Duration::days(days_ago);
            let lines = (1..=rng.random_range(1..=4))
                .map(|line_no| {
                    let (code, name, unit, price) = *PRODUCTS.choose(rng).unwrap_or(&PRODUCTS[0]);
                    ImportedLine {
                        line_no,
                        product_code: code.to_owned(),
                        product_name: name.to_owned(),
                        unit: unit.to_owned(),
                        quantity: rng.random_range(1..20),
                        unit_price_fen: price,
                    }
                })
                .collect();
            orders.push(ImportedOrder {
                line: 0,
                number: format!("SO{}{:05}", date.format("%Y%m%d"), orders.len() + 1),
                customer_code: customer.order_code.clone(),
                date,
                delivery_address: customer.address.clone(),
                state: state(rng, days_ago),
                lines,
            });
        }
    }
    orders
}
