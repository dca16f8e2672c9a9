//! 接口密钥 (DESIGN §4, §6; right `admin.users`): the keys other systems (a call centre, the
//! sales system) send as `x-api-key` to the integration interface. The administrator creates one
//! per system, sees its secret once, and revokes it when the system should no longer call in;
//! revoking cannot be undone, so it asks first.

use crm_proto::v1::{ApiKey, ListApiKeysRequest, RevokeApiKeyRequest};
use egui_extras::Column;

use crate::format::optional_timestamp;
use crate::i18n::{t, t_args};
use crate::rpc::{Pending, take_ready};
use crate::screens::Env;
use crate::screens::api_key_dialogs::{NewKeyDialog, NewKeyEnd, SecretDialog};
use crate::widgets::table::{empty_list, header, table};
use crate::widgets::{Confirm, ConfirmAnswer};

pub struct ApiKeysScreen {
    keys: Vec<ApiKey>,
    loading: Pending<Vec<ApiKey>>,
    new_key: Option<NewKeyDialog>,
    secret: Option<SecretDialog>,
    revoke: Option<(ApiKey, Confirm)>,
    revoking: Pending<ApiKey>,
}

impl ApiKeysScreen {
    pub fn new(env: &mut Env) -> ApiKeysScreen {
        let mut screen = ApiKeysScreen {
            keys: Vec::new(),
            loading: None,
            new_key: None,
            secret: None,
            revoke: None,
            revoking: None,
        };
        screen.reload(env);
        screen
    }

    fn reload(&mut self, env: &mut Env) {
        let mut admin = env.api().admin();
        self.loading = Some(env.rpc.spawn(async move {
            let keys = admin.list_api_keys(ListApiKeysRequest {}).await?;
            Ok(keys.into_inner().keys)
        }));
    }

    pub fn show(&mut self, ui: &mut egui::Ui, env: &mut Env) {
        self.poll(env);
        self.dialogs(ui.ctx(), env);

        ui.heading(t("nav.api_keys"));
        ui.label(egui::RichText::new(t("api_keys.hint")).weak());
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(t("api_keys.new")).clicked() {
                self.new_key = Some(NewKeyDialog::default());
            }
            if ui.button(t("common.refresh")).clicked() {
                self.reload(env);
            }
            if self.loading.is_some() || self.revoking.is_some() {
                ui.spinner();
            }
        });
        ui.add_space(6.0);
        self.table(ui);
    }

    fn poll(&mut self, env: &mut Env) {
        match take_ready(&mut self.loading) {
            Some(Ok(keys)) => self.keys = keys,
            Some(Err(error)) => env.report(&error),
            None => {}
        }
        match take_ready(&mut self.revoking) {
            Some(Ok(key)) => {
                env.toasts
                    .success(t_args("api_keys.revoked_done", &[("name", &key.name)]));
                self.reload(env);
            }
            Some(Err(error)) => {
                // Revoked or changed by someone else meanwhile: the list shows it as it is.
                env.report(&error);
                self.reload(env);
            }
            None => {}
        }
    }

    fn dialogs(&mut self, ctx: &egui::Context, env: &mut Env) {
        if let Some(dialog) = &mut self.new_key
            && let Some(end) = dialog.show(ctx, env)
        {
            self.new_key = None;
            if let NewKeyEnd::Created(created) = end {
                env.toasts.success(t("common.saved"));
                self.secret = Some(SecretDialog::new(created));
                self.reload(env);
            }
        }
        if let Some(secret) = &mut self.secret
            && !secret.show(ctx)
        {
            self.secret = None;
        }
        if let Some((key, confirm)) = &self.revoke {
            match confirm.show(ctx) {
                Some(ConfirmAnswer::Yes) => {
                    let mut admin = env.api().admin();
                    let request = RevokeApiKeyRequest {
                        id: key.id,
                        version: key.version,
                    };
                    self.revoking = Some(env.rpc.spawn(async move {
                        Ok(admin.revoke_api_key(request).await?.into_inner())
                    }));
                    self.revoke = None;
                }
                Some(ConfirmAnswer::No) => self.revoke = None,
                None => {}
            }
        }
    }

    fn table(&mut self, ui: &mut egui::Ui) {
        if empty_list(ui, self.keys.is_empty(), self.loading.is_some()) {
            return;
        }
        let busy = self.revoking.is_some();
        let mut revoke = None;
        table(ui)
            .column(Column::auto())
            .column(Column::initial(180.0).at_least(120.0).clip(true))
            .columns(Column::auto().at_least(70.0), 6)
            .header(24.0, |row| {
                // The action comes first: in sight however narrow the window is.
                let titles = [
                    t("common.actions"),
                    t("api_keys.name"),
                    t("api_keys.prefix"),
                    t("api_keys.status"),
                    t("api_keys.created_by"),
                    t("api_keys.created_at"),
                    t("api_keys.last_used_at"),
                    t("api_keys.revoked_at"),
                ];
                header(row, &titles);
            })
            .body(|mut body| {
                for key in &self.keys {
                    body.row(26.0, |row| {
                        if key_row(row, key, busy) {
                            revoke = Some(key.clone());
                        }
                    });
                }
            });
        if let Some(key) = revoke {
            let detail = t_args("api_keys.revoke_detail", &[("name", &key.name)]);
            let confirm = Confirm::new(t("api_keys.revoke_question"), detail);
            self.revoke = Some((key, confirm));
        }
    }
}

/// One key's row; `true` when the user asked to revoke it.
fn key_row(mut row: egui_extras::TableRow<'_, '_>, key: &ApiKey, busy: bool) -> bool {
    let revoked = key.revoked_at.is_some();
    let mut revoke = false;
    row.col(|ui| {
        if !revoked {
            let button = egui::Button::new(t("api_keys.revoke"));
            revoke = ui.add_enabled(!busy, button).clicked();
        }
    });
    row.col(|ui| {
        ui.label(&key.name);
    });
    row.col(|ui| {
        ui.monospace(format!("{}…", key.prefix));
    });
    row.col(|ui| {
        if revoked {
            ui.colored_label(ui.visuals().error_fg_color, t("api_keys.status_revoked"));
        } else {
            ui.label(t("api_keys.status_active"));
        }
    });
    row.col(|ui| {
        ui.label(&key.created_by_name);
    });
    for at in [&key.created_at, &key.last_used_at, &key.revoked_at] {
        row.col(|ui| {
            let text = optional_timestamp(at);
            ui.label(if text.is_empty() {
                "—".to_owned()
            } else {
                text
            });
        });
    }
    revoke
}
