//! The left navigation (DESIGN §3.3): the modules, expandable, with only the entries the user's
//! rights allow. Entries of modules not built yet lead to a "coming soon" page, and only for
//! users who hold the module's right.

use crm_shared::rights::Right;

use crate::i18n::{k, lookup, t};
use crate::session::Session;

/// A page of the main area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Opportunities,
    DevelopmentPlans,
    AssignmentBoard,
    Customers,
    ChurnWarnings,
    Users,
    Roles,
    Dictionary,
    AuditLog,
    ChurnRuns,
    ApiKeys,
    TicketCreate,
    TicketBoard,
    TicketProcessing,
    TicketFeedback,
    TicketArchive,
    /// A page of a module still to come; carries its navigation entry's text key.
    ComingSoon {
        title_key: &'static str,
    },
}

/// One entry of a module.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// The text key of its label.
    pub key: &'static str,
    /// The rights it needs, all of them (服务分配 needs both `assign` and `service`).
    pub rights: &'static [Right],
    pub page: Page,
}

/// One expandable module of the navigation.
#[derive(Clone, Copy, Debug)]
pub struct Module {
    pub key: &'static str,
    pub entries: &'static [Entry],
}

const fn soon(key: &'static str, rights: &'static [Right]) -> Entry {
    Entry {
        key,
        rights,
        page: Page::ComingSoon { title_key: key },
    }
}

const fn entry(key: &'static str, rights: &'static [Right], page: Page) -> Entry {
    Entry { key, rights, page }
}

impl Entry {
    /// Whether the user holds every right the entry needs.
    fn allowed(&self, session: &Session) -> bool {
        self.rights
            .iter()
            .all(|right| session.has_right(right.code()))
    }
}

/// Every module and entry, in menu order.
pub const MODULES: &[Module] = &[
    Module {
        key: k("nav.marketing"),
        entries: &[
            entry(
                k("nav.opportunities"),
                &[Right::Marketing],
                Page::Opportunities,
            ),
            entry(
                k("nav.development_plans"),
                &[Right::Marketing],
                Page::DevelopmentPlans,
            ),
            entry(k("nav.assignment"), &[Right::Assign], Page::AssignmentBoard),
        ],
    },
    Module {
        key: k("nav.customers"),
        entries: &[
            entry(k("nav.customer_list"), &[Right::Customers], Page::Customers),
            entry(
                k("nav.churn_warnings"),
                &[Right::Customers],
                Page::ChurnWarnings,
            ),
        ],
    },
    Module {
        key: k("nav.service"),
        entries: &[
            entry(
                k("nav.ticket_create"),
                // The form chooses the ticket's customer from the customer list.
                &[Right::Service, Right::Customers],
                Page::TicketCreate,
            ),
            entry(
                k("nav.ticket_board"),
                &[Right::Assign, Right::Service],
                Page::TicketBoard,
            ),
            entry(
                k("nav.ticket_processing"),
                &[Right::Service],
                Page::TicketProcessing,
            ),
            entry(
                k("nav.ticket_feedback"),
                &[Right::Service],
                Page::TicketFeedback,
            ),
            entry(
                k("nav.ticket_archive"),
                &[Right::Service],
                Page::TicketArchive,
            ),
        ],
    },
    Module {
        key: k("nav.reports"),
        entries: &[
            soon(k("nav.report_contribution"), &[Right::Reports]),
            soon(k("nav.report_composition"), &[Right::Reports]),
            soon(k("nav.report_service"), &[Right::Reports]),
            soon(k("nav.report_churn"), &[Right::Reports]),
        ],
    },
    Module {
        key: k("nav.hr"),
        entries: &[
            soon(k("nav.employees"), &[Right::Hr]),
            soon(k("nav.attendance"), &[Right::Hr]),
            soon(k("nav.payroll"), &[Right::Hr]),
        ],
    },
    Module {
        key: k("nav.system"),
        entries: &[
            entry(k("nav.users"), &[Right::AdminUsers], Page::Users),
            entry(k("nav.roles"), &[Right::AdminRoles], Page::Roles),
            entry(
                k("nav.dictionary"),
                &[Right::AdminDictionary],
                Page::Dictionary,
            ),
            entry(k("nav.audit_log"), &[Right::AdminAudit], Page::AuditLog),
            entry(k("nav.churn_runs"), &[Right::AdminAudit], Page::ChurnRuns),
            entry(k("nav.api_keys"), &[Right::AdminUsers], Page::ApiKeys),
        ],
    },
];

/// The modules and entries the user may see: modules without an allowed entry disappear.
pub fn visible(session: &Session) -> Vec<(&'static Module, Vec<&'static Entry>)> {
    MODULES
        .iter()
        .filter_map(|module| {
            let entries: Vec<&Entry> = module
                .entries
                .iter()
                .filter(|entry| entry.allowed(session))
                .collect();
            (!entries.is_empty()).then_some((module, entries))
        })
        .collect()
}

/// Whether the user may open `page` (the home page is everyone's).
pub fn allowed(session: &Session, page: Page) -> bool {
    page == Page::Home
        || MODULES
            .iter()
            .flat_map(|module| module.entries)
            .any(|entry| entry.page == page && entry.allowed(session))
}

/// Shows the navigation; `Some` with the page the user picked.
pub fn show(ui: &mut egui::Ui, session: &Session, current: Page) -> Option<Page> {
    let mut picked = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.set_min_width(170.0);
        ui.add_space(4.0);
        if ui
            .add(egui::Button::selectable(
                current == Page::Home,
                t("nav.home"),
            ))
            .clicked()
        {
            picked = Some(Page::Home);
        }
        ui.add_space(4.0);
        for (module, entries) in visible(session) {
            let title = lookup(module.key).unwrap_or(module.key);
            egui::CollapsingHeader::new(egui::RichText::new(title).strong())
                .id_salt(module.key)
                .default_open(true)
                .show(ui, |ui| {
                    for entry in entries {
                        let label = lookup(entry.key).unwrap_or(entry.key);
                        let selected = current == entry.page;
                        if ui.add(egui::Button::selectable(selected, label)).clicked() {
                            picked = Some(entry.page);
                        }
                    }
                });
        }
    });
    picked
}
