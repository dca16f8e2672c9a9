//! API keys of other systems (DESIGN §4): the rule for the name an administrator gives a key.
//! Keys themselves are the server's: made, hashed and checked there.

use crate::validation::{Violation, Violations};

/// The longest name of the system a key is for, in characters.
pub const NAME_MAX_CHARS: usize = 50;

/// A key's system name: required, at most [`NAME_MAX_CHARS`]. That no other key in use has it
/// is the server's to check.
pub fn check_name(name: &str) -> Result<(), Vec<Violation>> {
    let mut found = Violations::new();
    found.required_text("name", name, NAME_MAX_CHARS);
    found.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_required_and_short() {
        assert!(check_name(" ").is_err());
        assert!(check_name(&"仓".repeat(NAME_MAX_CHARS)).is_ok());
        assert!(check_name(&"仓".repeat(NAME_MAX_CHARS + 1)).is_err());
    }
}
