//! The `crm-server` binary as an operator runs it: `create-admin`, then `serve`, then a login
//! over gRPC from outside the process.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crm_proto::v1::LoginRequest;
use crm_proto::v1::auth_service_client::AuthServiceClient;

const BINARY: &str = env!("CARGO_BIN_EXE_crm-server");

/// Kills the server when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn created_administrator_logs_in_to_the_served_binary() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite:{}", dir.path().join("crm.sqlite3").display());

    let mut create = Command::new(BINARY)
        .current_dir(dir.path())
        .args([
            "create-admin",
            "--database",
            &database,
            "--username",
            "it-admin",
        ])
        .args(["--display-name", "信息部管理员", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    create
        .stdin
        .take()
        .unwrap()
        .write_all(b"first-admin-2026\n")
        .unwrap();
    let output = create.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("it-admin"));

    let listen = format!("127.0.0.1:{}", free_port());
    let _server = Running(
        Command::new(BINARY)
            .current_dir(dir.path())
            .args([
                "serve",
                "--listen",
                &listen,
                "--database",
                &database,
                "--plaintext",
            ])
            .env("CRM_LOG_DIR", dir.path().join("logs"))
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );

    let mut client = None;
    for _ in 0..100 {
        if let Ok(connected) = AuthServiceClient::connect(format!("http://{listen}")).await {
            client = Some(connected);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut client = client.expect("the server answers within ten seconds");
    let login = LoginRequest {
        username: "it-admin".into(),
        password: "first-admin-2026".into(),
        remember: false,
    };
    let user = client
        .login(login)
        .await
        .unwrap()
        .into_inner()
        .user
        .unwrap();
    assert_eq!(user.display_name, "信息部管理员");
    assert!(user.rights.contains(&"admin.users".to_owned()));

    let log_files = std::fs::read_dir(dir.path().join("logs")).unwrap().count();
    assert_eq!(log_files, 1, "a daily rolling log file is written");
}

#[test]
fn create_admin_refuses_a_short_password() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite:{}", dir.path().join("crm.sqlite3").display());
    let mut create = Command::new(BINARY)
        .current_dir(dir.path())
        .args([
            "create-admin",
            "--database",
            &database,
            "--username",
            "it-admin",
        ])
        .arg("--password-stdin")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    create.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let output = create.wait_with_output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("不能少于 8 个字符"));
}

#[test]
fn import_orders_lists_bad_rows_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite:{}", dir.path().join("crm.sqlite3").display());
    let file = dir.path().join("orders.csv");
    std::fs::write(
        &file,
        "订单编号,客户编码,下单日期,订单状态,产品编号,产品名称,单位,数量,单价\n\
         DD1,KH-NOBODY,2026-11-02,5,P1,打印纸,箱,2,100\n\
         DD2,KH-NOBODY,2026-11-31,5,P1,打印纸,箱,2,100\n",
    )
    .unwrap();
    let output = Command::new(BINARY)
        .current_dir(dir.path())
        .args(["import", "orders", "--database", &database])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains("第 3 行：下单日期“2026-11-31”不是有效日期"),
        "{errors}"
    );

    std::fs::write(
        &file,
        "订单编号,客户编码,下单日期,订单状态,产品编号,产品名称,单位,数量,单价\n\
         DD1,KH-NOBODY,2026-11-02,5,P1,打印纸,箱,2,100\n",
    )
    .unwrap();
    let output = Command::new(BINARY)
        .current_dir(dir.path())
        .args(["import", "orders", "--database", &database])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(errors.contains("第 2 行：客户编码“KH-NOBODY”"), "{errors}");
}

#[test]
fn churn_scan_now_runs_once_and_says_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite:{}", dir.path().join("crm.sqlite3").display());
    let scan = || {
        Command::new(BINARY)
            .current_dir(dir.path())
            .args(["churn-scan", "--now", "--database", &database])
            .output()
            .unwrap()
    };
    let output = scan();
    assert!(output.status.success(), "{output:?}");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("流失扫描完成：检查客户 0 个"), "{said}");

    // Without --now it refuses, rather than doing something by surprise.
    let output = Command::new(BINARY)
        .current_dir(dir.path())
        .args(["churn-scan", "--database", &database])
        .output()
        .unwrap();
    assert!(!output.status.success());
}
