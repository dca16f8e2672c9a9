use super::*;

fn complete() -> OpportunityFields {
    OpportunityFields {
        source: "展会".into(),
        customer_name: "华东精密机械有限公司".into(),
        success_rate: Some(60),
        summary: "采购数控机床".into(),
        contact: "刘强".into(),
        contact_phone: "021-55661234".into(),
        description: "客户计划明年更新两条产线".into(),
        region_id: Some(6),
        industry_id: None,
    }
}

#[test]
fn a_complete_opportunity_passes() {
    assert_eq!(complete().check(), Ok(()));
}

#[test]
fn each_required_field_is_named_when_missing() {
    let violations = OpportunityFields::default().check().unwrap_err();
    let fields: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields,
        ["customer_name", "success_rate", "summary", "description"]
    );
    assert!(violations.iter().all(|v| v.code == ViolationCode::Required));
}

#[test]
fn success_rate_outside_0_to_100_is_refused() {
    for (rate, ok) in [(-1, false), (0, true), (100, true), (101, false)] {
        let fields = OpportunityFields {
            success_rate: Some(rate),
            ..complete()
        };
        let result = fields.check();
        assert_eq!(result.is_ok(), ok, "rate {rate}");
        if let Err(violations) = result {
            assert_eq!(violations[0].code, ViolationCode::OutOfRange);
        }
    }
}

#[test]
fn plan_item_needs_a_real_date_and_content() {
    let item = PlanItemFields {
        date: "2026-2-30".into(),
        content: " ".into(),
    };
    let violations = item.check().unwrap_err();
    let codes: Vec<_> = violations
        .iter()
        .map(|v| (v.field.as_str(), v.code))
        .collect();
    assert_eq!(
        codes,
        [
            ("date", ViolationCode::Invalid),
            ("content", ViolationCode::Required)
        ]
    );
    let item = PlanItemFields {
        date: "2026-12-4".into(),
        content: "电话回访".into(),
    };
    assert_eq!(
        item.check(),
        NaiveDate::from_ymd_opt(2026, 12, 4).ok_or(vec![])
    );
}

#[test]
fn match_counts_region_and_industry() {
    let both = Match::of(Some(1), Some(7), &[1, 2], &[7]);
    assert_eq!(both.score(), 2);
    let region_only = Match::of(Some(1), Some(7), &[1], &[8]);
    assert_eq!(region_only.score(), 1);
    assert!(region_only.region && !region_only.industry);
    assert_eq!(Match::of(None, None, &[1], &[7]).score(), 0);
}

#[test]
fn only_won_and_lost_are_final() {
    let finals: Vec<_> = OpportunityStatus::ALL
        .into_iter()
        .filter(|status| status.is_final())
        .collect();
    assert_eq!(finals, [OpportunityStatus::Won, OpportunityStatus::Lost]);
    for status in OpportunityStatus::ALL {
        assert_eq!(OpportunityStatus::from_code(status.code()), Some(status));
    }
}
