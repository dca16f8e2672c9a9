//! Conversion between SQL Server values and the store's types, and of SQL Server errors into
//! [`StoreError`]: in one place, so every table reads and writes them alike.
//!
//! Times are `DATETIME2` holding UTC; dates (`YYYY-MM-DD` in the store's records) are `DATE`;
//! money is `BIGINT` fen; flags are `BIT`; every text is `NVARCHAR`.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use tiberius::{ColumnData, Row, ToSql};

use crate::store::{StoreError, StoreResult};

/// A parameter value owned by the caller's list, so a query's parameters can be assembled in
/// a `Vec` and bound in order as `@P1`, `@P2`, ….
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Time(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
    Bool(bool),
}

impl ToSql for Value {
    fn to_sql(&self) -> ColumnData<'_> {
        match self {
            Value::Int(value) => ColumnData::I64(*value),
            Value::Text(value) => ColumnData::String(value.as_deref().map(Cow::Borrowed)),
            // Typed NULLs, so the server infers a parameter's type alike with or without value.
            Value::Time(None) => ColumnData::DateTime2(None),
            Value::Time(Some(time)) => match time.naive_utc().to_sql() {
                ColumnData::DateTime2(value) => ColumnData::DateTime2(value),
                other => unreachable!("chrono's NaiveDateTime is a DATETIME2, not {other:?}"),
            },
            Value::Date(None) => ColumnData::Date(None),
            Value::Date(Some(date)) => match date.to_sql() {
                ColumnData::Date(value) => ColumnData::Date(value),
                other => unreachable!("chrono's NaiveDate is a DATE, not {other:?}"),
            },
            Value::Bool(value) => ColumnData::Bit(Some(*value)),
        }
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Int(Some(value))
    }
}

impl From<Option<i64>> for Value {
    fn from(value: Option<i64>) -> Self {
        Value::Int(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Text(Some(value.to_owned()))
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::Text(Some(value))
    }
}

impl From<Option<String>> for Value {
    fn from(value: Option<String>) -> Self {
        Value::Text(value)
    }
}

impl From<DateTime<Utc>> for Value {
    fn from(value: DateTime<Utc>) -> Self {
        Value::Time(Some(value))
    }
}

impl From<Option<DateTime<Utc>>> for Value {
    fn from(value: Option<DateTime<Utc>>) -> Self {
        Value::Time(value)
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Bool(value)
    }
}

/// A `YYYY-MM-DD` date of a record as a `DATE` parameter.
pub fn date_value(text: &str) -> Result<Value, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| Value::Date(Some(d)))
        .map_err(|e| StoreError::Failed(format!("bad date {text:?}: {e}")))
}

/// `[Value]` as tiberius takes parameters.
pub fn as_params(values: &[Value]) -> Vec<&dyn ToSql> {
    values.iter().map(|v| v as &dyn ToSql).collect()
}

/// Reads a row's columns in order, whatever integer width the column has.
pub struct Columns<'a> {
    cells: Vec<&'a ColumnData<'static>>,
    names: Vec<&'a str>,
    next: usize,
}

/// Each row converted by `from_row`.
pub fn rows_as<T>(
    rows: &[Row],
    from_row: fn(&mut Columns) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    rows.iter()
        .map(|row| from_row(&mut Columns::new(row)))
        .collect()
}

impl<'a> Columns<'a> {
    pub fn new(row: &'a Row) -> Columns<'a> {
        let (names, cells) = row.cells().map(|(c, d)| (c.name(), d)).unzip();
        Columns {
            cells,
            names,
            next: 0,
        }
    }

    fn take(&mut self) -> Result<(&'a ColumnData<'static>, &'a str), StoreError> {
        let index = self.next;
        self.next += 1;
        match self.cells.get(index) {
            Some(cell) => Ok((cell, self.names[index])),
            None => Err(StoreError::Failed(format!(
                "the row has {} columns, column {} was read",
                self.cells.len(),
                index + 1
            ))),
        }
    }

    pub fn opt_i64(&mut self) -> Result<Option<i64>, StoreError> {
        let (cell, name) = self.take()?;
        Ok(match cell {
            ColumnData::U8(v) => v.map(i64::from),
            ColumnData::I16(v) => v.map(i64::from),
            ColumnData::I32(v) => v.map(i64::from),
            ColumnData::I64(v) => *v,
            ColumnData::Bit(v) => v.map(i64::from),
            other => return Err(wrong_type(name, "an integer", other)),
        })
    }

    pub fn i64(&mut self) -> Result<i64, StoreError> {
        let name = self.upcoming_name();
        self.opt_i64()?.ok_or_else(|| null_in(name))
    }

    pub fn i32(&mut self) -> Result<i32, StoreError> {
        let name = self.upcoming_name();
        i32::try_from(self.i64()?).map_err(|_| StoreError::Failed(format!("{name} overflows")))
    }

    pub fn u32(&mut self) -> Result<u32, StoreError> {
        let name = self.upcoming_name();
        u32::try_from(self.i64()?).map_err(|_| StoreError::Failed(format!("{name} overflows")))
    }

    pub fn u64(&mut self) -> Result<u64, StoreError> {
        let name = self.upcoming_name();
        u64::try_from(self.i64()?).map_err(|_| StoreError::Failed(format!("{name} is negative")))
    }

    pub fn bool(&mut self) -> Result<bool, StoreError> {
        Ok(self.i64()? != 0)
    }

    pub fn opt_text(&mut self) -> Result<Option<String>, StoreError> {
        let (cell, name) = self.take()?;
        match cell {
            ColumnData::String(v) => Ok(v.as_ref().map(|s| s.to_string())),
            other => Err(wrong_type(name, "text", other)),
        }
    }

    pub fn text(&mut self) -> Result<String, StoreError> {
        let name = self.upcoming_name();
        self.opt_text()?.ok_or_else(|| null_in(name))
    }

    pub fn opt_time(&mut self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let (cell, name) = self.take()?;
        match cell {
            ColumnData::DateTime2(_) | ColumnData::DateTime(_) => {
                let naive: Option<chrono::NaiveDateTime> =
                    tiberius::FromSql::from_sql(cell).map_err(|e| wrong(name, e))?;
                Ok(naive.map(|n| n.and_utc()))
            }
            other => Err(wrong_type(name, "a time", other)),
        }
    }

    pub fn time(&mut self) -> Result<DateTime<Utc>, StoreError> {
        let name = self.upcoming_name();
        self.opt_time()?.ok_or_else(|| null_in(name))
    }

    /// A `DATE` as the records hold dates: `YYYY-MM-DD`.
    pub fn opt_date(&mut self) -> Result<Option<String>, StoreError> {
        Ok(self
            .opt_naive_date()?
            .map(|d| d.format("%Y-%m-%d").to_string()))
    }

    /// A `DATE` for the records that hold dates as dates (orders, churn warnings).
    pub fn opt_naive_date(&mut self) -> Result<Option<NaiveDate>, StoreError> {
        let (cell, name) = self.take()?;
        match cell {
            ColumnData::Date(_) => tiberius::FromSql::from_sql(cell).map_err(|e| wrong(name, e)),
            other => Err(wrong_type(name, "a date", other)),
        }
    }

    pub fn naive_date(&mut self) -> Result<NaiveDate, StoreError> {
        let name = self.upcoming_name();
        self.opt_naive_date()?.ok_or_else(|| null_in(name))
    }

    /// Text borrowed from the row, for readers that keep no string per row.
    pub fn text_ref(&mut self) -> Result<&'a str, StoreError> {
        let (cell, name) = self.take()?;
        match cell {
            ColumnData::String(Some(text)) => Ok(text.as_ref()),
            ColumnData::String(None) => Err(null_in(name.to_owned())),
            other => Err(wrong_type(name, "text", other)),
        }
    }

    pub fn date(&mut self) -> Result<String, StoreError> {
        let name = self.upcoming_name();
        self.opt_date()?.ok_or_else(|| null_in(name))
    }

    fn upcoming_name(&self) -> String {
        self.names.get(self.next).copied().unwrap_or("?").to_owned()
    }
}

fn null_in(column: String) -> StoreError {
    StoreError::Failed(format!("unexpected NULL in column {column}"))
}

fn wrong_type(column: &str, expected: &str, found: &ColumnData<'_>) -> StoreError {
    StoreError::Failed(format!("column {column} holds {found:?}, not {expected}"))
}

fn wrong(column: &str, error: tiberius::error::Error) -> StoreError {
    StoreError::Failed(format!("column {column}: {error}"))
}

/// A stored code that is not one of ours means a damaged or newer database.
pub fn bad_code(column: &str, code: &str) -> StoreError {
    StoreError::Failed(format!("unknown code {code:?} in column {column}"))
}

/// SQL Server's error numbers that the store tells apart.
mod codes {
    /// Cannot insert duplicate key row in object with unique index.
    pub const DUPLICATE_KEY: u32 = 2601;
    /// Violation of PRIMARY KEY or UNIQUE KEY constraint.
    pub const UNIQUE_CONSTRAINT: u32 = 2627;
    /// Transaction was deadlocked and has been chosen as the deadlock victim.
    pub const DEADLOCK: u32 = 1205;
    /// A FOREIGN KEY or CHECK constraint refused the statement.
    pub const CONSTRAINT_CONFLICT: u32 = 547;
    /// Lock request time out period exceeded.
    pub const LOCK_TIMEOUT: u32 = 1222;
    /// Cannot open database requested by the login.
    pub const CANNOT_OPEN_DATABASE: u32 = 4060;
    /// Login failed for user.
    pub const LOGIN_FAILED: u32 = 18456;
    /// The database is in single-user mode, being restored, or offline.
    pub const DATABASE_OFFLINE: &[u32] = &[924, 942, 952, 976];
}

pub fn map_error(error: tiberius::error::Error) -> StoreError {
    use tiberius::error::Error;
    match &error {
        Error::Server(token) => match token.code() {
            codes::DUPLICATE_KEY | codes::UNIQUE_CONSTRAINT => {
                StoreError::Duplicate(token.message().to_owned())
            }
            codes::DEADLOCK => StoreError::Deadlock(token.message().to_owned()),
            // A referenced record went meanwhile (as SQLite's FOREIGNKEY says); the key word
            // stays English in every language SQL Server answers in.
            codes::CONSTRAINT_CONFLICT if token.message().contains("FOREIGN KEY") => {
                StoreError::Conflict
            }
            codes::LOCK_TIMEOUT | codes::CANNOT_OPEN_DATABASE | codes::LOGIN_FAILED => {
                StoreError::Unavailable(token.message().to_owned())
            }
            code if codes::DATABASE_OFFLINE.contains(&code) => {
                StoreError::Unavailable(token.message().to_owned())
            }
            code => StoreError::Failed(format!("SQL Server error {code}: {}", token.message())),
        },
        Error::Tls(message) => StoreError::Unavailable(format!(
            "TLS with SQL Server failed: {message}. If the server's certificate is not from a \
             certification authority this machine trusts, name its certificate file with \
             TrustServerCertificateCA=<file.crt> in the connection string (or, on a network you \
             trust, TrustServerCertificate=true)"
        )),
        Error::Io { .. } | Error::Routing { .. } => StoreError::Unavailable(error.to_string()),
        _ => StoreError::Failed(error.to_string()),
    }
}

pub use crate::store::backend_common::expect_one_row;

/// `LIKE` pattern for "contains", with the wildcard characters of the input escaped.
pub fn contains_pattern(text: &str) -> String {
    crate::store::backend_common::like_contains(text, &['%', '_', '['])
}

/// A page as two parameters, rows to skip and rows to return: list statements number their
/// rows with `ROW_NUMBER() OVER (ORDER BY …) AS row_no` and keep
/// `row_no > @Pn AND row_no <= @Pn + @Pm`. (`OFFSET … FETCH NEXT @Pm ROWS` is T-SQL too, but
/// the offline parser that checks every statement takes only a literal after `FETCH NEXT`.)
pub fn page_values(page: crm_shared::paging::Page) -> [Value; 2] {
    [
        Value::Int(Some(page.offset() as i64)),
        Value::Int(Some(page.size.into())),
    ]
}
