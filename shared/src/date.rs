//! Calendar dates as the API carries them (DESIGN §6): `YYYY-MM-DD` out, and on input also the
//! short forms people type, such as `2011-7-1` or `2011/7/1`.

use chrono::NaiveDate;

/// The date in `text`, or `None` when it is not a real calendar date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let mut parts = text.split(['-', '/', '.']);
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    let number = |part: &str, max_len: usize| {
        let valid =
            !part.is_empty() && part.len() <= max_len && part.chars().all(|c| c.is_ascii_digit());
        valid.then(|| part.parse::<u32>().ok()).flatten()
    };
    let year = i32::try_from(number(year, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(month, 2)?, number(day, 2)?)
}

/// `YYYY-MM-DD`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_forms_parse_to_the_same_date() {
        let expected = NaiveDate::from_ymd_opt(2011, 7, 1);
        for text in ["2011-07-01", "2011-7-1", " 2011/7/1 ", "2011.07.1"] {
            assert_eq!(parse_date(text), expected, "{text}");
        }
        assert_eq!(format_date(expected.unwrap()), "2011-07-01");
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for text in [
            "",
            "2026-02-29",
            "2026-13-01",
            "26-1-1",
            "2026-1",
            "2026-1-1-1",
            "2026-a-1",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
        assert!(parse_date("2024-02-29").is_some());
    }
}
