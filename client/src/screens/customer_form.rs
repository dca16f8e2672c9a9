//! The customer form (DESIGN §2.2): create a customer or edit one, every field of the record,
//! region, level and manager picked from the server's lists, ratings as stars, money in yuan.
//! Checked with the server's own rules before sending; a name another customer already has
//! asks first.

use crm_proto::v1::{CreateCustomerRequest, Customer, CustomerFields, UpdateCustomerRequest};
use crm_shared::customer::CustomerFields as Rules;
use crm_shared::money::{format_fen, parse_yuan};
use crm_shared::validation::{ViolationCode, Violations};

use crate::i18n::{t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::customers::CustomerChoices;
use crate::widgets::choice::choice_box;
use crate::widgets::field_error::BannerAction;
use crate::widgets::form_rows::{picker_row, scrolling_grid, text_row};
use crate::widgets::stars::star_picker;
use crate::widgets::{Confirm, ConfirmAnswer, FormErrors, FormOutcome, form_footer};

/// Every field the form shows, as the server names them.
const FIELDS: [&str; 21] = crm_shared::customer::FIELD_NAMES;

/// The plain text fields after the pickers, with their locale keys.
const TEXTS: [(&str, &str); 13] = [
    ("address", "customers.address"),
    ("zip_code", "customers.zip_code"),
    ("phone", "customers.phone"),
    ("fax", "customers.fax"),
    ("website", "customers.website"),
    ("business_licence", "customers.business_licence"),
    ("legal_person", "customers.legal_person"),
    ("bank", "customers.bank"),
    ("bank_account", "customers.bank_account"),
    ("local_tax_number", "customers.local_tax_number"),
    ("national_tax_number", "customers.national_tax_number"),
    ("credit_code", "customers.credit_code"),
    ("sales_code", "customers.sales_code"),
];

/// The customer being edited: `None` when creating.
struct Existing {
    id: i64,
    version: i64,
    number: String,
    manager_changeable: bool,
}

pub struct CustomerForm {
    existing: Option<Existing>,
    fields: CustomerFields,
    /// The money fields as typed, in yuan.
    capital: String,
    revenue: String,
    errors: FormErrors,
    saving: Pending<Customer>,
    saved: Option<Customer>,
    /// The other customers' numbers when the name is taken and the user has to confirm.
    duplicate: Option<Confirm>,
}

impl CustomerForm {
    /// A new customer, managed by `me` unless a supervisor chooses another.
    pub fn create(me: i64) -> CustomerForm {
        CustomerForm::with(
            None,
            CustomerFields {
                manager_id: me,
                ..CustomerFields::default()
            },
        )
    }

    pub fn edit(customer: &Customer) -> CustomerForm {
        let existing = Existing {
            id: customer.id,
            version: customer.version,
            number: customer.number.clone(),
            manager_changeable: customer.manager_changeable,
        };
        CustomerForm::with(Some(existing), customer.fields.clone().unwrap_or_default())
    }

    fn with(existing: Option<Existing>, fields: CustomerFields) -> CustomerForm {
        let yuan = |fen: i64| {
            if fen == 0 {
                String::new()
            } else {
                format_fen(fen).trim_start_matches('¥').replace(',', "")
            }
        };
        CustomerForm {
            capital: yuan(fields.registered_capital_fen),
            revenue: yuan(fields.annual_revenue_fen),
            existing,
            fields,
            errors: FormErrors::default(),
            saving: None,
            saved: None,
            duplicate: None,
        }
    }

    /// The customer as the server saved it, once the form reported [`FormOutcome::Saved`].
    pub fn into_saved(self) -> Option<Customer> {
        self.saved
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env,
        choices: &CustomerChoices,
    ) -> FormOutcome {
        if let Some(outcome) = self.poll(env) {
            return outcome;
        }
        if let Some(confirm) = &self.duplicate {
            match confirm.show(ui.ctx()) {
                Some(ConfirmAnswer::Yes) => {
                    self.duplicate = None;
                    self.send(env, true);
                }
                Some(ConfirmAnswer::No) => self.duplicate = None,
                None => {}
            }
        }

        let title = match &self.existing {
            Some(existing) => t_args("customers.edit_title", &[("number", &existing.number)]),
            None => t("customers.new_title").to_owned(),
        };
        ui.heading(title);
        ui.add_space(6.0);
        if self.errors.show_banner(ui) == Some(BannerAction::Reload) {
            return FormOutcome::ReloadRequested;
        }
        scrolling_grid(ui, "customer-form-grid", |ui| self.rows(ui, choices));
        ui.separator();
        form_footer(ui, self.saving.is_some(), || self.save(env))
    }

    fn poll(&mut self, env: &mut Env) -> Option<FormOutcome> {
        match take_ready(&mut self.saving)? {
            Ok(customer) => {
                env.toasts.success(t("common.saved"));
                self.saved = Some(customer);
                Some(FormOutcome::Saved)
            }
            Err(error) if error.is("DUPLICATE_NAME") => {
                let numbers = error.params.get("numbers").cloned().unwrap_or_default();
                let question = t("customers.duplicate_question");
                let detail = t_args("customers.duplicate_detail", &[("numbers", &numbers)]);
                self.duplicate = Some(Confirm::new(question, detail));
                None
            }
            Err(error) => {
                env.note(&error);
                self.errors = FormErrors::from_error(&error, &FIELDS);
                None
            }
        }
    }

    fn rows(&mut self, ui: &mut egui::Ui, choices: &CustomerChoices) {
        self.text_row(ui, "name", t("customers.name"));
        let fields = &mut self.fields;
        let errors = &self.errors;
        picker_row(
            ui,
            errors,
            "region_id",
            t("customers.region"),
            &choices.regions,
            &mut fields.region_id,
            false,
        );
        picker_row(
            ui,
            errors,
            "level_id",
            t("customers.level"),
            &choices.levels,
            &mut fields.level_id,
            false,
        );

        let label = ui.label(t("customers.manager"));
        ui.vertical(|ui| {
            let changeable = self.existing.as_ref().is_none_or(|e| e.manager_changeable);
            let options: Vec<(i64, &str)> = choices
                .managers
                .iter()
                .map(|manager| (manager.id, manager.display_name.as_str()))
                .collect();
            ui.add_enabled_ui(changeable, |ui| {
                let unset = t("common.choose");
                let id = label.id;
                choice_box(
                    ui,
                    "customer-manager",
                    id,
                    240.0,
                    &options,
                    &mut fields.manager_id,
                    unset,
                );
            });
            errors.show_field(ui, "manager_id");
        });
        ui.end_row();

        for (field, key, value) in [
            (
                "satisfaction",
                "customers.satisfaction",
                &mut fields.satisfaction,
            ),
            ("credit", "customers.credit", &mut fields.credit),
        ] {
            ui.label(t(key));
            ui.vertical(|ui| {
                star_picker(ui, value, t(key));
                errors.show_field(ui, field);
            });
            ui.end_row();
        }

        for (field, key) in TEXTS {
            self.text_row(ui, field, t(key));
        }
        self.money_row(
            ui,
            "registered_capital_fen",
            t("customers.registered_capital"),
        );
        self.money_row(ui, "annual_revenue_fen", t("customers.annual_revenue"));
    }

    fn text_row(&mut self, ui: &mut egui::Ui, field: &str, label: &str) {
        let fields = &mut self.fields;
        let value = match field {
            "name" => &mut fields.name,
            "address" => &mut fields.address,
            "zip_code" => &mut fields.zip_code,
            "phone" => &mut fields.phone,
            "fax" => &mut fields.fax,
            "website" => &mut fields.website,
            "business_licence" => &mut fields.business_licence,
            "legal_person" => &mut fields.legal_person,
            "bank" => &mut fields.bank,
            "bank_account" => &mut fields.bank_account,
            "local_tax_number" => &mut fields.local_tax_number,
            "national_tax_number" => &mut fields.national_tax_number,
            "credit_code" => &mut fields.credit_code,
            _ => &mut fields.sales_code,
        };
        text_row(ui, &self.errors, field, label, value);
    }

    fn money_row(&mut self, ui: &mut egui::Ui, field: &str, label: &str) {
        let value = if field == "registered_capital_fen" {
            &mut self.capital
        } else {
            &mut self.revenue
        };
        text_row(ui, &self.errors, field, label, value);
    }

    /// The fields to send, with what the form's own check found.
    fn checked(&self) -> (CustomerFields, Violations) {
        let mut violations = Violations::new();
        let mut fields = self.fields.clone();
        for (field, typed, fen) in [
            (
                "registered_capital_fen",
                &self.capital,
                &mut fields.registered_capital_fen,
            ),
            (
                "annual_revenue_fen",
                &self.revenue,
                &mut fields.annual_revenue_fen,
            ),
        ] {
            match typed.trim() {
                "" => *fen = 0,
                text => match parse_yuan(text) {
                    Some(parsed) => *fen = parsed,
                    None => violations.add(field, ViolationCode::Invalid, &[]),
                },
            }
        }
        violations.absorb(rules(&fields).trimmed().check());
        (fields, violations)
    }

    fn save(&mut self, env: &mut Env) {
        self.send(env, false);
    }

    fn send(&mut self, env: &mut Env, allow_duplicate_name: bool) {
        let (fields, violations) = self.checked();
        if !self.errors.passed(violations, &FIELDS) {
            return;
        }
        let mut customers = env.api().customers();
        self.saving = Some(match &self.existing {
            None => {
                let request = CreateCustomerRequest {
                    fields: Some(fields),
                    allow_duplicate_name,
                };
                env.rpc.spawn(
                    async move { Ok(customers.create_customer(request).await?.into_inner()) },
                )
            }
            Some(existing) => {
                let request = UpdateCustomerRequest {
                    id: existing.id,
                    version: existing.version,
                    fields: Some(fields),
                };
                env.rpc.spawn(
                    async move { Ok(customers.update_customer(request).await?.into_inner()) },
                )
            }
        });
    }
}

/// The shared rules' view of the proto fields.
fn rules(fields: &CustomerFields) -> Rules {
    let id = |value: i64| (value != 0).then_some(value);
    Rules {
        name: fields.name.clone(),
        region_id: id(fields.region_id),
        manager_id: id(fields.manager_id),
        level_id: id(fields.level_id),
        satisfaction: fields.satisfaction,
        credit: fields.credit,
        address: fields.address.clone(),
        zip_code: fields.zip_code.clone(),
        phone: fields.phone.clone(),
        fax: fields.fax.clone(),
        website: fields.website.clone(),
        business_licence: fields.business_licence.clone(),
        legal_person: fields.legal_person.clone(),
        registered_capital_fen: fields.registered_capital_fen,
        annual_revenue_fen: fields.annual_revenue_fen,
        bank: fields.bank.clone(),
        bank_account: fields.bank_account.clone(),
        local_tax_number: fields.local_tax_number.clone(),
        national_tax_number: fields.national_tax_number.clone(),
        credit_code: fields.credit_code.clone(),
        sales_code: fields.sales_code.clone(),
    }
}
