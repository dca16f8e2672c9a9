//! `crm-probe ADDRESS`: checks from outside that a running server answers — its health service
//! reports serving and the demo administrator can log in. Used by `installer/test-windows.sh`
//! against the Windows server under Wine; handy for operators on plaintext test servers too.

use anyhow::{Context, bail};
use crm_proto::v1::LoginRequest;
use crm_proto::v1::auth_service_client::AuthServiceClient;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Some(address) = std::env::args().nth(1) else {
        bail!("usage: crm-probe http://HOST:PORT");
    };
    let channel = tonic::transport::Channel::from_shared(address.clone())?
        .connect()
        .await
        .with_context(|| format!("connecting to {address}"))?;

    let health = HealthClient::new(channel.clone())
        .check(HealthCheckRequest {
            service: "crm.v1.AuthService".into(),
        })
        .await?
        .into_inner();
    if health.status != ServingStatus::Serving as i32 {
        bail!("health: not serving ({})", health.status);
    }
    println!("health: SERVING");

    let login = LoginRequest {
        username: "admin".into(),
        password: crm_tests::DEMO_PASSWORD.into(),
        remember: false,
    };
    let response = AuthServiceClient::new(channel)
        .login(login)
        .await?
        .into_inner();
    let user = response.user.context("login answered without a user")?;
    println!(
        "login: {} ({}) rights {:?}",
        user.username, user.display_name, user.rights
    );
    Ok(())
}
