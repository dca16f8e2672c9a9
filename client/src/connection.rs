//! Connecting to a CRM server (DESIGN §3.2): plaintext for `http://` addresses (local mode and
//! tests on loopback), TLS for everything else. A certificate signed by a CA the system trusts
//! is trusted normally; any other certificate must match the fingerprint pinned for that address
//! on an earlier connect, which the user confirmed. No certificate is ever accepted silently: an
//! unknown one fails with [`ConnectError::UnknownCertificate`] so the user can decide, a changed
//! one with [`ConnectError::CertificateChanged`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex, Once};
use std::time::Duration;

use anyhow::Context as _;
use hyper_util::rt::TokioIo;
use rustls::DigitallySignedStruct;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tonic::transport::{Channel, Endpoint};

/// The port a server address without one means.
pub const DEFAULT_PORT: u16 = 50051;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Why no channel to the server could be made.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("invalid server address: {0}")]
    InvalidAddress(String),
    /// The server's certificate is neither CA-signed nor pinned: ask the user.
    #[error("the server's certificate is not trusted yet (SHA-256 {fingerprint})")]
    UnknownCertificate { fingerprint: String },
    /// The server presents another certificate than the one pinned: refuse.
    #[error("the server's certificate changed: pinned {pinned}, presented {presented}")]
    CertificateChanged { pinned: String, presented: String },
    #[error("server unreachable: {0}")]
    Unreachable(String),
}

/// The servers whose self-signed certificates the user trusted: address → SHA-256 fingerprint
/// of the end-entity certificate, in a TOML file.
#[derive(Clone, Debug)]
pub struct PinStore {
    path: PathBuf,
}

#[derive(Default, Serialize, Deserialize)]
struct PinFile {
    #[serde(default)]
    servers: BTreeMap<String, String>,
}

impl PinStore {
    /// The store kept in `path`; the file is created on the first pin.
    pub fn open(path: PathBuf) -> PinStore {
        PinStore { path }
    }

    /// The fingerprint pinned for `address`, as [`fingerprint`] writes it.
    pub fn pinned(&self, address: &str) -> Option<String> {
        self.read()
            .servers
            .get(&pin_key(address))
            .map(|pin| normalize_fingerprint(pin))
    }

    /// Trusts `fingerprint` for `address` from now on, replacing any earlier pin.
    pub fn pin(&self, address: &str, fingerprint: &str) -> anyhow::Result<()> {
        let mut file = self.read();
        file.servers
            .insert(pin_key(address), normalize_fingerprint(fingerprint));
        let text = toml::to_string(&file).context("encoding known servers")?;
        crate::config::write_file(&self.path, &text)
    }

    fn read(&self) -> PinFile {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return PinFile::default();
        };
        toml::from_str(&text).unwrap_or_else(|err| {
            tracing::warn!(%err, path = %self.path.display(), "known servers file unreadable");
            PinFile::default()
        })
    }
}

/// The SHA-256 of a DER certificate as upper-case hex pairs joined by colons, as browsers show.
pub fn fingerprint(der: &[u8]) -> String {
    colon_hex(&Sha256::digest(der))
}

fn colon_hex(bytes: &[u8]) -> String {
    let hex = hex::encode_upper(bytes);
    let pairs: Vec<&str> = hex
        .as_bytes()
        .chunks(2)
        .filter_map(|pair| std::str::from_utf8(pair).ok())
        .collect();
    pairs.join(":")
}

/// Any spelling of a fingerprint (plain or colon-separated, any case) in [`fingerprint`]'s form.
fn normalize_fingerprint(text: &str) -> String {
    let plain: String = text.chars().filter(char::is_ascii_hexdigit).collect();
    match hex::decode(&plain) {
        Ok(bytes) => colon_hex(&bytes),
        Err(_) => text.trim().to_uppercase(),
    }
}

/// Where a server address leads.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    Plain { uri: String },
    Tls { host: String, port: u16 },
}

fn parse_address(address: &str) -> Result<Target, ConnectError> {
    let address = address.trim();
    let invalid = || ConnectError::InvalidAddress(address.to_owned());
    if address.is_empty() {
        return Err(invalid());
    }

    let (plain, rest) = if let Some(rest) = address.strip_prefix("http://") {
        (true, rest)
    } else if let Some(rest) = address.strip_prefix("https://") {
        (false, rest)
    } else if address.contains("://") {
        return Err(invalid());
    } else {
        (false, address)
    };

    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = split_host_port(rest).ok_or_else(invalid)?;
    let port = port.unwrap_or(DEFAULT_PORT);

    if plain {
        let authority = if host.contains(':') {
            format!("[{host}]")
        } else {
            host
        };
        Ok(Target::Plain {
            uri: format!("http://{authority}:{port}"),
        })
    } else {
        Ok(Target::Tls {
            host: host.to_ascii_lowercase(),
            port,
        })
    }
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`; `None` when it is none of these.
fn split_host_port(text: &str) -> Option<(String, Option<u16>)> {
    let (host, port) = if let Some(inner) = text.strip_prefix('[') {
        let (host, after) = inner.split_once(']')?;
        let valid = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'));
        if !valid {
            return None;
        }
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (host, port)
    } else {
        let (host, port) = match text.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        };
        let valid = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !valid {
            return None;
        }
        (host, port)
    };
    let port = match port {
        Some(digits) => Some(digits.parse::<u16>().ok().filter(|port| *port > 0)?),
        None => None,
    };
    Some((host.to_owned(), port))
}

/// The key an address is pinned under: `host:port`, so `https://crm:50051` and `crm` share it.
fn pin_key(address: &str) -> String {
    match parse_address(address) {
        Ok(Target::Tls { host, port }) if host.contains(':') => format!("[{host}]:{port}"),
        Ok(Target::Tls { host, port }) => format!("{host}:{port}"),
        _ => address.trim().to_owned(),
    }
}

/// Opens a channel to the server at `address`. Gzip and the bearer token are added per client
/// by the RPC layer.
pub async fn connect(address: &str, pins: &PinStore) -> Result<Channel, ConnectError> {
    match parse_address(address)? {
        Target::Plain { uri } => endpoint(&uri)?
            .connect()
            .await
            .map_err(|err| ConnectError::Unreachable(error_chain(&err))),
        Target::Tls { host, port } => connect_tls(address, host, port, pins).await,
    }
}

fn endpoint(uri: &str) -> Result<Endpoint, ConnectError> {
    let endpoint = Endpoint::from_shared(uri.to_owned())
        .map_err(|_| ConnectError::InvalidAddress(uri.to_owned()))?;
    Ok(endpoint
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .tcp_nodelay(true)
        .http2_keep_alive_interval(Duration::from_secs(30))
        .keep_alive_while_idle(true))
}

async fn connect_tls(
    address: &str,
    host: String,
    port: u16,
    pins: &PinStore,
) -> Result<Channel, ConnectError> {
    let server_name = ServerName::try_from(host.clone())
        .map_err(|_| ConnectError::InvalidAddress(address.to_owned()))?;
    let verifier = Arc::new(PinningVerifier::new(pins.pinned(address)));
    let rejection = verifier.rejection.clone();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(client_config(verifier)?));

    let tcp_host = host.clone();
    let connector = tower::service_fn(move |_: http::Uri| {
        let tls = tls.clone();
        let server_name = server_name.clone();
        let tcp_host = tcp_host.clone();
        async move {
            let tcp = tokio::net::TcpStream::connect((tcp_host.as_str(), port)).await?;
            tcp.set_nodelay(true)?;
            let stream = tls.connect(server_name, tcp).await?;
            Ok::<_, std::io::Error>(TokioIo::new(stream))
        }
    });

    // TLS happens in the connector, so the endpoint itself speaks `http` (tonic would otherwise
    // try its own TLS); the server sees an ordinary h2 connection over TLS.
    let authority = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let result = endpoint(&format!("http://{authority}"))?
        .connect_with_connector(connector)
        .await;

    match result {
        Ok(channel) => Ok(channel),
        Err(err) => {
            let rejected = rejection.lock().ok().and_then(|mut found| found.take());
            Err(match rejected {
                Some(Rejection::Unknown { fingerprint }) => {
                    ConnectError::UnknownCertificate { fingerprint }
                }
                Some(Rejection::Changed { pinned, presented }) => {
                    ConnectError::CertificateChanged { pinned, presented }
                }
                None => ConnectError::Unreachable(error_chain(&err)),
            })
        }
    }
}

fn client_config(verifier: Arc<PinningVerifier>) -> Result<rustls::ClientConfig, ConnectError> {
    let mut config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|err| ConnectError::Unreachable(err.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(config)
}

/// The ring crypto provider, also installed as the process default once.
fn provider() -> Arc<CryptoProvider> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Another part of the program may have installed one already; that is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The CA verifier over the system's trusted roots; `None` when the system has none.
static CA_VERIFIER: LazyLock<Option<Arc<WebPkiServerVerifier>>> = LazyLock::new(|| {
    let loaded = rustls_native_certs::load_native_certs();
    for err in &loaded.errors {
        tracing::warn!(%err, "a system root certificate could not be loaded");
    }
    let mut roots = rustls::RootCertStore::empty();
    let (added, ignored) = roots.add_parsable_certificates(loaded.certs);
    tracing::debug!(added, ignored, "system root certificates");
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
        .build()
        .inspect_err(|err| tracing::warn!(%err, "no CA verification possible"))
        .ok()
});

/// What the verifier decided about a certificate that no CA vouches for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rejection {
    Unknown { fingerprint: String },
    Changed { pinned: String, presented: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Decision {
    TrustedByCa,
    MatchesPin,
    Reject(Rejection),
}

/// The trust rule: a CA-signed certificate is trusted; otherwise only the pinned one is.
fn decide(ca_trusted: bool, pinned: Option<&str>, presented: &str) -> Decision {
    if ca_trusted {
        return Decision::TrustedByCa;
    }
    match pinned {
        None => Decision::Reject(Rejection::Unknown {
            fingerprint: presented.to_owned(),
        }),
        Some(pin) if normalize_fingerprint(pin) == normalize_fingerprint(presented) => {
            Decision::MatchesPin
        }
        Some(pin) => Decision::Reject(Rejection::Changed {
            pinned: normalize_fingerprint(pin),
            presented: presented.to_owned(),
        }),
    }
}

/// A rustls verifier applying [`decide`]; it records why it refused, for the error.
#[derive(Debug)]
struct PinningVerifier {
    ca: Option<Arc<WebPkiServerVerifier>>,
    pinned: Option<String>,
    provider: Arc<CryptoProvider>,
    rejection: Arc<Mutex<Option<Rejection>>>,
}

impl PinningVerifier {
    fn new(pinned: Option<String>) -> PinningVerifier {
        PinningVerifier {
            ca: CA_VERIFIER.clone(),
            pinned,
            provider: provider(),
            rejection: Arc::default(),
        }
    }
}

impl ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let ca_trusted = self.ca.as_ref().is_some_and(|ca| {
            ca.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
                .is_ok()
        });
        let presented = fingerprint(end_entity.as_ref());
        match decide(ca_trusted, self.pinned.as_deref(), &presented) {
            Decision::TrustedByCa | Decision::MatchesPin => Ok(ServerCertVerified::assertion()),
            Decision::Reject(rejection) => {
                let error = match rejection {
                    Rejection::Unknown { .. } => rustls::CertificateError::UnknownIssuer,
                    Rejection::Changed { .. } => {
                        rustls::CertificateError::ApplicationVerificationFailure
                    }
                };
                if let Ok(mut slot) = self.rejection.lock() {
                    *slot = Some(rejection);
                }
                Err(rustls::Error::InvalidCertificate(error))
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// An error and its causes in one line: tonic's transport errors hide the useful part inside.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests;
