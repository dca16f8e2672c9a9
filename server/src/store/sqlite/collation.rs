//! The `pinyin` collation: Chinese names sort by their pinyin on SQLite as SQL Server's
//! Chinese_PRC collation sorts them (DESIGN §2.2) — 李 before 王 before 张.
//!
//! Three levels, as collations do: first the letters (pinyin for Chinese characters, lower case
//! for Latin ones; symbols, then digits, then Latin, then Chinese), then the tones, then the
//! characters themselves, so two different names never compare equal and the order is total.

use std::cmp::Ordering;

use pinyin::ToPinyin;

/// The name the collation is registered under on every connection.
pub const NAME: &str = "pinyin";

/// Compares two texts in pinyin order.
pub fn compare(left: &str, right: &str) -> Ordering {
    let primary = |text: &str| text.chars().map(primary_key).collect::<Vec<_>>();
    primary(left)
        .cmp(&primary(right))
        .then_with(|| left.chars().map(tone).cmp(right.chars().map(tone)))
        .then_with(|| left.cmp(right))
}

/// What a character sorts by at the first level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PrimaryKey {
    /// Spaces, punctuation and other symbols, by code point.
    Symbol(char),
    Digit(char),
    /// Case-insensitive.
    Latin(char),
    /// The syllable without its tone, e.g. `zhang`.
    Syllable(&'static str),
    /// Characters of other scripts, and Chinese characters without a known reading.
    Other(char),
}

fn primary_key(c: char) -> PrimaryKey {
    if c.is_ascii_digit() {
        PrimaryKey::Digit(c)
    } else if c.is_ascii_alphabetic() {
        PrimaryKey::Latin(c.to_ascii_lowercase())
    } else if let Some(reading) = c.to_pinyin() {
        PrimaryKey::Syllable(reading.plain())
    } else if c.is_alphanumeric() {
        PrimaryKey::Other(c)
    } else {
        PrimaryKey::Symbol(c)
    }
}

/// The tone of a Chinese character's reading (1–4, 5 for the neutral tone); 0 for others.
fn tone(c: char) -> u8 {
    c.to_pinyin()
        .and_then(|reading| reading.with_tone_num_end().bytes().last())
        .filter(u8::is_ascii_digit)
        .map_or(if c.to_pinyin().is_some() { 5 } else { 0 }, |digit| {
            digit - b'0'
        })
}

#[cfg(test)]
mod tests;
