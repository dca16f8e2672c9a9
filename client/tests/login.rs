//! End-to-end: logging in and out through the real app against a real server — rights decide
//! the navigation, a refused login says only 非法用户, 记住登录 keeps the token in the
//! credential store (here keyring's mock store) and logout forgets it.

mod common;

use common::{
    DEMO_PASSWORD, app, click_button, fill_login, labels, shows, start, start_logged_in,
    submit_login, wait_for, wait_until,
};
use egui_kittest::kittest::Queryable as _;

#[test]
fn account_manager_does_not_see_system_administration() {
    let (_server, _dir, harness) = start_logged_in("manager1");

    assert!(shows(&harness, "营销管理"), "{:?}", labels(&harness));
    assert!(shows(&harness, "客户管理"));
    for hidden in [
        "系统管理",
        "用户管理",
        "数据字典",
        "审计日志",
        "人事管理",
        "统计报表",
    ] {
        assert!(!shows(&harness, hidden), "manager1 sees {hidden}");
    }
}

#[test]
fn wrong_password_says_illegal_user_and_stays_on_the_login_screen() {
    let (server, _dir, mut harness) = start();

    harness.check_accessibility();
    submit_login(&mut harness, &server.url, "admin", "not-the-password");
    wait_for(&mut harness, "非法用户");
    assert!(harness.state().session().is_none());
    assert!(!shows(&harness, "退出登录"));
}

#[test]
fn an_empty_password_is_asked_for_before_anything_is_sent() {
    let (server, _dir, mut harness) = start();

    submit_login(&mut harness, &server.url, "admin", "");
    wait_for(&mut harness, "请输入用户名和密码。");
    assert!(!shows(&harness, "非法用户"));
    assert!(harness.state().session().is_none());
}

#[test]
fn revoked_session_returns_to_the_login_screen_with_a_reason() {
    let (server, _dir, mut harness) = start_logged_in("admin");

    let token = harness.state().session().unwrap().api.token().to_owned();
    server.revoke(&token);
    click_button(&mut harness, "用户管理");

    wait_for(&mut harness, "登录已失效，请重新登录。");
    assert!(harness.state().session().is_none());
    assert!(shows(&harness, "服务器地址"));
}

#[test]
fn remembered_login_skips_the_login_screen_until_logout() {
    let (server, dir, mut harness) = start();
    fill_login(&mut harness, &server.url, "supervisor", DEMO_PASSWORD);
    harness.get_by_label("记住登录").click();
    harness.step();
    click_button(&mut harness, "登录");
    wait_for(&mut harness, "退出登录");
    let token = crm_client::credentials::load_token(&server.url, "supervisor").unwrap();
    assert!(token.is_some(), "the token is kept in the credential store");
    drop(harness);

    // A new start resumes the session without asking.
    let mut harness = app(dir.path(), true);
    wait_for(&mut harness, "退出登录");
    assert_eq!(
        harness.state().session().unwrap().user.username,
        "supervisor"
    );

    click_button(&mut harness, "退出登录");
    wait_for(&mut harness, "登录");
    wait_until(&mut harness, "forgetting the token", |_| {
        crm_client::credentials::load_token(&server.url, "supervisor")
            .unwrap()
            .is_none()
    });
    drop(harness);

    // And the next start shows the login form, with the user name filled in.
    let mut harness = app(dir.path(), true);
    wait_for(&mut harness, "登录");
    for _ in 0..20 {
        harness.step();
    }
    assert!(harness.state().session().is_none());
    let username = harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "用户名");
    assert_eq!(username.value().as_deref(), Some("supervisor"));
}
