use super::*;

#[test]
fn satisfaction_three_and_above_archives_below_returns() {
    assert_eq!(status_after_feedback(1), TicketStatus::Assigned);
    assert_eq!(status_after_feedback(2), TicketStatus::Assigned);
    assert_eq!(status_after_feedback(3), TicketStatus::Archived);
    assert_eq!(status_after_feedback(5), TicketStatus::Archived);
}

#[test]
fn satisfaction_outside_one_to_five_is_refused() {
    for bad in [0, 6, -1] {
        let found = check_feedback("已解决", bad).unwrap_err();
        assert_eq!(found[0].field, "satisfaction");
        assert_eq!(found[0].code, ViolationCode::OutOfRange);
    }
    for good in 1..=5 {
        assert!(check_feedback("已解决", good).is_ok());
    }
}

#[test]
fn every_field_of_a_new_ticket_is_required() {
    let found = TicketFields::default().check().unwrap_err();
    let fields: Vec<&str> = found.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["type_id", "customer_id", "summary", "request"]);
    assert!(found.iter().all(|v| v.code == ViolationCode::Required));
}

#[test]
fn only_new_and_assigned_tickets_are_assignable() {
    let assignable: Vec<TicketStatus> = TicketStatus::ALL
        .into_iter()
        .filter(|s| s.is_assignable())
        .collect();
    assert_eq!(assignable, [TicketStatus::New, TicketStatus::Assigned]);
}

#[test]
fn codes_round_trip() {
    for status in TicketStatus::ALL {
        assert_eq!(TicketStatus::from_code(status.code()), Some(status));
    }
    assert_eq!(TicketStatus::from_code("closed"), None);
}
