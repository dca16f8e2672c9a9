//! The client's texts in the user's language (DESIGN §2.6): every text a user reads comes from
//! `client/locales/<language>.toml`, looked up by key. Chinese is the default; English is complete
//! (tests check that both files hold the same keys and every key the code uses).

use std::collections::HashMap;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

use serde::{Deserialize, Serialize};

const ZH_CN: &str = include_str!("../../locales/zh-CN.toml");
const EN_US: &str = include_str!("../../locales/en-US.toml");

/// A language the client speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en-US")]
    EnUs,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::ZhCn, Language::EnUs];

    /// The language's own name, as shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::ZhCn => "中文",
            Language::EnUs => "English",
        }
    }

    fn index(self) -> u8 {
        match self {
            Language::ZhCn => 0,
            Language::EnUs => 1,
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

static CATALOGS: LazyLock<[Catalog; 2]> = LazyLock::new(|| {
    [
        Catalog::parse("zh-CN", ZH_CN),
        Catalog::parse("en-US", EN_US),
    ]
});

/// Switches every text to `language` from the next frame on.
pub fn set_language(language: Language) {
    CURRENT.store(language.index(), Ordering::Relaxed);
}

pub fn language() -> Language {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::EnUs,
        _ => Language::ZhCn,
    }
}

/// Marks a key kept for a later lookup (e.g. in a menu table), so the key test finds it.
pub const fn k(key: &'static str) -> &'static str {
    key
}

/// The text for `key` in the current language; the key itself when the catalog lacks it (a
/// test makes sure that never happens for keys written in the code).
pub fn t(key: &'static str) -> &'static str {
    lookup(key).unwrap_or(key)
}

/// The text for `key` with each `{name}` replaced by its value.
pub fn t_args(key: &'static str, args: &[(&str, &str)]) -> String {
    fill(t(key), args)
}

/// The text for a key built at run time (e.g. `error.STALE_VERSION`), if the catalog has it.
pub fn lookup(key: &str) -> Option<&'static str> {
    let catalogs: &'static [Catalog; 2] = &CATALOGS;
    let catalog = &catalogs[usize::from(language().index())];
    catalog.texts.get(key).map(String::as_str)
}

/// Replaces each `{name}` in `text` by its value.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut filled = text.to_owned();
    for (name, value) in args {
        filled = filled.replace(&format!("{{{name}}}"), value);
    }
    filled
}

/// One locale file, flattened to dotted keys.
struct Catalog {
    texts: HashMap<String, String>,
}

impl Catalog {
    fn parse(name: &str, source: &str) -> Catalog {
        let mut texts = HashMap::new();
        match source.parse::<toml::Table>() {
            Ok(table) => flatten("", &table, &mut texts),
            // The files are compiled in and a test parses them, so this is only a safety net.
            Err(err) => tracing::error!(locale = name, %err, "locale file does not parse"),
        }
        Catalog { texts }
    }
}

fn flatten(prefix: &str, table: &toml::Table, texts: &mut HashMap<String, String>) {
    for (key, value) in table {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&full, inner, texts),
            toml::Value::String(text) => {
                texts.insert(full, text.clone());
            }
            other => {
                texts.insert(full, other.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests;
