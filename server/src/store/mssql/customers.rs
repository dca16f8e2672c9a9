//! Customers on SQL Server: names in pinyin order through the `name` column's Chinese_PRC
//! collation, and name search by any part of the name with `LIKE`.

use std::collections::HashMap;

use async_trait::async_trait;
use crm_shared::customer::{CustomerFields, CustomerStatus};
use crm_shared::paging::Page;

use super::convert::{Columns, Value, bad_code, contains_pattern, expect_one_row, page_values};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{
    CustomerFilter, CustomerPage, CustomerRecord, CustomerStore, CustomerSummaryRecord,
    NewCustomer, StoreResult,
};

/// A customer with the names its ids stand for, in the order of `customer_from_row`; the
/// statements add their `WHERE`.
macro_rules! select_customer {
    () => {
        "SELECT c.id, c.number, c.name, c.region_id, c.manager_id, c.level_id, c.satisfaction,
                c.credit, c.address, c.zip_code, c.phone, c.fax, c.website, c.business_licence,
                c.legal_person, c.registered_capital_fen, c.annual_revenue_fen, c.bank,
                c.bank_account, c.local_tax_number, c.national_tax_number, c.credit_code,
                c.sales_code, c.status, c.created_at, c.created_by, c.version,
                r.name, l.name, u.display_name
         FROM customers c
              LEFT JOIN dictionary_items r ON r.id = c.region_id
              LEFT JOIN dictionary_items l ON l.id = c.level_id
              JOIN users u ON u.id = c.manager_id"
    };
}

/// The filter of the customer list, shared by its count and its page. `@P1` is the
/// "contains" pattern of the query for names and `@P2` its upper-case start for numbers
/// (both NULL without a query); then region, level, manager and status, each NULL when not
/// filtered on.
macro_rules! list_condition {
    () => {
        "(@P1 IS NULL OR c.name LIKE @P1 ESCAPE '\\' OR c.number LIKE @P2 ESCAPE '\\')
           AND (@P3 IS NULL OR c.region_id = @P3)
           AND (@P4 IS NULL OR c.level_id = @P4)
           AND (@P5 IS NULL OR c.manager_id = @P5)
           AND (@P6 IS NULL OR c.status = @P6)"
    };
}

statement!(CUSTOMER = concat!(select_customer!(), " WHERE c.id = @P1"));

statement!(CUSTOMER_ID_BY_ORDER_CODE = "SELECT id FROM customers WHERE order_code = @P1");

statement!(CUSTOMER_ID_BY_NUMBER = "SELECT id FROM customers WHERE number = @P1");

statement!(
    /// Exactly this name, as on SQLite: the column's collation ignores case and width, so
    /// the binary comparison decides, and the plain one keeps the index seek.
    CUSTOMERS_NAMED = "SELECT id, number FROM customers
         WHERE name = @P1 AND name COLLATE Chinese_PRC_BIN2 = @P1
         ORDER BY id"
);

statement!(
    /// How many customers match, counted up to `@P7` (one past the cap): a broad search
    /// stops counting early.
    COUNT_CUSTOMERS = recompiled concat!(
        "SELECT COUNT(*) AS matched
         FROM (SELECT TOP (@P7) c.id FROM customers c WHERE ",
        list_condition!(),
        ") AS capped"
    )
);

statement!(
    /// The page's rows are numbered over the customers alone (the inner `c`), and only
    /// they are joined to the names.
    LIST_CUSTOMERS = recompiled concat!(
        "SELECT c.id, c.number, c.name, r.name, l.name, c.manager_id, u.display_name, c.status,
                c.satisfaction, c.credit
         FROM customers c
              LEFT JOIN dictionary_items r ON r.id = c.region_id
              LEFT JOIN dictionary_items l ON l.id = c.level_id
              JOIN users u ON u.id = c.manager_id
              JOIN (SELECT c.id, ROW_NUMBER() OVER (ORDER BY c.name, c.id) AS row_no
                    FROM customers c WHERE ",
        list_condition!(),
        ") AS matching ON matching.id = c.id
         WHERE matching.row_no > @P7 AND matching.row_no <= @P7 + @P8
         ORDER BY matching.row_no"
    )
);

statement!(
    INSERT_CUSTOMER = "INSERT INTO customers (name, region_id, manager_id, level_id,
             satisfaction, credit, address, zip_code, phone, fax, website, business_licence,
             legal_person, registered_capital_fen, annual_revenue_fen, bank, bank_account,
             local_tax_number, national_tax_number, credit_code, sales_code,
             number, status, created_at, created_by, order_code)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5, @P6, @P7, @P8, @P9, @P10, @P11, @P12, @P13, @P14,
                 @P15, @P16, @P17, @P18, @P19, @P20, @P21, @P22, @P23, @P24, @P25,
                 ISNULL(@P21, @P22))"
);

statement!(
    UPDATE_CUSTOMER = "UPDATE customers
         SET name = @P1, region_id = @P2, manager_id = @P3, level_id = @P4,
             satisfaction = @P5, credit = @P6, address = @P7, zip_code = @P8, phone = @P9,
             fax = @P10, website = @P11, business_licence = @P12, legal_person = @P13,
             registered_capital_fen = @P14, annual_revenue_fen = @P15, bank = @P16,
             bank_account = @P17, local_tax_number = @P18, national_tax_number = @P19,
             credit_code = @P20, sales_code = @P21, status = @P22, version = version + 1,
             order_code = ISNULL(@P21, number)
         WHERE id = @P23 AND version = @P24;
         SELECT @@ROWCOUNT AS changed;"
);

statement!(
    COUNT_ACTIVE_CUSTOMERS_OF_MANAGER = "SELECT COUNT(*) AS managed FROM customers
         WHERE manager_id = @P1 AND status = N'active'"
);

fn status_from(code: &str) -> StoreResult<CustomerStatus> {
    CustomerStatus::from_code(code).ok_or_else(|| bad_code("status", code))
}

fn customer_from_row(row: &mut Columns) -> StoreResult<CustomerRecord> {
    let id = row.i64()?;
    let number = row.text()?;
    let fields = CustomerFields {
        name: row.text()?,
        region_id: row.opt_i64()?,
        manager_id: row.opt_i64()?,
        level_id: row.opt_i64()?,
        satisfaction: row.i32()?,
        credit: row.i32()?,
        address: row.text()?,
        zip_code: row.text()?,
        phone: row.text()?,
        fax: row.text()?,
        website: row.text()?,
        business_licence: row.text()?,
        legal_person: row.text()?,
        registered_capital_fen: row.i64()?,
        annual_revenue_fen: row.i64()?,
        bank: row.text()?,
        bank_account: row.text()?,
        local_tax_number: row.text()?,
        national_tax_number: row.text()?,
        credit_code: row.text()?,
        sales_code: row.opt_text()?.unwrap_or_default(),
    };
    Ok(CustomerRecord {
        id,
        number,
        fields,
        status: status_from(&row.text()?)?,
        created_at: row.time()?,
        created_by: row.opt_i64()?,
        version: row.i64()?,
        region_name: row.opt_text()?,
        level_name: row.opt_text()?,
        manager_name: row.text()?,
    })
}

fn summary_from_row(row: &mut Columns) -> StoreResult<CustomerSummaryRecord> {
    Ok(CustomerSummaryRecord {
        id: row.i64()?,
        number: row.text()?,
        name: row.text()?,
        region_name: row.opt_text()?,
        level_name: row.opt_text()?,
        manager_id: row.i64()?,
        manager_name: row.text()?,
        status: status_from(&row.text()?)?,
        satisfaction: row.i32()?,
        credit: row.i32()?,
    })
}

/// The values of the editable columns, `@P1` to `@P21` of the insert and the update.
fn editable_values(fields: &CustomerFields) -> Vec<Value> {
    let text = |s: &str| Value::from(s);
    // A customer the sales system knows by its number has no code of its own, so that
    // `order_code` falls back to the number.
    let sales_code = match fields.sales_code.as_str() {
        "" => Value::Text(None),
        code => text(code),
    };
    vec![
        text(&fields.name),
        Value::from(fields.region_id),
        Value::from(fields.manager_id),
        Value::from(fields.level_id),
        Value::from(i64::from(fields.satisfaction)),
        Value::from(i64::from(fields.credit)),
        text(&fields.address),
        text(&fields.zip_code),
        text(&fields.phone),
        text(&fields.fax),
        text(&fields.website),
        text(&fields.business_licence),
        text(&fields.legal_person),
        Value::from(fields.registered_capital_fen),
        Value::from(fields.annual_revenue_fen),
        text(&fields.bank),
        text(&fields.bank_account),
        text(&fields.local_tax_number),
        text(&fields.national_tax_number),
        text(&fields.credit_code),
        sales_code,
    ]
}

/// `@P1` to `@P6` of the list's count and page.
fn list_values(filter: &CustomerFilter) -> Vec<Value> {
    let query = filter.query.trim();
    let (name, number) = if query.is_empty() {
        (None, None)
    } else {
        // Numbers are searched by their start, and are upper case (KH…) whatever was typed.
        let start = contains_pattern(&query.to_ascii_uppercase());
        let start = start.strip_prefix('%').map(str::to_owned);
        (Some(contains_pattern(query)), start)
    };
    vec![
        Value::from(name),
        Value::from(number),
        Value::from(filter.region_id),
        Value::from(filter.level_id),
        Value::from(filter.manager_id),
        Value::from(filter.status.map(|s| s.code().to_owned())),
    ]
}

#[async_trait]
impl CustomerStore for MssqlUnitOfWork {
    async fn customer(&mut self, id: i64) -> StoreResult<Option<CustomerRecord>> {
        self.one(&CUSTOMER, &[Value::from(id)], customer_from_row)
            .await
    }

    async fn customer_id_by_order_code(&mut self, code: &str) -> StoreResult<Option<i64>> {
        self.one(&CUSTOMER_ID_BY_ORDER_CODE, &[Value::from(code)], |row| {
            row.i64()
        })
        .await
    }

    async fn customer_id_by_number(&mut self, number: &str) -> StoreResult<Option<i64>> {
        let values = [Value::from(number.trim())];
        self.one(&CUSTOMER_ID_BY_NUMBER, &values, |row| row.i64())
            .await
    }

    async fn customers_named(&mut self, name: &str) -> StoreResult<Vec<(i64, String)>> {
        let values = [Value::from(name.trim())];
        self.list(&CUSTOMERS_NAMED, &values, |row| {
            Ok((row.i64()?, row.text()?))
        })
        .await
    }

    async fn list_customers(
        &mut self,
        filter: &CustomerFilter,
        page: Page,
    ) -> StoreResult<CustomerPage> {
        let cap = CustomerPage::COUNT_CAP as i64;
        let filter = list_values(filter);
        let values = [filter.as_slice(), &[Value::from(cap + 1)]].concat();
        let counted = self.scalar(&COUNT_CUSTOMERS, &values).await?;

        let values = [filter.as_slice(), &page_values(page)].concat();
        let customers = self
            .list(&LIST_CUSTOMERS, &values, summary_from_row)
            .await?;
        Ok(CustomerPage {
            customers,
            total: counted.min(cap) as u64,
            capped: counted > cap,
        })
    }

    async fn insert_customer(&mut self, customer: &NewCustomer) -> StoreResult<i64> {
        let mut values = editable_values(&customer.fields);
        values.extend([
            Value::from(customer.number.as_str()),
            Value::from(customer.status.code()),
            Value::from(customer.created_at),
            Value::from(customer.created_by),
        ]);
        self.scalar(&INSERT_CUSTOMER, &values).await
    }

    async fn update_customer(
        &mut self,
        customer: &CustomerRecord,
        version: i64,
    ) -> StoreResult<()> {
        let mut values = editable_values(&customer.fields);
        values.extend([
            Value::from(customer.status.code()),
            Value::from(customer.id),
            Value::from(version),
        ]);
        let changed = self.scalar(&UPDATE_CUSTOMER, &values).await?;
        expect_one_row(changed)
    }

    async fn active_customers_by_manager(
        &mut self,
        manager_ids: &[i64],
    ) -> StoreResult<HashMap<i64, u64>> {
        // One indexed count per manager beats a GROUP BY over the table, as on SQLite.
        let mut counts = HashMap::new();
        for &id in manager_ids {
            let values = [Value::from(id)];
            let count = self
                .scalar(&COUNT_ACTIVE_CUSTOMERS_OF_MANAGER, &values)
                .await?;
            if count > 0 {
                counts.insert(id, count as u64);
            }
        }
        Ok(counts)
    }
}
