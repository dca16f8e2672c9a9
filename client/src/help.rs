//! 联机说明 online help (DESIGN §3.3): each screen has a help text explaining its fields, the
//! rules behind its buttons (who may do what) and the next step. F1 or the 帮助 button opens it
//! for the screen in front. The texts live in the locale files under `help.<topic>`.

use crate::i18n::{self, t};

/// The screen a help text is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpTopic {
    Login,
    Home,
    ComingSoon,
    Opportunities,
    DevelopmentPlans,
    AssignmentBoard,
    Customers,
    ChurnWarnings,
    Dictionary,
    Users,
    Roles,
    AuditLog,
    ChurnRuns,
    ChangePassword,
    TicketCreate,
    TicketBoard,
    TicketProcessing,
    TicketFeedback,
    TicketArchive,
    ApiKeys,
}

impl HelpTopic {
    pub const ALL: [HelpTopic; 20] = [
        HelpTopic::Login,
        HelpTopic::Home,
        HelpTopic::ComingSoon,
        HelpTopic::Opportunities,
        HelpTopic::DevelopmentPlans,
        HelpTopic::AssignmentBoard,
        HelpTopic::Customers,
        HelpTopic::ChurnWarnings,
        HelpTopic::Dictionary,
        HelpTopic::Users,
        HelpTopic::Roles,
        HelpTopic::AuditLog,
        HelpTopic::ChurnRuns,
        HelpTopic::ChangePassword,
        HelpTopic::TicketCreate,
        HelpTopic::TicketBoard,
        HelpTopic::TicketProcessing,
        HelpTopic::TicketFeedback,
        HelpTopic::TicketArchive,
        HelpTopic::ApiKeys,
    ];

    fn id(self) -> &'static str {
        match self {
            HelpTopic::Login => "login",
            HelpTopic::Home => "home",
            HelpTopic::ComingSoon => "coming_soon",
            HelpTopic::Opportunities => "opportunities",
            HelpTopic::DevelopmentPlans => "development_plans",
            HelpTopic::AssignmentBoard => "assignment_board",
            HelpTopic::Customers => "customers",
            HelpTopic::ChurnWarnings => "churn_warnings",
            HelpTopic::Dictionary => "dictionary",
            HelpTopic::Users => "users",
            HelpTopic::Roles => "roles",
            HelpTopic::AuditLog => "audit_log",
            HelpTopic::ChurnRuns => "churn_runs",
            HelpTopic::ChangePassword => "change_password",
            HelpTopic::TicketCreate => "ticket_create",
            HelpTopic::TicketBoard => "ticket_board",
            HelpTopic::TicketProcessing => "ticket_processing",
            HelpTopic::TicketFeedback => "ticket_feedback",
            HelpTopic::TicketArchive => "ticket_archive",
            HelpTopic::ApiKeys => "api_keys",
        }
    }

    /// The catalog keys of the topic's title and text.
    pub fn keys(self) -> [String; 2] {
        [
            format!("help.{}.title", self.id()),
            format!("help.{}.body", self.id()),
        ]
    }

    pub fn title(self) -> &'static str {
        i18n::lookup(&self.keys()[0]).unwrap_or_default()
    }

    pub fn body(self) -> &'static str {
        i18n::lookup(&self.keys()[1]).unwrap_or_default()
    }
}

/// The help window; at most one is open.
#[derive(Debug, Default)]
pub struct Help {
    open: bool,
}

impl Help {
    pub fn open(&mut self) {
        self.open = true;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Opens on F1 (closes on Escape), and shows the window for `topic` while open.
    pub fn show(&mut self, ctx: &egui::Context, topic: HelpTopic) {
        if ctx.input(|input| input.key_pressed(egui::Key::F1)) {
            self.open = true;
        } else if self.open && ctx.input(|input| input.key_pressed(egui::Key::Escape)) {
            self.open = false;
        }
        if !self.open {
            return;
        }

        let mut open = true;
        let mut close = false;
        egui::Window::new(format!("{} · {}", t("help.window_title"), topic.title()))
            .id(egui::Id::unique("help-window"))
            .open(&mut open)
            .collapsible(false)
            .default_width(460.0)
            .default_pos(ctx.content_rect().center() - egui::vec2(230.0, 200.0))
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(420.0)
                    .show(ui, |ui| {
                        for paragraph in topic.body().split("\n\n") {
                            ui.label(paragraph.trim());
                            ui.add_space(6.0);
                        }
                    });
                ui.separator();
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(t("help.f1_hint")).weak());
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        close = ui.button(t("help.close")).clicked();
                    });
                });
            });
        self.open = open && !close;
    }
}
