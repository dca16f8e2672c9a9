//! How values are shown: times in company time (DESIGN §2.6: stored in UTC, shown in company
//! time, Asia/Shanghai by default).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The company's time zone.
pub const COMPANY_TIME_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// `2026-12-03 16:40:05` in company time; empty for a time out of range.
pub fn timestamp(at: &prost_types::Timestamp) -> String {
    let nanos = u32::try_from(at.nanos).unwrap_or(0);
    DateTime::<Utc>::from_timestamp(at.seconds, nanos)
        .map(|utc| {
            utc.with_timezone(&COMPANY_TIME_ZONE)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default()
}

/// Like [`timestamp`] for a time that may be unset (not yet assigned, never used): empty then.
pub fn optional_timestamp(at: &Option<prost_types::Timestamp>) -> String {
    at.as_ref().map(timestamp).unwrap_or_default()
}

/// Whether `at` lies in the future.
pub fn is_future(at: &prost_types::Timestamp) -> bool {
    at.seconds > Utc::now().timestamp()
}

/// 上海鼎宏建设（KH20250412001）, or "Name (number)" in English: the brackets are the language's.
pub fn named_number(name: &str, number: &str) -> String {
    crate::i18n::t_args("common.named_number", &[("name", name), ("number", number)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_is_shown_in_shanghai_time() {
        // 2026-01-01 00:00:00 UTC is 08:00 in Shanghai.
        let at = prost_types::Timestamp {
            seconds: 1_767_225_600,
            nanos: 0,
        };
        assert_eq!(timestamp(&at), "2026-01-01 08:00:00");
    }
}
