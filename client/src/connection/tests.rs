use super::*;

fn self_signed() -> CertificateDer<'static> {
    let certified = rcgen::generate_simple_self_signed(vec!["crm.local".to_owned()]).unwrap();
    certified.cert.der().clone()
}

fn verify(verifier: &PinningVerifier, cert: &CertificateDer<'_>) -> Result<(), rustls::Error> {
    let name = ServerName::try_from("crm.local").unwrap();
    verifier
        .verify_server_cert(cert, &[], &name, &[], UnixTime::now())
        .map(|_| ())
}

#[test]
fn addresses_choose_plaintext_only_for_http() {
    assert_eq!(
        parse_address("http://127.0.0.1:4000").unwrap(),
        Target::Plain {
            uri: "http://127.0.0.1:4000".into()
        }
    );
    assert_eq!(
        parse_address(" crm.example.cn:50051 ").unwrap(),
        Target::Tls {
            host: "crm.example.cn".into(),
            port: 50051
        }
    );
    assert_eq!(
        parse_address("https://CRM.example.cn/").unwrap(),
        Target::Tls {
            host: "crm.example.cn".into(),
            port: DEFAULT_PORT
        }
    );
    assert_eq!(
        parse_address("[::1]:7000").unwrap(),
        Target::Tls {
            host: "::1".into(),
            port: 7000
        }
    );
    for bad in [
        "",
        "   ",
        "ftp://crm:21",
        "crm:port",
        "https://crm:1/path",
        "http://",
    ] {
        assert!(
            matches!(parse_address(bad), Err(ConnectError::InvalidAddress(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn one_server_has_one_pin_key_however_written() {
    assert_eq!(pin_key("crm:50051"), "crm:50051");
    assert_eq!(pin_key("https://CRM"), "crm:50051");
    assert_eq!(pin_key("[::1]:7000"), "[::1]:7000");
}

#[test]
fn fingerprint_is_colon_separated_upper_hex_of_sha256() {
    let print = fingerprint(b"abc");
    assert_eq!(print.len(), 32 * 3 - 1);
    assert!(print.starts_with("BA:78:16:BF:8F:01:CF:EA"), "{print}");
    assert_eq!(
        normalize_fingerprint(&print.replace(':', "").to_lowercase()),
        print
    );
}

#[test]
fn decision_trusts_ca_then_pin_and_never_an_unknown_certificate() {
    let presented = fingerprint(b"certificate");
    let other = fingerprint(b"another certificate");

    assert_eq!(decide(true, None, &presented), Decision::TrustedByCa);
    assert_eq!(
        decide(true, Some(&other), &presented),
        Decision::TrustedByCa
    );
    assert_eq!(
        decide(false, Some(&presented.to_lowercase()), &presented),
        Decision::MatchesPin
    );
    assert_eq!(
        decide(false, None, &presented),
        Decision::Reject(Rejection::Unknown {
            fingerprint: presented.clone()
        })
    );
    assert_eq!(
        decide(false, Some(&other), &presented),
        Decision::Reject(Rejection::Changed {
            pinned: other,
            presented
        })
    );
}

#[test]
fn verifier_refuses_unpinned_self_signed_certificate_and_tells_its_fingerprint() {
    let cert = self_signed();
    let verifier = PinningVerifier::new(None);

    assert!(verify(&verifier, &cert).is_err());
    let recorded = verifier.rejection.lock().unwrap().clone();
    assert_eq!(
        recorded,
        Some(Rejection::Unknown {
            fingerprint: fingerprint(cert.as_ref())
        })
    );
}

#[test]
fn verifier_accepts_pinned_certificate_and_refuses_a_changed_one() {
    let cert = self_signed();
    let pinned = PinningVerifier::new(Some(fingerprint(cert.as_ref())));
    assert!(verify(&pinned, &cert).is_ok());
    assert_eq!(*pinned.rejection.lock().unwrap(), None);

    let replacement = self_signed();
    assert!(verify(&pinned, &replacement).is_err());
    assert_eq!(
        *pinned.rejection.lock().unwrap(),
        Some(Rejection::Changed {
            pinned: fingerprint(cert.as_ref()),
            presented: fingerprint(replacement.as_ref()),
        })
    );
}

#[test]
fn pins_survive_reopening_and_are_per_server() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("known-servers.toml");
    let print = fingerprint(b"x");

    PinStore::open(path.clone())
        .pin("https://crm.example.cn:50051", &print)
        .unwrap();

    let store = PinStore::open(path);
    assert_eq!(store.pinned("crm.example.cn:50051"), Some(print));
    assert_eq!(store.pinned("other.example.cn:50051"), None);
}
