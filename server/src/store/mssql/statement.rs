//! Every T-SQL statement of the SQL Server backend is a [`Statement`] made by [`statement!`],
//! which also registers it. The unit of work runs nothing else, so the offline tests
//! (`tests/tsql.rs`) parse every statement the backend can send, though no SQL Server runs here.

/// One T-SQL statement (or batch) with `@P1`, `@P2`, … parameters.
#[derive(Clone, Copy, Debug)]
pub struct Statement {
    /// Where it is declared, for error messages and test reports.
    pub name: &'static str,
    pub sql: &'static str,
    /// Sent with `OPTION (RECOMPILE)`: a list whose optional filters are written as
    /// `(@Pn IS NULL OR …)` gets a plan for the filters actually given, not one cached plan
    /// that scans for all. The hint is added when sending, because the offline parser does
    /// not take query hints; it is the same text for every statement.
    pub recompile: bool,
}

impl Statement {
    /// The text as sent to the server.
    pub fn text(&self) -> std::borrow::Cow<'static, str> {
        if self.recompile {
            format!("{} OPTION (RECOMPILE)", self.sql).into()
        } else {
            self.sql.into()
        }
    }
}

inventory::collect!(Statement);

/// Every statement the backend declares, in no particular order.
pub fn all() -> impl Iterator<Item = &'static Statement> {
    inventory::iter::<Statement>.into_iter()
}

/// Declares `static NAME: Statement` and registers it for the offline tests; `NAME =
/// recompiled "…"` marks a list with optional filters (see [`Statement::recompile`]).
macro_rules! statement {
    ($(#[$doc:meta])* $name:ident = recompiled $sql:expr) => {
        $crate::store::mssql::statement::statement!(@declare $(#[$doc])* $name, $sql, true);
    };
    ($(#[$doc:meta])* $name:ident = $sql:expr) => {
        $crate::store::mssql::statement::statement!(@declare $(#[$doc])* $name, $sql, false);
    };
    (@declare $(#[$doc:meta])* $name:ident, $sql:expr, $recompile:expr) => {
        $(#[$doc])*
        pub(crate) static $name: $crate::store::mssql::statement::Statement =
            $crate::store::mssql::statement::Statement {
                name: concat!(module_path!(), "::", stringify!($name)),
                sql: $sql,
                recompile: $recompile,
            };
        inventory::submit! {
            $crate::store::mssql::statement::Statement {
                name: concat!(module_path!(), "::", stringify!($name)),
                sql: $sql,
                recompile: $recompile,
            }
        }
    };
}

pub(crate) use statement;
