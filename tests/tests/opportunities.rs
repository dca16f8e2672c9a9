//! Marketing end to end (DESIGN §2.1): sales opportunities through their states, who may do
//! what in each, development plans, 开发成功 exactly once, and the assignment board.

use crm_proto::v1::{
    AddPlanItemRequest, AssignOpportunityRequest, CreateOpportunityRequest, Customer,
    DeleteOpportunityRequest, DeletePlanItemRequest, DictionaryType, GetAssignmentBoardRequest,
    GetCustomerRequest, GetOpportunityRequest, ListAuditLogRequest, ListContactsRequest,
    ListCustomersRequest, ListOpportunitiesRequest, ListUsersRequest, MarkLostRequest,
    MarkWonRequest, MarkWonResponse, Opportunity, OpportunityFields, OpportunityStatus,
    PageRequest, PlanItem, RecordPlanResultRequest, UpdateOpportunityRequest,
    UpdatePlanItemRequest, WhoAmIRequest,
};
use crm_tests::{TestServer, authed, detail};
use tonic::{Code, Status};

async fn user_id(server: &TestServer, token: &str) -> i64 {
    let request = authed(token, WhoAmIRequest {});
    let user = server.auth().who_am_i(request).await.unwrap().into_inner();
    user.id
}

fn fields(customer_name: &str) -> OpportunityFields {
    OpportunityFields {
        source: "展会".into(),
        customer_name: customer_name.to_owned(),
        success_rate: Some(60),
        summary: "采购数控机床".into(),
        contact: "刘强".into(),
        contact_phone: "021-55661234".into(),
        description: "客户计划明年更新两条产线".into(),
        region_id: 0,
        industry_id: 0,
    }
}

async fn try_create(
    server: &TestServer,
    token: &str,
    fields: OpportunityFields,
) -> Result<Opportunity, Status> {
    let request = CreateOpportunityRequest {
        fields: Some(fields),
    };
    let created = server
        .opportunities()
        .create_opportunity(authed(token, request))
        .await;
    created.map(tonic::Response::into_inner)
}

async fn create(server: &TestServer, token: &str, customer_name: &str) -> Opportunity {
    try_create(server, token, fields(customer_name))
        .await
        .unwrap()
}

async fn try_assign(
    server: &TestServer,
    token: &str,
    opportunity: &Opportunity,
    assignee_id: i64,
) -> Result<Opportunity, Status> {
    let request = AssignOpportunityRequest {
        id: opportunity.id,
        version: opportunity.version,
        assignee_id,
    };
    let assigned = server
        .opportunities()
        .assign_opportunity(authed(token, request))
        .await;
    assigned.map(tonic::Response::into_inner)
}

/// An opportunity of manager1's, assigned by the supervisor to `assignee`.
async fn assigned_to(server: &TestServer, assignee: &str, customer_name: &str) -> Opportunity {
    let creator = server.login("manager1").await;
    let supervisor = server.login("supervisor").await;
    let opportunity = create(server, &creator, customer_name).await;
    let assignee_id = server.user_id(assignee).await;
    try_assign(server, &supervisor, &opportunity, assignee_id)
        .await
        .unwrap()
}

async fn get(server: &TestServer, token: &str, id: i64) -> Result<Opportunity, Status> {
    let request = GetOpportunityRequest { id };
    let detail = server
        .opportunities()
        .get_opportunity(authed(token, request))
        .await?;
    Ok(detail.into_inner().opportunity.unwrap())
}

async fn try_add_item(
    server: &TestServer,
    token: &str,
    opportunity_id: i64,
    date: &str,
    content: &str,
) -> Result<PlanItem, Status> {
    let request = AddPlanItemRequest {
        opportunity_id,
        date: date.to_owned(),
        content: content.to_owned(),
    };
    let added = server
        .opportunities()
        .add_plan_item(authed(token, request))
        .await;
    added.map(tonic::Response::into_inner)
}

async fn try_mark_won(
    server: &TestServer,
    token: &str,
    opportunity: &Opportunity,
    allow_duplicate_name: bool,
) -> Result<MarkWonResponse, Status> {
    let request = MarkWonRequest {
        id: opportunity.id,
        version: opportunity.version,
        allow_duplicate_name,
    };
    let won = server
        .opportunities()
        .mark_won(authed(token, request))
        .await;
    won.map(tonic::Response::into_inner)
}

/// The customers whose name contains `name`.
async fn customers_named(server: &TestServer, token: &str, name: &str) -> Vec<i64> {
    let request = ListCustomersRequest {
        query: name.to_owned(),
        ..ListCustomersRequest::default()
    };
    let found = server
        .customers()
        .list_customers(authed(token, request))
        .await;
    let found = found.unwrap().into_inner().customers;
    found
        .into_iter()
        .filter(|c| c.name == name)
        .map(|c| c.id)
        .collect()
}

async fn list(
    server: &TestServer,
    token: &str,
    request: ListOpportunitiesRequest,
) -> (Vec<Opportunity>, u64) {
    let found = server
        .opportunities()
        .list_opportunities(authed(token, request))
        .await;
    let found = found.unwrap().into_inner();
    (found.opportunities, found.total)
}

fn violated_fields(status: &Status) -> Vec<(String, String)> {
    detail(status)
        .violations
        .into_iter()
        .map(|v| (v.field, v.code))
        .collect()
}

fn today() -> String {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d")
        .to_string()
}

#[tokio::test]
async fn create_sets_number_creator_and_time_on_the_server() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let me = user_id(&server, &token).await;
    let before = chrono::Utc::now().timestamp();

    let created = create(&server, &token, "北京京华仪器有限公司").await;

    let compact_today = today().replace('-', "");
    assert!(
        created.number.starts_with(&format!("JH{compact_today}")),
        "{}",
        created.number
    );
    assert_eq!(created.status(), OpportunityStatus::Unassigned);
    assert_eq!(created.created_by, me);
    assert_eq!(created.created_by_name, "张伟");
    let at = created.created_at.unwrap().seconds;
    assert!((before - 1..=before + 60).contains(&at), "{at} vs {before}");
    assert_eq!(created.assignee_id, 0);
    assert!(created.assigned_at.is_none());
    assert_eq!(created.fields.unwrap(), fields("北京京华仪器有限公司"));
    assert!(created.editable && created.deletable && !created.assignable);

    let second = create(&server, &token, "北京京华仪器二厂").await;
    assert_ne!(second.number, created.number);
}

#[tokio::test]
async fn missing_required_fields_are_incomplete_and_nothing_is_saved() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let everything = ListOpportunitiesRequest::default();
    let (_, before) = list(&server, &token, everything.clone()).await;

    let incomplete = OpportunityFields {
        summary: "  ".into(),
        success_rate: None,
        ..fields("天津海源物流有限公司")
    };
    let refused = try_create(&server, &token, incomplete).await.unwrap_err();

    assert_eq!(refused.code(), Code::InvalidArgument);
    assert_eq!(detail(&refused).message, "必填信息不完全");
    assert_eq!(
        violated_fields(&refused),
        [
            ("success_rate".to_owned(), "REQUIRED".to_owned()),
            ("summary".to_owned(), "REQUIRED".to_owned())
        ]
    );
    let (_, after) = list(&server, &token, everything).await;
    assert_eq!(after, before);
}

#[tokio::test]
async fn success_rate_outside_0_to_100_is_refused() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    for rate in [-1, 101] {
        let bad = OpportunityFields {
            success_rate: Some(rate),
            ..fields("重庆嘉和食品有限公司")
        };
        let refused = try_create(&server, &token, bad).await.unwrap_err();
        assert_eq!(
            violated_fields(&refused),
            [("success_rate".to_owned(), "OUT_OF_RANGE".to_owned())]
        );
    }
    let edge = OpportunityFields {
        success_rate: Some(0),
        ..fields("重庆嘉和食品有限公司")
    };
    try_create(&server, &token, edge).await.unwrap();
}

#[tokio::test]
async fn executive_cannot_create_or_read_opportunities() {
    let server = TestServer::start_demo().await;
    let token = server.login("executive").await;

    let refused = try_create(&server, &token, fields("某公司"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let request = authed(&token, ListOpportunitiesRequest::default());
    let refused = server.opportunities().list_opportunities(request).await;
    assert_eq!(refused.unwrap_err().code(), Code::PermissionDenied);
}

#[tokio::test]
async fn edit_only_while_unassigned_by_its_creator_or_a_supervisor() {
    let server = TestServer::start_demo().await;
    let creator = server.login("manager1").await;
    let other = server.login("manager2").await;
    let supervisor = server.login("supervisor").await;
    let opportunity = create(&server, &creator, "沈阳瑞丰机械有限公司").await;
    let update = |token: &str, opportunity: &Opportunity, summary: &str| {
        let mut fields = opportunity.fields.clone().unwrap();
        fields.summary = summary.to_owned();
        authed(
            token,
            UpdateOpportunityRequest {
                id: opportunity.id,
                version: opportunity.version,
                fields: Some(fields),
            },
        )
    };

    let refused = server
        .opportunities()
        .update_opportunity(update(&other, &opportunity, "改"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);

    let edited = server
        .opportunities()
        .update_opportunity(update(&supervisor, &opportunity, "采购两台加工中心"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(edited.fields.as_ref().unwrap().summary, "采购两台加工中心");
    assert_eq!(edited.version, opportunity.version + 1);
    assert_eq!(
        edited.created_by, opportunity.created_by,
        "creator never changes"
    );

    // The creator's screen still holds the old version.
    let stale = server
        .opportunities()
        .update_opportunity(update(&creator, &opportunity, "旧"))
        .await
        .unwrap_err();
    assert_eq!(stale.code(), Code::Aborted);
    assert_eq!(detail(&stale).message, "数据已被他人修改");

    let manager2 = server.user_id("manager2").await;
    let assigned = try_assign(&server, &supervisor, &edited, manager2)
        .await
        .unwrap();
    assert!(!assigned.editable);
    for token in [&creator, &supervisor] {
        let refused = server
            .opportunities()
            .update_opportunity(update(token, &assigned, "改"))
            .await
            .unwrap_err();
        assert_eq!(refused.code(), Code::FailedPrecondition);
        assert_eq!(detail(&refused).code, "OPPORTUNITY_NOT_UNASSIGNED");
    }
}

#[tokio::test]
async fn delete_only_by_its_creator_while_unassigned() {
    let server = TestServer::start_demo().await;
    let creator = server.login("manager1").await;
    let other = server.login("manager2").await;
    let supervisor = server.login("supervisor").await;
    let opportunity = create(&server, &creator, "郑州宏远电器有限公司").await;
    let delete = |token: &str, opportunity: &Opportunity| {
        let request = DeleteOpportunityRequest {
            id: opportunity.id,
            version: opportunity.version,
        };
        authed(token, request)
    };

    for token in [&other, &supervisor] {
        let refused = server
            .opportunities()
            .delete_opportunity(delete(token, &opportunity))
            .await
            .unwrap_err();
        assert_eq!(refused.code(), Code::PermissionDenied);
    }
    server
        .opportunities()
        .delete_opportunity(delete(&creator, &opportunity))
        .await
        .unwrap();
    let gone = get(&server, &creator, opportunity.id).await.unwrap_err();
    assert_eq!(gone.code(), Code::NotFound);

    let assigned = assigned_to(&server, "manager2", "郑州宏远电器二厂").await;
    let refused = server
        .opportunities()
        .delete_opportunity(delete(&creator, &assigned))
        .await
        .unwrap_err();
    assert_eq!(detail(&refused).code, "OPPORTUNITY_NOT_UNASSIGNED");
    assert!(get(&server, &creator, assigned.id).await.is_ok());
}

#[tokio::test]
async fn only_a_supervisor_assigns_and_only_to_an_active_account_manager() {
    let server = TestServer::start_demo().await;
    let manager = server.login("manager1").await;
    let supervisor = server.login("supervisor").await;
    let opportunity = create(&server, &manager, "杭州恒泰纺织有限公司").await;
    let manager2 = server.user_id("manager2").await;

    let refused = try_assign(&server, &manager, &opportunity, manager2)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);

    // Neither a supervisor, an executive nor a disabled account takes opportunities.
    for username in ["supervisor", "executive", "manager6"] {
        let id = server.user_id(username).await;
        let refused = try_assign(&server, &supervisor, &opportunity, id)
            .await
            .unwrap_err();
        assert_eq!(
            violated_fields(&refused),
            [("assignee_id".to_owned(), "UNKNOWN".to_owned())],
            "{username}"
        );
    }

    let assigned = try_assign(&server, &supervisor, &opportunity, manager2)
        .await
        .unwrap();
    assert_eq!(assigned.status(), OpportunityStatus::Assigned);
    assert_eq!(assigned.assignee_id, manager2);
    assert_eq!(assigned.assignee_name, "李娜");
    assert!(assigned.assigned_at.is_some());

    // Reassigning, e.g. after a resignation.
    let manager1 = server.user_id("manager1").await;
    let reassigned = try_assign(&server, &supervisor, &assigned, manager1)
        .await
        .unwrap();
    assert_eq!(reassigned.assignee_id, manager1);
    assert_eq!(reassigned.status(), OpportunityStatus::Assigned);
}

#[tokio::test]
async fn plan_items_belong_to_the_assignee_and_their_date_never_changes() {
    let server = TestServer::start_demo().await;
    let assignee = server.login("manager2").await;
    let creator = server.login("manager1").await;
    let supervisor = server.login("supervisor").await;
    let opportunity = assigned_to(&server, "manager2", "广州新联电子有限公司").await;
    let seen_by_assignee = get(&server, &assignee, opportunity.id).await.unwrap();
    assert!(seen_by_assignee.plan_editable && seen_by_assignee.closable);
    assert!(
        !opportunity.plan_editable,
        "the supervisor closes but keeps no plan"
    );
    assert!(opportunity.closable);

    for token in [&creator, &supervisor] {
        let refused = try_add_item(&server, token, opportunity.id, "2026-12-10", "拜访")
            .await
            .unwrap_err();
        assert_eq!(refused.code(), Code::PermissionDenied);
    }
    let refused = try_add_item(&server, &assignee, opportunity.id, "2026-12-10", " ")
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&refused),
        [("content".to_owned(), "REQUIRED".to_owned())]
    );
    let item = try_add_item(&server, &assignee, opportunity.id, "2026-12-1", "电话联系")
        .await
        .unwrap();
    assert_eq!(item.date, "2026-12-01");

    let update = |date: &str, content: &str, version: i64| UpdatePlanItemRequest {
        id: item.id,
        version,
        content: content.to_owned(),
        date: date.to_owned(),
    };
    let refused = server
        .opportunities()
        .update_plan_item(authed(&assignee, update("2026-12-05", "上门拜访", 1)))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::FailedPrecondition);
    assert_eq!(detail(&refused).code, "PLAN_DATE_FIXED");
    let edited = server
        .opportunities()
        .update_plan_item(authed(&assignee, update("2026-12-01", "上门拜访", 1)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (edited.date.as_str(), edited.content.as_str()),
        ("2026-12-01", "上门拜访")
    );

    let request = RecordPlanResultRequest {
        id: item.id,
        version: edited.version,
        result: "对方同意下周试用".into(),
    };
    let recorded = server
        .opportunities()
        .record_plan_result(authed(&assignee, request))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(recorded.result, "对方同意下周试用");
    assert_eq!(recorded.date, "2026-12-01");

    let second = try_add_item(&server, &assignee, opportunity.id, "2026-11-20", "寄资料")
        .await
        .unwrap();
    let request = GetOpportunityRequest { id: opportunity.id };
    let shown = server
        .opportunities()
        .get_opportunity(authed(&creator, request))
        .await
        .unwrap()
        .into_inner();
    let dates: Vec<_> = shown.plan_items.iter().map(|i| i.date.as_str()).collect();
    assert_eq!(dates, ["2026-11-20", "2026-12-01"], "by date");

    let request = DeletePlanItemRequest {
        id: second.id,
        version: second.version,
    };
    server
        .opportunities()
        .delete_plan_item(authed(&assignee, request))
        .await
        .unwrap();
}

#[tokio::test]
async fn plan_items_need_an_assigned_opportunity() {
    let server = TestServer::start_demo().await;
    let creator = server.login("manager1").await;
    let unassigned = create(&server, &creator, "南京明辉化工有限公司").await;
    let refused = try_add_item(&server, &creator, unassigned.id, "2026-12-10", "拜访")
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        Code::PermissionDenied,
        "nobody is its assignee yet"
    );

    let assignee = server.login("manager2").await;
    let lost = assigned_to(&server, "manager2", "南京明辉化工二厂").await;
    let request = MarkLostRequest {
        id: lost.id,
        version: lost.version,
    };
    let lost = server
        .opportunities()
        .mark_lost(authed(&assignee, request))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(lost.status(), OpportunityStatus::Lost);
    assert!(!lost.plan_editable && !lost.closable);
    let refused = try_add_item(&server, &assignee, lost.id, "2026-12-10", "拜访")
        .await
        .unwrap_err();
    assert_eq!(detail(&refused).code, "OPPORTUNITY_NOT_ASSIGNED");
    let refused = try_mark_won(&server, &assignee, &lost, false)
        .await
        .unwrap_err();
    assert_eq!(detail(&refused).code, "OPPORTUNITY_NOT_ASSIGNED");
}

#[tokio::test]
async fn won_creates_the_customer_and_its_first_contact_once() {
    let server = TestServer::start_demo().await;
    let assignee = server.login("manager2").await;
    let region = server
        .item_named(&assignee, DictionaryType::Region, "华南")
        .await;
    let creator = server.login("manager1").await;
    let supervisor = server.login("supervisor").await;
    let with_region = OpportunityFields {
        region_id: region,
        ..fields("深圳宇星软件有限公司")
    };
    let opportunity = try_create(&server, &creator, with_region).await.unwrap();
    let manager2 = server.user_id("manager2").await;
    let opportunity = try_assign(&server, &supervisor, &opportunity, manager2)
        .await
        .unwrap();

    let first = try_mark_won(&server, &assignee, &opportunity, false)
        .await
        .unwrap();
    let won = first.opportunity.unwrap();
    let customer = first.customer.unwrap();
    assert_eq!(won.status(), OpportunityStatus::Won);
    assert_eq!(won.customer_id, customer.id);
    assert_eq!(won.customer_number, customer.number);
    let customer_fields = customer.fields.clone().unwrap();
    assert_eq!(customer_fields.name, "深圳宇星软件有限公司");
    assert_eq!(customer_fields.region_id, region);
    assert_eq!(customer_fields.manager_id, manager2);
    assert_eq!(customer_fields.level_id, 0, "待补充");
    assert_eq!(customer_fields.satisfaction, 0, "待补充");

    let request = ListContactsRequest {
        customer_id: customer.id,
    };
    let contacts = server
        .customers()
        .list_contacts(authed(&assignee, request))
        .await
        .unwrap()
        .into_inner()
        .contacts;
    assert_eq!(contacts.len(), 1);
    let contact = contacts[0].fields.clone().unwrap();
    assert_eq!(contact.name, "刘强");
    assert_eq!(contact.office_phone, "021-55661234");
    assert_eq!(contact.gender, 0, "性别 待补充");
    assert_eq!(contact.position, "", "职位 待补充");

    // A retry (the answer got lost, the user clicks again) creates nothing.
    let again = try_mark_won(&server, &assignee, &opportunity, false)
        .await
        .unwrap();
    assert_eq!(again.customer.unwrap().id, customer.id);
    let named = customers_named(&server, &assignee, "深圳宇星软件有限公司").await;
    assert_eq!(named, [customer.id]);

    let request = GetCustomerRequest { id: customer.id };
    let stored: Customer = server
        .customers()
        .get_customer(authed(&assignee, request))
        .await
        .unwrap()
        .into_inner();
    assert!(stored.editable, "the assignee manages the new customer");
}

#[tokio::test]
async fn concurrent_won_calls_make_exactly_one_customer_and_both_name_it() {
    let server = TestServer::start_demo().await;
    let assignee = server.login("manager2").await;
    let supervisor = server.login("supervisor").await;
    for round in 0..5 {
        let name = format!("厦门鼎盛贸易有限公司{round}号");
        let opportunity = assigned_to(&server, "manager2", &name).await;

        let (a, b) = tokio::join!(
            try_mark_won(&server, &assignee, &opportunity, false),
            try_mark_won(&server, &supervisor, &opportunity, false),
        );
        let (a, b) = (a.unwrap(), b.unwrap());

        let id = a.customer.unwrap().id;
        assert_eq!(b.customer.unwrap().id, id, "round {round}");
        assert_eq!(customers_named(&server, &assignee, &name).await, [id]);
        let request = ListContactsRequest { customer_id: id };
        let contacts = server
            .customers()
            .list_contacts(authed(&assignee, request))
            .await
            .unwrap()
            .into_inner()
            .contacts;
        assert_eq!(contacts.len(), 1, "round {round}");
    }
}

#[tokio::test]
async fn won_warns_about_a_customer_of_the_same_name_before_creating_another() {
    let server = TestServer::start_demo().await;
    let assignee = server.login("manager2").await;
    let existing = server
        .new_customer(
            &assignee,
            crm_proto::v1::CustomerFields {
                name: "成都天宇物流有限公司".into(),
                manager_id: 0,
                ..Default::default()
            },
        )
        .await;
    let opportunity = assigned_to(&server, "manager2", "成都天宇物流有限公司").await;

    let refused = try_mark_won(&server, &assignee, &opportunity, false)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::AlreadyExists);
    assert_eq!(detail(&refused).params["numbers"], existing.number);
    let unchanged = get(&server, &assignee, opportunity.id).await.unwrap();
    assert_eq!(unchanged.status(), OpportunityStatus::Assigned);
    assert_eq!(
        customers_named(&server, &assignee, "成都天宇物流有限公司")
            .await
            .len(),
        1
    );

    let confirmed = try_mark_won(&server, &assignee, &opportunity, true)
        .await
        .unwrap();
    assert_ne!(confirmed.customer.unwrap().id, existing.id);
    assert_eq!(
        customers_named(&server, &assignee, "成都天宇物流有限公司")
            .await
            .len(),
        2
    );
}

#[tokio::test]
async fn only_the_assignee_or_a_supervisor_closes_an_opportunity() {
    let server = TestServer::start_demo().await;
    let creator = server.login("manager1").await;
    let supervisor = server.login("supervisor").await;
    let opportunity = assigned_to(&server, "manager2", "武汉金源医药有限公司").await;

    let refused = try_mark_won(&server, &creator, &opportunity, false)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let request = MarkLostRequest {
        id: opportunity.id,
        version: opportunity.version,
    };
    let refused = server
        .opportunities()
        .mark_lost(authed(&creator, request))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);

    let lost = server
        .opportunities()
        .mark_lost(authed(&supervisor, request))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(lost.status(), OpportunityStatus::Lost);
    let unassigned = create(&server, &creator, "武汉金源医药二厂").await;
    let refused = try_mark_won(&server, &supervisor, &unassigned, false)
        .await
        .unwrap_err();
    assert_eq!(detail(&refused).code, "OPPORTUNITY_NOT_ASSIGNED");
}

#[tokio::test]
async fn the_board_ranks_a_matching_manager_above_one_that_does_not() {
    let server = TestServer::start_demo().await;
    let creator = server.login("manager1").await;
    let supervisor = server.login("supervisor").await;
    let item = |kind, name| server.item_named(&creator, kind, name);
    // manager1 (张伟) covers 北京/华北 and 制造/能源; manager2 (李娜) 上海/华东 and 零售/金融.
    let shanghai_retail = OpportunityFields {
        region_id: item(DictionaryType::Region, "上海").await,
        industry_id: item(DictionaryType::Industry, "零售").await,
        ..fields("上海佳汇商贸有限公司")
    };
    let beijing_energy = OpportunityFields {
        region_id: item(DictionaryType::Region, "北京").await,
        industry_id: item(DictionaryType::Industry, "能源").await,
        ..fields("北京正德能源有限公司")
    };
    let shanghai = try_create(&server, &creator, shanghai_retail)
        .await
        .unwrap();
    let beijing = try_create(&server, &creator, beijing_energy).await.unwrap();
    let board = |id: i64| {
        let request = GetAssignmentBoardRequest {
            opportunity_id: id,
            page: Some(PageRequest {
                page: 1,
                page_size: 200,
            }),
        };
        authed(&supervisor, request)
    };
    let names = |board: &crm_proto::v1::AssignmentBoard| -> Vec<String> {
        board
            .managers
            .iter()
            .map(|m| m.display_name.clone())
            .collect()
    };

    let for_shanghai = server
        .opportunities()
        .get_assignment_board(board(shanghai.id))
        .await
        .unwrap()
        .into_inner();
    let top = &for_shanghai.managers[0];
    assert_eq!(top.display_name, "李娜");
    assert!(top.region_matches && top.industry_matches);
    assert!(top.region_names.contains(&"上海".to_owned()));
    let order = names(&for_shanghai);
    let position = |name: &str| order.iter().position(|n| n == name).unwrap();
    assert!(position("李娜") < position("张伟"), "{order:?}");
    assert!(
        !order.contains(&"王建华".to_owned()),
        "supervisors hand out, not take"
    );
    let unassigned: Vec<i64> = for_shanghai.unassigned.iter().map(|o| o.id).collect();
    assert!(unassigned.contains(&shanghai.id) && unassigned.contains(&beijing.id));
    assert!(
        for_shanghai
            .unassigned
            .iter()
            .all(|o| o.status() == OpportunityStatus::Unassigned)
    );

    let for_beijing = server
        .opportunities()
        .get_assignment_board(board(beijing.id))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(for_beijing.managers[0].display_name, "张伟");
    let order = names(&for_beijing);
    let position = |name: &str| order.iter().position(|n| n == name).unwrap();
    assert!(position("张伟") < position("李娜"), "{order:?}");

    // Assigning moves it off the board and onto the manager's workload.
    let zhang = for_beijing.managers[0].clone();
    try_assign(&server, &supervisor, &beijing, zhang.id)
        .await
        .unwrap();
    let after = server
        .opportunities()
        .get_assignment_board(board(0))
        .await
        .unwrap()
        .into_inner();
    assert!(after.unassigned.iter().all(|o| o.id != beijing.id));
    assert_eq!(after.unassigned_total, for_beijing.unassigned_total - 1);
    let zhang_after = after.managers.iter().find(|m| m.id == zhang.id).unwrap();
    assert_eq!(zhang_after.open_opportunities, zhang.open_opportunities + 1);

    let request = authed(&creator, GetAssignmentBoardRequest::default());
    let refused = server.opportunities().get_assignment_board(request).await;
    assert_eq!(refused.unwrap_err().code(), Code::PermissionDenied);
}

#[tokio::test]
async fn the_list_filters_pages_stably_and_offers_mine() {
    let server = TestServer::start_demo().await;
    let manager1 = server.login("manager1").await;
    let me = user_id(&server, &manager1).await;
    for n in 0..3 {
        create(&server, &manager1, &format!("昆明丰源环保有限公司{n}")).await;
    }

    let mine = ListOpportunitiesRequest {
        created_by: me,
        ..ListOpportunitiesRequest::default()
    };
    let (found, total) = list(&server, &manager1, mine).await;
    assert!(total >= 3);
    assert!(found.iter().all(|o| o.created_by == me));

    let by_name = ListOpportunitiesRequest {
        customer_name: "丰源环保".into(),
        status: OpportunityStatus::Unassigned.into(),
        ..ListOpportunitiesRequest::default()
    };
    let (found, total) = list(&server, &manager1, by_name).await;
    assert_eq!(total, 3);
    let names: Vec<_> = found
        .iter()
        .map(|o| o.fields.as_ref().unwrap().customer_name.clone())
        .collect();
    assert_eq!(
        names,
        [
            "昆明丰源环保有限公司2",
            "昆明丰源环保有限公司1",
            "昆明丰源环保有限公司0"
        ],
        "newest first"
    );

    let today = today();
    let created_today = ListOpportunitiesRequest {
        created_from: today.clone(),
        created_to: today,
        ..ListOpportunitiesRequest::default()
    };
    let (found, _) = list(&server, &manager1, created_today).await;
    assert_eq!(found.len(), 3, "the demo's opportunities are older");
    let long_ago = ListOpportunitiesRequest {
        created_to: "2020-1-1".into(),
        ..ListOpportunitiesRequest::default()
    };
    assert_eq!(list(&server, &manager1, long_ago).await.1, 0);

    let manager2 = server.user_id("manager2").await;
    let assigned_to_manager2 = ListOpportunitiesRequest {
        assignee_id: manager2,
        ..ListOpportunitiesRequest::default()
    };
    let (found, total) = list(&server, &manager1, assigned_to_manager2).await;
    assert!(total > 0, "the demo assigns some to 李娜");
    assert!(found.iter().all(|o| o.assignee_id == manager2));

    // Pages of 5 cover every opportunity once.
    let (_, total) = list(&server, &manager1, ListOpportunitiesRequest::default()).await;
    let mut seen = Vec::new();
    for page in 1..=total.div_ceil(5) as u32 {
        let request = ListOpportunitiesRequest {
            page: Some(PageRequest { page, page_size: 5 }),
            ..ListOpportunitiesRequest::default()
        };
        seen.extend(
            list(&server, &manager1, request)
                .await
                .0
                .into_iter()
                .map(|o| o.id),
        );
    }
    let count = seen.len();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!((seen.len(), count as u64), (count, total));
}

#[tokio::test]
async fn a_customer_name_is_kept_and_found_in_one_form() {
    let server = TestServer::start_demo().await;
    let manager1 = server.login("manager1").await;
    let created = create(&server, &manager1, " 昆明丙丁(集团)有限公司").await;
    let name = created.fields.unwrap().customer_name;
    assert_eq!(name, "昆明丙丁（集团）有限公司");

    let by_name = ListOpportunitiesRequest {
        customer_name: "丙丁(集团)".into(),
        ..ListOpportunitiesRequest::default()
    };
    let (found, total) = list(&server, &manager1, by_name).await;
    assert_eq!(total, 1);
    assert_eq!(found[0].id, created.id);
}

#[tokio::test]
async fn the_demo_has_opportunities_in_every_state_with_plans() {
    let server = TestServer::start_demo().await;
    let token = server.login("supervisor").await;
    for status in [
        OpportunityStatus::Unassigned,
        OpportunityStatus::Assigned,
        OpportunityStatus::Won,
        OpportunityStatus::Lost,
    ] {
        let request = ListOpportunitiesRequest {
            status: status.into(),
            ..ListOpportunitiesRequest::default()
        };
        let (found, total) = list(&server, &token, request).await;
        assert!(total >= 4, "{status:?}: {total}");
        if status == OpportunityStatus::Assigned {
            let request = GetOpportunityRequest { id: found[0].id };
            let detail = server
                .opportunities()
                .get_opportunity(authed(&token, request))
                .await
                .unwrap()
                .into_inner();
            assert!(detail.plan_items.len() >= 2);
            assert!(detail.plan_items.iter().any(|i| !i.result.is_empty()));
        }
        if status == OpportunityStatus::Won {
            assert!(found.iter().all(|o| o.customer_id != 0));
        }
    }
}

#[tokio::test]
async fn every_change_is_audited() {
    let server = TestServer::start_demo().await;
    let assignee = server.login("manager2").await;
    let creator = server.login("manager1").await;
    let opportunity = assigned_to(&server, "manager2", "西安汇通包装有限公司").await;
    let item = try_add_item(&server, &assignee, opportunity.id, "2026-12-20", "拜访")
        .await
        .unwrap();
    let request = RecordPlanResultRequest {
        id: item.id,
        version: item.version,
        result: "已拜访".into(),
    };
    let item = server
        .opportunities()
        .record_plan_result(authed(&assignee, request))
        .await
        .unwrap()
        .into_inner();
    let request = DeletePlanItemRequest {
        id: item.id,
        version: item.version,
    };
    server
        .opportunities()
        .delete_plan_item(authed(&assignee, request))
        .await
        .unwrap();
    let won = try_mark_won(&server, &assignee, &opportunity, false)
        .await
        .unwrap();
    let customer = won.customer.unwrap();
    let deleted = create(&server, &creator, "西安汇通包装二厂").await;
    let request = DeleteOpportunityRequest {
        id: deleted.id,
        version: deleted.version,
    };
    server
        .opportunities()
        .delete_opportunity(authed(&creator, request))
        .await
        .unwrap();

    let admin = server.login("admin").await;
    let actions = |entity: &'static str, entity_id: i64| {
        let request = ListAuditLogRequest {
            entity: entity.into(),
            entity_id,
            ..ListAuditLogRequest::default()
        };
        let mut admin_client = server.admin();
        let token = admin.clone();
        async move {
            let entries = admin_client
                .list_audit_log(authed(&token, request))
                .await
                .unwrap()
                .into_inner()
                .entries;
            let mut actions: Vec<String> = entries.into_iter().map(|e| e.action).collect();
            actions.sort();
            actions
        }
    };
    assert_eq!(
        actions("opportunity", opportunity.id).await,
        ["assign", "create", "won"]
    );
    assert_eq!(
        actions("plan_item", item.id).await,
        ["create", "delete", "result"]
    );
    assert_eq!(actions("customer", customer.id).await, ["create"]);
    assert_eq!(
        actions("opportunity", deleted.id).await,
        ["create", "delete"]
    );
    let contact_entries = actions("contact", 0).await;
    assert!(contact_entries.contains(&"create".to_owned()));
}

#[tokio::test]
async fn stale_versions_are_refused_for_every_change_of_state() {
    let server = TestServer::start_demo().await;
    let assignee = server.login("manager2").await;
    let supervisor = server.login("supervisor").await;
    let opportunity = assigned_to(&server, "manager2", "福州泰和电器有限公司").await;
    let stale = Opportunity {
        version: opportunity.version - 1,
        ..opportunity.clone()
    };
    let manager1 = server.user_id("manager1").await;

    let refused = try_assign(&server, &supervisor, &stale, manager1)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::Aborted);
    let refused = try_mark_won(&server, &assignee, &stale, false)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::Aborted);
    let request = MarkLostRequest {
        id: stale.id,
        version: stale.version,
    };
    let refused = server
        .opportunities()
        .mark_lost(authed(&assignee, request))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::Aborted);

    let item = try_add_item(&server, &assignee, opportunity.id, "2026-12-20", "拜访")
        .await
        .unwrap();
    let request = RecordPlanResultRequest {
        id: item.id,
        version: item.version + 1,
        result: "已拜访".into(),
    };
    let refused = server
        .opportunities()
        .record_plan_result(authed(&assignee, request))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::Aborted);
    let unchanged = get(&server, &assignee, opportunity.id).await.unwrap();
    assert_eq!(unchanged.status(), OpportunityStatus::Assigned);
}

#[tokio::test]
async fn won_needs_an_active_assignee_and_makes_no_contact_without_one() {
    let server = TestServer::start_demo().await;
    let creator = server.login("manager1").await;
    let supervisor = server.login("supervisor").await;
    let admin = server.login("admin").await;
    let no_contact = OpportunityFields {
        contact: String::new(),
        contact_phone: String::new(),
        ..fields("青岛远达物流有限公司")
    };
    let opportunity = try_create(&server, &creator, no_contact).await.unwrap();
    let manager2 = server.user_id("manager2").await;
    let opportunity = try_assign(&server, &supervisor, &opportunity, manager2)
        .await
        .unwrap();

    // 李娜 leaves before the opportunity is won: her account is disabled.
    let request = ListUsersRequest {
        query: "manager2".into(),
        ..ListUsersRequest::default()
    };
    let users = server.admin().list_users(authed(&admin, request)).await;
    let user = users.unwrap().into_inner().users.remove(0);
    let request = crm_proto::v1::UpdateUserRequest {
        id: user.id,
        version: user.version,
        display_name: user.display_name.clone(),
        role: user.role.clone(),
        status: crm_proto::v1::UserStatus::Disabled.into(),
        region_ids: user.region_ids.clone(),
        industry_ids: user.industry_ids.clone(),
    };
    server
        .admin()
        .update_user(authed(&admin, request))
        .await
        .unwrap();
    let refused = try_mark_won(&server, &supervisor, &opportunity, false)
        .await
        .unwrap_err();
    assert_eq!(detail(&refused).code, "ASSIGNEE_INACTIVE");
    assert!(
        customers_named(&server, &supervisor, "青岛远达物流有限公司")
            .await
            .is_empty()
    );

    // Reassigned to 张伟, it is won: a customer without a contact.
    let opportunity = get(&server, &supervisor, opportunity.id).await.unwrap();
    let manager1 = server.user_id("manager1").await;
    let opportunity = try_assign(&server, &supervisor, &opportunity, manager1)
        .await
        .unwrap();
    let won = try_mark_won(&server, &supervisor, &opportunity, false)
        .await
        .unwrap();
    let customer = won.customer.unwrap();
    assert_eq!(customer.fields.unwrap().manager_id, manager1);
    let request = ListContactsRequest {
        customer_id: customer.id,
    };
    let contacts = server
        .customers()
        .list_contacts(authed(&creator, request))
        .await
        .unwrap()
        .into_inner()
        .contacts;
    assert!(contacts.is_empty());
}

#[tokio::test]
async fn a_closed_opportunity_cannot_be_assigned_again() {
    let server = TestServer::start_demo().await;
    let supervisor = server.login("supervisor").await;
    let opportunity = assigned_to(&server, "manager2", "大连银河化工有限公司").await;
    let request = MarkLostRequest {
        id: opportunity.id,
        version: opportunity.version,
    };
    let lost = server
        .opportunities()
        .mark_lost(authed(&supervisor, request))
        .await
        .unwrap()
        .into_inner();
    assert!(!lost.assignable);
    let manager1 = server.user_id("manager1").await;
    let refused = try_assign(&server, &supervisor, &lost, manager1)
        .await
        .unwrap_err();
    assert_eq!(detail(&refused).code, "OPPORTUNITY_NOT_ASSIGNED");
}

#[tokio::test]
async fn list_filters_refuse_an_unknown_state_and_take_9999_as_no_limit() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let (_, everything) = list(&server, &token, ListOpportunitiesRequest::default()).await;

    let request = ListOpportunitiesRequest {
        status: 42,
        ..ListOpportunitiesRequest::default()
    };
    let refused = server
        .opportunities()
        .list_opportunities(authed(&token, request))
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&refused),
        [("status".to_owned(), "INVALID".to_owned())]
    );

    let open_ended = ListOpportunitiesRequest {
        created_from: "2000-1-1".into(),
        created_to: "9999-12-31".into(),
        ..ListOpportunitiesRequest::default()
    };
    assert_eq!(list(&server, &token, open_ended).await.1, everything);
    let bad_date = ListOpportunitiesRequest {
        created_from: "2026-13-01".into(),
        ..ListOpportunitiesRequest::default()
    };
    let refused = server
        .opportunities()
        .list_opportunities(authed(&token, bad_date))
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&refused),
        [("created_from".to_owned(), "INVALID".to_owned())]
    );
}
