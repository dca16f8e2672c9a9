//! Company dates as users type them in filters, and the instants they stand for: the store
//! keeps UTC, the company works in its own time zone (DESIGN §2.6).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use crm_shared::date::parse_date;
use crm_shared::validation::{ViolationCode, Violations};

use crate::error::{AppError, AppResult};

/// The instants `[from, before)` a filter covers; `None` is no limit on that side.
pub(crate) type Span = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// The instants `[from, before)` a created-date filter covers: from the start of the first
/// day to the start of the day after the last. Empty text means no limit; text that is no
/// date is refused as `INVALID` on `created_from` or `created_to`.
pub(crate) fn created_range(zone: chrono_tz::Tz, from: &str, to: &str) -> AppResult<Span> {
    let mut found = Violations::new();
    let mut day = |field: &str, text: &str| {
        if text.trim().is_empty() {
            return None;
        }
        let date = parse_date(text);
        if date.is_none() {
            found.add(field, ViolationCode::Invalid, &[]);
        }
        date
    };
    let from = day("created_from", from);
    let to = day("created_to", to);
    found.finish().map_err(AppError::Validation)?;
    let from = from.map(|day| start_of(zone, day));
    // 9999-12-31, typed to mean "no limit", has no day after it that a time can store.
    let before = to
        .and_then(|day| day.succ_opt())
        .filter(|day| day.year() <= 9999)
        .map(|day| start_of(zone, day));
    Ok((from, before))
}

/// The instant a company date begins: 2026-12-04 in Shanghai begins at 2026-12-03 16:00 UTC.
pub(crate) fn start_of(zone: chrono_tz::Tz, day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    midnight
        .and_local_timezone(zone)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |time| time.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_company_date_begins_at_midnight_company_time() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let begins = start_of(chrono_tz::Asia::Shanghai, day);
        assert_eq!(begins.to_rfc3339(), "2026-12-03T16:00:00+00:00");
    }

    #[test]
    fn the_last_day_is_included_and_the_far_end_means_no_limit() {
        let zone = chrono_tz::Asia::Shanghai;
        let (from, before) = created_range(zone, "2026-12-1", "2026-12-04").unwrap();
        assert_eq!(from.unwrap().to_rfc3339(), "2026-11-30T16:00:00+00:00");
        assert_eq!(before.unwrap().to_rfc3339(), "2026-12-04T16:00:00+00:00");
        assert_eq!(created_range(zone, "", "9999-12-31").unwrap(), (None, None));
        assert!(created_range(zone, "12/04", "").is_err());
    }
}
