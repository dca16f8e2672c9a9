//! Churn warnings end to end over gRPC (DESIGN §2.2): the demo's warnings, 暂缓措施 kept
//! and never overwritten, 确认流失 only after a measure and with a reason (the customer
//! becoming 已流失 in the same step), who may act, and the administrator's scan runs.

use crm_proto::v1::churn_service_client::ChurnServiceClient;
use crm_proto::v1::{
    AddDelayMeasureRequest, ChurnWarning, ChurnWarningDetail, ChurnWarningStatus,
    ConfirmChurnRequest, CustomerStatus, GetChurnWarningRequest, GetCustomerRequest,
    ListChurnRunsRequest, ListChurnWarningsRequest, RunChurnScanRequest,
};
use crm_tests::{TestServer, authed, detail};
use tonic::transport::Channel;
use tonic::{Code, Status};

fn churn(server: &TestServer) -> ChurnServiceClient<Channel> {
    ChurnServiceClient::new(server.channel.clone())
}

/// The open warnings on the caller's own customers.
async fn my_open_warnings(server: &TestServer, token: &str) -> Vec<ChurnWarning> {
    let request = ListChurnWarningsRequest {
        open_only: true,
        mine: true,
        ..ListChurnWarningsRequest::default()
    };
    let found = churn(server)
        .list_churn_warnings(authed(token, request))
        .await;
    found.unwrap().into_inner().warnings
}

async fn add_measure(
    server: &TestServer,
    token: &str,
    warning: &ChurnWarning,
    measure: &str,
) -> Result<ChurnWarningDetail, Status> {
    let request = AddDelayMeasureRequest {
        id: warning.id,
        version: warning.version,
        measure: measure.to_owned(),
    };
    let answer = churn(server)
        .add_delay_measure(authed(token, request))
        .await;
    answer.map(tonic::Response::into_inner)
}

async fn confirm(
    server: &TestServer,
    token: &str,
    warning: &ChurnWarning,
    reason: &str,
) -> Result<ChurnWarningDetail, Status> {
    let request = ConfirmChurnRequest {
        id: warning.id,
        version: warning.version,
        reason: reason.to_owned(),
    };
    let answer = churn(server).confirm_churn(authed(token, request)).await;
    answer.map(tonic::Response::into_inner)
}

#[tokio::test]
async fn the_demo_has_warnings_for_its_silent_customers() {
    let server = TestServer::start_demo().await;
    let manager1 = server.login("manager1").await;
    let mine = my_open_warnings(&server, &manager1).await;
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|w| w.manager_name == "张伟"));
    assert!(
        mine.iter()
            .all(|w| w.status() == ChurnWarningStatus::Open && w.measurable)
    );
    assert!(mine.iter().all(|w| !w.confirmable), "no measure yet");
}

#[tokio::test]
async fn measures_are_kept_and_confirming_needs_one_and_a_reason() {
    let server = TestServer::start_demo().await;
    let manager1 = server.login("manager1").await;
    let warning = my_open_warnings(&server, &manager1).await.remove(0);

    let refused = confirm(&server, &manager1, &warning, "客户已转向竞争对手")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::FailedPrecondition);
    assert_eq!(detail(&refused).code, "CHURN_NO_MEASURE");

    let blank = add_measure(&server, &manager1, &warning, "  ")
        .await
        .unwrap_err();
    assert_eq!(detail(&blank).violations[0].field, "measure");
    let first = add_measure(&server, &manager1, &warning, "电话回访，了解停购原因")
        .await
        .unwrap();
    let stale = add_measure(&server, &manager1, &warning, "重复提交")
        .await
        .unwrap_err();
    assert_eq!(stale.code(), Code::Aborted);
    let after_first = first.warning.unwrap();
    assert_eq!(after_first.status(), ChurnWarningStatus::Delayed);
    let second = add_measure(&server, &manager1, &after_first, "赠送半年维保，约下月拜访")
        .await
        .unwrap();
    let measures: Vec<(&str, &str)> = second
        .measures
        .iter()
        .map(|m| (m.measure.as_str(), m.created_by_name.as_str()))
        .collect();
    assert_eq!(
        measures,
        [
            ("电话回访，了解停购原因", "张伟"),
            ("赠送半年维保，约下月拜访", "张伟")
        ]
    );
    let delayed = second.warning.unwrap();
    assert!(delayed.confirmable);

    let no_reason = confirm(&server, &manager1, &delayed, "").await.unwrap_err();
    assert_eq!(detail(&no_reason).violations[0].field, "reason");
    let lost = confirm(&server, &manager1, &delayed, "客户已转向竞争对手")
        .await
        .unwrap();
    let lost = lost.warning.unwrap();
    assert_eq!(lost.status(), ChurnWarningStatus::Lost);
    assert_eq!(lost.reason, "客户已转向竞争对手");
    assert_eq!(lost.confirmed_by_name, "张伟");
    assert!(!lost.measurable && !lost.confirmable);

    let request = GetCustomerRequest {
        id: lost.customer_id,
    };
    let customer = server
        .customers()
        .get_customer(authed(&manager1, request))
        .await;
    let customer = customer.unwrap().into_inner();
    assert_eq!(customer.status(), CustomerStatus::Lost);
    assert!(!customer.editable, "a lost customer is not editable");

    let closed = add_measure(&server, &manager1, &lost, "再试一次")
        .await
        .unwrap_err();
    assert_eq!(detail(&closed).code, "CHURN_WARNING_CLOSED");
}

#[tokio::test]
async fn only_the_customers_manager_or_a_supervisor_acts() {
    let server = TestServer::start_demo().await;
    let manager1 = server.login("manager1").await;
    let manager2 = server.login("manager2").await;
    let supervisor = server.login("supervisor").await;
    let warning = my_open_warnings(&server, &manager1).await.remove(0);

    let refused = add_measure(&server, &manager2, &warning, "不是我的客户")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let request = GetChurnWarningRequest { id: warning.id };
    let seen = churn(&server)
        .get_churn_warning(authed(&manager2, request))
        .await;
    assert!(!seen.unwrap().into_inner().warning.unwrap().measurable);

    let by_supervisor = add_measure(&server, &supervisor, &warning, "主管亲自拜访")
        .await
        .unwrap();
    assert_eq!(by_supervisor.measures[0].created_by_name, "王建华");

    let executive = server.login("executive").await;
    let request = ListChurnWarningsRequest::default();
    let refused = churn(&server)
        .list_churn_warnings(authed(&executive, request))
        .await;
    assert_eq!(refused.unwrap_err().code(), Code::PermissionDenied);
}

#[tokio::test]
async fn the_administrator_runs_the_scan_and_reads_its_runs() {
    let server = TestServer::start_demo().await;
    let admin = server.login("admin").await;
    let manager1 = server.login("manager1").await;

    let refused = churn(&server)
        .run_churn_scan(authed(&manager1, RunChurnScanRequest {}))
        .await;
    assert_eq!(refused.unwrap_err().code(), Code::PermissionDenied);

    let run = churn(&server)
        .run_churn_scan(authed(&admin, RunChurnScanRequest {}))
        .await
        .unwrap()
        .into_inner();
    assert!(run.customers_checked >= 60);
    assert_eq!(
        run.warnings_opened, 0,
        "the demo's load already opened them"
    );
    assert_eq!(run.started_by_name, "赵磊");
    assert!(run.finished_at.is_some() && run.error.is_empty());

    let runs = churn(&server)
        .list_churn_runs(authed(&admin, ListChurnRunsRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(runs.total, 2, "the demo's load and this one");
    assert_eq!(runs.runs[0].id, run.id);
    assert!(runs.runs[1].warnings_opened > 0);
}
