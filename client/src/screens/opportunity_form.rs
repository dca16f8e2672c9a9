//! The sales opportunity form (DESIGN §2.1): create one, or edit one while it is 未分配. 编号,
//! 创建人 and 创建时间 are the server's and never editable. Checked with the server's own rules
//! before sending: a missing required field says 必填信息不完全 and nothing is sent.

use crm_proto::v1::{
    CreateOpportunityRequest, Opportunity, OpportunityFields, UpdateOpportunityRequest,
};
use crm_shared::opportunity::OpportunityFields as Rules;
use crm_shared::validation::{ViolationCode, Violations};

use crate::format::timestamp;
use crate::i18n::{t, t_args};
use crate::rpc::Pending;
use crate::screens::Env;
use crate::screens::opportunities::OpportunityChoices;
use crate::widgets::field_error::BannerAction;
use crate::widgets::form_rows::{multiline_row, picker_row, scrolling_grid, text_row};
use crate::widgets::{FormErrors, FormOutcome, form_footer};

/// Every field the form shows, as the server names them.
const FIELDS: [&str; 9] = [
    "source",
    "customer_name",
    "success_rate",
    "summary",
    "contact",
    "contact_phone",
    "description",
    "region_id",
    "industry_id",
];

/// The one-line text fields, with their locale keys.
const TEXTS: [(&str, &str); 6] = [
    ("source", "opportunities.source"),
    ("customer_name", "opportunities.customer_name"),
    ("success_rate", "opportunities.success_rate_input"),
    ("summary", "opportunities.summary"),
    ("contact", "opportunities.contact"),
    ("contact_phone", "opportunities.contact_phone"),
];

/// The opportunity being edited: `None` when creating.
struct Existing {
    id: i64,
    version: i64,
    number: String,
    created_by_name: String,
    created_at: String,
}

pub struct OpportunityForm {
    existing: Option<Existing>,
    fields: OpportunityFields,
    /// 成功机率 as typed.
    rate: String,
    errors: FormErrors,
    saving: Pending<Opportunity>,
}

impl OpportunityForm {
    pub fn create() -> OpportunityForm {
        OpportunityForm::with(None, OpportunityFields::default())
    }

    pub fn edit(opportunity: &Opportunity) -> OpportunityForm {
        let existing = Existing {
            id: opportunity.id,
            version: opportunity.version,
            number: opportunity.number.clone(),
            created_by_name: opportunity.created_by_name.clone(),
            created_at: opportunity
                .created_at
                .as_ref()
                .map(timestamp)
                .unwrap_or_default(),
        };
        let fields = opportunity.fields.clone().unwrap_or_default();
        OpportunityForm::with(Some(existing), fields)
    }

    fn with(existing: Option<Existing>, fields: OpportunityFields) -> OpportunityForm {
        OpportunityForm {
            rate: fields
                .success_rate
                .map(|r| r.to_string())
                .unwrap_or_default(),
            existing,
            fields,
            errors: FormErrors::default(),
            saving: None,
        }
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env,
        choices: &OpportunityChoices,
    ) -> FormOutcome {
        if env
            .take_saved(&mut self.saving, &mut self.errors, &FIELDS)
            .is_some()
        {
            env.toasts.success(t("common.saved"));
            return FormOutcome::Saved;
        }
        let title = match &self.existing {
            Some(existing) => t_args("opportunities.edit_title", &[("number", &existing.number)]),
            None => t("opportunities.new_title").to_owned(),
        };
        ui.heading(title);
        ui.add_space(6.0);
        if self.errors.show_banner(ui) == Some(BannerAction::Reload) {
            return FormOutcome::ReloadRequested;
        }
        scrolling_grid(ui, "opportunity-form-grid", |ui| self.rows(ui, choices));
        ui.separator();
        form_footer(ui, self.saving.is_some(), || self.save(env))
    }

    fn rows(&mut self, ui: &mut egui::Ui, choices: &OpportunityChoices) {
        if let Some(existing) = &self.existing {
            for (key, value) in [
                ("opportunities.number", &existing.number),
                ("opportunities.created_by", &existing.created_by_name),
                ("opportunities.created_at", &existing.created_at),
            ] {
                ui.label(t(key));
                ui.label(value);
                ui.end_row();
            }
        }
        let errors = &self.errors;
        let fields = &mut self.fields;
        for (field, key) in TEXTS {
            let value = match field {
                "source" => &mut fields.source,
                "customer_name" => &mut fields.customer_name,
                "success_rate" => &mut self.rate,
                "summary" => &mut fields.summary,
                "contact" => &mut fields.contact,
                _ => &mut fields.contact_phone,
            };
            text_row(ui, errors, field, t(key), value);
        }
        let description = t("opportunities.description");
        multiline_row(
            ui,
            errors,
            "description",
            description,
            &mut fields.description,
        );
        for (field, key, items, chosen) in [
            (
                "region_id",
                "opportunities.region",
                &choices.regions,
                &mut fields.region_id,
            ),
            (
                "industry_id",
                "opportunities.industry",
                &choices.industries,
                &mut fields.industry_id,
            ),
        ] {
            picker_row(ui, errors, field, t(key), items, chosen, true);
        }
    }

    /// The fields to send, with what the form's own check found.
    fn checked(&self) -> (OpportunityFields, Violations) {
        let mut violations = Violations::new();
        let mut fields = self.fields.clone();
        fields.success_rate = match self.rate.trim() {
            "" => None,
            text => match text.trim_end_matches('%').trim().parse::<i32>() {
                Ok(rate) => Some(rate),
                Err(_) => {
                    violations.add("success_rate", ViolationCode::Invalid, &[]);
                    Some(0)
                }
            },
        };
        violations.absorb(rules(&fields).trimmed().check());
        (fields, violations)
    }

    fn save(&mut self, env: &mut Env) {
        let (fields, violations) = self.checked();
        if !self.errors.passed(violations, &FIELDS) {
            return;
        }
        let mut opportunities = env.api().opportunities();
        self.saving = Some(match &self.existing {
            None => {
                let request = CreateOpportunityRequest {
                    fields: Some(fields),
                };
                env.rpc.spawn(async move {
                    Ok(opportunities
                        .create_opportunity(request)
                        .await?
                        .into_inner())
                })
            }
            Some(existing) => {
                let request = UpdateOpportunityRequest {
                    id: existing.id,
                    version: existing.version,
                    fields: Some(fields),
                };
                env.rpc.spawn(async move {
                    Ok(opportunities
                        .update_opportunity(request)
                        .await?
                        .into_inner())
                })
            }
        });
    }
}

/// The shared rules' view of the proto fields.
fn rules(fields: &OpportunityFields) -> Rules {
    let id = |value: i64| (value != 0).then_some(value);
    Rules {
        source: fields.source.clone(),
        customer_name: fields.customer_name.clone(),
        success_rate: fields.success_rate,
        summary: fields.summary.clone(),
        contact: fields.contact.clone(),
        contact_phone: fields.contact_phone.clone(),
        description: fields.description.clone(),
        region_id: id(fields.region_id),
        industry_id: id(fields.industry_id),
    }
}
