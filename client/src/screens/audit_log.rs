//! 审计日志 (DESIGN §2.6; right `admin.audit`): every write, newest first and paged: when (in
//! company time), who, which record, what was done, and the values before and after.

use crm_proto::v1::{AuditEntry, ListAuditLogRequest, ListAuditLogResponse};
use egui_extras::Column;

use crate::format;
use crate::i18n::{lookup, t};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::widgets::paging::Paging;
use crate::widgets::table::{empty_list, header, table};

pub struct AuditLogScreen {
    entity: String,
    paging: Paging,
    entries: Vec<AuditEntry>,
    loading: Pending<ListAuditLogResponse>,
}

/// The kinds of record the server audits, as the filter offers them.
pub const ENTITIES: [&str; 12] = [
    "opportunity",
    "plan_item",
    "customer",
    "contact",
    "interaction",
    "dictionary_item",
    "user",
    "role",
    "service_ticket",
    "api_key",
    "churn_warning",
    "churn_run",
];

/// The actions the server records, each worded in the locale files.
pub const ACTIONS: [&str; 19] = [
    "create",
    "update",
    "delete",
    "disable",
    "lock",
    "reset_password",
    "change_password",
    "update_rights",
    "assign",
    "won",
    "lost",
    "result",
    "revoke",
    "process",
    "feedback",
    "scan",
    "delay",
    "confirm",
    "churn",
];

/// A record kind's name in the user's language (`audit.entities.dictionary_item` …), else its code.
fn entity_name(code: &str) -> String {
    lookup(&format!("audit.entities.{code}")).map_or_else(|| code.to_owned(), str::to_owned)
}

/// An action's name in the user's language (`create` → 新增 …), else its code.
fn action_name(code: &str) -> String {
    lookup(&format!("audit.actions.{code}")).map_or_else(|| code.to_owned(), str::to_owned)
}

impl AuditLogScreen {
    pub fn new(env: &mut Env) -> AuditLogScreen {
        let mut screen = AuditLogScreen {
            entity: String::new(),
            paging: Paging::default(),
            entries: Vec::new(),
            loading: None,
        };
        screen.reload(env);
        screen
    }

    fn reload(&mut self, env: &mut Env) {
        let mut admin = env.api().admin();
        let request = ListAuditLogRequest {
            page: Some(self.paging.request()),
            entity: self.entity.clone(),
            ..ListAuditLogRequest::default()
        };
        self.loading = Some(
            env.rpc
                .spawn(async move { Ok(admin.list_audit_log(request).await?.into_inner()) }),
        );
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(response)) => {
                self.entries = response.entries;
                self.paging.total = response.total;
            }
            Some(Err(error)) => env.report(&error),
            None => {}
        }

        ui.heading(t("nav.audit_log"));
        ui.add_space(6.0);
        self.toolbar(ui, env);
        ui.add_space(6.0);
        egui::Panel::bottom("audit-paging").show(ui, |ui| {
            if self.paging.show(ui) {
                self.reload(env);
            }
        });
        egui::CentralPanel::no_frame().show(ui, |ui| self.table(ui));
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        ui.horizontal(|ui| {
            let label = ui.label(t("audit.entity"));
            let before = self.entity.clone();
            egui::ComboBox::from_id_salt("audit-entity")
                .selected_text(if self.entity.is_empty() {
                    t("common.all").to_owned()
                } else {
                    entity_name(&self.entity)
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.entity, String::new(), t("common.all"));
                    for code in ENTITIES {
                        ui.selectable_value(&mut self.entity, code.to_owned(), entity_name(code));
                    }
                })
                .response
                .labelled_by(label.id);
            if self.entity != before {
                self.paging.page = 1;
                self.reload(env);
            }
            if ui.button(t("common.refresh")).clicked() {
                self.reload(env);
            }
            if self.loading.is_some() {
                ui.spinner();
            }
        });
    }

    fn table(&mut self, ui: &mut egui::Ui) {
        if empty_list(ui, self.entries.is_empty(), self.loading.is_some()) {
            return;
        }
        table(ui)
            .column(Column::auto().at_least(140.0))
            .columns(Column::auto().at_least(70.0), 4)
            .column(Column::remainder().at_least(200.0).clip(true))
            .header(24.0, |row| {
                let titles = [
                    t("audit.time"),
                    t("audit.user"),
                    t("audit.entity"),
                    t("audit.entity_id"),
                    t("audit.action"),
                    t("audit.change"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for entry in &self.entries {
                    body.row(26.0, |mut row| {
                        row.col(|ui| {
                            ui.label(entry.at.as_ref().map(format::timestamp).unwrap_or_default());
                        });
                        row.col(|ui| {
                            ui.label(&entry.username);
                        });
                        row.col(|ui| {
                            ui.label(entity_name(&entry.entity));
                        });
                        row.col(|ui| {
                            ui.label(entry.entity_id.to_string());
                        });
                        row.col(|ui| {
                            ui.label(action_name(&entry.action));
                        });
                        row.col(|ui| {
                            let raw = raw_change(entry);
                            ui.label(change_text(&entry.old_value, &entry.new_value))
                                .on_hover_text(raw);
                        });
                    });
                }
            });
    }
}

/// The record before and after, as the server wrote it: `old → new`, an empty side as —.
fn raw_change(entry: &AuditEntry) -> String {
    let side = |value: &str| {
        if value.is_empty() {
            "—".to_owned()
        } else {
            value.to_owned()
        }
    };
    format!("{} → {}", side(&entry.old_value), side(&entry.new_value))
}

/// What changed, readably: for an update only the fields that differ (`name: 西藏 → 西藏自治区`),
/// for a create or delete the record's fields; anything not a JSON object as it is.
fn change_text(old: &str, new: &str) -> String {
    let parse = |text: &str| match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(fields)) => Some(fields),
        _ => None,
    };
    let (before, after) = (parse(old), parse(new));
    let shown = |key: &str| !matches!(key, "id" | "version");
    let value = |value: Option<&serde_json::Value>| match value {
        None | Some(serde_json::Value::Null) => "—".to_owned(),
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };

    let parts: Vec<String> = match (&before, &after) {
        (Some(before), Some(after)) => {
            let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter(|key| shown(key) && before.get(*key) != after.get(*key))
                .map(|key| {
                    format!(
                        "{key}: {} → {}",
                        value(before.get(key)),
                        value(after.get(key))
                    )
                })
                .collect()
        }
        (None, Some(fields)) | (Some(fields), None) if old.is_empty() || new.is_empty() => {
            let mut keys: Vec<&String> = fields.keys().filter(|key| shown(key)).collect();
            keys.sort();
            keys.into_iter()
                .map(|key| format!("{key}: {}", value(fields.get(key))))
                .collect()
        }
        _ => Vec::new(),
    };
    if parts.is_empty() && (before.is_none() || after.is_none()) {
        let side = |value: &str| {
            if value.is_empty() {
                "—".to_owned()
            } else {
                value.to_owned()
            }
        };
        return format!("{} → {}", side(old), side(new));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_shows_only_the_fields_that_changed() {
        let old = r#"{"id":3,"name":"西藏","sort_order":120,"version":1}"#;
        let new = r#"{"id":3,"name":"西藏自治区","sort_order":120,"version":2}"#;
        assert_eq!(change_text(old, new), "name: 西藏 → 西藏自治区");
    }

    #[test]
    fn a_create_shows_the_new_record_and_plain_text_stays_as_it_is() {
        let new = r#"{"id":3,"name":"西藏","enabled":true}"#;
        assert_eq!(change_text("", new), "enabled: true; name: 西藏");
        assert_eq!(change_text("", "locked"), "— → locked");
    }
}
