//! "记住登录" (DESIGN §3.2): the long-lived session token — never the password — kept in the
//! operating system's credential store through `keyring`. Entries live under the service
//! `crm-client`, one per server and user.
//!
//! The platform store must be registered once at start-up ([`use_platform_store`], called by
//! `main`); tests register `keyring_core::mock::Store` instead.

use keyring_core::{Entry, Error};

pub const SERVICE: &str = "crm-client";

/// What the local mode is called in an entry's name.
const LOCAL_ADDRESS: &str = "local";

/// Registers the operating system's credential store (Windows Credential Manager, macOS
/// Keychain, the Secret Service elsewhere) as keyring's default store.
pub fn use_platform_store() {
    // keyring 4's `v1` layer picks the platform's store and installs it as keyring-core's
    // default when first asked for its status.
    if let Err(err) = keyring::Entry::store_status() {
        tracing::warn!(%err, "no credential store: 记住登录 will not remember");
    }
}

/// The entry's account name: `<server address>|<user name>`.
pub fn account(server_address: &str, username: &str) -> String {
    let server = match server_address.trim() {
        "" => LOCAL_ADDRESS,
        address => address,
    };
    format!("{server}|{}", username.trim())
}

#[derive(Debug, thiserror::Error)]
#[error("credential store: {0}")]
pub struct CredentialError(#[from] Error);

/// Keeps `token` for the user on that server, replacing an older one.
pub fn save_token(
    server_address: &str,
    username: &str,
    token: &str,
) -> Result<(), CredentialError> {
    entry(server_address, username)?.set_password(token)?;
    Ok(())
}

/// The token remembered for the user on that server, if any. Without a credential store
/// nothing can have been remembered.
pub fn load_token(server_address: &str, username: &str) -> Result<Option<String>, CredentialError> {
    let token = entry(server_address, username).and_then(|entry| entry.get_password());
    match token {
        Ok(token) => Ok(Some(token)),
        Err(Error::NoEntry | Error::NoDefaultStore) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// Forgets the user's token on that server; forgetting nothing is fine.
pub fn delete_token(server_address: &str, username: &str) -> Result<(), CredentialError> {
    let deleted = entry(server_address, username).and_then(|entry| entry.delete_credential());
    match deleted {
        Ok(()) | Err(Error::NoEntry | Error::NoDefaultStore) => Ok(()),
        Err(err) => Err(err.into()),
    }
}

fn entry(server_address: &str, username: &str) -> Result<Entry, Error> {
    Entry::new(SERVICE, &account(server_address, username))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_saved_loaded_and_deleted_per_server_and_user() {
        keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());

        save_token("crm.example.cn:50051", "admin", "secret-token").unwrap();
        assert_eq!(
            load_token("crm.example.cn:50051", "admin")
                .unwrap()
                .as_deref(),
            Some("secret-token")
        );
        assert_eq!(
            load_token("crm.example.cn:50051", "manager1").unwrap(),
            None
        );
        assert_eq!(load_token("", "admin").unwrap(), None);

        delete_token("crm.example.cn:50051", "admin").unwrap();
        assert_eq!(load_token("crm.example.cn:50051", "admin").unwrap(), None);
        delete_token("crm.example.cn:50051", "admin").unwrap();
    }

    #[test]
    fn local_mode_has_its_own_account_name() {
        assert_eq!(account("", "admin"), "local|admin");
        assert_eq!(account(" crm:50051 ", " admin "), "crm:50051|admin");
    }
}
