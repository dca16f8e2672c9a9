//! The checks cases are written with. Each failure says what was looked at, what was expected
//! and what came back, since the operator reading a self-test report has only that text.

use std::fmt::Debug;

use crate::store::{StoreError, StoreResult};

/// A case passes with `Ok(())` or fails with the reason.
pub type CaseResult = Result<(), String>;

/// Fails the case with a formatted reason unless the condition holds.
macro_rules! ensure {
    ($condition:expr, $($reason:tt)+) => {
        if !$condition {
            return Err(format!($($reason)+));
        }
    };
}

/// A store call that must succeed: its error fails the case, naming the call.
pub trait Step<T> {
    fn step(self, call: &str) -> Result<T, String>;
}

impl<T> Step<T> for StoreResult<T> {
    fn step(self, call: &str) -> Result<T, String> {
        self.map_err(|error| format!("{call}: unexpected error: {error}"))
    }
}

/// `actual` must equal `expected`. For records, the first field that differs is named.
pub fn equal<T: PartialEq + Debug>(what: &str, actual: &T, expected: &T) -> CaseResult {
    if actual == expected {
        return Ok(());
    }
    let (want, got) = (format!("{expected:#?}"), format!("{actual:#?}"));
    let want_lines: Vec<&str> = want.lines().collect();
    let got_lines: Vec<&str> = got.lines().collect();
    let first = want_lines
        .iter()
        .zip(&got_lines)
        .position(|(want, got)| want != got);
    let path = first.map(|at| (at, field_path(&want_lines, at)));
    match path {
        Some((at, path)) if !path.is_empty() => Err(format!(
            "{what}: {path}expected `{}`, got `{}` (whole value: {actual:?})",
            want_lines[at].trim(),
            got_lines[at].trim()
        )),
        _ => Err(format!("{what}: expected {expected:?}, got {actual:?}")),
    }
}

/// The fields enclosing line `at` of a pretty-printed value, e.g. `at fields.region_id: `.
fn field_path(lines: &[&str], at: usize) -> String {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut path = Vec::new();
    let mut level = indent(lines[at]) + 1;
    for line in lines[..=at].iter().rev() {
        if indent(line) < level {
            level = indent(line);
            if let Some((name, _)) = line.trim().split_once(": ") {
                path.push(name);
            }
        }
    }
    path.reverse();
    if path.is_empty() {
        String::new()
    } else {
        format!("at {}: ", path.join("."))
    }
}

/// The value must be there.
pub fn found<T>(what: &str, value: Option<T>) -> Result<T, String> {
    value.ok_or_else(|| format!("{what}: expected a record, got none"))
}

/// The value must not be there.
pub fn absent<T: Debug>(what: &str, value: &Option<T>) -> CaseResult {
    match value {
        None => Ok(()),
        Some(value) => Err(format!("{what}: expected none, got {value:?}")),
    }
}

/// The call must fail with [`StoreError::Conflict`].
pub fn conflict<T: Debug>(call: &str, result: StoreResult<T>) -> CaseResult {
    match result {
        Err(StoreError::Conflict) => Ok(()),
        Err(other) => Err(format!("{call}: expected Conflict, got error {other}")),
        Ok(value) => Err(format!("{call}: expected Conflict, got success {value:?}")),
    }
}

/// The call must fail with [`StoreError::Duplicate`]. Callers drop the unit of work right
/// after: on SQL Server a violated key ends the transaction.
pub fn duplicate<T: Debug>(call: &str, result: StoreResult<T>) -> CaseResult {
    match result {
        Err(StoreError::Duplicate(_)) => Ok(()),
        Err(other) => Err(format!("{call}: expected Duplicate, got error {other}")),
        Ok(value) => Err(format!("{call}: expected Duplicate, got success {value:?}")),
    }
}

/// The ids of `rows` that are among `ours`, in the order the store gave them: a list of a
/// shared store narrowed to a case's own records.
pub fn ours<T>(rows: &[T], id: impl Fn(&T) -> i64, ours: &[i64]) -> Vec<i64> {
    rows.iter().map(id).filter(|id| ours.contains(id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Inner {
        phone: String,
    }

    #[derive(Debug, PartialEq)]
    struct Outer {
        id: i64,
        fields: Inner,
    }

    #[test]
    fn a_differing_record_names_the_field() {
        let expected = Outer {
            id: 1,
            fields: Inner {
                phone: "010-1".into(),
            },
        };
        let actual = Outer {
            id: 1,
            fields: Inner { phone: "".into() },
        };
        let failure = equal("customer", &actual, &expected).unwrap_err();
        assert!(
            failure.starts_with(
                "customer: at fields.phone: expected `phone: \"010-1\",`, got `phone: \"\",`"
            ),
            "{failure}"
        );
    }

    #[test]
    fn plain_values_and_lists_read_inline() {
        let failure = equal("count", &2, &3).unwrap_err();
        assert_eq!(failure, "count: expected 3, got 2");
        let failure = equal("ids", &vec![], &vec![1, 2]).unwrap_err();
        assert_eq!(failure, "ids: expected [1, 2], got []");
    }
}
