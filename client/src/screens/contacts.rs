//! 联系人 tab of a customer (DESIGN §2.2): the contacts, and for those who may edit the customer,
//! adding, editing and deleting them (after 确认删除?). 姓名, 性别, 职位 and 办公电话 are required.

use crm_proto::v1::{
    Contact, ContactFields, CreateContactRequest, Customer, DeleteContactRequest, Gender,
    ListContactsRequest, UpdateContactRequest,
};
use crm_shared::contact::{ContactFields as Rules, Gender as RuleGender};
use egui_extras::Column;

use crate::i18n::t;
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::customers::or_to_complete;
use crate::widgets::form_dialog::{FormAnswer, form_dialog};
use crate::widgets::removal::Removal;
use crate::widgets::table::{empty_list, header, table};
use crate::widgets::{FormErrors, labelled_text};

const FIELDS: [&str; 6] = [
    "name",
    "gender",
    "position",
    "office_phone",
    "mobile",
    "remark",
];

pub struct ContactsTab {
    customer_id: i64,
    editable: bool,
    contacts: Vec<Contact>,
    loading: Pending<Vec<Contact>>,
    form: Option<ContactForm>,
    removal: Removal<Contact>,
}

impl ContactsTab {
    pub fn open(env: &mut Env, customer: &Customer) -> ContactsTab {
        let mut tab = ContactsTab {
            customer_id: customer.id,
            editable: customer.editable,
            contacts: Vec::new(),
            loading: None,
            form: None,
            removal: Removal::default(),
        };
        tab.reload(env);
        tab
    }

    fn reload(&mut self, env: &mut Env) {
        let mut customers = env.api().customers();
        let request = ListContactsRequest {
            customer_id: self.customer_id,
        };
        self.loading = Some(env.rpc.spawn(async move {
            Ok(customers
                .list_contacts(request)
                .await?
                .into_inner()
                .contacts)
        }));
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(contacts)) => self.contacts = contacts,
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        if let Some(form) = &mut self.form {
            match form.show(ui.ctx(), env) {
                Some(true) => {
                    self.form = None;
                    self.reload(env);
                }
                Some(false) => self.form = None,
                None => {}
            }
        }
        let removed = self.removal.show(ui.ctx(), env, |contact, env| {
            let mut customers = env.api().customers();
            let request = DeleteContactRequest {
                id: contact.id,
                version: contact.version,
            };
            env.rpc.spawn(async move {
                customers.delete_contact(request).await?;
                Ok(())
            })
        });
        if removed.is_some() {
            self.reload(env);
        }

        if self.editable && ui.button(t("contacts.new")).clicked() {
            self.form = Some(ContactForm::create(self.customer_id));
        }
        ui.add_space(4.0);
        self.table(ui);
    }

    fn table(&mut self, ui: &mut egui::Ui) {
        if empty_list(ui, self.contacts.is_empty(), self.loading.is_some()) {
            return;
        }
        let mut edit = None;
        let mut delete = None;
        table(ui)
            .columns(Column::auto().at_least(70.0), 5)
            .column(Column::remainder().at_least(80.0).clip(true))
            .column(Column::auto())
            .header(24.0, |row| {
                let titles = [
                    t("contacts.name"),
                    t("contacts.gender"),
                    t("contacts.position"),
                    t("contacts.office_phone"),
                    t("contacts.mobile"),
                    t("contacts.remark"),
                    t("common.actions"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for contact in &self.contacts {
                    let fields = contact.fields.clone().unwrap_or_default();
                    body.row(26.0, |mut row| {
                        row.col(|ui| {
                            ui.label(&fields.name);
                        });
                        row.col(|ui| {
                            ui.label(gender_text(fields.gender));
                        });
                        // A contact 开发成功 made may still lack them: 待补充.
                        row.col(|ui| {
                            ui.label(or_to_complete(&fields.position));
                        });
                        row.col(|ui| {
                            ui.label(or_to_complete(&fields.office_phone));
                        });
                        row.col(|ui| {
                            ui.label(&fields.mobile);
                        });
                        row.col(|ui| {
                            ui.label(&fields.remark);
                        });
                        row.col(|ui| {
                            if self.editable {
                                if ui.small_button(t("common.edit")).clicked() {
                                    edit = Some(contact.clone());
                                }
                                if ui.small_button(t("common.delete")).clicked() {
                                    delete = Some(contact.clone());
                                }
                            }
                        });
                    });
                }
            });
        if let Some(contact) = edit {
            self.form = Some(ContactForm::edit(&contact));
        }
        if let Some(contact) = delete {
            let name = contact
                .fields
                .as_ref()
                .map(|f| f.name.clone())
                .unwrap_or_default();
            self.removal.ask(contact, name);
        }
    }
}

fn gender_text(gender: i32) -> &'static str {
    match Gender::try_from(gender) {
        Ok(Gender::Male) => t("contacts.male"),
        Ok(Gender::Female) => t("contacts.female"),
        _ => t("customers.to_complete"),
    }
}

/// The contact dialog: create (for a customer) or edit (an existing contact).
struct ContactForm {
    customer_id: i64,
    existing: Option<(i64, i64)>,
    fields: ContactFields,
    errors: FormErrors,
    saving: Pending<Contact>,
}

impl ContactForm {
    fn create(customer_id: i64) -> ContactForm {
        ContactForm {
            customer_id,
            existing: None,
            fields: ContactFields::default(),
            errors: FormErrors::default(),
            saving: None,
        }
    }

    fn edit(contact: &Contact) -> ContactForm {
        ContactForm {
            customer_id: contact.customer_id,
            existing: Some((contact.id, contact.version)),
            fields: contact.fields.clone().unwrap_or_default(),
            errors: FormErrors::default(),
            saving: None,
        }
    }

    /// `Some(true)` once saved, `Some(false)` when cancelled.
    fn show(&mut self, ctx: &egui::Context, env: &mut Env) -> Option<bool> {
        if env
            .take_saved(&mut self.saving, &mut self.errors, &FIELDS)
            .is_some()
        {
            env.toasts.success(t("common.saved"));
            return Some(true);
        }
        let title = if self.existing.is_some() {
            t("contacts.edit_title")
        } else {
            t("contacts.new_title")
        };
        let busy = self.saving.is_some();
        let errors = &self.errors;
        let fields = &mut self.fields;
        let answer = form_dialog(ctx, "contact-form", title, errors, busy, |ui| {
            labelled_text(ui, t("contacts.name"), &mut fields.name);
            errors.show_field(ui, "name");
            ui.horizontal(|ui| {
                ui.label(t("contacts.gender"));
                ui.radio_value(&mut fields.gender, Gender::Male as i32, t("contacts.male"));
                ui.radio_value(
                    &mut fields.gender,
                    Gender::Female as i32,
                    t("contacts.female"),
                );
            });
            errors.show_field(ui, "gender");
            for (field, key) in [
                ("position", "contacts.position"),
                ("office_phone", "contacts.office_phone"),
                ("mobile", "contacts.mobile"),
                ("remark", "contacts.remark"),
            ] {
                let value = match field {
                    "position" => &mut fields.position,
                    "office_phone" => &mut fields.office_phone,
                    "mobile" => &mut fields.mobile,
                    _ => &mut fields.remark,
                };
                labelled_text(ui, t(key), value);
                errors.show_field(ui, field);
            }
        });
        match answer {
            Some(FormAnswer::Confirm) => self.save(env),
            Some(FormAnswer::Cancel) => return Some(false),
            Some(FormAnswer::Reload) => return Some(true),
            None => {}
        }
        None
    }

    fn save(&mut self, env: &mut Env) {
        let gender = match Gender::try_from(self.fields.gender) {
            Ok(Gender::Male) => Some(RuleGender::Male),
            Ok(Gender::Female) => Some(RuleGender::Female),
            _ => None,
        };
        let rules = Rules {
            name: self.fields.name.clone(),
            gender,
            position: self.fields.position.clone(),
            office_phone: self.fields.office_phone.clone(),
            mobile: self.fields.mobile.clone(),
            remark: self.fields.remark.clone(),
        };
        let mut violations = crm_shared::validation::Violations::new();
        violations.absorb(rules.trimmed().check());
        if !self.errors.passed(violations, &FIELDS) {
            return;
        }
        let mut customers = env.api().customers();
        let fields = self.fields.clone();
        self.saving = Some(match self.existing {
            None => {
                let request = CreateContactRequest {
                    customer_id: self.customer_id,
                    fields: Some(fields),
                };
                env.rpc
                    .spawn(async move { Ok(customers.create_contact(request).await?.into_inner()) })
            }
            Some((id, version)) => {
                let request = UpdateContactRequest {
                    id,
                    version,
                    fields: Some(fields),
                };
                env.rpc
                    .spawn(async move { Ok(customers.update_contact(request).await?.into_inner()) })
            }
        });
    }
}
