//! End-to-end: a manager's churn warnings through the real app against a real server (demo
//! company, whose load ran the scan). 张伟 logs in and sees his warnings on the first page,
//! opens one, records two 暂缓措施 and confirms the loss; the customer is then 已流失.

mod common;

use common::{click_button, labels, shows, start_logged_in, type_into, wait_for, wait_until};
use egui_kittest::kittest::Queryable as _;

#[test]
fn a_manager_sees_his_warning_takes_two_measures_and_confirms() {
    let (_server, _dir, mut harness) = start_logged_in("manager1");
    wait_for(&mut harness, "处理流失预警");
    assert!(
        labels(&harness)
            .iter()
            .any(|l| l.starts_with("您负责的客户中有 ") && l.ends_with(" 条流失预警待处理：")),
        "{:?}",
        labels(&harness)
    );

    click_button(&mut harness, "处理流失预警");
    wait_for(&mut harness, "只看我的客户");
    let customer = wait_for_customer(&mut harness);
    harness.get_by_label(&customer).click();
    wait_for(&mut harness, "暂缓措施");
    assert!(shows(&harness, "还没有暂缓措施。"));
    assert!(
        !shows(&harness, "确认流失"),
        "no confirming before a measure"
    );

    for measure in ["电话回访，了解停购原因", "赠送半年维保，约下月拜访"] {
        click_button(&mut harness, "暂缓流失");
        wait_for(&mut harness, "确定");
        type_into(&mut harness, "暂缓措施", measure);
        click_button(&mut harness, "确定");
        wait_until(&mut harness, "the measure's toast", |app| {
            app.toasts().iter().any(|t| t.starts_with("已记录暂缓措施"))
        });
        wait_for(&mut harness, measure);
    }

    click_button(&mut harness, "确认流失");
    wait_for(&mut harness, "确认后该客户的状态将变为“已流失”，不能撤销。");
    type_into(&mut harness, "流失原因", "客户已转向竞争对手");
    click_button(&mut harness, "确定");
    wait_until(&mut harness, "the confirmation's toast", |app| {
        app.toasts().iter().any(|t| t.starts_with("已确认流失"))
    });
    wait_for(&mut harness, "已流失");
    assert!(shows(&harness, "客户已转向竞争对手"));
    assert!(!shows(&harness, "暂缓流失"), "nothing more to do on it");
}

/// The first customer number (KH…) the list shows, once it loaded.
fn wait_for_customer(harness: &mut common::App) -> String {
    for _ in 0..3000 {
        harness.step();
        if let Some(number) = labels(harness).into_iter().find(|l| l.starts_with("KH")) {
            // The table settles its column widths over the next frames.
            harness.run_steps(3);
            return number;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("no warning listed: {:?}", labels(harness));
}
