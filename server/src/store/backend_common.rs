//! Small helpers both SQL backends use alike.

use super::StoreError;

/// `UPDATE … WHERE version = …` changed nothing: the row moved on (or is gone).
pub fn expect_one_row<N: TryInto<u64>>(changed: N) -> Result<(), StoreError> {
    match changed.try_into() {
        Ok(1) => Ok(()),
        _ => Err(StoreError::Conflict),
    }
}

/// `LIKE` pattern for "contains" (`ESCAPE '\'` in the statements): `wildcards` and the escape
/// character itself in `text` match only themselves.
pub fn like_contains(text: &str, wildcards: &[char]) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if c == '\\' || wildcards.contains(&c) {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_the_escape_character_are_escaped() {
        assert_eq!(like_contains(r"5%_a\b[c]", &['%', '_']), r"%5\%\_a\\b[c]%");
        assert_eq!(like_contains("[c]", &['%', '_', '[']), r"%\[c]%");
    }

    #[test]
    fn only_one_changed_row_is_a_success() {
        assert!(expect_one_row(1usize).is_ok());
        assert!(expect_one_row(1u64).is_ok());
        assert!(matches!(expect_one_row(0usize), Err(StoreError::Conflict)));
        assert!(matches!(expect_one_row(2u64), Err(StoreError::Conflict)));
    }
}
