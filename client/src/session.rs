//! Logging in and out (DESIGN §3.2, §3.3): reaching the server (starting the in-process one in
//! local mode), `Login`, resuming a remembered session with `WhoAmI`, and `Logout`. These run on
//! the RPC runtime; the login screen and the app poll their outcome.

use crm_proto::v1::{CurrentUser, LoginRequest, LogoutRequest, WhoAmIRequest};
use crm_server::local::LocalServer;

use crate::config::Paths;
use crate::connection::{self, ConnectError, PinStore};
use crate::credentials;
use crate::rpc::{self, Api};
use crate::server_error::ServerError;

/// A logged-in user's connection to the server.
#[derive(Clone)]
pub struct Session {
    pub api: Api,
    pub user: CurrentUser,
    /// As the user typed it; empty in local mode.
    pub server_address: String,
    /// The token is kept in the credential store ("记住登录").
    pub remembered: bool,
    /// "记住登录" was asked for but the credential store refused it: the user is told.
    pub remember_failed: bool,
}

impl Session {
    pub fn has_right(&self, code: &str) -> bool {
        self.user.rights.iter().any(|right| right == code)
    }
}

/// Where to log in and as whom.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// Empty for local mode.
    pub server_address: String,
    pub username: String,
    pub password: String,
    pub remember: bool,
}

/// Why no session came of an attempt.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("local server did not start: {0}")]
    LocalStart(String),
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error("server refused: {0:?}")]
    Refused(ServerError),
    /// Resuming found no remembered token.
    #[error("no remembered login")]
    NothingRemembered,
    /// The attempt's task ended without an answer (a bug).
    #[error("login attempt lost")]
    Lost,
}

/// The end of a login attempt. A local server started on the way is handed over even when the
/// login itself failed, so it keeps running for the next try.
pub struct LoginOutcome {
    pub started_local: Option<LocalServer>,
    pub result: Result<Session, LoginError>,
}

impl LoginOutcome {
    /// An attempt that failed before any local server was started.
    fn failed(error: LoginError) -> LoginOutcome {
        LoginOutcome {
            started_local: None,
            result: Err(error),
        }
    }
}

/// Where the client finds the server it logs in to.
#[derive(Clone, Debug)]
pub struct Target {
    pub server_address: String,
    /// The local server's url when it already runs.
    pub local_url: Option<String>,
    pub paths: Paths,
}

/// Logs in with a user name and password.
pub async fn log_in(target: Target, credentials: Credentials) -> LoginOutcome {
    reach_then(&target, |url| log_in_at(&target, url, credentials)).await
}

async fn log_in_at(target: &Target, url: String, form: Credentials) -> Result<Session, LoginError> {
    let pins = PinStore::open(target.paths.known_servers_file());
    let channel = connection::connect(&url, &pins).await?;
    let request = LoginRequest {
        username: form.username.trim().to_owned(),
        password: form.password,
        remember: form.remember,
    };
    let response = rpc::login_client(channel.clone())
        .login(request)
        .await
        .map_err(|status| LoginError::Refused(status.into()))?
        .into_inner();

    let malformed = || LoginError::Refused(ServerError::from(tonic::Status::internal("")));
    let user = response.user.ok_or_else(malformed)?;
    let api = Api::new(channel, &response.token).ok_or_else(malformed)?;

    let address = &target.server_address;
    let remembered = form.remember && remember(address, &user.username, api.token());
    if !form.remember {
        forget(address, &user.username);
    }
    Ok(Session {
        api,
        user,
        server_address: address.clone(),
        remembered,
        remember_failed: form.remember && !remembered,
    })
}

/// Resumes the session remembered for `username` on the target server, if its token still
/// works; a token the server refuses is forgotten.
pub async fn resume(target: Target, username: String) -> LoginOutcome {
    let token = match credentials::load_token(&target.server_address, &username) {
        Ok(Some(token)) => token,
        Ok(None) => return LoginOutcome::failed(LoginError::NothingRemembered),
        Err(err) => {
            tracing::warn!(%err, "remembered login unreadable");
            return LoginOutcome::failed(LoginError::NothingRemembered);
        }
    };
    reach_then(&target, |url| resume_at(&target, url, &username, &token)).await
}

async fn resume_at(
    target: &Target,
    url: String,
    username: &str,
    token: &str,
) -> Result<Session, LoginError> {
    let pins = PinStore::open(target.paths.known_servers_file());
    let channel = connection::connect(&url, &pins).await?;
    let Some(api) = Api::new(channel, token) else {
        forget(&target.server_address, username);
        return Err(LoginError::NothingRemembered);
    };
    match api.auth().who_am_i(WhoAmIRequest {}).await {
        Ok(user) => Ok(Session {
            api,
            user: user.into_inner(),
            server_address: target.server_address.clone(),
            remembered: true,
            remember_failed: false,
        }),
        Err(status) => {
            let error = ServerError::from(status);
            if error.is_session_lost() {
                forget(&target.server_address, username);
            }
            Err(LoginError::Refused(error))
        }
    }
}

/// Ends the session on the server and forgets its remembered token.
pub async fn log_out(session: Session) {
    forget(&session.server_address, &session.user.username);
    if let Err(status) = session.api.auth().logout(LogoutRequest {}).await {
        // The token dies with its expiry anyway; nothing the user can do about it.
        tracing::warn!(code = ?status.code(), "logout not confirmed by the server");
    }
}

/// Reaches the server, then makes the `attempt` at its url. A local server started on the way
/// is handed over whatever the attempt's result.
async fn reach_then<Attempt>(
    target: &Target,
    attempt: impl FnOnce(String) -> Attempt,
) -> LoginOutcome
where
    Attempt: Future<Output = Result<Session, LoginError>>,
{
    match reach(target).await {
        Ok((started_local, url)) => LoginOutcome {
            started_local,
            result: attempt(url).await,
        },
        Err(err) => LoginOutcome::failed(err),
    }
}

/// The url to connect to, starting the local server when local mode needs it.
async fn reach(target: &Target) -> Result<(Option<LocalServer>, String), LoginError> {
    let address = target.server_address.trim();
    if !address.is_empty() {
        return Ok((None, address.to_owned()));
    }
    if let Some(url) = &target.local_url {
        return Ok((None, url.clone()));
    }
    let database = target.paths.local_database();
    if let Some(dir) = database.parent() {
        std::fs::create_dir_all(dir).map_err(|err| LoginError::LocalStart(err.to_string()))?;
    }
    let server = LocalServer::start(&database, true)
        .await
        .map_err(|err| LoginError::LocalStart(format!("{err:#}")))?;
    let url = server.url();
    tracing::info!(%url, "local server started");
    Ok((Some(server), url))
}

/// Keeps the token for 记住登录; `false` when the credential store refused.
fn remember(server_address: &str, username: &str, token: &str) -> bool {
    match credentials::save_token(server_address, username, token) {
        Ok(()) => true,
        Err(err) => {
            tracing::warn!(%err, "login not remembered");
            false
        }
    }
}

fn forget(server_address: &str, username: &str) {
    if let Err(err) = credentials::delete_token(server_address, username) {
        tracing::warn!(%err, "remembered login not deleted");
    }
}
