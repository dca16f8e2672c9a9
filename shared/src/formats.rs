//! The forms of the identifiers and numbers a Chinese company writes on its records: postal
//! codes, telephone numbers, web sites and the 统一社会信用代码. Each check takes trimmed text.

/// 邮政编码: six digits.
pub fn is_zip_code(text: &str) -> bool {
    text.len() == 6 && text.chars().all(|c| c.is_ascii_digit())
}

/// A landline or mobile number as people write it: digits with `+`, `-`, spaces and
/// parentheses (`(010) 6552-1234`, `+86 21 5888 0000`), optionally an extension after `转`
/// or `ext`; 7 to 20 digits in all.
pub fn is_phone(text: &str) -> bool {
    let (number, extension) = split_extension(text);
    let number_ok = number
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'));
    let extension_ok = extension.is_none_or(|ext| {
        let ext = ext.trim();
        !ext.is_empty() && ext.len() <= 6 && ext.chars().all(|c| c.is_ascii_digit())
    });
    let digits = text.chars().filter(char::is_ascii_digit).count();
    number_ok && extension_ok && (7..=20).contains(&digits)
}

fn split_extension(text: &str) -> (&str, Option<&str>) {
    for separator in ["转", "ext.", "ext", "EXT", "x"] {
        if let Some((number, extension)) = text.split_once(separator) {
            return (number, Some(extension));
        }
    }
    (text, None)
}

/// 手机: a mainland mobile number, 11 digits starting with 1 (a `+86` prefix and spaces or
/// hyphens allowed).
pub fn is_mobile(text: &str) -> bool {
    let digits: String = text
        .trim_start_matches("+86")
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    digits.len() == 11 && digits.starts_with('1') && digits.chars().all(|c| c.is_ascii_digit())
}

/// 网址: a host name with a dot, optionally with `http://` or `https://` and a path; no
/// spaces. Chinese domain names are fine.
pub fn is_website(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(text);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default();
    !text.contains(char::is_whitespace)
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
}

/// Registration and account numbers (营业执照注册号, 税务登记号, 开户帐号, 销售系统编码):
/// letters, digits and hyphens only.
pub fn is_code(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The characters of a 统一社会信用代码, in the order that gives their values (GB 32100-2015:
/// the digits and the capitals without I, O, S, V and Z).
const CREDIT_CODE_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// 统一社会信用代码: 18 characters whose last one is the check character of the first 17.
/// Lower case is accepted (people type it so); store [`normalize_credit_code`]'s form.
pub fn is_credit_code(text: &str) -> bool {
    let code = normalize_credit_code(text);
    let values: Option<Vec<u32>> = code.chars().map(credit_code_value).collect();
    let Some(values) = values else {
        return false;
    };
    let Some((check, body)) = values.split_last() else {
        return false;
    };
    if body.len() != CREDIT_CODE_WEIGHTS.len() {
        return false;
    }
    let sum: u32 = body
        .iter()
        .zip(CREDIT_CODE_WEIGHTS)
        .map(|(value, weight)| value * weight)
        .sum();
    (31 - sum % 31) % 31 == *check
}

/// Upper case without surrounding spaces.
pub fn normalize_credit_code(text: &str) -> String {
    text.trim().to_ascii_uppercase()
}

/// A company name as the CRM keeps it, so that one company has one name however it was typed
/// and the duplicate-name warning sees it: full-width letters, digits and signs as their ASCII
/// forms, round brackets full-width （…） as Chinese company names are registered, every run of
/// spaces one space, none at either end.
pub fn company_name(text: &str) -> String {
    let mut name = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '(' => '（',
            ')' => '）',
            '（' | '）' => c,
            // U+FF01..=U+FF5E are the full-width forms of ASCII '!'..='~', 0xFEE0 apart.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            space = !name.is_empty();
            continue;
        }
        if space {
            name.push(' ');
            space = false;
        }
        name.push(c);
    }
    name
}

fn credit_code_value(c: char) -> Option<u32> {
    CREDIT_CODE_CHARS
        .find(c)
        .and_then(|index| u32::try_from(index).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_with_a_right_check_character_pass() {
        // Published codes of real companies.
        for code in [
            "91350100M000100Y43",
            "91440300708461136T",
            "91110000802100433b",
        ] {
            assert!(is_credit_code(code), "{code}");
        }
    }

    #[test]
    fn credit_codes_with_a_wrong_check_character_or_form_fail() {
        for code in [
            "91350100M000100Y44",
            "91350100M000100Y4",
            "91350100M000100Y433",
            "9135010OM000100Y43",
            "",
        ] {
            assert!(!is_credit_code(code), "{code}");
        }
    }

    #[test]
    fn phone_numbers_as_people_write_them() {
        for phone in [
            "010-65521234",
            "(010) 6552 1234",
            "+86 21 5888 0000",
            "0755-8888888转801",
        ] {
            assert!(is_phone(phone), "{phone}");
        }
        for phone in [
            "12345",
            "010-6552abcd",
            "电话 010-65521234",
            "0755-8888888转",
        ] {
            assert!(!is_phone(phone), "{phone}");
        }
        assert!(is_mobile("138 0013 8000") && is_mobile("+8613800138000"));
        assert!(!is_mobile("23800138000") && !is_mobile("1380013800"));
    }

    #[test]
    fn zip_codes_and_websites() {
        assert!(is_zip_code("100080") && !is_zip_code("10008") && !is_zip_code("10008a"));
        for site in [
            "www.huawei.com",
            "https://www.haier.com/cn/",
            "http://例子.中国",
        ] {
            assert!(is_website(site), "{site}");
        }
        for site in ["huawei", "www.huawei .com", ".com", "http://"] {
            assert!(!is_website(site), "{site}");
        }
    }

    #[test]
    fn company_names_are_kept_in_one_form() {
        assert_eq!(
            company_name("  苏州甲乙(集团)有限公司 "),
            "苏州甲乙（集团）有限公司"
        );
        assert_eq!(
            company_name("ＡＢＣ科技１号　有限公司"),
            "ABC科技1号 有限公司"
        );
        assert_eq!(company_name("华为  技术\t有限公司"), "华为 技术 有限公司");
        assert_eq!(company_name("（北京）"), "（北京）");
        assert_eq!(company_name("　"), "");
    }
}
