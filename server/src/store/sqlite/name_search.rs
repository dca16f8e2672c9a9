//! Searching customer names by any part of them, fast on a million customers (DESIGN §2.2).
//!
//! SQLite has no index for `LIKE '%…%'`, and its trigram tokenizer cannot find the one- and
//! two-character words Chinese names are made of (华为, 海尔). So every name is indexed in an
//! FTS5 table as its characters and its pairs of adjacent characters: `华为技术` is stored as
//! `华 为 技 术 华为 为技 技术`. A search for `为技术` asks for rows holding both `为技` and `技术`,
//! then checks the candidates with `instr`; every row containing the text holds all its pairs,
//! so nothing is missed. The function that makes the grams is registered on each connection
//! and called by triggers, so the index follows every write in the same transaction.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

/// The SQL function the triggers call: `crm_name_grams(name)`.
pub const FUNCTION: &str = "crm_name_grams";

/// Registers [`FUNCTION`] on a connection.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(grams(text.as_deref().unwrap_or_default()))
        },
    )
}

/// The characters that take part in grams: letters and digits, ASCII in lower case, so the
/// `ascii` tokenizer of the index keeps each gram whole.
fn gram_chars(text: &str) -> Vec<Option<char>> {
    text.chars()
        .map(|c| c.is_alphanumeric().then(|| c.to_ascii_lowercase()))
        .collect()
}

/// The indexed form of a name: its letters and digits, then each adjacent pair of them.
pub fn grams(text: &str) -> String {
    let chars = gram_chars(text);
    let mut out = String::with_capacity(text.len() * 3);
    for c in chars.iter().flatten() {
        out.push(*c);
        out.push(' ');
    }
    for pair in chars.windows(2) {
        if let [Some(a), Some(b)] = pair {
            out.push(*a);
            out.push(*b);
            out.push(' ');
        }
    }
    out.pop();
    out
}

/// The FTS5 query that finds every name containing `text`: all its pairs, or its single
/// characters when it has no pair; `None` when it has no letter or digit at all (then only a
/// scan can answer).
pub fn match_expression(text: &str) -> Option<String> {
    let chars = gram_chars(text);
    let pairs: Vec<String> = chars
        .windows(2)
        .filter_map(|pair| match pair {
            [Some(a), Some(b)] => Some(format!("\"{a}{b}\"")),
            _ => None,
        })
        .collect();
    let terms = if pairs.is_empty() {
        chars.iter().flatten().map(|c| format!("\"{c}\"")).collect()
    } else {
        pairs
    };
    let mut terms = terms;
    terms.sort();
    terms.dedup();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

#[cfg(test)]
mod tests;
