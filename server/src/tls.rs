//! The server's TLS identity: a certificate from config, or a self-signed one generated on
//! first start (for a LAN without a company CA) and reused after, so clients that pinned it
//! keep trusting it.

use std::path::{Path, PathBuf};

use anyhow::Context;
use tonic::transport::Identity;

const GENERATED_CERT: &str = "server-cert.pem";
const GENERATED_KEY: &str = "server-key.pem";

/// Reads the configured PEM pair, or the generated one in `data_dir`, generating it first
/// when missing.
pub fn load_or_generate(cert: &str, key: &str, data_dir: &Path) -> anyhow::Result<Identity> {
    let (cert_path, key_path) = if cert.is_empty() && key.is_empty() {
        let dir = data_dir.join("tls");
        let paths = (dir.join(GENERATED_CERT), dir.join(GENERATED_KEY));
        if !paths.0.exists() || !paths.1.exists() {
            generate(&paths.0, &paths.1)?;
        }
        paths
    } else {
        anyhow::ensure!(
            !cert.is_empty() && !key.is_empty(),
            "tls_cert and tls_key go together"
        );
        (PathBuf::from(cert), PathBuf::from(key))
    };
    let cert_pem = std::fs::read(&cert_path)
        .with_context(|| format!("reading certificate {}", cert_path.display()))?;
    let key_pem =
        std::fs::read(&key_path).with_context(|| format!("reading key {}", key_path.display()))?;
    Ok(Identity::from_pem(cert_pem, key_pem))
}

/// Writes a self-signed certificate for this machine's names and loopback addresses.
pub fn generate(cert_path: &Path, key_path: &Path) -> anyhow::Result<()> {
    let mut names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    if let Some(host) = hostname() {
        names.push(host);
    }
    let mut params = rcgen::CertificateParams::new(names).context("certificate names")?;
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "客户关系管理系统");
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "CRM server (self-signed)");
    let key = rcgen::KeyPair::generate().context("generating key")?;
    let cert = params.self_signed(&key).context("signing certificate")?;
    if let Some(dir) = cert_path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(cert_path, cert.pem())
        .with_context(|| format!("writing {}", cert_path.display()))?;
    write_private(key_path, key.serialize_pem().as_bytes())
        .with_context(|| format!("writing {}", key_path.display()))?;
    tracing::info!(path = %cert_path.display(), "generated a self-signed certificate");
    Ok(())
}

/// Writes the private key readable by the server's account only (on Unix; on Windows the
/// ProgramData folder's access list applies).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        file.write_all(bytes)
    }
    #[cfg(not(unix))]
    {
        std::fs::write(path, bytes)
    }
}

fn hostname() -> Option<String> {
    let name = std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .ok()?;
    let name = name.trim().to_owned();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_identity_is_reused_on_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        load_or_generate("", "", dir.path()).unwrap();
        let first = std::fs::read(dir.path().join("tls").join(GENERATED_CERT)).unwrap();
        load_or_generate("", "", dir.path()).unwrap();
        let second = std::fs::read(dir.path().join("tls").join(GENERATED_CERT)).unwrap();
        assert_eq!(first, second);
        assert!(
            String::from_utf8(first)
                .unwrap()
                .starts_with("-----BEGIN CERTIFICATE-----")
        );
    }

    #[cfg(unix)]
    #[test]
    fn generated_key_is_readable_by_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        load_or_generate("", "", dir.path()).unwrap();
        let key = dir.path().join("tls").join(GENERATED_KEY);
        let mode = std::fs::metadata(key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
