//! The order import of the embedded store (DESIGN §4): the sales system's orders and their
//! lines from one CSV file, one row per order line, the order's columns repeated on each of its
//! lines. Columns, found by their header (Chinese or English, in any order):
//!
//! | header | English | content |
//! |---|---|---|
//! | 订单编号 | order_number | required, at most 40 characters |
//! | 客户编码 | customer_code | the customer's 销售系统编码, or its 客户编号 when it has none |
//! | 下单日期 | order_date | `2026-12-03` or `2026-12-3` |
//! | 送货地址 | delivery_address | optional |
//! | 订单状态 | state | the sales system's state code, 1–99 (5 已发货, 6 已回款) |
//! | 行号 | line_no | optional; the line's position in the order when empty |
//! | 产品编号 | product_code | required |
//! | 产品名称 | product_name | required |
//! | 单位 | unit | required, e.g. 台, 件 |
//! | 数量 | quantity | a whole number above zero |
//! | 单价 | unit_price | yuan with at most two decimals, e.g. `1280.50` |
//!
//! Every row is checked and every bad row reported with its line number; one bad row imports
//! nothing. Orders whose number was imported before are skipped, so a file can be imported
//! again without importing anything twice.

use std::collections::HashMap;

use chrono::NaiveDate;
use crm_shared::date::parse_date;
use crm_shared::money::parse_yuan;

use super::text_file;

/// One line of the file that cannot be imported, and why (in Chinese, for the operator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The line in the file; the header is line 1.
    pub line: u64,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedOrder {
    /// The file line of the order's first row, for errors about the whole order.
    pub line: u64,
    pub number: String,
    pub customer_code: String,
    pub date: NaiveDate,
    pub delivery_address: String,
    pub state: i32,
    pub lines: Vec<ImportedLine>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedLine {
    pub line_no: i32,
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub quantity: i64,
    pub unit_price_fen: i64,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub orders_imported: u64,
    pub lines_imported: u64,
    /// Orders already imported before, left as they were.
    pub orders_skipped: u64,
    /// When not empty, nothing was imported.
    pub errors: Vec<RowError>,
}

const COLUMNS: [(&str, &str); 11] = [
    ("订单编号", "order_number"),
    ("客户编码", "customer_code"),
    ("下单日期", "order_date"),
    ("送货地址", "delivery_address"),
    ("订单状态", "state"),
    ("行号", "line_no"),
    ("产品编号", "product_code"),
    ("产品名称", "product_name"),
    ("单位", "unit"),
    ("数量", "quantity"),
    ("单价", "unit_price"),
];

/// Columns that may be missing from the file.
const OPTIONAL: [&str; 2] = ["送货地址", "行号"];

/// Imports a file of orders into the embedded store's sales tables: every row checked first,
/// nothing imported when one is bad, orders imported before skipped.
pub async fn import_file(
    source: &crate::store::sqlite::SqliteOrderSource,
    bytes: &[u8],
    at: chrono::DateTime<chrono::Utc>,
) -> crate::store::StoreResult<ImportReport> {
    match parse(bytes) {
        Ok(orders) => source.import(orders, at).await,
        Err(errors) => Ok(ImportReport {
            errors,
            ..ImportReport::default()
        }),
    }
}

/// Reads the file into orders, or every row error found.
pub fn parse(bytes: &[u8]) -> Result<Vec<ImportedOrder>, Vec<RowError>> {
    let text = text_file::decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|err| file_error(1, &err))?.clone();
    let positions = column_positions(&header)?;

    let mut errors = Vec::new();
    let mut orders: Vec<ImportedOrder> = Vec::new();
    let mut by_number: HashMap<String, usize> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                errors.push(file_error(line, &err)[0].clone());
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cells = Cells {
            record: &record,
            positions: &positions,
        };
        match read_row(line, &cells) {
            Ok((order, line_no, order_line)) => {
                let orders = (&mut orders, &mut by_number);
                if let Err(error) = add_row(orders, order, line_no, order_line) {
                    errors.push(error);
                }
            }
            Err(messages) => errors.extend(
                messages
                    .into_iter()
                    .map(|message| RowError { line, message }),
            ),
        }
    }
    if orders.is_empty() && errors.is_empty() {
        errors.push(RowError {
            line: 1,
            message: "文件中没有订单".into(),
        });
    }
    if errors.is_empty() {
        Ok(orders)
    } else {
        Err(errors)
    }
}

fn file_error(line: u64, err: &csv::Error) -> Vec<RowError> {
    vec![RowError {
        line,
        message: format!("无法读取：{err}"),
    }]
}

fn column_positions(
    header: &csv::StringRecord,
) -> Result<HashMap<&'static str, usize>, Vec<RowError>> {
    let mut positions = HashMap::new();
    for (at, title) in header.iter().enumerate() {
        let found = COLUMNS
            .iter()
            .find(|(chinese, english)| title == *chinese || title.eq_ignore_ascii_case(english));
        if let Some((chinese, _)) = found {
            positions.insert(*chinese, at);
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .map(|(chinese, _)| *chinese)
        .filter(|name| !positions.contains_key(name) && !OPTIONAL.contains(name))
        .collect();
    if missing.is_empty() {
        Ok(positions)
    } else {
        Err(vec![RowError {
            line: 1,
            message: format!("缺少列：{}", missing.join("、")),
        }])
    }
}

/// The cells of one row, by column.
struct Cells<'a> {
    record: &'a csv::StringRecord,
    positions: &'a HashMap<&'static str, usize>,
}

impl<'a> Cells<'a> {
    /// The trimmed cell of the column, empty when the column or the cell is missing.
    fn get(&self, column: &str) -> &'a str {
        self.positions
            .get(column)
            .and_then(|&at| self.record.get(at))
            .unwrap_or_default()
    }
}

/// One row as an order (without lines), its line number and its line, or what is wrong
/// with it.
fn read_row(
    line: u64,
    cells: &Cells,
) -> Result<(ImportedOrder, Option<i32>, ImportedLine), Vec<String>> {
    let cell = |column: &str| cells.get(column);
    let mut problems = Vec::new();
    let mut required = |name: &str, max: usize| {
        let value = cell(name);
        if value.is_empty() {
            problems.push(format!("{name}不能为空"));
        } else if value.chars().count() > max {
            problems.push(format!("{name}不能超过 {max} 个字符"));
        }
        value.to_owned()
    };
    let number = required("订单编号", 40);
    let customer_code = required("客户编码", 40);
    let product_code = required("产品编号", 40);
    let product_name = required("产品名称", 100);
    let unit = required("单位", 10);

    let date = parse_date(cell("下单日期"));
    if date.is_none() {
        problems.push(format!("下单日期“{}”不是有效日期", cell("下单日期")));
    }
    let state = cell("订单状态")
        .parse::<i32>()
        .ok()
        .filter(|s| (1..=99).contains(s));
    if state.is_none() {
        problems.push(format!("订单状态“{}”应为 1–99 的整数", cell("订单状态")));
    }
    let line_no = match cell("行号") {
        "" => Ok(None),
        text => text
            .parse::<i32>()
            .ok()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or(text),
    };
    if let Err(text) = line_no {
        problems.push(format!("行号“{text}”应为正整数"));
    }
    let quantity = cell("数量").parse::<i64>().ok().filter(|q| *q > 0);
    if quantity.is_none() {
        problems.push(format!("数量“{}”应为大于 0 的整数", cell("数量")));
    }
    let unit_price_fen = parse_yuan(cell("单价")).filter(|fen| *fen >= 0);
    if unit_price_fen.is_none() {
        problems.push(format!(
            "单价“{}”应为不小于 0、最多两位小数的金额",
            cell("单价")
        ));
    }
    let delivery_address = cell("送货地址");
    if delivery_address.chars().count() > 200 {
        problems.push("送货地址不能超过 200 个字符".into());
    }

    let (Some(date), Some(state), Ok(line_no), Some(quantity), Some(unit_price_fen), true) = (
        date,
        state,
        line_no,
        quantity,
        unit_price_fen,
        problems.is_empty(),
    ) else {
        return Err(problems);
    };
    let order = ImportedOrder {
        line,
        number,
        customer_code,
        date,
        delivery_address: delivery_address.to_owned(),
        state,
        lines: Vec::new(),
    };
    let order_line = ImportedLine {
        line_no: 0,
        product_code,
        product_name,
        unit,
        quantity,
        unit_price_fen,
    };
    Ok((order, line_no, order_line))
}

/// Adds a row's line to its order, the order to the list when it is new.
fn add_row(
    (orders, by_number): (&mut Vec<ImportedOrder>, &mut HashMap<String, usize>),
    mut order: ImportedOrder,
    line_no: Option<i32>,
    mut order_line: ImportedLine,
) -> Result<(), RowError> {
    let error = |message: String| RowError {
        line: order.line,
        message,
    };
    let Some(existing) = by_number
        .get(&order.number)
        .and_then(|&at| orders.get_mut(at))
    else {
        order_line.line_no = line_no.unwrap_or(1);
        order.lines.push(order_line);
        by_number.insert(order.number.clone(), orders.len());
        orders.push(order);
        return Ok(());
    };
    let same_order = existing.customer_code == order.customer_code
        && existing.date == order.date
        && existing.delivery_address == order.delivery_address
        && existing.state == order.state;
    if !same_order {
        return Err(error(format!(
            "订单 {} 的客户编码、下单日期、送货地址或订单状态与第 {} 行不一致",
            order.number, existing.line
        )));
    }
    let next = i32::try_from(existing.lines.len())
        .unwrap_or(i32::MAX)
        .saturating_add(1);
    order_line.line_no = line_no.unwrap_or(next);
    if existing
        .lines
        .iter()
        .any(|l| l.line_no == order_line.line_no)
    {
        return Err(error(format!(
            "订单 {} 的行号 {} 重复",
            order.number, order_line.line_no
        )));
    }
    existing.lines.push(order_line);
    Ok(())
}

#[cfg(test)]
mod tests;
