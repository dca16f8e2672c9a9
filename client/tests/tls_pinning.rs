//! End-to-end: the TLS trust rule against a real TLS gRPC server with a self-signed certificate
//! (DESIGN §3.2): unknown until the user pins it, then trusted, and refused once it changes.

use crm_client::connection::{ConnectError, PinStore, connect, fingerprint};
use tempfile::TempDir;
use tonic::transport::{Identity, Server, ServerTlsConfig};
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

/// A store of pinned certificates in a fresh folder, which must outlive the store.
fn pin_store() -> (TempDir, PinStore) {
    let dir = tempfile::tempdir().unwrap();
    let pins = PinStore::open(dir.path().join("known-servers.toml"));
    (dir, pins)
}

/// A TLS gRPC server (the health service) with a fresh self-signed certificate: its address
/// and the certificate's fingerprint.
async fn tls_server() -> (String, String) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let print = fingerprint(certified.cert.der());
    let identity = Identity::from_pem(certified.cert.pem(), certified.signing_key.serialize_pem());
    let (_reporter, health) = tonic_health::server::health_reporter();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = Server::builder()
        .tls_config(ServerTlsConfig::new().identity(identity))
        .unwrap()
        .add_service(health)
        .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener));
    tokio::spawn(server);
    (address.to_string(), print)
}

#[tokio::test]
async fn self_signed_certificate_is_unknown_until_pinned_then_trusted() {
    let (_dir, pins) = pin_store();
    let (address, print) = tls_server().await;

    let Err(ConnectError::UnknownCertificate { fingerprint }) = connect(&address, &pins).await
    else {
        panic!("an unpinned self-signed certificate must not connect");
    };
    assert_eq!(fingerprint, print);

    pins.pin(&address, &fingerprint).unwrap();
    let channel = connect(&address, &pins)
        .await
        .expect("pinned certificate is trusted");
    let answer = HealthClient::new(channel)
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .expect("a call over the pinned TLS channel");
    assert_eq!(answer.into_inner().status, 1, "SERVING");
}

#[tokio::test]
async fn changed_certificate_is_refused_with_both_fingerprints() {
    let (_dir, pins) = pin_store();
    let (address, presented) = tls_server().await;
    let earlier = fingerprint(b"the certificate this server had before");
    pins.pin(&address, &earlier).unwrap();

    match connect(&address, &pins).await {
        Err(ConnectError::CertificateChanged {
            pinned,
            presented: shown,
        }) => {
            assert_eq!(pinned, earlier);
            assert_eq!(shown, presented);
        }
        other => panic!("expected CertificateChanged, got {other:?}"),
    }
}

#[tokio::test]
async fn nobody_listening_is_unreachable() {
    let (_dir, pins) = pin_store();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);

    for address in [
        format!("http://127.0.0.1:{port}"),
        format!("127.0.0.1:{port}"),
    ] {
        let result = connect(&address, &pins).await;
        assert!(
            matches!(result, Err(ConnectError::Unreachable(_))),
            "{address}: {result:?}"
        );
    }
}
