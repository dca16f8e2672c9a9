//! End-to-end: the language switch (its own test binary, since the language is process-wide).
//! Chinese is the default; English is complete and the choice survives a restart.

mod common;

use common::{app, shows, start_logged_in, wait_for};
use egui_kittest::kittest::Queryable as _;

#[test]
fn switching_to_english_relabels_everything_and_is_remembered() {
    let (_server, dir, mut harness) = start_logged_in("admin");

    harness.get_by_label("界面语言").click();
    wait_for(&mut harness, "English");
    harness.get_by_label("English").click();
    wait_for(&mut harness, "Log out");
    assert!(shows(&harness, "Administration"));
    assert!(shows(&harness, "Data dictionary"));
    assert!(!shows(&harness, "系统管理"));
    drop(harness);

    let mut harness = app(dir.path(), false);
    wait_for(&mut harness, "Server address");
    assert!(shows(&harness, "Log in"));

    harness.get_by_label("Language").click();
    wait_for(&mut harness, "中文");
    harness.get_by_label("中文").click();
    wait_for(&mut harness, "服务器地址");
}
