//! Customers on SQLite: names in pinyin order through the `pinyin` collation, and name search
//! through the gram index (see `name_search.rs`).

use std::collections::HashMap;

use async_trait::async_trait;
use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::paging::Page;
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params_from_iter};

use super::convert::{bad_code, counts_by_id, expect_one_row, time_from_sql, time_to_sql};
use super::name_search;
use super::unit::SqliteUnitOfWork;
use crate::store::{
    CustomerFilter, CustomerPage, CustomerRecord, CustomerStore, CustomerSummaryRecord,
    NewCustomer, StoreResult,
};

const FROM: &str = "customers c
     LEFT JOIN dictionary_items r ON r.id = c.region_id
     LEFT JOIN dictionary_items l ON l.id = c.level_id
     JOIN users u ON u.id = c.manager_id";

const COLUMNS: &str = "c.id, c.number, c.name, c.region_id, c.manager_id, c.level_id,
     c.satisfaction, c.credit, c.address, c.zip_code, c.phone, c.fax, c.website,
     c.business_licence, c.legal_person, c.registered_capital_fen, c.annual_revenue_fen,
     c.bank, c.bank_account, c.local_tax_number, c.national_tax_number, c.credit_code,
     c.sales_code, c.status, c.created_at, c.created_by, c.version,
     r.name, l.name, u.display_name";

const SUMMARY_COLUMNS: &str = "c.id, c.number, c.name, r.name, l.name, c.manager_id,
     u.display_name, c.status, c.satisfaction, c.credit";

fn status_from(text: &str) -> rusqlite::Result<CustomerStatus> {
    CustomerStatus::from_code(text).ok_or_else(|| bad_code("status", text))
}

fn customer_from_row(row: &Row) -> rusqlite::Result<CustomerRecord> {
    let fields = CustomerFields {
        name: row.get(2)?,
        region_id: row.get(3)?,
        manager_id: row.get(4)?,
        level_id: row.get(5)?,
        satisfaction: row.get(6)?,
        credit: row.get(7)?,
        address: row.get(8)?,
        zip_code: row.get(9)?,
        phone: row.get(10)?,
        fax: row.get(11)?,
        website: row.get(12)?,
        business_licence: row.get(13)?,
        legal_person: row.get(14)?,
        registered_capital_fen: row.get(15)?,
        annual_revenue_fen: row.get(16)?,
        bank: row.get(17)?,
        bank_account: row.get(18)?,
        local_tax_number: row.get(19)?,
        national_tax_number: row.get(20)?,
        credit_code: row.get(21)?,
        sales_code: row.get::<_, Option<String>>(22)?.unwrap_or_default(),
    };
    Ok(CustomerRecord {
        id: row.get(0)?,
        number: row.get(1)?,
        fields,
        status: status_from(&row.get::<_, String>(23)?)?,
        created_at: time_from_sql(&row.get::<_, String>(24)?)?,
        created_by: row.get(25)?,
        version: row.get(26)?,
        region_name: row.get(27)?,
        level_name: row.get(28)?,
        manager_name: row.get(29)?,
    })
}

fn summary_from_row(row: &Row) -> rusqlite::Result<CustomerSummaryRecord> {
    Ok(CustomerSummaryRecord {
        id: row.get(0)?,
        number: row.get(1)?,
        name: row.get(2)?,
        region_name: row.get(3)?,
        level_name: row.get(4)?,
        manager_id: row.get(5)?,
        manager_name: row.get(6)?,
        status: status_from(&row.get::<_, String>(7)?)?,
        satisfaction: row.get(8)?,
        credit: row.get(9)?,
    })
}

/// The values of the editable columns, in the order of [`EDITABLE`].
fn editable_values(fields: &CustomerFields) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.to_owned());
    let id = |id: Option<i64>| id.map_or(Value::Null, Value::Integer);
    let sales_code = match fields.sales_code.as_str() {
        "" => Value::Null,
        code => text(code),
    };
    vec![
        text(&fields.name),
        id(fields.region_id),
        id(fields.manager_id),
        id(fields.level_id),
        Value::Integer(fields.satisfaction.into()),
        Value::Integer(fields.credit.into()),
        text(&fields.address),
        text(&fields.zip_code),
        text(&fields.phone),
        text(&fields.fax),
        text(&fields.website),
        text(&fields.business_licence),
        text(&fields.legal_person),
        Value::Integer(fields.registered_capital_fen),
        Value::Integer(fields.annual_revenue_fen),
        text(&fields.bank),
        text(&fields.bank_account),
        text(&fields.local_tax_number),
        text(&fields.national_tax_number),
        text(&fields.credit_code),
        sales_code,
    ]
}

/// The editable columns: named as the fields are.
const EDITABLE: [&str; 21] = crm_shared::customer::FIELD_NAMES;

/// Above this many candidates from the gram index, a search is broad (公司, 有限): walking the
/// names in pinyin order and checking each finds a page sooner than gathering every candidate
/// first, and the capped count stops early too.
const BROAD_CANDIDATES: i64 = 30_000;

/// The gram index's candidates for `expression`, counted up to just past [`BROAD_CANDIDATES`].
fn candidates(conn: &Connection, expression: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT COUNT(*) FROM (SELECT rowid FROM customer_name_grams
                               WHERE customer_name_grams MATCH ?1 LIMIT ?2)",
    )?
    .query_row(rusqlite::params![expression, BROAD_CANDIDATES + 1], |row| {
        row.get(0)
    })
}

/// The `WHERE` clause of a list and its values.
fn list_condition(
    conn: &Connection,
    filter: &CustomerFilter,
) -> rusqlite::Result<(String, Vec<Value>)> {
    let mut conditions = vec!["1 = 1".to_owned()];
    let mut values = Vec::new();
    let query = filter.query.trim();
    if !query.is_empty() {
        let contains = "instr(lower(c.name), lower(?)) > 0";
        // Numbers are searched by their start: the unique index serves the range.
        let number = "(c.number >= ? AND c.number < ?)";
        let selective = match name_search::match_expression(query) {
            Some(expression) if candidates(conn, &expression)? <= BROAD_CANDIDATES => {
                Some(expression)
            }
            _ => None,
        };
        let name = match selective {
            Some(expression) => {
                values.push(Value::Text(expression));
                format!(
                    "(c.id IN (SELECT rowid FROM customer_name_grams
                               WHERE customer_name_grams MATCH ?) AND {contains})"
                )
            }
            None => contains.to_owned(),
        };
        let upper = query.to_ascii_uppercase();
        values.push(Value::Text(query.to_owned()));
        values.push(Value::Text(upper.clone()));
        values.push(Value::Text(format!("{upper}{}", char::MAX)));
        conditions.push(format!("({name} OR {number})"));
    }
    let mut equal = |column: &str, value: Option<Value>| {
        if let Some(value) = value {
            conditions.push(format!("{column} = ?"));
            values.push(value);
        }
    };
    equal("c.region_id", filter.region_id.map(Value::Integer));
    equal("c.level_id", filter.level_id.map(Value::Integer));
    equal("c.manager_id", filter.manager_id.map(Value::Integer));
    equal(
        "c.status",
        filter.status.map(|s| Value::Text(s.code().to_owned())),
    );
    Ok((conditions.join(" AND "), values))
}

fn list(conn: &Connection, filter: &CustomerFilter, page: Page) -> rusqlite::Result<CustomerPage> {
    let (condition, values) = list_condition(conn, filter)?;
    let cap = CustomerPage::COUNT_CAP as i64;
    let counted: i64 = conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM customers c WHERE {condition} LIMIT {})",
            cap + 1
        ),
        params_from_iter(values.iter()),
        |row| row.get(0),
    )?;
    let mut paged = values.clone();
    paged.push(Value::Integer(page.size.into()));
    paged.push(Value::Integer(page.offset() as i64));
    let customers = conn
        .prepare(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM {FROM} WHERE {condition}
             ORDER BY c.name, c.id LIMIT ? OFFSET ?"
        ))?
        .query_map(params_from_iter(paged.iter()), summary_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(CustomerPage {
        customers,
        total: counted.min(cap) as u64,
        capped: counted > cap,
    })
}

#[async_trait]
impl CustomerStore for SqliteUnitOfWork {
    async fn customer(&mut self, id: i64) -> StoreResult<Option<CustomerRecord>> {
        self.run(move |conn| {
            let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE c.id = ?1");
            let mut found = conn
                .prepare_cached(&sql)?
                .query_map([id], customer_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(found.pop())
        })
        .await
    }

    async fn customer_id_by_order_code(&mut self, code: &str) -> StoreResult<Option<i64>> {
        let code = code.to_owned();
        self.run(move |conn| {
            conn.prepare_cached("SELECT id FROM customers WHERE order_code = ?1")?
                .query_map([code], |row| row.get(0))?
                .next()
                .transpose()
        })
        .await
    }

    async fn customer_id_by_number(&mut self, number: &str) -> StoreResult<Option<i64>> {
        let number = number.trim().to_owned();
        self.run(move |conn| {
            conn.prepare_cached("SELECT id FROM customers WHERE number = ?1")?
                .query_map([number], |row| row.get(0))?
                .next()
                .transpose()
        })
        .await
    }

    async fn customers_named(&mut self, name: &str) -> StoreResult<Vec<(i64, String)>> {
        let name = name.trim().to_owned();
        self.run(move |conn| {
            conn.prepare_cached("SELECT id, number FROM customers WHERE name = ?1 ORDER BY id")?
                .query_map([name], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect()
        })
        .await
    }

    async fn list_customers(
        &mut self,
        filter: &CustomerFilter,
        page: Page,
    ) -> StoreResult<CustomerPage> {
        let filter = filter.clone();
        self.run(move |conn| list(conn, &filter, page)).await
    }

    async fn insert_customer(&mut self, customer: &NewCustomer) -> StoreResult<i64> {
        let customer = customer.clone();
        self.run(move |conn| {
            let mut values = editable_values(&customer.fields);
            values.extend([
                Value::Text(customer.number.clone()),
                Value::Text(customer.status.code().to_owned()),
                Value::Text(time_to_sql(customer.created_at)),
                customer.created_by.map_or(Value::Null, Value::Integer),
            ]);
            let columns = EDITABLE.join(", ");
            let marks = vec!["?"; EDITABLE.len() + 4].join(", ");
            conn.execute(
                &format!(
                    "INSERT INTO customers ({columns}, number, status, created_at, created_by)
                     VALUES ({marks})"
                ),
                params_from_iter(values.iter()),
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }

    async fn update_customer(
        &mut self,
        customer: &CustomerRecord,
        version: i64,
    ) -> StoreResult<()> {
        let customer = customer.clone();
        let changed = self
            .run(move |conn| {
                let mut values = editable_values(&customer.fields);
                values.extend([
                    Value::Text(customer.status.code().to_owned()),
                    Value::Integer(customer.id),
                    Value::Integer(version),
                ]);
                let assignments: Vec<String> = EDITABLE
                    .iter()
                    .map(|column| format!("{column} = ?"))
                    .collect();
                conn.execute(
                    &format!(
                        "UPDATE customers SET {}, status = ?, version = version + 1
                         WHERE id = ? AND version = ?",
                        assignments.join(", ")
                    ),
                    params_from_iter(values.iter()),
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn active_customers_by_manager(
        &mut self,
        manager_ids: &[i64],
    ) -> StoreResult<HashMap<i64, u64>> {
        let ids = manager_ids.to_vec();
        self.run(move |conn| {
            counts_by_id(
                conn,
                "SELECT COUNT(*) FROM customers WHERE manager_id = ?1 AND status = 'active'",
                &ids,
            )
        })
        .await
    }
}
