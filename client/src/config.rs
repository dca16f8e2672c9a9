//! Where the client keeps its files, and the small settings it remembers between runs: the last
//! server address and user name (never a password or token) and the chosen language.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::i18n::Language;

/// The folders the client writes to.
#[derive(Clone, Debug)]
pub struct Paths {
    /// Settings and the known servers' certificate pins.
    pub config_dir: PathBuf,
    /// The local mode's database and the logs: machine-local, never in a roaming profile.
    pub data_dir: PathBuf,
}

impl Paths {
    /// The user's folders for this program: on Windows `%APPDATA%\crm\crm-client\config`
    /// and `%LOCALAPPDATA%\crm\crm-client\data`.
    pub fn for_user() -> anyhow::Result<Paths> {
        let dirs = directories::ProjectDirs::from("cn", "crm", "crm-client")
            .context("no home folder to keep the client's settings in")?;
        Ok(Paths {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_local_dir().to_path_buf(),
        })
    }

    /// Both folders under one root, for tests.
    pub fn under(root: &Path) -> Paths {
        Paths {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
        }
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("client.toml")
    }

    pub fn known_servers_file(&self) -> PathBuf {
        self.config_dir.join("known-servers.toml")
    }

    /// The SQLite file the local mode's in-process server runs on.
    pub fn local_database(&self) -> PathBuf {
        self.data_dir.join("crm-local.sqlite3")
    }
}

/// What the client remembers between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The last server logged in to; empty means local mode.
    pub server_address: String,
    /// The last user name logged in with.
    pub username: String,
    pub language: Language,
}

impl Settings {
    /// The saved settings, or the defaults when there are none or they cannot be read.
    pub fn load(path: &Path) -> Settings {
        let Ok(text) = std::fs::read_to_string(path) else {
            return Settings::default();
        };
        toml::from_str(&text).unwrap_or_else(|err| {
            tracing::warn!(%err, path = %path.display(), "settings unreadable, using defaults");
            Settings::default()
        })
    }

    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let text = toml::to_string(self).context("encoding settings")?;
        write_file(path, &text)
    }
}

/// Writes `text` to `path`, creating its folder, through a temporary file so a crash never
/// leaves half a file.
pub fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating folder {}", dir.display()))?;
    }
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, text).with_context(|| format!("writing {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| format!("replacing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_missing_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        assert_eq!(Settings::load(&paths.settings_file()), Settings::default());

        let settings = Settings {
            server_address: "crm.example.cn:50051".into(),
            username: "manager1".into(),
            language: Language::EnUs,
        };
        settings.save(&paths.settings_file()).unwrap();
        assert_eq!(Settings::load(&paths.settings_file()), settings);
    }

    #[test]
    fn garbage_settings_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("client.toml");
        std::fs::write(&path, "server_address = [").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
    }
}
