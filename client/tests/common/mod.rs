//! What the client's end-to-end tests share: a real server on a temporary SQLite file with the
//! demo company, the real app in an `egui_kittest` harness (no window, no GPU), and helpers that
//! act as a user would: find fields by their label, type, click, wait for the answer.

#![allow(dead_code)]

use std::path::Path;
use std::sync::Once;
use std::time::{Duration, Instant};

use crm_client::config::Paths;
use crm_client::i18n::t;
use crm_client::{AppOptions, CrmApp};
use crm_server::local::LocalServer;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{AccessKitNode, NodeT as _, Queryable as _};
use tempfile::TempDir;

/// How long a test waits for the server's answer to show.
const PATIENCE: Duration = Duration::from_secs(60);

/// The demo company's password for every demo user.
pub const DEMO_PASSWORD: &str = "crm-demo";

/// A real CRM server with the demo company, stopped when dropped.
pub struct TestServer {
    runtime: tokio::runtime::Runtime,
    server: Option<LocalServer>,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub fn start() -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let database = dir.path().join("crm.sqlite3");
        let server = runtime
            .block_on(LocalServer::start(&database, true))
            .unwrap();
        let url = server.url();
        TestServer {
            runtime,
            server: Some(server),
            url,
            _dir: dir,
        }
    }
}

impl TestServer {
    /// A channel of its own to the server, for calls made as another client would.
    async fn channel(&self) -> tonic::transport::Channel {
        let endpoint = tonic::transport::Endpoint::from_shared(self.url.clone()).unwrap();
        endpoint.connect().await.unwrap()
    }

    /// Renames a region as another administrator would meanwhile, through the API.
    pub fn rename_region(&self, from: &str, to: &str) {
        self.change_region(from, |item| item.name = to.into());
    }

    /// Disables a region as an administrator would, through the API.
    pub fn disable_region(&self, name: &str) {
        self.change_region(name, |item| item.enabled = false);
    }

    /// Changes the region named `name` through the API, as the administrator.
    fn change_region(&self, name: &str, change: impl FnOnce(&mut crm_proto::v1::DictionaryItem)) {
        use crm_proto::v1::auth_service_client::AuthServiceClient;
        use crm_proto::v1::{
            DictionaryType, ListDictionaryRequest, LoginRequest, UpdateDictionaryItemRequest,
        };

        self.runtime.block_on(async {
            let channel = self.channel().await;
            let login = LoginRequest {
                username: "admin".into(),
                password: DEMO_PASSWORD.into(),
                remember: false,
            };
            let token = AuthServiceClient::new(channel.clone())
                .login(login)
                .await
                .unwrap()
                .into_inner()
                .token;
            let mut admin = crm_client::rpc::Api::new(channel, &token).unwrap().admin();
            let list = ListDictionaryRequest {
                r#type: DictionaryType::Region as i32,
                include_disabled: true,
            };
            let items = admin
                .list_dictionary(list)
                .await
                .unwrap()
                .into_inner()
                .items;
            let mut item = items.into_iter().find(|item| item.name == name).unwrap();
            let version = item.version;
            change(&mut item);
            let update = UpdateDictionaryItemRequest {
                id: item.id,
                version,
                name: item.name,
                sort_order: item.sort_order,
                enabled: item.enabled,
            };
            admin.update_dictionary_item(update).await.unwrap();
        });
    }
}

impl TestServer {
    /// Ends the session of `token` on the server, as logging out elsewhere would.
    pub fn revoke(&self, token: &str) {
        self.runtime.block_on(async {
            let channel = self.channel().await;
            let mut auth = crm_client::rpc::Api::new(channel, token).unwrap().auth();
            auth.logout(crm_proto::v1::LogoutRequest {}).await.unwrap();
        });
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.shutdown());
        }
    }
}

/// Uses keyring's in-memory mock store instead of the machine's credential store.
pub fn use_mock_keyring() {
    static MOCK: Once = Once::new();
    MOCK.call_once(|| keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap()));
}

/// The real app in its test harness.
pub type App = Harness<'static, CrmApp>;

/// A fresh server and the app on its login screen, with the app's files in a fresh folder (kept
/// for a restart with [`app`]). Declared in this order, the app is dropped first.
pub fn start() -> (TestServer, TempDir, App) {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let harness = app(dir.path(), false);
    (server, dir, harness)
}

/// Like [`start`], then logs in as the demo user `username`; returns once the main layout
/// shows.
pub fn start_logged_in(username: &str) -> (TestServer, TempDir, App) {
    let (server, dir, mut harness) = start();
    log_in(&mut harness, &server.url, username, DEMO_PASSWORD);
    (server, dir, harness)
}

/// The real app, as `main` builds it, with its files under `dir`.
pub fn app(dir: &Path, resume_session: bool) -> App {
    use_mock_keyring();
    let options = AppOptions {
        paths: Paths::under(dir),
        resume_session,
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| CrmApp::new(&cc.egui_ctx, options).unwrap())
}

/// Runs frames until a widget labelled `label` is on screen (as [`shows`] sees it), and a few
/// more so that the layout settles (tables size their columns over the first frames) before
/// anything is clicked.
///
/// It returns on the first frame that has the label, which may show a screen between two states
/// (a table's header while its rows load, a closing form): wait for what only the state you
/// want draws, such as a row's text.
pub fn wait_for(harness: &mut Harness<'_, CrmApp>, label: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        harness.step();
        if shows(harness, label) {
            harness.run_steps(3);
            return;
        }
        // What the screen showed instead tells a slow answer from a wrong screen.
        assert!(
            Instant::now() < deadline,
            "{label:?} did not appear within {PATIENCE:?}; the screen shows {:?}",
            labels(harness)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs frames until `done` holds for the app.
pub fn wait_until(harness: &mut Harness<'_, CrmApp>, what: &str, done: impl Fn(&CrmApp) -> bool) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        harness.step();
        if done(harness.state()) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what} did not happen within {PATIENCE:?}; the screen shows {:?}",
            labels(harness)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether a widget or text labelled exactly `label` is on screen, not counting hover texts and
/// the help window: a test passes only on what the screen itself draws.
pub fn shows(harness: &Harness<'_, CrmApp>, label: &str) -> bool {
    harness
        .query_all_by_label(label)
        .any(|node| !in_hover_text_or_help(node.accesskit_node()))
}

/// Whether `node` is part of a tooltip (a hover text) or of the help window.
fn in_hover_text_or_help(node: AccessKitNode<'_>) -> bool {
    let help_title = format!("{} · ", t("help.window_title"));
    let mut containers = std::iter::successors(node.parent(), |container| container.parent());
    containers.any(|container| match container.role() {
        Role::Tooltip => true,
        Role::Window => container
            .label()
            .is_some_and(|title| title.starts_with(&help_title)),
        _ => false,
    })
}

/// Clicks into the text (or password) field labelled `label` and types `text`.
pub fn type_into(harness: &mut Harness<'_, CrmApp>, label: &str, text: &str) {
    let role = text_role(harness, label);
    harness.get_by_role_and_label(role, label).click();
    harness.step();
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.step();
}

/// Like [`type_into`] for the last of several fields labelled `label`: a form's field, right of
/// a list's filter of the same name.
pub fn type_into_last(harness: &mut Harness<'_, CrmApp>, label: &str, text: &str) {
    let role = text_role(harness, label);
    let last =
        |harness: &Harness<'_, CrmApp>| harness.get_all_by_role_and_label(role, label).count() - 1;
    let index = last(harness);
    harness
        .get_all_by_role_and_label(role, label)
        .nth(index)
        .unwrap()
        .click();
    harness.step();
    let index = last(harness);
    harness
        .get_all_by_role_and_label(role, label)
        .nth(index)
        .unwrap()
        .type_text(text);
    harness.step();
}

/// Replaces the text of the field labelled `label` with `text`, as a user selecting all of it
/// and typing over it would.
pub fn replace_text(harness: &mut Harness<'_, CrmApp>, label: &str, text: &str) {
    let role = text_role(harness, label);
    harness.get_by_role_and_label(role, label).click();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.step();
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.step();
}

/// The role of the text field labelled `label`: a password, several lines, or one line.
fn text_role(harness: &Harness<'_, CrmApp>, label: &str) -> Role {
    [Role::PasswordInput, Role::MultilineTextInput]
        .into_iter()
        .find(|role| harness.query_by_role_and_label(*role, label).is_some())
        .unwrap_or(Role::TextInput)
}

/// Clicks the button labelled `label`.
pub fn click_button(harness: &mut Harness<'_, CrmApp>, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    harness.step();
}

/// Fills in the login form and logs in; returns once the main layout shows.
pub fn log_in(harness: &mut Harness<'_, CrmApp>, url: &str, username: &str, password: &str) {
    submit_login(harness, url, username, password);
    wait_for(harness, "退出登录");
}

/// Fills in the login form and clicks 登录.
pub fn submit_login(harness: &mut Harness<'_, CrmApp>, url: &str, username: &str, password: &str) {
    fill_login(harness, url, username, password);
    click_button(harness, "登录");
}

/// Waits for the login form and fills in its fields, leaving 记住登录 as it is.
pub fn fill_login(harness: &mut Harness<'_, CrmApp>, url: &str, username: &str, password: &str) {
    wait_for(harness, "服务器地址");
    type_into(harness, "服务器地址", url);
    type_into(harness, "用户名", username);
    type_into(harness, "密码", password);
}

/// Opens 数据字典 from the navigation; returns once the regions (北京 first) are listed.
pub fn open_dictionary(harness: &mut Harness<'_, CrmApp>) {
    click_button(harness, "数据字典");
    wait_for(harness, "北京");
}

/// The text of every widget with a label and of every plain text, for failure messages. A plain
/// text (`ui.label`) keeps its words in its value, where the label queries look for them too.
pub fn labels(harness: &Harness<'_, CrmApp>) -> Vec<String> {
    harness
        .root()
        .children_recursive()
        .filter_map(|node| {
            let node = node.accesskit_node();
            if node.role() == Role::Label {
                node.value()
            } else {
                node.label()
            }
        })
        .collect()
}
