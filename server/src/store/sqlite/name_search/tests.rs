use super::*;

#[test]
fn a_name_is_indexed_as_characters_and_pairs() {
    assert_eq!(grams("华为技术"), "华 为 技 术 华为 为技 技术");
    // Punctuation and spaces break pairs; ASCII is folded to lower case.
    assert_eq!(grams("IBM（中国）"), "i b m 中 国 ib bm 中国");
    assert_eq!(grams(""), "");
}

#[test]
fn a_search_asks_for_every_pair_or_else_every_character() {
    assert_eq!(
        match_expression("为技术").as_deref(),
        Some("\"为技\" AND \"技术\"")
    );
    assert_eq!(match_expression("华").as_deref(), Some("\"华\""));
    assert_eq!(
        match_expression("A 股").as_deref(),
        Some("\"a\" AND \"股\"")
    );
    assert_eq!(match_expression("（）"), None);
}

#[test]
fn every_substring_of_a_name_finds_it() {
    let name = "深圳市腾讯计算机系统有限公司";
    let grams = grams(name);
    let indexed: Vec<&str> = grams.split(' ').collect();
    let chars: Vec<char> = name.chars().collect();
    for start in 0..chars.len() {
        for end in start + 1..=chars.len() {
            let part: String = chars[start..end].iter().collect();
            let expression = match_expression(&part).unwrap();
            for term in expression.split(" AND ") {
                assert!(indexed.contains(&term.trim_matches('"')), "{part}: {term}");
            }
        }
    }
}
