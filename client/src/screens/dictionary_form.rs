//! The create / edit form of a dictionary item: name, sort order and (when editing) enabled.
//! Required fields are checked before sending, with the same rules as the server.

use crm_proto::v1::{CreateDictionaryItemRequest, DictionaryItem, UpdateDictionaryItemRequest};
use crm_shared::dictionary::{DictionaryType, NAME_MAX_CHARS};
use crm_shared::validation::Violations;

use crate::i18n::t;
use crate::rpc::Pending;
use crate::screens::Env;
use crate::screens::dictionary::proto_kind;
use crate::widgets::field_error::BannerAction;
use crate::widgets::{FormErrors, FormOutcome, form_footer};

const FIELDS: [&str; 3] = ["name", "sort_order", "enabled"];

pub struct DictionaryForm {
    kind: DictionaryType,
    /// The item edited; `None` when creating.
    existing: Option<(i64, i64)>,
    name: String,
    sort_order: i32,
    enabled: bool,
    errors: FormErrors,
    saving: Pending<DictionaryItem>,
}

impl DictionaryForm {
    pub fn create(kind: DictionaryType, sort_order: i32) -> DictionaryForm {
        DictionaryForm {
            kind,
            existing: None,
            name: String::new(),
            sort_order,
            enabled: true,
            errors: FormErrors::default(),
            saving: None,
        }
    }

    pub fn edit(item: &DictionaryItem) -> DictionaryForm {
        let kind = match crm_proto::v1::DictionaryType::try_from(item.r#type) {
            Ok(crm_proto::v1::DictionaryType::Industry) => DictionaryType::Industry,
            Ok(crm_proto::v1::DictionaryType::CustomerLevel) => DictionaryType::CustomerLevel,
            Ok(crm_proto::v1::DictionaryType::ServiceType) => DictionaryType::ServiceType,
            _ => DictionaryType::Region,
        };
        DictionaryForm {
            kind,
            existing: Some((item.id, item.version)),
            name: item.name.clone(),
            sort_order: item.sort_order,
            enabled: item.enabled,
            errors: FormErrors::default(),
            saving: None,
        }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) -> FormOutcome {
        if env
            .take_saved(&mut self.saving, &mut self.errors, &FIELDS)
            .is_some()
        {
            env.toasts.success(t("common.saved"));
            return FormOutcome::Saved;
        }

        let title = if self.existing.is_some() {
            t("dictionary.edit_title")
        } else {
            t("dictionary.new_title")
        };
        ui.heading(title);
        ui.add_space(6.0);
        if self.errors.show_banner(ui) == Some(BannerAction::Reload) {
            return FormOutcome::ReloadRequested;
        }
        self.fields(ui);
        ui.add_space(10.0);
        form_footer(ui, self.saving.is_some(), || self.save(env))
    }

    fn fields(&mut self, ui: &mut egui::Ui) {
        egui::Grid::new("dictionary-form-grid")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label(t("dictionary.name"));
                ui.vertical(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(200.0))
                        .labelled_by(label.id);
                    self.errors.show_field(ui, "name");
                });
                ui.end_row();

                let label = ui.label(t("dictionary.sort_order"));
                ui.vertical(|ui| {
                    ui.add(egui::DragValue::new(&mut self.sort_order).range(0..=9999))
                        .labelled_by(label.id);
                    self.errors.show_field(ui, "sort_order");
                });
                ui.end_row();

                if self.existing.is_some() {
                    ui.label("");
                    ui.vertical(|ui| {
                        ui.checkbox(&mut self.enabled, t("dictionary.enabled"));
                        self.errors.show_field(ui, "enabled");
                    });
                    ui.end_row();
                }
            });
    }

    fn save(&mut self, env: &mut Env) {
        let mut violations = Violations::new();
        violations.required_text("name", &self.name, NAME_MAX_CHARS);
        if !self.errors.passed(violations, &FIELDS) {
            return;
        }

        let mut admin = env.api().admin();
        let name = self.name.trim().to_owned();
        self.saving = Some(match self.existing {
            None => {
                let request = CreateDictionaryItemRequest {
                    r#type: proto_kind(self.kind) as i32,
                    name,
                    sort_order: self.sort_order,
                };
                env.rpc.spawn(async move {
                    Ok(admin.create_dictionary_item(request).await?.into_inner())
                })
            }
            Some((id, version)) => {
                let request = UpdateDictionaryItemRequest {
                    id,
                    version,
                    name,
                    sort_order: self.sort_order,
                    enabled: self.enabled,
                };
                env.rpc.spawn(async move {
                    Ok(admin.update_dictionary_item(request).await?.into_inner())
                })
            }
        });
    }
}
