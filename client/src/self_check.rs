//! `crm-client --self-check`: what IT runs on a new desktop before handing it to a user. It
//! checks what differs between machines — the user's folders, the operating system's credential
//! store, the Chinese fonts, the renderer and, when given, the way to the server — and says in
//! plain words what works and what does not.

use std::path::Path;

use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;

use crate::config::{self, Paths};
use crate::connection::{self, ConnectError, PinStore};
use crate::i18n::{t, t_args};
use crate::{credentials, fonts, logging, renderer};

/// A character every Chinese font must draw: the first of the program's name.
const CHINESE_PROBE: char = '客';

/// What one check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed(String),
    /// Works, with something IT should know.
    Notice(String),
    Failed(String),
}

/// One line of the report: what was checked (a locale key) and what was found.
#[derive(Clone, Debug)]
pub struct Check {
    pub subject: &'static str,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    fn add(&mut self, subject: &'static str, outcome: Outcome) {
        self.checks.push(Check { subject, outcome });
    }

    /// Whether nothing failed.
    pub fn passed(&self) -> bool {
        !self
            .checks
            .iter()
            .any(|check| matches!(check.outcome, Outcome::Failed(_)))
    }

    /// The outcome of the check on `subject`, if it ran.
    pub fn outcome(&self, subject: &str) -> Option<&Outcome> {
        self.checks
            .iter()
            .find(|check| check.subject == subject)
            .map(|check| &check.outcome)
    }

    /// The report as the user reads it, one line per check and a verdict.
    pub fn to_text(&self) -> String {
        let mut text = format!("{}\n", t("self_check.title"));
        for check in &self.checks {
            let (mark, detail) = match &check.outcome {
                Outcome::Passed(detail) => (t("self_check.passed"), detail),
                Outcome::Notice(detail) => (t("self_check.notice"), detail),
                Outcome::Failed(detail) => (t("self_check.failed"), detail),
            };
            text.push_str(&format!("[{mark}] {}: {detail}\n", t(check.subject)));
        }
        let failures = self
            .checks
            .iter()
            .filter(|check| matches!(check.outcome, Outcome::Failed(_)))
            .count();
        let verdict = match failures {
            0 => t("self_check.all_passed").to_owned(),
            n => t_args("self_check.some_failed", &[("count", &n.to_string())]),
        };
        text.push_str(&verdict);
        text.push('\n');
        text
    }
}

/// Runs every check; `server` is the address a user would log in to, if one should be tried.
pub async fn run(paths: &Paths, server: Option<&str>) -> Report {
    let mut report = Report::default();
    report.add("self_check.config_dir", writable(&paths.config_dir));
    report.add("self_check.data_dir", writable(&paths.data_dir));
    report.add(
        "self_check.log_dir",
        writable(&logging::log_dir(&paths.data_dir)),
    );
    report.add("self_check.credentials", credential_store());
    report.add("self_check.bundled_font", bundled_font());
    report.add("self_check.system_fonts", system_fonts());
    report.add(
        "self_check.renderer",
        Outcome::Passed(renderer::description()),
    );
    if let Some(address) = server {
        report.add("self_check.server", reach_server(paths, address).await);
    }
    report
}

/// The folder exists (or can be made) and takes a file.
fn writable(dir: &Path) -> Outcome {
    let probe = dir.join(format!(".self-check-{}", std::process::id()));
    let written = config::write_file(&probe, "self-check");
    let _ = std::fs::remove_file(&probe);
    match written {
        Ok(()) => Outcome::Passed(dir.display().to_string()),
        Err(err) => Outcome::Failed(format!("{err:#}")),
    }
}

/// Keeps, reads back and forgets a throw-away token, as 记住登录 does with a real one.
fn credential_store() -> Outcome {
    let server = "self-check";
    let user = format!("probe-{}", std::process::id());
    let token = format!(
        "self-check-{}",
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    );
    let round_trip = || -> Result<Option<String>, credentials::CredentialError> {
        credentials::save_token(server, &user, &token)?;
        let read = credentials::load_token(server, &user)?;
        credentials::delete_token(server, &user)?;
        Ok(read)
    };
    match round_trip() {
        Ok(Some(read)) if read == token => match credentials::load_token(server, &user) {
            Ok(None) => Outcome::Passed(t("self_check.credentials_ok").to_owned()),
            _ => Outcome::Failed(t("self_check.credentials_not_forgotten").to_owned()),
        },
        Ok(_) => Outcome::Failed(t("self_check.credentials_lost").to_owned()),
        Err(err) => Outcome::Failed(t_args(
            "self_check.credentials_unavailable",
            &[("error", &err.to_string())],
        )),
    }
}

fn draws_chinese(bytes: &[u8], index: u32) -> bool {
    ttf_parser::Face::parse(bytes, index)
        .is_ok_and(|face| face.glyph_index(CHINESE_PROBE).is_some())
}

fn bundled_font() -> Outcome {
    if draws_chinese(fonts::BUNDLED_CJK, 0) {
        Outcome::Passed(t("self_check.bundled_font_ok").to_owned())
    } else {
        Outcome::Failed(t("self_check.bundled_font_broken").to_owned())
    }
}

/// The system's Chinese fonts are only a fallback beyond GBK, so missing ones are a notice.
fn system_fonts() -> Outcome {
    if !cfg!(windows) {
        return Outcome::Passed(t("self_check.system_fonts_unused").to_owned());
    }
    let found = fonts::system_fonts();
    if found.is_empty() {
        return Outcome::Notice(t("self_check.system_fonts_none").to_owned());
    }
    let (usable, broken): (Vec<_>, Vec<_>) = found
        .iter()
        .partition(|font| draws_chinese(&font.bytes, font.index));
    let names = |fonts: &[&fonts::SystemFont]| {
        fonts
            .iter()
            .map(|font| font.path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if broken.is_empty() {
        Outcome::Passed(names(&usable))
    } else {
        Outcome::Notice(t_args(
            "self_check.system_fonts_broken",
            &[("fonts", &names(&broken))],
        ))
    }
}

/// Connects as the login does (TLS with the pinned certificate) and asks the server's health.
async fn reach_server(paths: &Paths, address: &str) -> Outcome {
    let pins = PinStore::open(paths.known_servers_file());
    let channel = match connection::connect(address, &pins).await {
        Ok(channel) => channel,
        // Trusting a certificate is the user's decision at the first login, not a fault.
        Err(ConnectError::UnknownCertificate { fingerprint }) => {
            return Outcome::Notice(t_args(
                "self_check.server_unknown_certificate",
                &[("fingerprint", &fingerprint)],
            ));
        }
        Err(err) => {
            return Outcome::Failed(t_args(
                "self_check.server_unreachable",
                &[("error", &err.to_string())],
            ));
        }
    };
    let request = HealthCheckRequest {
        service: String::new(),
    };
    match HealthClient::new(channel).check(request).await {
        Ok(response) if response.get_ref().status() == ServingStatus::Serving => {
            Outcome::Passed(t_args("self_check.server_ok", &[("address", address)]))
        }
        Ok(response) => Outcome::Failed(t_args(
            "self_check.server_not_serving",
            &[("status", response.get_ref().status().as_str_name())],
        )),
        Err(status) => Outcome::Failed(t_args(
            "self_check.server_unreachable",
            &[("error", status.message())],
        )),
    }
}

#[cfg(test)]
mod tests;
