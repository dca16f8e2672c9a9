//! Money is integer fen (分) everywhere (DESIGN §2.6); people read and type yuan.

/// `¥1,234.50` for 123450 fen; negative amounts get a leading minus.
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let yuan = (fen / 100).to_string();
    let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
    for (index, digit) in yuan.chars().enumerate() {
        if index > 0 && (yuan.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}¥{grouped}.{:02}", fen % 100)
}

/// Yuan as typed (`12`, `12.5`, `1,234.56`, `¥8.00`) in fen; `None` for anything else,
/// including more than two decimals — money is never rounded silently.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let text = text.trim().trim_start_matches(['¥', '￥']).replace(',', "");
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
    let all_digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || fraction.len() > 2 {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
    let fen = whole.checked_mul(100)?.checked_add(fraction)?;
    Some(if negative { -fen } else { fen })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fen_are_shown_as_yuan_with_two_decimals_and_groups() {
        assert_eq!(format_fen(0), "¥0.00");
        assert_eq!(format_fen(5), "¥0.05");
        assert_eq!(format_fen(123_450), "¥1,234.50");
        assert_eq!(format_fen(100_000_000), "¥1,000,000.00");
        assert_eq!(format_fen(-1_999), "-¥19.99");
    }

    #[test]
    fn typed_yuan_become_exact_fen() {
        assert_eq!(parse_yuan("12"), Some(1_200));
        assert_eq!(parse_yuan("12.5"), Some(1_250));
        assert_eq!(parse_yuan(" ¥1,234.56 "), Some(123_456));
        assert_eq!(parse_yuan("0.07"), Some(7));
        assert_eq!(parse_yuan("-3.10"), Some(-310));
        for bad in ["", "1.234", "abc", "1.2.3", ".5", "1e3", "--1"] {
            assert_eq!(parse_yuan(bad), None, "{bad}");
        }
    }
}
