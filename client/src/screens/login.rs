//! The login screen (DESIGN §3.2, §3.3): server address (empty = 本机模式, the in-process
//! server with the demo company), user name, password, 记住登录. Shows "非法用户" on any
//! refused login, a spinner while connecting or starting, the trust question for a new
//! self-signed server certificate and a loud refusal for a changed one.

use crm_server::local::LocalServer;

use crate::config::Paths;
use crate::connection::{ConnectError, PinStore};
use crate::help::{Help, HelpTopic};
use crate::i18n::{t, t_args};
use crate::rpc::{Promise, Rpc};
use crate::session::{self, Credentials, LoginError, LoginOutcome, Session, Target};
use crate::widgets::{DialogButton, dialog_buttons, error_text, logo::logo};

/// What the login screen needs from the app.
pub struct LoginEnv<'a> {
    pub rpc: &'a Rpc,
    pub paths: &'a Paths,
    /// The local mode's server, once started; a login attempt may start it.
    pub local: &'a mut Option<LocalServer>,
}

/// What went wrong with the last attempt, as shown.
#[derive(Debug)]
enum Problem {
    Text(String),
    /// The server's certificate is not the one pinned: refused, no way around it here.
    CertificateChanged {
        pinned: String,
        presented: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Busy {
    LoggingIn,
    Resuming,
}

pub struct LoginScreen {
    address: String,
    username: String,
    password: String,
    remember: bool,
    busy: Option<(Busy, Promise<LoginOutcome>)>,
    problem: Option<Problem>,
    /// A new certificate's fingerprint, while the user decides whether to trust it.
    trust_question: Option<String>,
    focus_password: bool,
    help: Help,
}

impl LoginScreen {
    pub fn new(address: &str, username: &str) -> LoginScreen {
        LoginScreen {
            address: address.to_owned(),
            username: username.to_owned(),
            password: String::new(),
            remember: false,
            busy: None,
            problem: None,
            trust_question: None,
            focus_password: !username.is_empty(),
            help: Help::default(),
        }
    }

    /// Tries the session remembered for the last user; the form shows if that fails.
    pub fn resume(&mut self, env: &mut LoginEnv) {
        if self.username.trim().is_empty() {
            return;
        }
        let target = self.target(env);
        let promise = env
            .rpc
            .spawn(session::resume(target, self.username.trim().to_owned()));
        self.busy = Some((Busy::Resuming, promise));
    }

    /// A message shown above the form, e.g. why the user was sent back here.
    pub fn tell(&mut self, text: String) {
        self.problem = Some(Problem::Text(text));
    }

    fn target(&self, env: &LoginEnv) -> Target {
        Target {
            server_address: self.address.trim().to_owned(),
            local_url: env.local.as_ref().map(LocalServer::url),
            paths: env.paths.clone(),
        }
    }

    fn log_in(&mut self, env: &mut LoginEnv) {
        // Nothing to ask the server yet: say what is missing rather than 非法用户.
        if self.username.trim().is_empty() || self.password.is_empty() {
            self.problem = Some(Problem::Text(t("login.missing").to_owned()));
            return;
        }
        let credentials = Credentials {
            server_address: self.address.trim().to_owned(),
            username: self.username.trim().to_owned(),
            password: self.password.clone(),
            remember: self.remember,
        };
        self.problem = None;
        let promise = env
            .rpc
            .spawn(session::log_in(self.target(env), credentials));
        self.busy = Some((Busy::LoggingIn, promise));
    }

    /// Shows the screen; `Some` with the new session once a login succeeded.
    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut LoginEnv) -> Option<Session> {
        if let Some(session) = self.poll(env) {
            return Some(session);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space((ui.available_height() * 0.12).max(12.0));
                self.card(ui, env);
            });
        });
        self.trust_dialog(ui.ctx(), env);
        self.help.show(ui.ctx(), HelpTopic::Login);
        None
    }

    fn poll(&mut self, env: &mut LoginEnv) -> Option<Session> {
        let (busy, promise) = self.busy.as_mut()?;
        let busy = *busy;
        let outcome = match promise.poll() {
            Ok(None) => return None,
            Ok(Some(outcome)) => outcome,
            Err(_) => LoginOutcome {
                started_local: None,
                result: Err(LoginError::Lost),
            },
        };
        self.busy = None;
        if let Some(server) = outcome.started_local {
            *env.local = Some(server);
        }
        match outcome.result {
            Ok(session) => {
                self.password.clear();
                return Some(session);
            }
            Err(LoginError::NothingRemembered) => {}
            Err(error) => self.failed(error, busy),
        }
        None
    }

    fn failed(&mut self, error: LoginError, busy: Busy) {
        tracing::debug!(%error, "login failed");
        self.problem = match error {
            LoginError::Connect(ConnectError::UnknownCertificate { fingerprint }) => {
                self.trust_question = Some(fingerprint);
                None
            }
            LoginError::Connect(ConnectError::CertificateChanged { pinned, presented }) => {
                Some(Problem::CertificateChanged { pinned, presented })
            }
            LoginError::Connect(ConnectError::InvalidAddress(_)) => {
                Some(Problem::Text(t("login.invalid_address").to_owned()))
            }
            LoginError::Connect(ConnectError::Unreachable(detail)) => Some(Problem::Text(t_args(
                "login.unreachable",
                &[("detail", &detail)],
            ))),
            LoginError::LocalStart(detail) => Some(Problem::Text(t_args(
                "login.local_failed",
                &[("detail", &detail)],
            ))),
            // A remembered session that no longer works just shows the form.
            LoginError::Refused(_) if busy == Busy::Resuming => None,
            LoginError::Refused(error) if error.is("ILLEGAL_USER") || error.is_session_lost() => {
                Some(Problem::Text(t("error.ILLEGAL_USER").to_owned()))
            }
            LoginError::Refused(error) => Some(Problem::Text(error.text())),
            LoginError::Lost => Some(Problem::Text(t("error.INTERNAL").to_owned())),
            LoginError::NothingRemembered => None,
        };
    }

    fn card(&mut self, ui: &mut egui::Ui, env: &mut LoginEnv) {
        egui::Frame::group(ui.style())
            .inner_margin(24.0)
            .corner_radius(8.0)
            .show(ui, |ui| {
                ui.set_width(440.0);
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    ui.horizontal(|ui| {
                        logo(ui, 40.0);
                        ui.add_space(8.0);
                        ui.vertical(|ui| {
                            ui.heading(egui::RichText::new(t("app.name")).size(24.0).strong());
                            ui.label(egui::RichText::new(t("login.subtitle")).weak());
                        });
                    });
                    ui.add_space(16.0);
                    self.form(ui, env);
                    ui.add_space(8.0);
                    self.status(ui);
                    if self.address.trim().is_empty() {
                        ui.add_space(8.0);
                        ui.label(egui::RichText::new(t("login.local_hint")).weak().size(12.5));
                    }
                    ui.add_space(12.0);
                    ui.separator();
                    ui.horizontal(|ui| {
                        crate::widgets::language::language_switch(ui);
                        if ui.button(t("shell.help")).clicked() {
                            self.help.open();
                        }
                        ui.label(egui::RichText::new(t("login.help_hint")).weak().size(12.5));
                    });
                });
            });
    }

    fn form(&mut self, ui: &mut egui::Ui, env: &mut LoginEnv) {
        let idle = self.busy.is_none() && self.trust_question.is_none();
        let mut submit = false;
        egui::Grid::new("login-form")
            .num_columns(2)
            .spacing([10.0, 8.0])
            .show(ui, |ui| {
                let label = ui.label(t("login.server_address"));
                let edit = egui::TextEdit::singleline(&mut self.address)
                    .hint_text(t("login.local_mode"))
                    .desired_width(260.0);
                let address = ui.add_enabled(idle, edit).labelled_by(label.id);
                submit |= entered(ui, &address);
                ui.end_row();

                let label = ui.label(t("login.username"));
                let edit = egui::TextEdit::singleline(&mut self.username).desired_width(260.0);
                let username = ui.add_enabled(idle, edit).labelled_by(label.id);
                submit |= entered(ui, &username);
                ui.end_row();

                let label = ui.label(t("login.password"));
                let edit = egui::TextEdit::singleline(&mut self.password)
                    .password(true)
                    .desired_width(260.0);
                let password = ui.add_enabled(idle, edit).labelled_by(label.id);
                if self.focus_password {
                    password.request_focus();
                    self.focus_password = false;
                }
                submit |= entered(ui, &password);
                ui.end_row();

                ui.label("");
                ui.add_enabled(
                    idle,
                    egui::Checkbox::new(&mut self.remember, t("login.remember")),
                );
                ui.end_row();
            });
        ui.add_space(8.0);
        let button = egui::Button::new(egui::RichText::new(t("login.submit")).size(16.0))
            .min_size(egui::vec2(ui.available_width(), 34.0));
        // A centred layout centres the button's text too.
        ui.vertical_centered(|ui| submit |= ui.add_enabled(idle, button).clicked());
        if submit && idle {
            self.log_in(env);
        }
    }

    fn status(&mut self, ui: &mut egui::Ui) {
        if let Some((busy, _)) = &self.busy {
            ui.horizontal(|ui| {
                ui.spinner();
                let text = match busy {
                    Busy::Resuming => t("login.resuming"),
                    Busy::LoggingIn if self.address.trim().is_empty() => t("login.starting_local"),
                    Busy::LoggingIn => t("login.connecting"),
                };
                ui.label(text);
            });
        }
        match &self.problem {
            None => {}
            Some(Problem::Text(text)) => {
                error_text(ui, text);
            }
            Some(Problem::CertificateChanged { pinned, presented }) => {
                certificate_changed(ui, pinned, presented);
            }
        }
    }

    fn trust_dialog(&mut self, ctx: &egui::Context, env: &mut LoginEnv) {
        let Some(fingerprint) = self.trust_question.clone() else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("trust-certificate")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading(t("login.trust_title"));
            ui.add_space(6.0);
            ui.label(t_args(
                "login.trust_text",
                &[("address", self.address.trim())],
            ));
            ui.add_space(6.0);
            ui.label(t("login.fingerprint"));
            ui.label(egui::RichText::new(&fingerprint).monospace());
            ui.add_space(6.0);
            ui.label(egui::RichText::new(t("login.trust_advice")).weak());
            ui.add_space(10.0);
            let clicked = dialog_buttons(ui, t("login.trust_yes"), t("common.cancel"), false);
            answer = clicked.map(|button| button == DialogButton::Confirm);
        });
        let Some(trusted) = answer else {
            return;
        };
        self.trust_question = None;
        if !trusted {
            return;
        }
        let pins = PinStore::open(env.paths.known_servers_file());
        match pins.pin(self.address.trim(), &fingerprint) {
            Ok(()) => self.log_in(env),
            Err(err) => {
                let detail = format!("{err:#}");
                self.problem = Some(Problem::Text(t_args(
                    "login.pin_failed",
                    &[("detail", &detail)],
                )));
            }
        }
    }
}

/// Enter pressed in this field.
fn entered(ui: &egui::Ui, response: &egui::Response) -> bool {
    response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter))
}

fn certificate_changed(ui: &mut egui::Ui, pinned: &str, presented: &str) {
    let red = ui.visuals().error_fg_color;
    egui::Frame::new()
        .stroke(egui::Stroke::new(2.0, red))
        .corner_radius(4.0)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(t("login.changed_title"))
                    .color(red)
                    .strong()
                    .size(16.0),
            );
            ui.label(egui::RichText::new(t("login.changed_text")).color(red));
            ui.add_space(4.0);
            ui.label(t("login.changed_pinned"));
            ui.label(egui::RichText::new(pinned).monospace().small());
            ui.label(t("login.changed_presented"));
            ui.label(egui::RichText::new(presented).monospace().small());
        });
}
