//! End-to-end: service tickets through the real app against a real server (demo company,
//! SQLite), three users at three desks. 张伟 (manager1) records a customer's request, the
//! supervisor assigns it to 李娜 (manager2) from 服务分配, she handles it, 张伟's feedback of 2
//! sends it back to her, she handles it again, and the supervisor's feedback of 4 archives it,
//! where the archive search finds it with both rounds.

mod common;

use common::{
    App, DEMO_PASSWORD, TestServer, click_button, labels, log_in, shows, type_into, wait_for,
};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use tempfile::TempDir;

const PATIENCE: Duration = Duration::from_secs(60);

/// `username` logged in to `server` in an app of his own, as at another desk.
fn desk(server: &TestServer, username: &str) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::app(dir.path(), false);
    log_in(&mut harness, &server.url, username, DEMO_PASSWORD);
    (dir, harness)
}

/// The first toast that starts with `start`, once one shows.
fn toast_starting(harness: &mut App, start: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        harness.step();
        let toasts = harness.state().toasts();
        if toasts.iter().any(|toast| toast.starts_with(start)) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no toast {start:?}: {toasts:?} {:?}",
            labels(harness)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let toasts = harness.state().toasts();
    toasts
        .into_iter()
        .find(|toast| toast.starts_with(start))
        .unwrap()
        .to_owned()
}

/// Runs frames until a text or label that `wanted` accepts is on screen; returns it.
fn wait_for_text(harness: &mut App, what: &str, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        harness.step();
        if let Some(found) = labels(harness).into_iter().find(|l| wanted(l)) {
            harness.run_steps(3);
            return found;
        }
        assert!(Instant::now() < deadline, "{what} did not appear");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs frames until `label` is no longer on screen (a list reloaded without it).
fn wait_gone(harness: &mut App, label: &str) {
    let deadline = Instant::now() + PATIENCE;
    while shows(harness, label) {
        harness.step();
        assert!(Instant::now() < deadline, "{label:?} stayed");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Picks `item` from the combo box labelled `label`, which shows once its items have loaded.
fn choose(harness: &mut App, label: &str, item: &str) {
    let deadline = Instant::now() + PATIENCE;
    while harness
        .query_by_role_and_label(Role::ComboBox, label)
        .is_none()
    {
        harness.step();
        assert!(Instant::now() < deadline, "no {label:?} to choose from");
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
    harness.get_by_role_and_label(Role::ComboBox, label).click();
    harness.run_steps(2);
    harness.get_all_by_label(item).last().unwrap().click();
    harness.run_steps(2);
}

/// Clicks the first widget labelled `label` (a ticket's 编号 in a list or on the board).
fn click_first(harness: &mut App, label: &str) {
    harness.get_all_by_label(label).next().unwrap().click();
    harness.step();
}

/// Pages the board on until `number` is on it: it lists the oldest tickets first.
fn page_to(harness: &mut App, number: &str) {
    let deadline = Instant::now() + PATIENCE;
    wait_for_text(harness, "the board's tickets", |l| l.starts_with("FW"));
    while !shows(harness, number) {
        click_button(harness, "下一页");
        harness.run_steps(10);
        assert!(Instant::now() < deadline, "{number} is on no page");
    }
    harness.run_steps(3);
}

/// Gives the ticket's satisfaction: the `stars`-th star of the feedback dialog.
fn give_stars(harness: &mut App, stars: usize) {
    let star = harness
        .get_all_by_role_and_label(Role::Button, "☆")
        .nth(stars - 1);
    star.expect("an empty star").click();
    harness.run_steps(2);
}

/// Opens the ticket `number` from the list in front, and waits for its detail.
fn open_ticket(harness: &mut App, number: &str) {
    wait_for(harness, number);
    click_first(harness, number);
    wait_for(harness, "处理与反馈记录");
}

/// 张伟 records a request: 服务类型, a customer found by search, 概要 and 服务请求. Returns the
/// new ticket's 编号 and the customer's name.
fn create_ticket(manager1: &mut App, summary: &str) -> (String, String) {
    click_button(manager1, "服务创建");
    wait_for(manager1, "服务请求");

    // Nothing filled in: said above the form and beside the fields, nothing sent.
    click_button(manager1, "保存");
    wait_for(manager1, "必填信息不完全");
    assert!(shows(manager1, "必填"), "{:?}", labels(manager1));

    choose(manager1, "服务类型", "投诉");
    type_into(manager1, "客户", "有限公司");
    click_button(manager1, "查找客户");
    let found = wait_for_text(manager1, "a matching customer", |l| l.contains("（KH"));
    click_first(manager1, &found);
    wait_for(manager1, "更换客户");
    let customer = found.split('（').next().unwrap().to_owned();

    type_into(manager1, "概要", summary);
    type_into(
        manager1,
        "服务请求",
        "冷库压缩机运行时异响，要求派人上门检修。",
    );
    click_button(manager1, "保存");
    let toast = toast_starting(manager1, "保存成功：FW");
    let number = toast.trim_start_matches("保存成功：").to_owned();

    // The form is empty again, ready for the next ticket.
    manager1.run_steps(3);
    assert!(!shows(manager1, "更换客户"), "the customer was cleared");
    assert!(!shows(manager1, "必填信息不完全"));
    let summary_field = manager1.get_by_role_and_label(Role::TextInput, "概要");
    let left = summary_field.accesskit_node().value().unwrap_or_default();
    assert_eq!(left, "", "概要 was cleared");
    let kind = manager1.get_by_role_and_label(Role::ComboBox, "服务类型");
    let kind = kind.accesskit_node().value().unwrap_or_default();
    assert_eq!(
        kind,
        "请选择",
        "服务类型 was cleared: {:?}",
        labels(manager1)
    );
    (number, customer)
}

/// The supervisor selects the ticket on 服务分配 and clicks 分配 on 李娜's row.
fn assign_to_li_na(supervisor: &mut App, number: &str) {
    click_button(supervisor, "服务分配");
    wait_for(supervisor, "处理中的服务");
    page_to(supervisor, number);
    click_first(supervisor, number);
    wait_for(supervisor, &format!("为服务 {number} 选择处理人"));

    let name = supervisor.get_all_by_label("李娜").next().unwrap().rect();
    let buttons = supervisor.get_all_by_role_and_label(Role::Button, "分配");
    let on_her_row = buttons
        .min_by_key(|button| (button.rect().center().y - name.center().y).abs() as i64)
        .expect("a 分配 button");
    on_her_row.click();
    supervisor.step();
    toast_starting(supervisor, &format!("分配成功：{number} 已分配给 李娜"));
    wait_gone(supervisor, number);
}

/// 李娜 handles the ticket from 服务处理 (which she has open), writing `handling`.
fn process(manager2: &mut App, number: &str, handling: &str) {
    wait_for(manager2, "刷新");
    click_button(manager2, "刷新");
    open_ticket(manager2, number);
    click_button(manager2, "处理");
    wait_for(manager2, &format!("处理服务 {number}"));
    click_button(manager2, "确定");
    wait_for(manager2, "必填");
    type_into(manager2, "处理方法", handling);
    click_button(manager2, "确定");
    toast_starting(manager2, &format!("处理完成：{number}"));
    wait_gone(manager2, number);
}

/// Records the feedback on the ticket from 服务反馈.
fn feedback(harness: &mut App, number: &str, result: &str, stars: usize) {
    click_button(harness, "服务反馈");
    open_ticket(harness, number);
    click_button(harness, "反馈");
    wait_for(harness, &format!("反馈服务 {number}"));
    type_into(harness, "处理结果", result);
    give_stars(harness, stars);
    click_button(harness, "确定");
}

#[test]
fn a_ticket_goes_through_two_rounds_to_the_archive() {
    let server = TestServer::start();
    let (_manager1_dir, mut manager1) = desk(&server, "manager1");
    let (_supervisor_dir, mut supervisor) = desk(&server, "supervisor");
    let (_manager2_dir, mut manager2) = desk(&server, "manager2");

    let summary = "冷库压缩机异响";
    let (number, customer) = create_ticket(&mut manager1, summary);
    assign_to_li_na(&mut supervisor, &number);

    // 李娜 finds it among the tickets assigned to her, not yet handled.
    click_button(&mut manager2, "服务处理");
    open_ticket(&mut manager2, &number);
    assert!(shows(&manager2, "还没有处理记录。"));
    assert!(shows(&manager2, "已分配"));
    assert!(
        !shows(&manager2, "反馈"),
        "feedback is not hers to give now"
    );
    click_button(&mut manager2, "← 返回列表");
    process(&mut manager2, &number, "上门检查，更换压缩机减震垫。");

    // 张伟 created it, so he records the customer's feedback: 2 sends it back to 李娜.
    feedback(&mut manager1, &number, "客户反映异响仍然存在。", 2);
    let toast = toast_starting(&mut manager1, "满意度低于 3，已退回处理人 李娜");
    assert!(toast.contains(&number), "{toast}");

    // Her second round, with the first round's feedback in front of her.
    wait_for(&mut manager2, "刷新");
    click_button(&mut manager2, "刷新");
    open_ticket(&mut manager2, &number);
    assert!(shows(&manager2, "客户反映异响仍然存在。"));
    assert!(shows(&manager2, "★★☆☆☆"));
    click_button(&mut manager2, "← 返回列表");
    process(
        &mut manager2,
        &number,
        "更换压缩机轴承，试运行两小时无异响。",
    );

    // The supervisor may give feedback on any ticket: 4 archives it.
    feedback(&mut supervisor, &number, "客户确认问题已解决。", 4);
    toast_starting(&mut supervisor, &format!("反馈已保存：{number} 已归档"));

    // The archive search finds it by its summary, with everything and both rounds.
    click_button(&mut supervisor, "服务归档");
    wait_for(&mut supervisor, "创建日期从");
    type_into(&mut supervisor, "概要", summary);
    click_button(&mut supervisor, "查询");
    open_ticket(&mut supervisor, &number);
    for text in [
        "已归档",
        "投诉",
        summary,
        "冷库压缩机运行时异响，要求派人上门检修。",
        "张伟",
        "李娜",
        "上门检查，更换压缩机减震垫。",
        "更换压缩机轴承，试运行两小时无异响。",
        "客户反映异响仍然存在。",
        "客户确认问题已解决。",
        "★★☆☆☆",
        "★★★★☆",
        "王建华",
    ] {
        assert!(
            shows(&supervisor, text),
            "{text:?} in {:?}",
            labels(&supervisor)
        );
    }
    assert!(
        labels(&supervisor).iter().any(|l| l.starts_with(&customer)),
        "{customer} in {:?}",
        labels(&supervisor)
    );
    assert!(!shows(&supervisor, "反馈"), "nothing more to do with it");
}

#[test]
fn supervisor_drags_a_ticket_onto_a_handler() {
    let server = TestServer::start();
    let (_dir, mut supervisor) = desk(&server, "supervisor");
    click_button(&mut supervisor, "服务分配");
    wait_for(&mut supervisor, "处理中的服务");
    let number = wait_for_text(&mut supervisor, "a new ticket", |l| l.starts_with("FW"));

    let from = supervisor.get_by_label(&number).rect().center();
    let to = supervisor
        .get_all_by_label("李娜")
        .next()
        .unwrap()
        .rect()
        .center();
    supervisor.hover_at(from);
    supervisor.step();
    supervisor.drag_at(from);
    supervisor.step();
    for step in 1..=5 {
        supervisor.hover_at(from + (to - from) * (step as f32 / 5.0));
        supervisor.step();
    }
    supervisor.drop_at(to);
    supervisor.step();

    toast_starting(
        &mut supervisor,
        &format!("分配成功：{number} 已分配给 李娜"),
    );
    wait_gone(&mut supervisor, &number);
}

#[test]
fn archive_search_refuses_a_malformed_date_before_asking() {
    let server = TestServer::start();
    let (_dir, mut manager1) = desk(&server, "manager1");
    click_button(&mut manager1, "服务归档");
    wait_for(&mut manager1, "创建日期从");
    type_into(&mut manager1, "创建日期从", "2026-13-01");
    click_button(&mut manager1, "查询");
    toast_starting(&mut manager1, "日期“2026-13-01”无效");
}

#[test]
fn the_assignment_board_switches_to_the_tickets() {
    let server = TestServer::start();
    let (_dir, mut supervisor) = desk(&server, "supervisor");
    click_button(&mut supervisor, "指派");
    wait_for(&mut supervisor, "客户经理");
    assert!(!shows(&supervisor, "处理中的服务"));

    click_button(&mut supervisor, "服务");
    wait_for(&mut supervisor, "处理中的服务");
    wait_for_text(&mut supervisor, "a new ticket", |l| l.starts_with("FW"));
    assert!(
        shows(&supervisor, "新创建的服务（4）"),
        "{:?}",
        labels(&supervisor)
    );

    click_button(&mut supervisor, "销售机会");
    wait_gone(&mut supervisor, "处理中的服务");
}
