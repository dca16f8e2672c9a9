//! End-to-end: an account manager works with customers through the real app against a real
//! server (demo company, SQLite): creates one, adds its contact, reads a customer's orders.

mod common;

use common::{
    click_button, labels, replace_text, shows, start_logged_in, type_into, wait_for, wait_until,
};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

fn open_customers(harness: &mut common::App) {
    click_button(harness, "客户信息管理");
    wait_for(harness, "客户编号");
}

/// Picks `item` from the last combo box labelled `label`: the form's, right of the list's
/// filters of the same name.
fn choose(harness: &mut common::App, label: &str, item: &str) {
    let combos = harness.get_all_by_role_and_label(Role::ComboBox, label);
    combos.last().expect("a combo box").click();
    harness.run_steps(2);
    harness.get_all_by_label(item).last().unwrap().click();
    harness.run_steps(2);
}

#[test]
fn manager_creates_a_customer_and_adds_its_contact() {
    let (_server, _dir, mut harness) = start_logged_in("manager1");
    open_customers(&mut harness);
    // An empty list: the form's choices are the only 北京 and 大客户 on screen.
    type_into(&mut harness, "客户", "没有这个客户");
    click_button(&mut harness, "查询");
    wait_for(&mut harness, "没有数据。");

    click_button(&mut harness, "新增");
    wait_for(&mut harness, "新增客户");
    click_button(&mut harness, "保存");
    wait_for(&mut harness, "必填");
    assert!(shows(&harness, "新增客户"), "the form stays open");

    type_into(&mut harness, "客户名称", "苏州甲乙精密机械有限公司");
    choose(&mut harness, "地区", "华东");
    choose(&mut harness, "客户等级", "大客户");
    type_into(&mut harness, "统一社会信用代码", "91350100M000100Y43");
    click_button(&mut harness, "保存");
    wait_until(&mut harness, "the save toast", |app| {
        app.toasts().contains(&"保存成功")
    });

    // The new customer opens: its number, details and the manager who created it.
    wait_for(&mut harness, "基本信息");
    assert!(
        shows(&harness, "苏州甲乙精密机械有限公司"),
        "{:?}",
        labels(&harness)
    );
    wait_for(&mut harness, "91350100M000100Y43");
    assert!(shows(&harness, "张伟"));

    click_button(&mut harness, "联系人");
    wait_for(&mut harness, "新增联系人");
    click_button(&mut harness, "新增联系人");
    wait_for(&mut harness, "姓名");
    harness.check_accessibility();
    type_into(&mut harness, "姓名", "周敏");
    click_button(&mut harness, "确定");
    wait_for(&mut harness, "必填");
    harness
        .get_by_role_and_label(Role::RadioButton, "女")
        .click();
    harness.step();
    type_into(&mut harness, "职位", "采购经理");
    type_into(&mut harness, "办公电话", "0512-66881234");
    click_button(&mut harness, "确定");
    wait_for(&mut harness, "0512-66881234");
    assert!(shows(&harness, "周敏") && shows(&harness, "采购经理"));

    // Deleting asks first, names the contact, and takes it off the list.
    click_button(&mut harness, "删除");
    wait_for(&mut harness, "确认删除？");
    assert!(shows(&harness, "周敏"));
    click_button(&mut harness, "确定");
    wait_until(&mut harness, "the delete toast", |app| {
        app.toasts().contains(&"删除成功")
    });
    wait_for_screen(&mut harness, "the emptied list", |h| !shows(h, "周敏"));
}

#[test]
fn supervisor_opens_a_customer_edits_its_phone_and_saves() {
    let (_server, _dir, mut harness) = start_logged_in("supervisor");
    open_customers(&mut harness);
    let first = labels(&harness)
        .into_iter()
        .find(|label| label.ends_with("公司"))
        .expect("a demo customer");
    harness.get_all_by_label(&first).next().unwrap().click();
    harness.step();
    wait_for(&mut harness, "基本信息");
    click_button(&mut harness, "编辑");
    wait_for(&mut harness, "保存");

    replace_text(&mut harness, "电话", "0512-6688 转 ABC");
    click_button(&mut harness, "保存");
    wait_for(&mut harness, "格式不正确");
    replace_text(&mut harness, "电话", "0512-66889900");
    click_button(&mut harness, "保存");
    wait_until(&mut harness, "the save toast", |app| {
        app.toasts().contains(&"保存成功")
    });
    wait_for(&mut harness, "0512-66889900");
    assert!(!shows(&harness, "保存"), "the form closed after saving");
}

#[test]
fn a_disabled_region_stays_on_its_customers_but_is_not_offered_for_new_ones() {
    let (server, _dir, mut harness) = start_logged_in("supervisor");
    server.disable_region("华东");
    open_customers(&mut harness);
    type_into(&mut harness, "客户", "没有这个客户");
    click_button(&mut harness, "查询");
    wait_for(&mut harness, "没有数据。");

    click_button(&mut harness, "新增");
    wait_for(&mut harness, "新增客户");
    let combos = harness.get_all_by_role_and_label(Role::ComboBox, "地区");
    combos.last().expect("the form's 地区").click();
    harness.run_steps(2);
    assert!(shows(&harness, "华北"), "{:?}", labels(&harness));
    assert!(!shows(&harness, "华东") && !shows(&harness, "华东（已停用）"));
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    click_button(&mut harness, "取消");
    wait_for_screen(&mut harness, "the form closed", |h| !shows(h, "新增客户"));

    // A 华东 customer keeps its region, said to be disabled, and saves with it.
    replace_text(&mut harness, "客户", "杭州");
    click_button(&mut harness, "查询");
    wait_for_screen(&mut harness, "杭州's customers", |h| {
        labels(h)
            .iter()
            .any(|l| l.starts_with("杭州") && l.ends_with("公司"))
    });
    let first = labels(&harness)
        .into_iter()
        .find(|l| l.starts_with("杭州") && l.ends_with("公司"))
        .unwrap();
    harness.get_all_by_label(&first).next().unwrap().click();
    harness.step();
    wait_for(&mut harness, "基本信息");
    click_button(&mut harness, "编辑");
    wait_for(&mut harness, "保存");
    let region = harness
        .get_all_by_role_and_label(Role::ComboBox, "地区")
        .last()
        .and_then(|combo| combo.accesskit_node().value())
        .unwrap();
    assert_eq!(region, "华东（已停用）");
    click_button(&mut harness, "保存");
    wait_until(&mut harness, "the save toast", |app| {
        app.toasts().contains(&"保存成功")
    });
}

/// The page indicator, e.g. `第 1 / 3 页`, as (page, pages).
fn page_of(harness: &common::App) -> Option<(u32, u32)> {
    labels(harness).into_iter().find_map(|label| {
        let inner = label.strip_prefix("第 ")?.strip_suffix(" 页")?;
        let (page, pages) = inner.split_once(" / ")?;
        Some((page.parse().ok()?, pages.parse().ok()?))
    })
}

/// Steps the app until what it shows satisfies `done`.
fn wait_for_screen(harness: &mut common::App, what: &str, done: impl Fn(&common::App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(harness) {
        assert!(Instant::now() < deadline, "{what} did not show within 60 s");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn order_numbers(harness: &common::App) -> Vec<String> {
    labels(harness)
        .into_iter()
        .filter(|label| label.starts_with("SO"))
        .collect()
}

#[test]
fn order_history_pages_and_opens_an_order_with_its_total() {
    let (_server, _dir, mut harness) = start_logged_in("manager2");
    open_customers(&mut harness);
    // The demo's customers in pinyin order; some never ordered and some order seldom, so look
    // for one whose history has more than one page on the list's first page.
    let names: Vec<String> = labels(&harness)
        .into_iter()
        .filter(|label| label.ends_with("公司"))
        .collect();
    for name in &names {
        harness.get_all_by_label(name).next().unwrap().click();
        harness.step();
        wait_for(&mut harness, "历史订单");
        click_button(&mut harness, "历史订单");
        wait_for(&mut harness, "订单编号");
        wait_for_screen(&mut harness, "the history's first page", |h| {
            page_of(h).is_some_and(|(page, _)| page == 1)
        });
        if matches!(page_of(&harness), Some((1, pages)) if pages > 1) {
            let first_page = order_numbers(&harness);
            assert_eq!(first_page.len(), 20, "a full first page");
            click_button(&mut harness, "下一页");
            wait_for_screen(&mut harness, "page 2", |h| {
                page_of(h).is_some_and(|(page, _)| page == 2) && order_numbers(h) != first_page
            });
            let second_page = order_numbers(&harness);
            assert!(
                second_page
                    .iter()
                    .all(|number| !first_page.contains(number)),
                "no order on two pages: {first_page:?} {second_page:?}"
            );
            let number = second_page.first().expect("orders on page 2").clone();
            harness.get_all_by_label(&number).next().unwrap().click();
            harness.step();
            wait_for(&mut harness, &format!("订单 {number}"));
            assert!(
                labels(&harness).iter().any(|l| l.starts_with("合计：¥")),
                "{:?}",
                labels(&harness)
            );
            return;
        }
        click_button(&mut harness, "← 返回列表");
        wait_for(&mut harness, "客户编号");
    }
    panic!("no demo customer on the first page has two pages of orders");
}
