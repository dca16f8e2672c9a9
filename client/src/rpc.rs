//! The RPC layer (DESIGN §3.3): calls run on a tokio runtime the app owns, never on the UI
//! thread. [`Rpc::spawn`] starts a call and hands back a [`Promise`] that the screen polls each
//! frame; when the result arrives the frame loop is woken with `request_repaint`.
//!
//! [`Api`] makes the generated gRPC clients for one session: gzip both ways (the national WAN)
//! and `authorization: Bearer <token>` on every call.

use std::future::Future;
use std::sync::Arc;

use crm_proto::v1::admin_service_client::AdminServiceClient;
use crm_proto::v1::auth_service_client::AuthServiceClient;
use crm_proto::v1::churn_service_client::ChurnServiceClient;
use crm_proto::v1::customer_service_client::CustomerServiceClient;
use crm_proto::v1::opportunity_service_client::OpportunityServiceClient;
use crm_proto::v1::service_ticket_service_client::ServiceTicketServiceClient;
use tokio::sync::oneshot;
use tonic::codec::CompressionEncoding;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::Interceptor;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

use crate::server_error::ServerError;

/// The runtime the RPCs run on; two workers are plenty for one user's calls.
pub fn new_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("crm-rpc")
        .enable_all()
        .build()
}

/// Starts work on the runtime and wakes the UI when it is done. Cheap to clone.
#[derive(Clone)]
pub struct Rpc {
    runtime: tokio::runtime::Handle,
    ui: egui::Context,
}

impl Rpc {
    pub fn new(runtime: tokio::runtime::Handle, ui: egui::Context) -> Rpc {
        Rpc { runtime, ui }
    }

    /// Runs `work` on the runtime; its output arrives in the returned promise.
    pub fn spawn<T, F>(&self, work: F) -> Promise<T>
    where
        T: Send + 'static,
        F: Future<Output = T> + Send + 'static,
    {
        let (sender, receiver) = oneshot::channel();
        let ui = self.ui.clone();
        self.runtime.spawn(async move {
            let output = work.await;
            // The screen that asked may be gone; then nobody wants the answer.
            let _ = sender.send(output);
            ui.request_repaint();
        });
        Promise { receiver }
    }

    pub fn runtime(&self) -> &tokio::runtime::Handle {
        &self.runtime
    }
}

/// The result of spawned work, once it is there.
pub struct Promise<T> {
    receiver: oneshot::Receiver<T>,
}

/// Spawned work that ended without an output: it panicked (a bug, which tokio logs) or the
/// runtime is shutting down.
#[derive(Debug, PartialEq, Eq)]
pub struct Lost;

impl<T> Promise<T> {
    /// The output if the work has finished; `Ok(None)` while it runs.
    pub fn poll(&mut self) -> Result<Option<T>, Lost> {
        match self.receiver.try_recv() {
            Ok(output) => Ok(Some(output)),
            Err(oneshot::error::TryRecvError::Empty) => Ok(None),
            Err(oneshot::error::TryRecvError::Closed) => Err(Lost),
        }
    }
}

/// Takes the answer of `slot`'s call once it is there, clearing the slot. A call whose task
/// died answers `INTERNAL`, so no screen waits for it forever.
pub fn take_ready<T>(slot: &mut Pending<T>) -> Option<Reply<T>> {
    let answer = match slot.as_mut()?.poll() {
        Ok(None) => return None,
        Ok(Some(answer)) => answer,
        Err(Lost) => Err(ServerError::from(tonic::Status::internal("call lost"))),
    };
    *slot = None;
    Some(answer)
}

/// What a call answers: the response or the server's error.
pub type Reply<T> = Result<T, ServerError>;

/// The pending answer of one call.
pub type Pending<T> = Option<Promise<Reply<T>>>;

/// Adds the session's bearer token to every call.
#[derive(Clone)]
pub struct BearerToken(MetadataValue<Ascii>);

impl BearerToken {
    /// `None` when the token cannot travel in a header (the server never issues such tokens).
    pub fn new(token: &str) -> Option<BearerToken> {
        format!("Bearer {token}").parse().ok().map(BearerToken)
    }
}

impl Interceptor for BearerToken {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        request
            .metadata_mut()
            .insert("authorization", self.0.clone());
        Ok(request)
    }
}

type Authorized = InterceptedService<Channel, BearerToken>;

/// The gRPC clients of one logged-in session. Cheap to clone; clone one into each call.
#[derive(Clone)]
pub struct Api {
    channel: Channel,
    token: BearerToken,
    raw_token: Arc<str>,
}

impl Api {
    pub fn new(channel: Channel, token: &str) -> Option<Api> {
        let bearer = BearerToken::new(token)?;
        Some(Api {
            channel,
            token: bearer,
            raw_token: Arc::from(token),
        })
    }

    pub fn auth(&self) -> AuthServiceClient<Authorized> {
        AuthServiceClient::with_interceptor(self.channel.clone(), self.token.clone())
            .send_compressed(CompressionEncoding::Gzip)
            .accept_compressed(CompressionEncoding::Gzip)
    }

    pub fn admin(&self) -> AdminServiceClient<Authorized> {
        AdminServiceClient::with_interceptor(self.channel.clone(), self.token.clone())
            .send_compressed(CompressionEncoding::Gzip)
            .accept_compressed(CompressionEncoding::Gzip)
    }

    pub fn customers(&self) -> CustomerServiceClient<Authorized> {
        CustomerServiceClient::with_interceptor(self.channel.clone(), self.token.clone())
            .send_compressed(CompressionEncoding::Gzip)
            .accept_compressed(CompressionEncoding::Gzip)
    }

    pub fn opportunities(&self) -> OpportunityServiceClient<Authorized> {
        OpportunityServiceClient::with_interceptor(self.channel.clone(), self.token.clone())
            .send_compressed(CompressionEncoding::Gzip)
            .accept_compressed(CompressionEncoding::Gzip)
    }

    pub fn churn(&self) -> ChurnServiceClient<Authorized> {
        ChurnServiceClient::with_interceptor(self.channel.clone(), self.token.clone())
            .send_compressed(CompressionEncoding::Gzip)
            .accept_compressed(CompressionEncoding::Gzip)
    }

    pub fn tickets(&self) -> ServiceTicketServiceClient<Authorized> {
        ServiceTicketServiceClient::with_interceptor(self.channel.clone(), self.token.clone())
            .send_compressed(CompressionEncoding::Gzip)
            .accept_compressed(CompressionEncoding::Gzip)
    }

    /// Every item of a dictionary, disabled ones too (a record may still hold one; the pickers
    /// offer only enabled ones, see `widgets::choice::items`), for a form's or filter's
    /// choices: a call of its own, so several lists load at once.
    pub fn dictionary_items(
        &self,
        kind: crm_proto::v1::DictionaryType,
    ) -> impl Future<Output = Result<Vec<crm_proto::v1::DictionaryItem>, tonic::Status>> + use<>
    {
        let mut admin = self.admin();
        let request = crm_proto::v1::ListDictionaryRequest {
            r#type: kind.into(),
            include_disabled: true,
        };
        async move { Ok(admin.list_dictionary(request).await?.into_inner().items) }
    }

    /// The session token, for "记住登录".
    pub fn token(&self) -> &str {
        &self.raw_token
    }
}

/// A client for `Login`, the one call without a token.
pub fn login_client(channel: Channel) -> AuthServiceClient<Channel> {
    AuthServiceClient::new(channel)
        .send_compressed(CompressionEncoding::Gzip)
        .accept_compressed(CompressionEncoding::Gzip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spawned_work_arrives_in_its_promise() {
        let runtime = new_runtime().unwrap();
        let rpc = Rpc::new(runtime.handle().clone(), egui::Context::default());
        let mut slot: Pending<i32> = Some(rpc.spawn(async { Ok(6 * 7) }));

        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let answer = loop {
            if let Some(answer) = take_ready(&mut slot) {
                break answer;
            }
            assert!(std::time::Instant::now() < deadline, "no answer");
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(answer, Ok(42));
        assert!(slot.is_none());
    }

    #[test]
    fn a_call_whose_task_died_answers_internal_instead_of_waiting_forever() {
        let (sender, receiver) = oneshot::channel::<Reply<i32>>();
        drop(sender);
        let mut slot: Pending<i32> = Some(Promise { receiver });
        let answer = take_ready(&mut slot).expect("an answer");
        assert!(answer.unwrap_err().is("INTERNAL"));
        assert!(slot.is_none());
    }

    #[test]
    fn bearer_token_goes_into_authorization_metadata() {
        let mut token = BearerToken::new("abc").unwrap();
        let request = token.call(tonic::Request::new(())).unwrap();
        assert_eq!(
            request.metadata().get("authorization").unwrap(),
            "Bearer abc"
        );
        assert!(BearerToken::new("bad\ntoken").is_none());
    }
}
