use super::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn six_calendar_months_exactly() {
    assert!(!is_due(day("2026-03-15"), day("2026-09-15")));
    assert!(is_due(day("2026-03-15"), day("2026-09-16")));
}

#[test]
fn a_month_end_maps_to_the_shorter_months_end() {
    assert!(!is_due(day("2026-08-31"), day("2027-02-28")));
    assert!(is_due(day("2026-08-31"), day("2027-03-01")));
    // 2028 is a leap year.
    assert!(!is_due(day("2027-08-31"), day("2028-02-29")));
    assert!(is_due(day("2027-08-31"), day("2028-03-01")));
}

#[test]
fn only_open_and_delayed_warnings_are_open() {
    let open: Vec<WarningStatus> = WarningStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .collect();
    assert_eq!(open, [WarningStatus::Open, WarningStatus::Delayed]);
    for status in WarningStatus::ALL {
        assert_eq!(WarningStatus::from_code(status.code()), Some(status));
    }
}

#[test]
fn measure_and_reason_are_required() {
    assert!(check_measure("  ").is_err());
    assert!(check_reason("").is_err());
    assert!(check_measure("电话回访，了解停购原因").is_ok());
}
