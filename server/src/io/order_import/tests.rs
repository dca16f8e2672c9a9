use super::*;

const HEADER: &str =
    "订单编号,客户编码,下单日期,送货地址,订单状态,行号,产品编号,产品名称,单位,数量,单价\n";

fn parse_text(rows: &str) -> Result<Vec<ImportedOrder>, Vec<RowError>> {
    parse(format!("{HEADER}{rows}").as_bytes())
}

#[test]
fn rows_of_one_order_become_its_lines() {
    let orders = parse_text(
        "DD001,KH20261203001,2026-11-2,北京市海淀区,5,,P01,激光打印机,台,2,1280.50\n\
         DD001,KH20261203001,2026-11-02,北京市海淀区,5,,P02,硒鼓,个,10,89\n\
         DD002,XS-0042,2026-11-03,,6,1,P01,激光打印机,台,1,1280.5\n",
    )
    .unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!(orders[0].lines.len(), 2);
    assert_eq!(orders[0].lines[0].unit_price_fen, 128_050);
    assert_eq!(orders[0].lines[1].line_no, 2);
    assert_eq!(orders[1].customer_code, "XS-0042");
    assert_eq!(orders[1].line, 4);
}

#[test]
fn every_bad_row_is_reported_with_its_line_number() {
    let errors = parse_text(
        "DD001,KH1,2026-11-02,,5,,P01,打印机,台,2,1280.50\n\
         DD002,,2026-02-30,,9x,,P01,打印机,台,0,12.345\n\
         DD001,KH1,2026-11-03,,5,,P02,硒鼓,个,1,1\n\
         DD003,KH1,2026-11-02,,5,1,P01,打印机,台,1,1\n\
         DD003,KH1,2026-11-02,,5,1,P02,硒鼓,个,1,1\n",
    )
    .unwrap_err();
    let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 3, 3, 3, 3, 4, 6]);
    assert!(errors[0].message.contains("客户编码不能为空"));
    assert!(errors[1].message.contains("下单日期"));
    assert!(errors[4].message.contains("单价"));
    assert!(errors[5].message.contains("与第 2 行不一致"));
    assert!(errors[6].message.contains("行号 1 重复"));
}

#[test]
fn missing_columns_are_named_and_english_headers_work() {
    let errors = parse("订单编号,客户编码\nDD1,KH1\n".as_bytes()).unwrap_err();
    assert_eq!(errors[0].line, 1);
    assert!(
        errors[0].message.contains("下单日期"),
        "{}",
        errors[0].message
    );

    let english = "order_number,customer_code,order_date,state,product_code,product_name,\
                   unit,quantity,unit_price\nDD9,KH1,2026-1-5,6,P1,纸,包,3,25\n";
    let orders = parse(english.as_bytes()).unwrap();
    assert_eq!(orders[0].lines[0].quantity, 3);
}
