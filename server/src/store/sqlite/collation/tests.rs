use std::cmp::Ordering;

use super::*;

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    names.sort_by(|a, b| compare(a, b));
    names
}

#[test]
fn surnames_sort_by_pinyin() {
    assert_eq!(sorted(&["张伟", "王芳", "李娜"]), ["李娜", "王芳", "张伟"]);
    assert_eq!(compare("张", "李"), Ordering::Greater);
    assert_eq!(compare("王", "张"), Ordering::Less);
}

#[test]
fn the_whole_name_decides_before_tones_and_characters() {
    // zhang san < zhang si, whichever 张/章 comes first.
    assert_eq!(compare("章三", "张四"), Ordering::Less);
    // Same syllables: the tone decides (mā before mǎ).
    assert_eq!(compare("妈", "马"), Ordering::Less);
    // A shorter name that is the start of a longer one comes first.
    assert_eq!(compare("华为", "华为技术"), Ordering::Less);
}

#[test]
fn digits_then_latin_then_chinese_and_only_equal_texts_compare_equal() {
    assert_eq!(
        sorted(&["阿里巴巴", "IBM中国", "360安全"]),
        ["360安全", "IBM中国", "阿里巴巴"]
    );
    assert_eq!(compare("abc", "ABD"), Ordering::Less);
    assert_ne!(compare("abc", "ABC"), Ordering::Equal);
    assert_ne!(compare("张", "章"), Ordering::Equal);
    assert_eq!(compare("北京华信", "北京华信"), Ordering::Equal);
}
