//! The SQL Server connection layer against `mssql-mock-tds`, a TDS server in this process on an
//! ephemeral port: login and session settings, TLS and certificate trust, the pool's reuse and
//! discard of connections, an unreachable server, and server error numbers. It runs offline;
//! what only a real server shows (the schema, every statement, Windows integrated security, a
//! refused login) is `crm-server selftest`'s.
//!
//! What tiberius 0.12 and the mock can do together, as measured:
//! - TDS 7.4 TLS (PreLogin, then TLS inside TDS packets) works, through [`PreloginRelay`],
//!   which corrects the one byte in which the mock and tiberius disagree. The mock negotiates
//!   TLS 1.2, as SQL Server does over TDS 7.4.
//! - TDS 8.0 strict TLS does not: tiberius 0.12 has no such mode (`Encrypt=strict` is not a
//!   value it reads) and always begins with a plaintext PreLogin, which a strict server resets.
//! - Plaintext needs `Encrypt=DANGER_PLAINTEXT`. With `Encrypt=false` tiberius still starts TLS
//!   (to protect at least the login) even when the server answered that it cannot encrypt; the
//!   plaintext mock then ignores the handshake and the connection runs into its 15 s timeout.
//!   That costs 15 s, so it is not tested here.
//! - The mock answers every login, so a refused password is not tested either.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crm_server::store::mssql::{self, MssqlStore, SESSION_SETTINGS};
use crm_server::store::{Access, StoreError};
use mssql_mock_tds::{
    ConnectionInfo, ConnectionStore, MockTdsServer, QueryRegistry, QueryResponse, TerminalError,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Mutex, oneshot};

/// More than enough for anything on 127.0.0.1 to answer, far less than the 15 s connect timeout.
const PROMPTLY: Duration = Duration::from_secs(5);

#[tokio::test]
async fn a_sql_login_connects_and_each_connection_begins_with_the_session_settings() {
    let mock = Mock::plain().await;

    mssql::check_connection(&mock.connection_string(PLAINTEXT))
        .await
        .unwrap();

    let connections = mock.connections().await;
    assert_eq!(connections.len(), 1);
    assert!(connections[0].authenticated);
    assert_eq!(connections[0].received_database.as_deref(), Some("CRM"));
    // Two batches: the session settings, then `SELECT 1`.
    assert_eq!(connections[0].transaction_descriptor_headers.len(), 2);

    // The settings go as one batch of exactly that text: refused, they fail the connection.
    mock.fail(SESSION_SETTINGS, 50000).await;
    let error = mssql::check_connection(&mock.connection_string(PLAINTEXT))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::Failed(m) if m.contains("SQL Server error 50000")),
        "{error}"
    );
}

#[tokio::test]
async fn trust_server_certificate_connects_over_tls() {
    let certificate = SelfSigned::new("127.0.0.1");
    let mock = Mock::tls(&certificate).await;

    // The mock speaks nothing but TLS after PreLogin, so a login means the TLS worked.
    mssql::check_connection(&mock.connection_string("TrustServerCertificate=true"))
        .await
        .unwrap();
    assert_eq!(mock.logins().await, 1);
}

#[tokio::test]
async fn a_trusted_certificate_file_connects_over_tls() {
    let certificate = SelfSigned::new("127.0.0.1");
    let folder = tempfile::tempdir().unwrap();
    let file = certificate.save(folder.path());
    let mock = Mock::tls(&certificate).await;

    let trusting = format!("TrustServerCertificateCA={}", file.display());
    mssql::check_connection(&mock.connection_string(&trusting))
        .await
        .unwrap();
    assert_eq!(mock.logins().await, 1);
}

#[tokio::test]
async fn an_unknown_certificate_is_refused_before_the_login() {
    let mock = Mock::tls(&SelfSigned::new("127.0.0.1")).await;

    // Encrypted by default; `Encrypt=false` checks a server that encrypts all the same.
    for extra in ["", "Encrypt=false"] {
        let error = mssql::check_connection(&mock.connection_string(extra))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, StoreError::Unavailable(m) if m.contains("self-signed certificate") && m.contains("TrustServerCertificateCA=")),
            "{extra}: {error}"
        );
    }
    assert_eq!(mock.logins().await, 0, "the password was never sent");
}

#[tokio::test]
async fn a_trusted_certificate_file_still_has_to_name_the_server() {
    let certificate = SelfSigned::new("localhost");
    let folder = tempfile::tempdir().unwrap();
    let file = certificate.save(folder.path());
    let mock = Mock::tls(&certificate).await;

    let trusting = format!("TrustServerCertificateCA={}", file.display());
    let error = mssql::check_connection(&mock.connection_string(&trusting))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::Unavailable(m) if m.contains("IP address mismatch")),
        "{error}"
    );
    assert_eq!(mock.logins().await, 0);
}

#[tokio::test]
async fn tds_8_strict_encryption_is_refused_not_downgraded() {
    let mock = Mock::plain().await;
    let error = mssql::check_connection(&mock.connection_string("Encrypt=strict"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::Failed(m) if m.contains("connection string")),
        "{error}"
    );

    let strict = Mock::serve(SelfSigned::new("127.0.0.1").server(Tds::Strict).await, None);
    let text = strict.connection_string("TrustServerCertificate=true");
    let connecting = mssql::check_connection(&text);
    let error = tokio::time::timeout(PROMPTLY, connecting)
        .await
        .expect("refused promptly")
        .unwrap_err();
    assert!(matches!(error, StoreError::Unavailable(_)), "{error}");
}

#[tokio::test]
async fn a_committed_unit_leaves_its_connection_to_the_next() {
    let mock = Mock::plain().await;
    let store = MssqlStore::connect(&mock.connection_string(PLAINTEXT))
        .await
        .unwrap();
    // The first connection, and the idle one the pool keeps besides.
    mock.wait_for_logins(2).await;

    for _ in 0..5 {
        let mut unit = store.begin_unit(Access::Write).await.unwrap();
        unit.commit_transaction().await.unwrap();
    }

    assert_eq!(mock.logins_once_settled().await, 2);
}

#[tokio::test]
async fn a_unit_dropped_without_commit_takes_its_connection_with_it() {
    let mock = Mock::plain().await;
    let store = MssqlStore::connect(&mock.connection_string(PLAINTEXT))
        .await
        .unwrap();
    mock.wait_for_logins(2).await;

    drop(store.begin_unit(Access::Write).await.unwrap());
    assert_eq!(mock.logins_once_settled().await, 2);

    // The pool is down to one connection; the next unit takes it, and the pool opens another
    // to keep one idle. Had the dropped connection come back, the next unit would have left
    // one idle and nothing new would be opened.
    let mut unit = store.begin_unit(Access::Write).await.unwrap();
    unit.commit_transaction().await.unwrap();
    mock.wait_for_logins(3).await;
}

#[tokio::test]
async fn an_unreachable_server_is_unavailable_at_once() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let text = format!("Server=tcp:127.0.0.1,{port};Database=CRM;User Id=crm;Password=secret");

    let error = tokio::time::timeout(PROMPTLY, mssql::check_connection(&text))
        .await
        .expect("no hang")
        .unwrap_err();
    assert!(matches!(error, StoreError::Unavailable(_)), "{error}");

    // The store too: the pool's own retries would hold the cause back for 30 s.
    let error = tokio::time::timeout(PROMPTLY, MssqlStore::connect(&text))
        .await
        .expect("no hang")
        .err()
        .expect("refused");
    assert!(
        matches!(&error, StoreError::Unavailable(m) if m.contains("refused")),
        "{error}"
    );
}

#[tokio::test]
async fn server_error_numbers_become_store_errors() {
    let mock = Mock::plain().await;
    let store = MssqlStore::connect(&mock.connection_string(PLAINTEXT))
        .await
        .unwrap();

    type Expected = fn(&StoreError) -> bool;
    let cases: [(u32, Expected); 5] = [
        (2627, |e| matches!(e, StoreError::Duplicate(_))),
        (2601, |e| matches!(e, StoreError::Duplicate(_))),
        (1205, |e| matches!(e, StoreError::Deadlock(_))),
        (1222, |e| matches!(e, StoreError::Unavailable(_))),
        (
            50000,
            |e| matches!(e, StoreError::Failed(m) if m.contains("SQL Server error 50000")),
        ),
    ];
    for (number, expected) in cases {
        mock.fail("COMMIT TRANSACTION", number).await;
        let mut unit = store.begin_unit(Access::Write).await.unwrap();
        let error = unit.commit_transaction().await.unwrap_err();
        assert!(expected(&error), "{number}: {error:?}");
        assert!(
            error
                .to_string()
                .contains(&format!("error {number} from the mock"))
        );
    }

    // 547 is both kinds of constraint: a vanished referenced record is a conflict, a CHECK a
    // failure.
    let foreign_key = "The INSERT statement conflicted with the FOREIGN KEY constraint";
    let check = "The INSERT statement conflicted with the CHECK constraint";
    type Judged = fn(&StoreError) -> bool;
    let judged: [(&str, Judged); 2] = [
        (foreign_key, |e| matches!(e, StoreError::Conflict)),
        (
            check,
            |e| matches!(e, StoreError::Failed(m) if m.contains("547")),
        ),
    ];
    for (message, expected) in judged {
        mock.fail_with("COMMIT TRANSACTION", 547, message).await;
        let mut unit = store.begin_unit(Access::Write).await.unwrap();
        let error = unit.commit_transaction().await.unwrap_err();
        assert!(expected(&error), "{message}: {error:?}");
    }
}

/// A connection string's setting for a server that cannot encrypt (see the module's comment).
const PLAINTEXT: &str = "Encrypt=DANGER_PLAINTEXT";

/// A mock server, running until dropped.
struct Mock {
    /// Where clients connect: the server, or the relay in front of it.
    addr: SocketAddr,
    registry: Arc<Mutex<QueryRegistry>>,
    store: Arc<Mutex<ConnectionStore>>,
    _stop: oneshot::Sender<()>,
}

impl Mock {
    /// A server that cannot encrypt: its PreLogin answer says `ENCRYPT_NOT_SUP`.
    async fn plain() -> Mock {
        Mock::serve(MockTdsServer::new("127.0.0.1:0").await.unwrap(), None)
    }

    /// A server that answers PreLogin with `ENCRYPT_ON` and speaks only TLS from there on, as
    /// SQL Server does with a certificate; clients reach it through a [`PreloginRelay`].
    async fn tls(certificate: &SelfSigned) -> Mock {
        let server = certificate.server(Tds::V74).await;
        let relay = PreloginRelay::start(server.local_addr()).await;
        Mock::serve(server, Some(relay))
    }

    fn serve(server: MockTdsServer, relay: Option<SocketAddr>) -> Mock {
        let (stop, stopped) = oneshot::channel();
        let mock = Mock {
            addr: relay.unwrap_or(server.local_addr()),
            registry: server.query_registry(),
            store: server.connection_store(),
            _stop: stop,
        };
        tokio::spawn(server.run_with_shutdown(stopped));
        mock
    }

    /// A connection string to this server with a SQL login, and `extra` settings.
    fn connection_string(&self, extra: &str) -> String {
        let port = self.addr.port();
        format!("Server=tcp:127.0.0.1,{port};Database=CRM;User Id=crm;Password=secret;{extra}")
    }

    /// What the server recorded of each connection, in the order they came.
    async fn connections(&self) -> Vec<ConnectionInfo> {
        self.store.lock().await.all().values().cloned().collect()
    }

    async fn logins(&self) -> usize {
        let connections = self.connections().await;
        connections.iter().filter(|c| c.authenticated).count()
    }

    /// Waits for the pool, which opens connections in the background, to log in `expected`
    /// times in all.
    async fn wait_for_logins(&self, expected: usize) {
        let deadline = Instant::now() + PROMPTLY;
        while self.logins().await < expected && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(self.logins().await, expected);
    }

    /// The logins once a login the pool may have started in the background would be done.
    async fn logins_once_settled(&self) -> usize {
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.logins().await
    }

    /// Answers the batch `sql` with the server error `number` from now on.
    async fn fail(&self, sql: &str, number: u32) {
        self.fail_with(sql, number, &format!("error {number} from the mock"))
            .await;
    }

    /// Answers the batch `sql` with the server error `number` saying `message` from now on.
    async fn fail_with(&self, sql: &str, number: u32, message: &str) {
        let error = TerminalError::new(number, 16, message.to_owned());
        let mut registry = self.registry.lock().await;
        registry.register(sql, QueryResponse::error_only(error));
    }
}

/// Where TLS begins.
enum Tds {
    /// TDS 7.4: after a plaintext PreLogin, inside TDS packets.
    V74,
    /// TDS 8.0 strict: before anything else.
    Strict,
}

/// A self-signed certificate, as SQL Server makes for itself when given none.
struct SelfSigned {
    pem: String,
    key_pem: String,
}

impl SelfSigned {
    /// A certificate for one name (a host name or an IP address).
    fn new(name: &str) -> SelfSigned {
        let certified = rcgen::generate_simple_self_signed(vec![name.to_owned()]).unwrap();
        SelfSigned {
            pem: certified.cert.pem(),
            key_pem: certified.signing_key.serialize_pem(),
        }
    }

    /// A mock server with this certificate.
    async fn server(&self, tds: Tds) -> MockTdsServer {
        let identity =
            mssql_mock_tds::create_test_identity(self.pem.as_bytes(), self.key_pem.as_bytes())
                .unwrap();
        let server = match tds {
            Tds::V74 => MockTdsServer::new_with_tls("127.0.0.1:0", Some(identity)).await,
            Tds::Strict => MockTdsServer::new_with_strict_tls("127.0.0.1:0", identity).await,
        };
        server.unwrap()
    }

    /// Writes the certificate (without its key) where an operator would, for
    /// `TrustServerCertificateCA`.
    fn save(&self, folder: &Path) -> std::path::PathBuf {
        let file = folder.join("sqlserver.crt");
        std::fs::write(&file, &self.pem).unwrap();
        file
    }
}

/// Relays TCP between a client and the TLS mock, changing one byte. In TDS 7.4 the TLS
/// handshake travels inside PRELOGIN packets (type `0x12`) both ways, as SQL Server sends
/// them; the mock sends its side in TABULAR RESULT packets (`0x04`), and tiberius 0.12, which
/// asserts the type, panics. The relay gives the server's handshake packets the PRELOGIN type
/// and passes everything else through untouched, so the handshake, the certificate check and
/// the login over TLS are tiberius against the mock's OpenSSL as they are.
struct PreloginRelay;

impl PreloginRelay {
    /// Listens on an ephemeral port; returns where.
    async fn start(server: SocketAddr) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(server).await else {
                    continue;
                };
                let (mut from_client, to_client) = client.into_split();
                let (from_server, mut to_server) = server.into_split();
                tokio::spawn(
                    async move { tokio::io::copy(&mut from_client, &mut to_server).await },
                );
                tokio::spawn(PreloginRelay::server_to_client(from_server, to_client));
            }
        });
        addr
    }

    async fn server_to_client(
        mut from: impl AsyncReadExt + Unpin,
        mut to: impl AsyncWriteExt + Unpin,
    ) -> std::io::Result<u64> {
        // The first packet is the answer to the client's PreLogin, a TABULAR RESULT by rights.
        let mut first_packet = true;
        loop {
            let mut header = [0u8; 8];
            from.read_exact(&mut header[..1]).await?;
            // A TLS record (change cipher spec, alert, handshake, data) outside any TDS packet:
            // the handshake is over, and the rest passes as it is.
            if (0x14..=0x17).contains(&header[0]) {
                to.write_all(&header[..1]).await?;
                return tokio::io::copy(&mut from, &mut to).await;
            }
            from.read_exact(&mut header[1..]).await?;
            let length = usize::from(u16::from_be_bytes([header[2], header[3]]));
            let mut body = vec![0u8; length.saturating_sub(header.len())];
            from.read_exact(&mut body).await?;
            if !first_packet {
                header[0] = 0x12;
            }
            first_packet = false;
            to.write_all(&header).await?;
            to.write_all(&body).await?;
        }
    }
}
