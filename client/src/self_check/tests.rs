use crm_server::local::LocalServer;

use super::*;

fn use_mock_store() {
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
}

fn passed(outcome: Option<&Outcome>) -> bool {
    matches!(outcome, Some(Outcome::Passed(_)))
}

#[tokio::test]
async fn every_check_passes_on_a_working_machine_with_a_running_server() {
    use_mock_store();
    let root = tempfile::tempdir().unwrap();
    let server = LocalServer::start(&root.path().join("server.sqlite3"), false)
        .await
        .unwrap();
    let paths = Paths::under(&root.path().join("client"));

    let report = run(&paths, Some(&server.url())).await;

    assert!(report.passed(), "{}", report.to_text());
    for subject in [
        "self_check.config_dir",
        "self_check.data_dir",
        "self_check.log_dir",
        "self_check.credentials",
        "self_check.bundled_font",
        "self_check.server",
    ] {
        assert!(
            passed(report.outcome(subject)),
            "{subject}: {}",
            report.to_text()
        );
    }
    assert!(paths.config_dir.is_dir() && paths.data_dir.is_dir());
    // The throw-away token is gone again.
    assert_eq!(
        credentials::load_token("self-check", &format!("probe-{}", std::process::id())).unwrap(),
        None
    );
    assert!(
        report
            .to_text()
            .ends_with("自检通过：本机可以使用客户端。\n")
    );
    server.shutdown().await;
}

#[tokio::test]
async fn unreachable_server_and_unwritable_folder_fail_the_check() {
    use_mock_store();
    let root = tempfile::tempdir().unwrap();
    // A file where the data folder should be: nothing can be written under it.
    std::fs::write(root.path().join("data"), "not a folder").unwrap();
    let paths = Paths::under(root.path());
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();

    let report = run(&paths, Some(&format!("http://127.0.0.1:{closed_port}"))).await;

    assert!(!report.passed());
    assert!(passed(report.outcome("self_check.config_dir")));
    assert!(matches!(
        report.outcome("self_check.data_dir"),
        Some(Outcome::Failed(_))
    ));
    assert!(matches!(
        report.outcome("self_check.server"),
        Some(Outcome::Failed(_))
    ));
    let text = report.to_text();
    assert!(text.contains("[失败] 服务器: 无法连接"), "{text}");
    assert!(
        text.ends_with("自检发现 3 个问题，请按上面的说明处理。\n"),
        "{text}"
    );
}

#[test]
fn a_font_without_chinese_is_told_apart_from_the_bundled_one() {
    assert!(draws_chinese(fonts::BUNDLED_CJK, 0));
    assert!(!draws_chinese(fonts::BUNDLED_SYMBOLS, 0));
    assert!(!draws_chinese(b"not a font", 0));
}
