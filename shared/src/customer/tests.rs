use super::*;

fn complete() -> CustomerFields {
    CustomerFields {
        name: "北京华信科技有限公司".into(),
        region_id: Some(1),
        manager_id: Some(3),
        level_id: Some(7),
        satisfaction: 4,
        credit: 5,
        address: "北京市海淀区中关村大街 1 号".into(),
        zip_code: "100080".into(),
        phone: "010-62751234".into(),
        website: "www.huaxin.com.cn".into(),
        credit_code: "91350100m000100y43".into(),
        registered_capital_fen: 500_000_000,
        ..CustomerFields::default()
    }
    .trimmed()
}

fn fields_of(result: Result<(), Vec<Violation>>) -> Vec<(String, ViolationCode)> {
    result
        .unwrap_err()
        .into_iter()
        .map(|v| (v.field, v.code))
        .collect()
}

#[test]
fn a_complete_customer_passes_with_its_credit_code_upper_cased() {
    let customer = complete();
    assert_eq!(customer.check(), Ok(()));
    assert_eq!(customer.credit_code, "91350100M000100Y43");
}

#[test]
fn name_region_manager_and_level_are_required() {
    let found = fields_of(CustomerFields::default().check());
    assert_eq!(
        found,
        [
            ("name".to_owned(), ViolationCode::Required),
            ("region_id".to_owned(), ViolationCode::Required),
            ("manager_id".to_owned(), ViolationCode::Required),
            ("level_id".to_owned(), ViolationCode::Required),
        ]
    );
}

#[test]
fn ratings_outside_one_to_five_and_negative_money_are_refused() {
    let mut customer = complete();
    customer.satisfaction = 6;
    customer.credit = -1;
    customer.annual_revenue_fen = -1;
    let found = fields_of(customer.check());
    let named: Vec<_> = found.iter().map(|(field, _)| field.as_str()).collect();
    assert_eq!(named, ["satisfaction", "credit", "annual_revenue_fen"]);
    assert!(
        found
            .iter()
            .all(|(_, code)| *code == ViolationCode::OutOfRange)
    );
}

#[test]
fn malformed_codes_and_numbers_are_named() {
    let mut customer = complete();
    customer.zip_code = "10008".into();
    customer.phone = "电话".into();
    customer.website = "not a site".into();
    customer.credit_code = "91350100M000100Y44".into();
    customer.bank_account = "账号".into();
    customer.address = "长".repeat(201);
    let found = fields_of(customer.check());
    assert_eq!(
        found,
        [
            ("address".to_owned(), ViolationCode::TooLong),
            ("zip_code".to_owned(), ViolationCode::Invalid),
            ("phone".to_owned(), ViolationCode::Invalid),
            ("website".to_owned(), ViolationCode::Invalid),
            ("bank_account".to_owned(), ViolationCode::Invalid),
            ("credit_code".to_owned(), ViolationCode::Invalid),
        ]
    );
}
