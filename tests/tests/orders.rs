//! Order history from the sales system end to end (DESIGN §2.2, §4): the import, the states
//! shown, the order and paging, the order detail.

use crm_proto::v1::{
    Customer, CustomerFields, GetOrderRequest, ListOrdersRequest, OrderStatus, OrderSummary,
    PageRequest,
};
use crm_tests::{TestServer, authed};
use tonic::Code;

const HEADER: &str =
    "订单编号,客户编码,下单日期,送货地址,订单状态,行号,产品编号,产品名称,单位,数量,单价\n";

async fn customer(server: &TestServer, token: &str, name: &str, sales_code: &str) -> Customer {
    let fields = CustomerFields {
        name: name.to_owned(),
        sales_code: sales_code.to_owned(),
        ..CustomerFields::default()
    };
    server.new_customer(token, fields).await
}

async fn history(
    server: &TestServer,
    token: &str,
    id: i64,
    page: u32,
    size: u32,
) -> Vec<OrderSummary> {
    let request = ListOrdersRequest {
        customer_id: id,
        page: Some(PageRequest {
            page,
            page_size: size,
        }),
    };
    let response = server
        .customers()
        .list_orders(authed(token, request))
        .await
        .unwrap()
        .into_inner();
    response.orders
}

#[tokio::test]
async fn history_shows_only_shipped_and_paid_orders_newest_first() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let by_number = customer(&server, &token, "北京燕山石化", "").await;
    let by_code = customer(&server, &token, "天津港务集团", "XS-0042").await;
    let code = &by_number.number;
    let mut csv = HEADER.to_owned();
    for (number, date, state) in [
        ("DD01", "2026-01-10", 1),
        ("DD02", "2026-02-10", 5),
        ("DD03", "2026-03-10", 6),
        ("DD04", "2026-04-10", 7),
        ("DD05", "2026-05-10", 4),
        ("DD06", "2026-06-10", 5),
    ] {
        csv.push_str(&format!(
            "{number},{code},{date},北京,{state},,P1,打印纸,箱,1,100\n"
        ));
    }
    csv.push_str("DD99,XS-0042,2026-06-11,天津,6,,P1,打印纸,箱,3,100\n");
    let report = server.import_orders(&csv).await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.orders_imported, 7);

    let shown = history(&server, &token, by_number.id, 1, 20).await;
    let numbers: Vec<&str> = shown.iter().map(|o| o.number.as_str()).collect();
    assert_eq!(numbers, ["DD06", "DD03", "DD02"]);
    assert_eq!(shown[1].status(), OrderStatus::Paid);
    assert_eq!(shown[0].status(), OrderStatus::Shipped);

    // A customer with a 销售系统编码 is found by it, not by its number.
    let shown = history(&server, &token, by_code.id, 1, 20).await;
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].number, "DD99");

    // An empty file is reported, not silently taken as nothing to do.
    let empty = server.import_orders(HEADER).await;
    assert_eq!(empty.errors[0].message, "文件中没有订单");
}

#[tokio::test]
async fn paging_is_stable_when_dates_tie() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let buyer = customer(&server, &token, "重庆长江汽车配件", "").await;
    let mut csv = HEADER.to_owned();
    // Nine orders on two days: page boundaries fall inside each day.
    for n in 1..=9 {
        let date = if n <= 5 { "2026-07-01" } else { "2026-07-02" };
        csv.push_str(&format!(
            "T{n:02},{},{date},,5,,P1,轮胎,条,1,500\n",
            buyer.number
        ));
    }
    server.import_orders(&csv).await;

    let mut seen = Vec::new();
    for page in 1..=4 {
        let shown = history(&server, &token, buyer.id, page, 2).await;
        seen.extend(shown.into_iter().map(|o| o.number));
    }
    assert_eq!(
        seen,
        ["T09", "T08", "T07", "T06", "T05", "T04", "T03", "T02"]
            .map(str::to_owned)
            .to_vec()
    );
    let last = history(&server, &token, buyer.id, 5, 2).await;
    assert_eq!(
        last.iter().map(|o| o.number.as_str()).collect::<Vec<_>>(),
        ["T01"]
    );
}

#[tokio::test]
async fn the_order_detail_total_is_the_sum_of_its_lines() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager2").await;
    let buyer = customer(&server, &token, "武汉光谷电子", "").await;
    let code = &buyer.number;
    let csv = format!(
        "{HEADER}\
         DD10,{code},2026-08-08,武汉市东湖高新区,6,1,P01,激光打印机,台,2,1280.50\n\
         DD10,{code},2026-08-08,武汉市东湖高新区,6,2,P02,硒鼓,个,10,89\n\
         DD10,{code},2026-08-08,武汉市东湖高新区,6,3,P03,A4 打印纸,箱,3,120.35\n\
         DD11,{code},2026-08-09,,2,1,P01,激光打印机,台,1,1280.50\n"
    );
    server.import_orders(&csv).await;
    let listed = history(&server, &token, buyer.id, 1, 20).await;
    assert_eq!(listed.len(), 1);

    let request = authed(&token, GetOrderRequest { id: listed[0].id });
    let order = server
        .customers()
        .get_order(request)
        .await
        .unwrap()
        .into_inner();
    let amounts: Vec<i64> = order.lines.iter().map(|l| l.amount_fen).collect();
    assert_eq!(amounts, [256_100, 89_000, 36_105]);
    let total = order.summary.as_ref().unwrap().total_fen;
    assert_eq!(total, amounts.iter().sum::<i64>());
    assert_eq!(total, listed[0].total_fen);
    assert_eq!(order.customer_name, "武汉光谷电子");
    assert_eq!(order.lines[2].product_name, "A4 打印纸");

    // The order in state 2 exists in the sales system but is not shown here.
    let hidden_id = listed[0].id + 1;
    let request = authed(&token, GetOrderRequest { id: hidden_id });
    let refused = server.customers().get_order(request).await.unwrap_err();
    assert_eq!(refused.code(), Code::NotFound);
}

#[tokio::test]
async fn the_import_rejects_bad_rows_with_line_numbers_and_imports_nothing_twice() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let buyer = customer(&server, &token, "南京紫金山仪器", "").await;
    let code = &buyer.number;

    let bad = format!(
        "{HEADER}\
         DD20,{code},2026-09-01,,5,,P1,仪表,台,1,10\n\
         DD21,NOBODY,2026-09-01,,5,,P1,仪表,台,1,10\n\
         DD22,{code},2026-09-31,,5,,P1,仪表,台,-1,10\n"
    );
    let report = server.import_orders(&bad).await;
    let lines: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [4, 4], "{:?}", report.errors);
    assert_eq!(report.orders_imported, 0);
    assert!(history(&server, &token, buyer.id, 1, 20).await.is_empty());

    // Only the unknown customer is left: found when the database is asked, nothing imported.
    let unknown = format!(
        "{HEADER}\
         DD20,{code},2026-09-01,,5,,P1,仪表,台,1,10\n\
         DD21,NOBODY,2026-09-01,,5,,P1,仪表,台,1,10\n"
    );
    let report = server.import_orders(&unknown).await;
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].line, 3);
    assert!(report.errors[0].message.contains("NOBODY"));
    assert!(history(&server, &token, buyer.id, 1, 20).await.is_empty());

    let good = format!(
        "{HEADER}\
         DD20,{code},2026-09-01,,5,,P1,仪表,台,1,10\n\
         DD23,{code},2026-09-02,,6,,P1,仪表,台,2,10\n"
    );
    let first = server.import_orders(&good).await;
    assert_eq!((first.orders_imported, first.lines_imported), (2, 2));
    let again = server.import_orders(&good).await;
    assert_eq!((again.orders_imported, again.orders_skipped), (0, 2));
    assert_eq!(history(&server, &token, buyer.id, 1, 20).await.len(), 2);
}
