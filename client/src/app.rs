//! The eframe application: the login screen until a session exists, then the main layout. It
//! owns the tokio runtime the RPCs run on and, in local mode, the in-process server.

use std::time::Duration;

use crm_server::local::LocalServer;

use crate::config::{Paths, Settings};
use crate::i18n::{self, t};
use crate::rpc::{self, Promise, Rpc};
use crate::screens::login::{LoginEnv, LoginScreen};
use crate::screens::shell::{Shell, ShellEvent};
use crate::session::{self, Session};
use crate::widgets::Toasts;

/// How the app starts.
#[derive(Clone, Debug)]
pub struct AppOptions {
    pub paths: Paths,
    /// Try the remembered session of the last user before showing the login form.
    pub resume_session: bool,
}

enum State {
    Login(Box<LoginScreen>),
    Main(Box<Shell>),
}

pub struct CrmApp {
    /// `Option` only so that dropping the app can stop the local server first.
    runtime: Option<tokio::runtime::Runtime>,
    rpc: Rpc,
    paths: Paths,
    settings: Settings,
    local: Option<LocalServer>,
    state: State,
    toasts: Toasts,
    logging_out: Option<Promise<()>>,
}

impl CrmApp {
    /// Sets up fonts, language and the runtime, and shows the login screen (or resumes).
    pub fn new(ctx: &egui::Context, options: AppOptions) -> std::io::Result<CrmApp> {
        crate::fonts::install(ctx);
        ctx.set_theme(egui::Theme::Light);
        ctx.all_styles_mut(|style| {
            style.spacing.item_spacing = egui::vec2(8.0, 6.0);
            style.spacing.button_padding = egui::vec2(8.0, 3.0);
        });

        let settings = Settings::load(&options.paths.settings_file());
        i18n::set_language(settings.language);

        let runtime = rpc::new_runtime()?;
        let rpc = Rpc::new(runtime.handle().clone(), ctx.clone());
        let login = LoginScreen::new(&settings.server_address, &settings.username);
        let mut app = CrmApp {
            runtime: Some(runtime),
            rpc,
            paths: options.paths,
            settings,
            local: None,
            state: State::Login(Box::new(login)),
            toasts: Toasts::default(),
            logging_out: None,
        };
        if options.resume_session
            && let State::Login(login) = &mut app.state
        {
            let mut env = LoginEnv {
                rpc: &app.rpc,
                paths: &app.paths,
                local: &mut app.local,
            };
            login.resume(&mut env);
        }
        Ok(app)
    }

    /// The logged-in session, if any.
    pub fn session(&self) -> Option<&Session> {
        match &self.state {
            State::Main(shell) => Some(shell.session()),
            State::Login(_) => None,
        }
    }

    /// The toasts on screen.
    pub fn toasts(&self) -> Vec<&str> {
        self.toasts.texts()
    }

    fn logged_in(&mut self, session: Session) {
        self.settings.server_address = session.server_address.clone();
        self.settings.username = session.user.username.clone();
        self.save_settings();
        if session.remember_failed {
            self.toasts.error(t("login.remember_failed"));
        }
        self.state = State::Main(Box::new(Shell::new(session)));
    }

    fn leave(&mut self, event: ShellEvent) {
        let State::Main(shell) = std::mem::replace(
            &mut self.state,
            State::Login(Box::new(LoginScreen::new(
                &self.settings.server_address,
                &self.settings.username,
            ))),
        ) else {
            return;
        };
        let session = shell.into_session();
        if event == ShellEvent::SessionLost
            && let State::Login(login) = &mut self.state
        {
            login.tell(t("login.session_lost").to_owned());
        }
        self.logging_out = Some(self.rpc.spawn(session::log_out(session)));
    }

    fn save_settings(&self) {
        if let Err(err) = self.settings.save(&self.paths.settings_file()) {
            tracing::warn!(error = format!("{err:#}"), "settings not saved");
        }
    }

    /// Saves the language when the user switched it.
    fn keep_language(&mut self) {
        let language = i18n::language();
        if language != self.settings.language {
            self.settings.language = language;
            self.save_settings();
        }
    }

    fn stop_local_server(&mut self) {
        let (Some(server), Some(runtime)) = (self.local.take(), &self.runtime) else {
            return;
        };
        let stopped = runtime.block_on(tokio::time::timeout(
            Duration::from_secs(5),
            server.shutdown(),
        ));
        if stopped.is_err() {
            tracing::warn!("local server did not stop in time");
        }
    }
}

impl eframe::App for CrmApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        crate::renderer::frame_drawn(ui.ctx());
        if let Some(logout) = &mut self.logging_out
            && !matches!(logout.poll(), Ok(None))
        {
            self.logging_out = None;
        }

        match &mut self.state {
            State::Login(login) => {
                let mut env = LoginEnv {
                    rpc: &self.rpc,
                    paths: &self.paths,
                    local: &mut self.local,
                };
                if let Some(session) = login.show(ui, &mut env) {
                    self.logged_in(session);
                }
            }
            State::Main(shell) => {
                if let Some(event) = shell.show(ui, &self.rpc, &mut self.toasts) {
                    self.leave(event);
                }
            }
        }

        self.keep_language();
        self.toasts.show(ui.ctx());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.stop_local_server();
    }
}

impl Drop for CrmApp {
    fn drop(&mut self) {
        self.stop_local_server();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}
