//! The main layout after login (DESIGN §3.3): the **top** bar (logo, product name,
//! current user and role, 修改密码, 帮助, language, 退出登录), the **left** navigation
//! and the **main** area with the page the user opened.

use crate::help::{Help, HelpTopic};
use crate::i18n::t;
use crate::rpc::Rpc;
use crate::screens::api_keys::ApiKeysScreen;
use crate::screens::assignment_board::AssignmentBoardScreen;
use crate::screens::audit_log::AuditLogScreen;
use crate::screens::change_password::ChangePassword;
use crate::screens::churn_runs::ChurnRunsScreen;
use crate::screens::churn_warnings::ChurnWarningsScreen;
use crate::screens::customers::CustomersScreen;
use crate::screens::dictionary::DictionaryScreen;
use crate::screens::nav::{self, Page};
use crate::screens::opportunities::{Mode, OpportunitiesScreen};
use crate::screens::roles::RolesScreen;
use crate::screens::ticket_board::TicketBoardScreen;
use crate::screens::ticket_form::TicketCreateScreen;
use crate::screens::tickets::{self, TicketsScreen};
use crate::screens::users::UsersScreen;
use crate::screens::{Env, coming_soon, home};
use crate::session::Session;
use crate::widgets::Toasts;
use crate::widgets::logo::logo;

/// What the user asked the app for from the main layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellEvent {
    LogOut,
    /// The server no longer accepts the session.
    SessionLost,
}

/// The page in the main area, with its state.
enum Open {
    Home(Box<home::Home>),
    ComingSoon(&'static str),
    Opportunities(Box<OpportunitiesScreen>),
    AssignmentBoard(Box<AssignmentBoardScreen>),
    Customers(Box<CustomersScreen>),
    ChurnWarnings(Box<ChurnWarningsScreen>),
    Dictionary(Box<DictionaryScreen>),
    Users(Box<UsersScreen>),
    Roles(Box<RolesScreen>),
    AuditLog(Box<AuditLogScreen>),
    ChurnRuns(Box<ChurnRunsScreen>),
    ApiKeys(Box<ApiKeysScreen>),
    TicketCreate(Box<TicketCreateScreen>),
    TicketBoard(Box<TicketBoardScreen>),
    Tickets(Box<TicketsScreen>),
}

pub struct Shell {
    session: Session,
    page: Page,
    open: Open,
    change_password: Option<ChangePassword>,
    help: Help,
}

impl Shell {
    pub fn new(session: Session) -> Shell {
        Shell {
            session,
            page: Page::Home,
            open: Open::Home(Box::default()),
            change_password: None,
            help: Help::default(),
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn into_session(self) -> Session {
        self.session
    }

    pub fn page(&self) -> Page {
        self.page
    }

    fn help_topic(&self) -> HelpTopic {
        if self.change_password.is_some() {
            return HelpTopic::ChangePassword;
        }
        match self.page {
            Page::Home => HelpTopic::Home,
            Page::ComingSoon { .. } => HelpTopic::ComingSoon,
            Page::Opportunities => HelpTopic::Opportunities,
            Page::DevelopmentPlans => HelpTopic::DevelopmentPlans,
            Page::AssignmentBoard => HelpTopic::AssignmentBoard,
            Page::Customers => HelpTopic::Customers,
            Page::ChurnWarnings => HelpTopic::ChurnWarnings,
            Page::Dictionary => HelpTopic::Dictionary,
            Page::Users => HelpTopic::Users,
            Page::Roles => HelpTopic::Roles,
            Page::AuditLog => HelpTopic::AuditLog,
            Page::ChurnRuns => HelpTopic::ChurnRuns,
            Page::ApiKeys => HelpTopic::ApiKeys,
            Page::TicketCreate => HelpTopic::TicketCreate,
            Page::TicketBoard => HelpTopic::TicketBoard,
            Page::TicketProcessing => HelpTopic::TicketProcessing,
            Page::TicketFeedback => HelpTopic::TicketFeedback,
            Page::TicketArchive => HelpTopic::TicketArchive,
        }
    }

    /// Shows the layout; `Some` when the user logs out or the session is lost.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        rpc: &Rpc,
        toasts: &mut Toasts,
    ) -> Option<ShellEvent> {
        let mut event = None;
        let mut session_lost = false;

        egui::Panel::top("top-bar")
            .frame(
                egui::Frame::side_top_panel(ui.style())
                    .inner_margin(egui::Margin::symmetric(12, 8)),
            )
            .show(ui, |ui| {
                if self.top_bar(ui) {
                    event = Some(ShellEvent::LogOut);
                }
            });

        let mut picked = None;
        egui::Panel::left("navigation")
            .default_size(190.0)
            .show(ui, |ui| {
                picked = nav::show(ui, &self.session, self.page);
            });

        egui::CentralPanel::default().show(ui, |ui| {
            let Shell {
                session,
                page,
                open,
                change_password,
                ..
            } = self;
            let mut env = Env {
                rpc,
                session,
                toasts,
                session_lost: &mut session_lost,
            };
            if let Some(from_page) = main_area(open, ui, &mut env) {
                picked = Some(from_page);
            }
            if let Some(next) = picked {
                open_page(page, open, next, &mut env);
            }
            if let Some(dialog) = change_password
                && !dialog.show(ui.ctx(), &mut env)
            {
                *change_password = None;
            }
        });

        let topic = self.help_topic();
        self.help.show(ui.ctx(), topic);
        if session_lost {
            Some(ShellEvent::SessionLost)
        } else {
            event
        }
    }

    /// The top bar; `true` when 退出登录 was clicked.
    fn top_bar(&mut self, ui: &mut egui::Ui) -> bool {
        let mut log_out = false;
        ui.horizontal(|ui| {
            logo(ui, 30.0);
            ui.add_space(6.0);
            ui.label(egui::RichText::new(t("app.name")).size(20.0).strong());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                log_out = ui.button(t("shell.log_out")).clicked();
                crate::widgets::language::language_switch(ui);
                if ui.button(t("shell.help")).clicked() {
                    self.help.open();
                }
                if ui.button(t("shell.change_password")).clicked() {
                    self.change_password = Some(ChangePassword::default());
                }
                ui.separator();
                let user = &self.session.user;
                ui.label(egui::RichText::new(&user.role_name).weak());
                ui.label(egui::RichText::new(&user.display_name).strong());
            });
        });
        log_out
    }
}

fn main_area(open: &mut Open, ui: &mut egui::Ui, env: &mut Env) -> Option<Page> {
    match open {
        Open::Home(screen) => return screen.show(ui, env),
        Open::ComingSoon(key) => coming_soon::show(ui, key),
        Open::Opportunities(screen) => screen.show(ui, env),
        Open::AssignmentBoard(screen) => screen.show(ui, env),
        Open::Customers(screen) => screen.show(ui, env),
        Open::ChurnWarnings(screen) => screen.show(ui, env),
        Open::Dictionary(screen) => screen.show(ui, env),
        Open::Users(screen) => screen.show(ui, env),
        Open::Roles(screen) => screen.show(ui, env),
        Open::AuditLog(screen) => screen.show(ui, env),
        Open::ChurnRuns(screen) => screen.show(ui, env),
        Open::ApiKeys(screen) => screen.show(ui, env),
        Open::TicketCreate(screen) => screen.show(ui, env),
        Open::TicketBoard(screen) => screen.show(ui, env),
        Open::Tickets(screen) => screen.show(ui, env),
    }
    None
}

/// Opens `next` afresh (one round trip loads what it shows), if the user may.
fn open_page(page: &mut Page, open: &mut Open, next: Page, env: &mut Env) {
    if !nav::allowed(env.session, next) {
        return;
    }
    *page = next;
    *open = match next {
        Page::Home => Open::Home(Box::default()),
        Page::ComingSoon { title_key } => Open::ComingSoon(title_key),
        Page::Opportunities => {
            Open::Opportunities(Box::new(OpportunitiesScreen::new(env, Mode::All)))
        }
        Page::DevelopmentPlans => {
            Open::Opportunities(Box::new(OpportunitiesScreen::new(env, Mode::Plans)))
        }
        Page::AssignmentBoard => Open::AssignmentBoard(Box::new(AssignmentBoardScreen::new(env))),
        Page::Customers => Open::Customers(Box::new(CustomersScreen::new(env))),
        Page::ChurnWarnings => Open::ChurnWarnings(Box::new(ChurnWarningsScreen::new(env))),
        Page::Dictionary => Open::Dictionary(Box::new(DictionaryScreen::new(env))),
        Page::Users => Open::Users(Box::new(UsersScreen::new(env))),
        Page::Roles => Open::Roles(Box::new(RolesScreen::new(env))),
        Page::AuditLog => Open::AuditLog(Box::new(AuditLogScreen::new(env))),
        Page::ChurnRuns => Open::ChurnRuns(Box::new(ChurnRunsScreen::new(env))),
        Page::ApiKeys => Open::ApiKeys(Box::new(ApiKeysScreen::new(env))),
        Page::TicketCreate => Open::TicketCreate(Box::new(TicketCreateScreen::new(env))),
        Page::TicketBoard => Open::TicketBoard(Box::new(TicketBoardScreen::new(env))),
        Page::TicketProcessing => tickets_page(env, tickets::Mode::Processing),
        Page::TicketFeedback => tickets_page(env, tickets::Mode::Feedback),
        Page::TicketArchive => tickets_page(env, tickets::Mode::Archive),
    };
}

fn tickets_page(env: &mut Env, mode: tickets::Mode) -> Open {
    Open::Tickets(Box::new(TicketsScreen::new(env, mode)))
}
