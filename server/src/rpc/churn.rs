//! `crm.v1.ChurnService`.

use crm_proto::v1 as pb;
use crm_proto::v1::churn_service_server::ChurnService;
use tonic::{Request, Response, Status};

use super::churn_convert as convert;
use super::{caller, convert::page};
use crate::app::App;
use crate::app::churn::WarningQuery;

pub struct ChurnRpc {
    pub app: App,
}

type Answer<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl ChurnService for ChurnRpc {
    async fn list_churn_warnings(
        &self,
        request: Request<pb::ListChurnWarningsRequest>,
    ) -> Answer<pb::ListChurnWarningsResponse> {
        let caller = caller(&self.app, &request).await?;
        let request = request.into_inner();
        let query = WarningQuery {
            status: convert::warning_status(request.status)?,
            open_only: request.open_only,
            mine: request.mine,
            customer_name: request.customer_name,
        };
        let (found, total) = self
            .app
            .list_churn_warnings(&caller, &query, page(request.page))
            .await?;
        Ok(Response::new(pb::ListChurnWarningsResponse {
            warnings: found.into_iter().map(convert::warning).collect(),
            total,
        }))
    }

    async fn get_churn_warning(
        &self,
        request: Request<pb::GetChurnWarningRequest>,
    ) -> Answer<pb::ChurnWarningDetail> {
        let caller = caller(&self.app, &request).await?;
        let id = request.get_ref().id;
        let (view, measures) = self.app.get_churn_warning(&caller, id).await?;
        Ok(Response::new(convert::detail(view, measures)))
    }

    async fn add_delay_measure(
        &self,
        request: Request<pb::AddDelayMeasureRequest>,
    ) -> Answer<pb::ChurnWarningDetail> {
        let caller = caller(&self.app, &request).await?;
        let r = request.into_inner();
        let (view, measures) = self
            .app
            .add_delay_measure(&caller, r.id, r.version, &r.measure)
            .await?;
        Ok(Response::new(convert::detail(view, measures)))
    }

    async fn confirm_churn(
        &self,
        request: Request<pb::ConfirmChurnRequest>,
    ) -> Answer<pb::ChurnWarningDetail> {
        let caller = caller(&self.app, &request).await?;
        let r = request.into_inner();
        let (view, measures) = self
            .app
            .confirm_churn(&caller, r.id, r.version, &r.reason)
            .await?;
        Ok(Response::new(convert::detail(view, measures)))
    }

    async fn run_churn_scan(
        &self,
        request: Request<pb::RunChurnScanRequest>,
    ) -> Answer<pb::ChurnRun> {
        let caller = caller(&self.app, &request).await?;
        let run = self.app.run_churn_scan(&caller).await?;
        Ok(Response::new(convert::run(run)))
    }

    async fn list_churn_runs(
        &self,
        request: Request<pb::ListChurnRunsRequest>,
    ) -> Answer<pb::ListChurnRunsResponse> {
        let caller = caller(&self.app, &request).await?;
        let (runs, total) = self
            .app
            .list_churn_runs(&caller, page(request.into_inner().page))
            .await?;
        Ok(Response::new(pb::ListChurnRunsResponse {
            runs: runs.into_iter().map(convert::run).collect(),
            total,
        }))
    }
}
