//! End-to-end: the administrator logs in through the login screen of the real app against a
//! real server (demo company, SQLite) and works in the data dictionary.

mod common;

use common::{
    click_button, labels, open_dictionary, shows, start_logged_in, type_into, wait_for, wait_until,
};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

#[test]
fn admin_adds_a_region_to_the_dictionary_and_sees_it_listed() {
    let (_server, _dir, mut harness) = start_logged_in("admin");
    assert!(shows(&harness, "系统管理"), "{:?}", labels(&harness));

    open_dictionary(&mut harness);
    assert!(!shows(&harness, "西藏"));

    click_button(&mut harness, "新增");
    wait_for(&mut harness, "新增字典项");
    harness.check_accessibility();
    type_into(&mut harness, "名称", "西藏");
    click_button(&mut harness, "保存");

    wait_until(&mut harness, "the save toast", |app| {
        app.toasts().contains(&"保存成功")
    });
    wait_for(&mut harness, "西藏");
    assert!(
        !shows(&harness, "新增字典项"),
        "the form closes after saving"
    );
}

#[test]
fn empty_name_is_refused_beside_the_field_before_sending() {
    let (_server, _dir, mut harness) = start_logged_in("admin");

    open_dictionary(&mut harness);
    click_button(&mut harness, "新增");
    click_button(&mut harness, "保存");
    wait_for(&mut harness, "必填");
    assert!(shows(&harness, "新增字典项"), "the form stays open");
}

#[test]
fn saving_an_item_someone_else_changed_is_refused_and_offers_reload() {
    let (server, _dir, mut harness) = start_logged_in("admin");
    open_dictionary(&mut harness);

    // The first row is 北京.
    harness.get_all_by_label("编辑").next().unwrap().click();
    wait_for(&mut harness, "编辑字典项");
    server.rename_region("北京", "北京市");
    type_into(&mut harness, "名称", "（首都）");
    click_button(&mut harness, "保存");

    wait_for(&mut harness, "数据已被他人修改");
    click_button(&mut harness, "重新加载");
    wait_for(&mut harness, "北京市");
    assert!(
        !shows(&harness, "编辑字典项"),
        "the form closes for the current data"
    );
    assert!(
        !shows(&harness, "北京（首都）"),
        "nothing of the stale edit was saved"
    );
}

#[test]
fn administrator_opens_users_roles_and_audit_log() {
    let (_server, _dir, mut harness) = start_logged_in("admin");

    click_button(&mut harness, "用户管理");
    wait_for(&mut harness, "manager1");
    click_button(&mut harness, "新增");
    wait_for(&mut harness, "新增用户");
    harness.check_accessibility();

    // The heading shows once the matrix has loaded and its first role is picked.
    click_button(&mut harness, "角色权限");
    wait_for(&mut harness, "“系统管理员”的权限");
    assert!(
        harness
            .query_by_role_and_label(Role::CheckBox, "数据字典")
            .is_some(),
        "a right checkbox beside the nav"
    );

    // A write for the audit log: 客户经理 gets 统计报表.
    click_button(&mut harness, "客户经理");
    wait_for(&mut harness, "“客户经理”的权限");
    harness
        .get_by_role_and_label(Role::CheckBox, "统计报表")
        .click();
    harness.step();
    click_button(&mut harness, "保存");
    wait_until(&mut harness, "the save toast", |app| {
        app.toasts().contains(&"保存成功")
    });

    // Only a row of the table says 修改权限; its header alone shows while the log loads. The
    // log holds the save and, before it, the demo's churn scan at load (by the system): every
    // cell below is in the save's row; 3 is 客户经理's number.
    click_button(&mut harness, "审计日志");
    wait_for(&mut harness, "修改权限");
    assert!(shows(&harness, "共 2 条"), "{:?}", labels(&harness));
    for cell in ["system", "流失扫描", "扫描"] {
        assert!(shows(&harness, cell), "{cell:?} in {:?}", labels(&harness));
    }
    let change = r#"rights: ["customers","marketing","service"] → "#.to_owned()
        + r#"["customers","marketing","reports","service"]"#;
    for cell in ["admin", "角色", "3", &change] {
        assert!(shows(&harness, cell), "{cell:?} in {:?}", labels(&harness));
    }
}

#[test]
fn a_new_api_key_shows_its_secret_once_and_revoking_asks_first() {
    let (_server, _dir, mut harness) = start_logged_in("admin");
    click_button(&mut harness, "接口密钥");
    wait_for(&mut harness, "新建密钥");

    click_button(&mut harness, "新建密钥");
    wait_for(&mut harness, "新建接口密钥");
    click_button(&mut harness, "确定");
    wait_for(&mut harness, "必填");
    type_into(&mut harness, "系统名称", "呼叫中心");
    click_button(&mut harness, "确定");

    // The secret shows in full, once, with the warning and a way to copy it.
    wait_for(&mut harness, "我已保存");
    harness.check_accessibility();
    let secret = harness
        .get_by_role_and_label(Role::MultilineTextInput, "密钥")
        .accesskit_node()
        .value()
        .expect("the secret");
    assert!(secret.starts_with("crm_") && secret.len() > 20, "{secret}");
    assert!(
        labels(&harness)
            .iter()
            .any(|label| label.contains("密钥将无法再次显示")),
        "{:?}",
        labels(&harness)
    );
    click_button(&mut harness, "复制");
    wait_for(&mut harness, "已复制到剪贴板");
    click_button(&mut harness, "我已保存");
    wait_for(&mut harness, "使用中");
    assert!(shows(&harness, "呼叫中心"));
    assert!(!shows(&harness, &secret), "never shown again");
    let prefix: String = secret.chars().take(8).collect();
    assert!(
        shows(&harness, &format!("{prefix}…")),
        "{:?}",
        labels(&harness)
    );

    // 取消 keeps the key; 确定 revokes it.
    click_button(&mut harness, "吊销");
    wait_for(&mut harness, "吊销后该系统将无法再调用接口，确定吊销？");
    click_button(&mut harness, "取消");
    harness.run_steps(3);
    assert!(shows(&harness, "使用中"));
    click_button(&mut harness, "吊销");
    wait_for(&mut harness, "吊销后该系统将无法再调用接口，确定吊销？");
    click_button(&mut harness, "确定");
    wait_until(&mut harness, "the revoke toast", |app| {
        app.toasts().contains(&"已吊销：呼叫中心")
    });
    wait_for(&mut harness, "已吊销");
    assert!(!shows(&harness, "使用中"));
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "吊销")
            .is_none()
    );
}

#[test]
fn the_administrator_sees_the_churn_runs_and_runs_one_now() {
    let (_server, _dir, mut harness) = start_logged_in("admin");
    click_button(&mut harness, "流失扫描");
    // The demo's load ran the scan once, by the system.
    wait_for(&mut harness, "系统");
    assert!(shows(&harness, "成功"), "{:?}", labels(&harness));

    click_button(&mut harness, "立即扫描");
    wait_until(&mut harness, "the scan's toast", |app| {
        app.toasts().contains(&"扫描完成：新增预警 0 条，恢复 0 条")
    });
    wait_for(&mut harness, "赵磊 手动运行");
    assert!(shows(&harness, "共 2 条"), "{:?}", labels(&harness));
}
