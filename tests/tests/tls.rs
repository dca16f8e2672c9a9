//! TLS as DESIGN §3.2: a self-signed server certificate is pinned on first connect after the
//! user saw its fingerprint, and a changed certificate is refused — never accepted silently.

use crm_client::connection::{ConnectError, PinStore, connect};
use crm_proto::v1::LoginRequest;
use crm_proto::v1::auth_service_client::AuthServiceClient;
use crm_tests::{DEMO_PASSWORD, start_in};
use tonic::transport::Identity;

/// A fresh self-signed identity in `dir`, as a server generates on first start.
fn identity(dir: &std::path::Path) -> Identity {
    crm_server::tls::load_or_generate("", "", dir).unwrap()
}

#[tokio::test]
async fn unknown_certificate_is_pinned_then_a_changed_one_is_refused() {
    let first = tempfile::tempdir().unwrap();
    let server = start_in(first.path(), "127.0.0.1:0", Some(identity(first.path()))).await;
    let address = format!("127.0.0.1:{}", server.addr.port());
    let pins = PinStore::open(first.path().join("known-servers.toml"));

    let Err(ConnectError::UnknownCertificate { fingerprint }) = connect(&address, &pins).await
    else {
        panic!("an unpinned self-signed certificate must not be accepted");
    };
    assert_eq!(
        fingerprint.split(':').count(),
        32,
        "SHA-256 shown as 32 hex pairs"
    );

    // The user compared the fingerprint and trusted it: TLS works, and so does a login over it.
    pins.pin(&address, &fingerprint).unwrap();
    let channel = connect(&address, &pins)
        .await
        .expect("pinned certificate accepted");
    let login = LoginRequest {
        username: "admin".into(),
        password: DEMO_PASSWORD.into(),
        remember: false,
    };
    AuthServiceClient::new(channel).login(login).await.unwrap();
    server.shutdown().await.unwrap();

    // Same address, another certificate (a new installation, or someone in between).
    let second = tempfile::tempdir().unwrap();
    let impostor = start_in(second.path(), &address, Some(identity(second.path()))).await;
    match connect(&address, &pins).await {
        Err(ConnectError::CertificateChanged { pinned, presented }) => {
            assert_eq!(pinned, fingerprint);
            assert_ne!(presented, fingerprint);
        }
        Err(other) => panic!("expected CertificateChanged, got {other}"),
        Ok(_) => panic!("a changed certificate must be refused"),
    }
    assert_eq!(
        pins.pinned(&address),
        Some(fingerprint),
        "the pin is not replaced silently"
    );
    impostor.shutdown().await.unwrap();
}
