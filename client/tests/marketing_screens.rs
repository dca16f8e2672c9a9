//! End-to-end: marketing through the real app against a real server (demo company, SQLite). A
//! manager creates a sales opportunity, a supervisor assigns one from the board, and the
//! assignee keeps its plan and marks it 开发成功, which creates the customer.

mod common;

use common::{
    click_button, labels, replace_text, shows, start_logged_in, type_into, type_into_last,
    wait_for, wait_until,
};

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;

/// The first toast that starts with `start`, once one shows.
fn toast_starting(harness: &mut common::App, start: &str) -> String {
    wait_until(harness, start, |app| {
        app.toasts().iter().any(|toast| toast.starts_with(start))
    });
    let toasts = harness.state().toasts();
    toasts
        .into_iter()
        .find(|toast| toast.starts_with(start))
        .unwrap()
        .to_owned()
}

#[test]
fn manager_creates_an_opportunity_and_hears_when_information_is_missing() {
    let (_server, _dir, mut harness) = start_logged_in("manager1");
    click_button(&mut harness, "销售机会管理");
    wait_for(&mut harness, "创建时间");

    click_button(&mut harness, "新建销售机会");
    wait_for(&mut harness, "机会描述");
    type_into_last(&mut harness, "客户名称", "无锡甲乙精工机械有限公司");
    click_button(&mut harness, "保存");
    wait_for(&mut harness, "必填信息不完全");
    assert!(shows(&harness, "必填"), "beside the empty fields");

    type_into(&mut harness, "成功机率（0–100）", "70");
    type_into(&mut harness, "概要", "两台卧式加工中心");
    type_into(&mut harness, "机会描述", "对方明年一季度扩产，已有预算。");
    type_into(&mut harness, "联系人", "钱多多");
    click_button(&mut harness, "保存");
    toast_starting(&mut harness, "保存成功");

    // The new opportunity heads the list, 未分配, created by the manager himself.
    wait_for(&mut harness, "两台卧式加工中心");
    assert!(shows(&harness, "无锡甲乙精工机械有限公司"));
    assert!(shows(&harness, "70%"));
    assert!(!shows(&harness, "必填信息不完全"), "the form closed");
}

#[test]
fn supervisor_assigns_an_opportunity_from_the_board() {
    let (_server, _dir, mut harness) = start_logged_in("supervisor");
    let nav = harness.get_by_role_and_label(Role::Button, "指派");
    nav.click();
    harness.step();
    wait_for(&mut harness, "负责地区");
    wait_for(&mut harness, "未分配的销售机会（8）");
    // The oldest waiting opportunity is selected and the managers are ranked for it.
    wait_for(&mut harness, "李娜");
    let chosen = labels(&harness)
        .into_iter()
        .find_map(|label| {
            let name = label.strip_prefix("为“")?.strip_suffix("”选择客户经理")?;
            Some(name.to_owned())
        })
        .expect("a selected opportunity");

    // The first 指派 is the navigation's; the next is the best-ranked manager's.
    let buttons = harness.get_all_by_role_and_label(Role::Button, "指派");
    buttons
        .into_iter()
        .nth(1)
        .expect("a manager's 指派")
        .click();
    harness.step();

    let toast = toast_starting(&mut harness, &format!("指派成功：“{chosen}”已指派给"));
    assert!(toast.len() > chosen.len());
    wait_for(&mut harness, "未分配的销售机会（7）");
    assert!(
        !labels(&harness).contains(&chosen),
        "{chosen} left the board: {:?}",
        labels(&harness)
    );
}

#[test]
fn assignee_adds_a_plan_item_records_its_result_and_marks_it_won() {
    let (_server, _dir, mut harness) = start_logged_in("manager1");
    click_button(&mut harness, "客户开发计划");
    wait_for(&mut harness, "已指派");
    let name = labels(&harness)
        .into_iter()
        .find(|label| label.ends_with("公司"))
        .expect("an opportunity assigned to 张伟");
    harness.get_all_by_label(&name).next().unwrap().click();
    harness.step();
    wait_for(&mut harness, "新增计划项");

    click_button(&mut harness, "新增计划项");
    wait_for(&mut harness, "计划内容");
    // Two months ahead: after every step of the demo's plans, so the new item is the last row.
    let later = chrono::Local::now().date_naive() + chrono::Days::new(60);
    replace_text(
        &mut harness,
        "日期",
        &later.format("%Y-%-m-%-d").to_string(),
    );
    type_into(&mut harness, "计划内容", "带样品上门演示");
    click_button(&mut harness, "确定");
    wait_for(&mut harness, "带样品上门演示");
    let kept = later.format("%Y-%m-%d").to_string();
    assert!(shows(&harness, &kept), "{kept}: {:?}", labels(&harness));

    // The new item is the plan's last, so its 执行效果 button is the last.
    let results = harness.get_all_by_role_and_label(Role::Button, "执行效果");
    results.last().expect("a result button").click();
    harness.step();
    wait_for(&mut harness, "填写执行效果");
    type_into(&mut harness, "执行效果", "客户认可，同意签约");
    click_button(&mut harness, "确定");
    wait_for(&mut harness, "客户认可，同意签约");

    click_button(&mut harness, "开发成功");
    wait_for(&mut harness, "确认开发成功？");
    click_button(&mut harness, "确定");
    let toast = toast_starting(&mut harness, "开发成功，已新建客户 KH");
    let number = toast.trim_start_matches("开发成功，已新建客户 ").to_owned();

    // The opportunity is closed, names its customer, and its plan is read-only now.
    wait_for(&mut harness, &number);
    assert!(!shows(&harness, "新增计划项"));

    // The new customer is in the customer list, managed by 张伟, its level 待补充.
    click_button(&mut harness, "客户信息管理");
    wait_for(&mut harness, "客户编号");
    type_into(&mut harness, "客户", &number);
    click_button(&mut harness, "查询");
    wait_for(&mut harness, &number);
    assert!(shows(&harness, &name), "{:?}", labels(&harness));
    assert!(shows(&harness, "待补充"));
}
