use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::help::HelpTopic;
use crate::screens::audit_log::{ACTIONS, ENTITIES};
use crate::server_error::{FIELD_VIOLATIONS, KNOWN_CODES, known_violations};

fn keys(source: &str) -> BTreeSet<String> {
    Catalog::parse("test", source).texts.into_keys().collect()
}

/// Every key the code names literally: the string literal opening a call of `t`, `t_args` or
/// `k`.
fn keys_in_source() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                keys_in_file(&std::fs::read_to_string(&path).unwrap(), &mut found);
            }
        }
    }
    found
}

fn keys_in_file(text: &str, found: &mut BTreeSet<String>) {
    for call in ["t(\"", "t_args(\"", "k(\""] {
        for (at, _) in text.match_indices(call) {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &text[at + call.len()..];
            if let Some(end) = rest.find('"') {
                found.insert(rest[..end].to_owned());
            }
        }
    }
}

/// Fails naming the keys of `wanted` that either locale file lacks.
fn assert_both_files_have<'a>(wanted: impl IntoIterator<Item = &'a String> + Copy) {
    for (name, source) in [("zh-CN", ZH_CN), ("en-US", EN_US)] {
        let known = keys(source);
        let missing: Vec<_> = wanted
            .into_iter()
            .filter(|key| !known.contains(*key))
            .collect();
        assert!(missing.is_empty(), "missing in {name}: {missing:?}");
    }
}

#[test]
fn both_locale_files_parse_and_have_the_same_keys() {
    assert!(
        ZH_CN.parse::<toml::Table>().is_ok(),
        "zh-CN.toml does not parse"
    );
    assert!(
        EN_US.parse::<toml::Table>().is_ok(),
        "en-US.toml does not parse"
    );
    let chinese = keys(ZH_CN);
    let english = keys(EN_US);
    let only_chinese: Vec<_> = chinese.difference(&english).collect();
    let only_english: Vec<_> = english.difference(&chinese).collect();
    assert!(only_chinese.is_empty(), "only in zh-CN: {only_chinese:?}");
    assert!(only_english.is_empty(), "only in en-US: {only_english:?}");
    assert!(chinese.len() > 150, "{} keys", chinese.len());
}

#[test]
fn every_key_the_code_names_exists_in_both_files() {
    let used = keys_in_source();
    assert!(used.len() > 100, "the scan found only {} keys", used.len());
    assert_both_files_have(&used);
}

#[test]
fn every_key_built_at_run_time_exists_in_both_files() {
    let mut built: Vec<String> = Vec::new();
    built.extend(KNOWN_CODES.iter().map(|code| format!("error.{code}")));
    built.extend(
        known_violations()
            .iter()
            .map(|code| format!("violation.{code}")),
    );
    built.extend(
        FIELD_VIOLATIONS
            .iter()
            .map(|code| format!("violation.{code}")),
    );
    built.extend(
        crm_shared::rights::Right::ALL
            .iter()
            .map(|right| format!("right.{}", right.code())),
    );
    built.extend(HelpTopic::ALL.iter().flat_map(|topic| topic.keys()));
    built.extend(ENTITIES.map(|entity| format!("audit.entities.{entity}")));
    built.extend(ACTIONS.map(|action| format!("audit.actions.{action}")));

    assert_both_files_have(&built);
}

#[test]
fn every_violation_code_of_the_shared_rules_is_worded() {
    let known = keys(ZH_CN);
    for code in known_violations() {
        assert!(
            crm_shared::validation::ViolationCode::from_code(code).is_some(),
            "{code}"
        );
        assert!(known.contains(&format!("violation.{code}")));
    }
}

#[test]
fn arguments_are_filled_in() {
    assert_eq!(
        fill("第 {page} / {pages} 页", &[("page", "2"), ("pages", "5")]),
        "第 2 / 5 页"
    );
}

#[test]
fn chinese_is_the_default_language() {
    assert_eq!(Language::default(), Language::ZhCn);
    let catalogs: &[Catalog; 2] = &CATALOGS;
    assert_eq!(catalogs[0].texts["login.submit"], "登录");
    assert_eq!(catalogs[1].texts["login.submit"], "Log in");
}
