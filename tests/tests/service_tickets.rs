//! Service tickets end to end (DESIGN §2.3): create, assign, process, feedback (archiving or
//! another round), who may do what in which state, the lists per step, the archive search
//! and the supervisors' ticket board.

use crm_proto::v1::{
    AssignTicketRequest, CreateTicketRequest, CustomerSummary, DictionaryType,
    GetTicketBoardRequest, GetTicketRequest, ListAuditLogRequest, ListCustomersRequest,
    ListTicketsRequest, ListUsersRequest, PageRequest, ProcessTicketRequest, RecordFeedbackRequest,
    Ticket, TicketBoard, TicketDetail, TicketFields, TicketStatus, UpdateUserRequest, UserStatus,
};
use crm_tests::{TestServer, authed, detail};
use tonic::{Code, Status};

/// Demo customers, by name order.
async fn customers(server: &TestServer, token: &str) -> Vec<CustomerSummary> {
    let request = ListCustomersRequest {
        page: Some(PageRequest {
            page: 1,
            page_size: 50,
        }),
        ..ListCustomersRequest::default()
    };
    let found = server
        .customers()
        .list_customers(authed(token, request))
        .await;
    found.unwrap().into_inner().customers
}

async fn fields(server: &TestServer, token: &str, summary: &str) -> TicketFields {
    let type_id = server
        .item_named(token, DictionaryType::ServiceType, "投诉")
        .await;
    TicketFields {
        type_id,
        customer_id: customers(server, token).await[0].id,
        summary: summary.to_owned(),
        request: "客户反映设备运行时噪音明显增大，要求上门检查。".into(),
    }
}

async fn try_create(
    server: &TestServer,
    token: &str,
    fields: TicketFields,
) -> Result<Ticket, Status> {
    let request = CreateTicketRequest {
        fields: Some(fields),
    };
    let created = server.tickets().create_ticket(authed(token, request)).await;
    created.map(tonic::Response::into_inner)
}

async fn create(server: &TestServer, token: &str, summary: &str) -> Ticket {
    let fields = fields(server, token, summary).await;
    try_create(server, token, fields).await.unwrap()
}

async fn get(server: &TestServer, token: &str, id: i64) -> TicketDetail {
    let request = authed(token, GetTicketRequest { id });
    server
        .tickets()
        .get_ticket(request)
        .await
        .unwrap()
        .into_inner()
}

async fn try_assign(
    server: &TestServer,
    token: &str,
    ticket: &Ticket,
    assignee_id: i64,
) -> Result<Ticket, Status> {
    let request = AssignTicketRequest {
        id: ticket.id,
        version: ticket.version,
        assignee_id,
    };
    let assigned = server.tickets().assign_ticket(authed(token, request)).await;
    assigned.map(tonic::Response::into_inner)
}

async fn try_process(
    server: &TestServer,
    token: &str,
    ticket: &Ticket,
    handling: &str,
) -> Result<Ticket, Status> {
    let request = ProcessTicketRequest {
        id: ticket.id,
        version: ticket.version,
        handling: handling.to_owned(),
    };
    let processed = server
        .tickets()
        .process_ticket(authed(token, request))
        .await;
    processed.map(tonic::Response::into_inner)
}

async fn try_feedback(
    server: &TestServer,
    token: &str,
    ticket: &Ticket,
    result: &str,
    satisfaction: i32,
) -> Result<Ticket, Status> {
    let request = RecordFeedbackRequest {
        id: ticket.id,
        version: ticket.version,
        result: result.to_owned(),
        satisfaction,
    };
    let done = server
        .tickets()
        .record_feedback(authed(token, request))
        .await;
    done.map(tonic::Response::into_inner)
}

/// A ticket manager1 created and the supervisor assigned to manager2.
async fn assigned_ticket(server: &TestServer, summary: &str) -> (Ticket, [String; 3]) {
    let manager1 = server.login("manager1").await;
    let manager2 = server.login("manager2").await;
    let supervisor = server.login("supervisor").await;
    let ticket = create(server, &manager1, summary).await;
    let to = server.user_id("manager2").await;
    let ticket = try_assign(server, &supervisor, &ticket, to).await.unwrap();
    (ticket, [manager1, manager2, supervisor])
}

async fn list(server: &TestServer, token: &str, request: ListTicketsRequest) -> (Vec<Ticket>, u64) {
    let found = server.tickets().list_tickets(authed(token, request)).await;
    let found = found.unwrap().into_inner();
    (found.tickets, found.total)
}

fn summaries(tickets: &[Ticket]) -> Vec<&str> {
    tickets
        .iter()
        .map(|t| t.fields.as_ref().unwrap().summary.as_str())
        .collect()
}

#[tokio::test]
async fn low_satisfaction_returns_the_ticket_and_every_round_is_kept() {
    let server = TestServer::start_demo().await;
    let (ticket, [manager1, manager2, supervisor]) = assigned_ticket(&server, "噪音检查").await;
    let manager2_id = server.user_id("manager2").await;
    assert_eq!(ticket.status(), TicketStatus::Assigned);
    assert_eq!(ticket.assignee_id, manager2_id);
    assert_eq!(ticket.assignee_name, "李娜");
    assert!(ticket.assigned_at.is_some());
    assert!(ticket.number.starts_with("FW"), "{}", ticket.number);

    let ticket = try_process(&server, &manager2, &ticket, "电话指导客户紧固底座螺栓")
        .await
        .unwrap();
    assert_eq!(ticket.status(), TicketStatus::Processed);
    assert_eq!(ticket.handled_by_name, "李娜");
    assert!(ticket.handled_at.is_some());

    let ticket = try_feedback(&server, &manager1, &ticket, "噪音仍在", 2)
        .await
        .unwrap();
    assert_eq!(ticket.status(), TicketStatus::Assigned);
    assert_eq!(ticket.assignee_id, manager2_id, "back to the same assignee");

    let ticket = try_process(&server, &manager2, &ticket, "上门更换减震垫")
        .await
        .unwrap();
    let ticket = try_feedback(&server, &supervisor, &ticket, "噪音消除", 4)
        .await
        .unwrap();
    assert_eq!(ticket.status(), TicketStatus::Archived);
    assert_eq!(ticket.satisfaction, 4);

    let detail = get(&server, &manager1, ticket.id).await;
    let rounds: Vec<(i32, &str, &str, i32, &str)> = detail
        .rounds
        .iter()
        .map(|r| {
            let handling = r.handling.as_str();
            let result = r.feedback_result.as_str();
            (
                r.round,
                handling,
                result,
                r.satisfaction,
                r.feedback_by_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rounds,
        [
            (1, "电话指导客户紧固底座螺栓", "噪音仍在", 2, "张伟"),
            (2, "上门更换减震垫", "噪音消除", 4, "王建华"),
        ]
    );
    assert!(detail.rounds.iter().all(|r| r.handled_by_name == "李娜"));
    let actions = audit_actions(&server, ticket.id).await;
    assert_eq!(
        actions,
        [
            "create", "assign", "process", "feedback", "process", "feedback"
        ]
    );
}

/// The audit log's actions on a ticket, oldest first.
async fn audit_actions(server: &TestServer, id: i64) -> Vec<String> {
    let admin = server.login("admin").await;
    let request = ListAuditLogRequest {
        entity: "service_ticket".into(),
        entity_id: id,
        ..ListAuditLogRequest::default()
    };
    let log = server.admin().list_audit_log(authed(&admin, request)).await;
    let mut entries = log.unwrap().into_inner().entries;
    entries.reverse();
    entries.into_iter().map(|e| e.action).collect()
}

#[tokio::test]
async fn only_the_assignee_processes() {
    let server = TestServer::start_demo().await;
    let (ticket, [manager1, manager2, supervisor]) = assigned_ticket(&server, "无法开机").await;
    for token in [&manager1, &supervisor] {
        let refused = try_process(&server, token, &ticket, "远程排查")
            .await
            .unwrap_err();
        assert_eq!(refused.code(), Code::PermissionDenied);
    }
    assert!(
        !get(&server, &manager1, ticket.id)
            .await
            .ticket
            .unwrap()
            .processable
    );

    let refused = try_process(&server, &manager2, &ticket, "  ")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument);
    assert_eq!(detail(&refused).violations[0].field, "handling");
    let still = get(&server, &manager2, ticket.id).await;
    assert_eq!(still.ticket.unwrap().status(), TicketStatus::Assigned);
    assert!(still.rounds.is_empty(), "nothing half-saved");

    let processed = try_process(&server, &manager2, &ticket, "远程排查")
        .await
        .unwrap();
    let again = try_process(&server, &manager2, &processed, "再次处理")
        .await
        .unwrap_err();
    assert_eq!(again.code(), Code::FailedPrecondition);
    assert_eq!(detail(&again).code, "TICKET_NOT_ASSIGNED");
}

#[tokio::test]
async fn satisfaction_outside_one_to_five_is_refused() {
    let server = TestServer::start_demo().await;
    let (ticket, [manager1, manager2, _]) = assigned_ticket(&server, "配件缺失").await;
    let ticket = try_process(&server, &manager2, &ticket, "补发配件")
        .await
        .unwrap();
    for bad in [0, 6, -3] {
        let refused = try_feedback(&server, &manager1, &ticket, "已收到", bad)
            .await
            .unwrap_err();
        assert_eq!(refused.code(), Code::InvalidArgument);
        let violation = &detail(&refused).violations[0];
        assert_eq!(
            (violation.field.as_str(), violation.code.as_str()),
            ("satisfaction", "OUT_OF_RANGE")
        );
    }
    let refused = try_feedback(&server, &manager1, &ticket, "", 5)
        .await
        .unwrap_err();
    assert_eq!(detail(&refused).violations[0].field, "result");
    let still = get(&server, &manager1, ticket.id).await;
    assert_eq!(still.ticket.unwrap().status(), TicketStatus::Processed);
    assert_eq!(still.rounds[0].satisfaction, 0, "no feedback stored");
}

#[tokio::test]
async fn feedback_only_by_the_creator_or_a_supervisor_and_only_when_processed() {
    let server = TestServer::start_demo().await;
    let (ticket, [manager1, manager2, _]) = assigned_ticket(&server, "安装指导").await;
    let early = try_feedback(&server, &manager1, &ticket, "好", 5)
        .await
        .unwrap_err();
    assert_eq!(early.code(), Code::FailedPrecondition);
    assert_eq!(detail(&early).code, "TICKET_NOT_PROCESSED");

    let ticket = try_process(&server, &manager2, &ticket, "现场指导安装")
        .await
        .unwrap();
    // The assignee is neither the creator nor a supervisor.
    let refused = try_feedback(&server, &manager2, &ticket, "好", 5)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    assert!(
        !get(&server, &manager2, ticket.id)
            .await
            .ticket
            .unwrap()
            .feedback_allowed
    );
    assert!(
        get(&server, &manager1, ticket.id)
            .await
            .ticket
            .unwrap()
            .feedback_allowed
    );

    let archived = try_feedback(&server, &manager1, &ticket, "安装完成", 3)
        .await
        .unwrap();
    assert_eq!(archived.status(), TicketStatus::Archived);
}

#[tokio::test]
async fn creating_needs_every_field_and_the_service_right() {
    let server = TestServer::start_demo().await;
    let manager1 = server.login("manager1").await;
    let (_, before) = list(&server, &manager1, ListTicketsRequest::default()).await;

    let empty = TicketFields::default();
    let refused = try_create(&server, &manager1, empty).await.unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument);
    let refused = detail(&refused);
    assert_eq!(refused.message, "必填信息不完全");
    let named: Vec<&str> = refused
        .violations
        .iter()
        .map(|v| v.field.as_str())
        .collect();
    assert_eq!(named, ["type_id", "customer_id", "summary", "request"]);

    let mut wrong_type = fields(&server, &manager1, "类型不对").await;
    wrong_type.type_id = server
        .item_named(&manager1, DictionaryType::Region, "北京")
        .await;
    let refused = try_create(&server, &manager1, wrong_type)
        .await
        .unwrap_err();
    assert_eq!(detail(&refused).violations[0].field, "type_id");
    assert_eq!(detail(&refused).violations[0].code, "UNKNOWN");

    let executive = server.login("executive").await;
    let allowed = fields(&server, &manager1, "高管无权").await;
    let refused = try_create(&server, &executive, allowed).await.unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);

    let (_, after) = list(&server, &manager1, ListTicketsRequest::default()).await;
    assert_eq!(after, before, "nothing saved");

    let ticket = create(&server, &manager1, "  前后空格  ").await;
    assert_eq!(ticket.fields.as_ref().unwrap().summary, "前后空格");
    assert_eq!(ticket.created_by_name, "张伟");
    assert_eq!(ticket.status(), TicketStatus::New);
    assert!(ticket.created_at.is_some());
}

#[tokio::test]
async fn assigning_is_for_supervisors_to_active_users_who_handle_tickets() {
    let server = TestServer::start_demo().await;
    let manager1 = server.login("manager1").await;
    let supervisor = server.login("supervisor").await;
    let ticket = create(&server, &manager1, "分配规则").await;
    let manager2 = server.user_id("manager2").await;

    let refused = try_assign(&server, &manager1, &ticket, manager2)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    for username in ["manager6", "hr", "executive"] {
        let id = server.user_id(username).await;
        let refused = try_assign(&server, &supervisor, &ticket, id)
            .await
            .unwrap_err();
        assert_eq!(refused.code(), Code::InvalidArgument, "{username}");
        assert_eq!(detail(&refused).violations[0].field, "assignee_id");
    }

    let assigned = try_assign(&server, &supervisor, &ticket, manager2)
        .await
        .unwrap();
    let stale = try_assign(&server, &supervisor, &ticket, manager2)
        .await
        .unwrap_err();
    assert_eq!(stale.code(), Code::Aborted);
    assert_eq!(detail(&stale).message, "数据已被他人修改");

    let manager1_id = server.user_id("manager1").await;
    let reassigned = try_assign(&server, &supervisor, &assigned, manager1_id)
        .await
        .unwrap();
    assert_eq!(reassigned.assignee_name, "张伟");
    let processed = try_process(&server, &manager1, &reassigned, "已处理")
        .await
        .unwrap();
    let refused = try_assign(&server, &supervisor, &processed, manager2)
        .await
        .unwrap_err();
    assert_eq!(detail(&refused).code, "TICKET_NOT_ASSIGNABLE");
}

#[tokio::test]
async fn every_step_has_its_list() {
    let server = TestServer::start_demo().await;
    let (ticket, [manager1, manager2, supervisor]) = assigned_ticket(&server, "步骤列表").await;
    let manager2_id = server.user_id("manager2").await;
    let manager1_id = server.user_id("manager1").await;

    let mine = ListTicketsRequest {
        status: TicketStatus::Assigned.into(),
        assignee_id: manager2_id,
        ..ListTicketsRequest::default()
    };
    let (found, total) = list(&server, &manager2, mine.clone()).await;
    assert!(summaries(&found).contains(&"步骤列表"));
    assert!(
        found
            .iter()
            .all(|t| t.assignee_id == manager2_id && t.processable)
    );
    assert_eq!(found.len() as u64, total);

    try_process(&server, &manager2, &ticket, "处理完毕")
        .await
        .unwrap();
    let (found, _) = list(&server, &manager2, mine).await;
    assert!(!summaries(&found).contains(&"步骤列表"));

    let awaiting = ListTicketsRequest {
        status: TicketStatus::Processed.into(),
        created_by: manager1_id,
        ..ListTicketsRequest::default()
    };
    let (found, _) = list(&server, &manager1, awaiting).await;
    assert!(summaries(&found).contains(&"步骤列表"));
    assert!(
        found
            .iter()
            .all(|t| t.created_by == manager1_id && t.feedback_allowed)
    );

    let new = ListTicketsRequest {
        status: TicketStatus::New.into(),
        ..ListTicketsRequest::default()
    };
    let (found, total) = list(&server, &supervisor, new).await;
    assert!(total >= 4, "the demo's 新创建 tickets: {total}");
    assert!(
        found
            .iter()
            .all(|t| t.status() == TicketStatus::New && t.assignable)
    );

    let bad = ListTicketsRequest {
        status: 99,
        ..ListTicketsRequest::default()
    };
    let refused = server
        .tickets()
        .list_tickets(authed(&supervisor, bad))
        .await;
    assert_eq!(refused.unwrap_err().code(), Code::InvalidArgument);
}

/// Archives a ticket of the given type, customer and summary.
async fn archive(server: &TestServer, tokens: &[String; 3], fields: TicketFields) -> Ticket {
    let [manager1, manager2, supervisor] = tokens;
    let ticket = try_create(server, manager1, fields).await.unwrap();
    let to = server.user_id("manager2").await;
    let ticket = try_assign(server, supervisor, &ticket, to).await.unwrap();
    let ticket = try_process(server, manager2, &ticket, "处理")
        .await
        .unwrap();
    try_feedback(server, manager1, &ticket, "满意", 5)
        .await
        .unwrap()
}

#[tokio::test]
async fn archive_search_by_each_criterion() {
    let server = TestServer::start_demo().await;
    let tokens = [
        server.login("manager1").await,
        server.login("manager2").await,
        server.login("supervisor").await,
    ];
    let token = &tokens[0];
    let all = customers(&server, token).await;
    let (first, second) = (&all[0], &all[1]);
    let advice = server
        .item_named(token, DictionaryType::ServiceType, "建议")
        .await;
    let mut a = fields(&server, token, "甲号：更换滤芯").await;
    a.customer_id = first.id;
    let mut b = fields(&server, token, "乙号：延长质保").await;
    b.customer_id = second.id;
    b.type_id = advice;
    archive(&server, &tokens, a).await;
    archive(&server, &tokens, b).await;

    let search = |tweak: fn(&mut ListTicketsRequest, i64, &str, i64)| {
        let mut request = ListTicketsRequest {
            status: TicketStatus::Archived.into(),
            ..ListTicketsRequest::default()
        };
        tweak(&mut request, first.id, &first.name, advice);
        request
    };
    let mine = |found: &[Ticket]| -> Vec<String> {
        summaries(found)
            .into_iter()
            .filter(|s| s.starts_with("甲号") || s.starts_with("乙号"))
            .map(str::to_owned)
            .collect()
    };

    let by_customer = search(|r, id, _, _| r.customer_id = id);
    let (found, _) = list(&server, token, by_customer).await;
    assert_eq!(mine(&found), ["甲号：更换滤芯"]);
    assert!(found.iter().all(|t| t.customer_name == first.name));

    let by_name = search(|r, _, name, _| r.customer_name = name.chars().take(4).collect());
    let (found, _) = list(&server, token, by_name).await;
    assert!(mine(&found).contains(&"甲号：更换滤芯".to_owned()));

    let by_summary = search(|r, _, _, _| r.summary = "延长".into());
    let (found, _) = list(&server, token, by_summary).await;
    assert_eq!(mine(&found), ["乙号：延长质保"]);

    let by_type = search(|r, _, _, advice| r.type_id = advice);
    let (found, _) = list(&server, token, by_type).await;
    assert!(mine(&found).contains(&"乙号：延长质保".to_owned()));
    assert!(found.iter().all(|t| t.type_name == "建议"));

    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    let tomorrow = today.succ_opt().unwrap().to_string();
    let mut by_today = search(|_, _, _, _| {});
    by_today.created_from = today.to_string();
    by_today.created_to = today.to_string();
    let (found, total) = list(&server, token, by_today).await;
    assert_eq!(mine(&found).len(), 2);
    assert_eq!(total, 2, "the demo's archived tickets are older than today");
    let mut from_tomorrow = search(|_, _, _, _| {});
    from_tomorrow.created_from = tomorrow;
    let (_, total) = list(&server, token, from_tomorrow).await;
    assert_eq!(total, 0);

    let mut bad_date = search(|_, _, _, _| {});
    bad_date.created_to = "12/04".into();
    let refused = server.tickets().list_tickets(authed(token, bad_date)).await;
    let refused = refused.unwrap_err();
    assert_eq!(detail(&refused).violations[0].field, "created_to");
}

async fn board(server: &TestServer, token: &str) -> Result<TicketBoard, Status> {
    let request = authed(token, GetTicketBoardRequest::default());
    let board = server.tickets().get_ticket_board(request).await;
    board.map(tonic::Response::into_inner)
}

#[tokio::test]
async fn the_board_shows_new_tickets_beside_each_handlers_open_tickets() {
    let server = TestServer::start_demo().await;
    let manager1 = server.login("manager1").await;
    let supervisor = server.login("supervisor").await;
    let ticket = create(&server, &manager1, "看板工单").await;

    let refused = board(&server, &manager1).await.unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);

    let before = board(&server, &supervisor).await.unwrap();
    let last = before.unassigned.last().unwrap();
    assert_eq!(last.id, ticket.id, "oldest first: the new one is last");
    let open: Vec<u64> = before.handlers.iter().map(|h| h.open_tickets).collect();
    assert!(
        open.windows(2).all(|w| w[0] <= w[1]),
        "lightest first: {open:?}"
    );
    let names: Vec<&str> = before
        .handlers
        .iter()
        .map(|h| h.display_name.as_str())
        .collect();
    assert!(
        names.contains(&"李娜") && names.contains(&"王建华"),
        "{names:?}"
    );

    let manager2 = before
        .handlers
        .iter()
        .find(|h| h.display_name == "李娜")
        .unwrap();
    try_assign(&server, &supervisor, &ticket, manager2.id)
        .await
        .unwrap();
    let after = board(&server, &supervisor).await.unwrap();
    assert_eq!(after.unassigned_total, before.unassigned_total - 1);
    assert!(after.unassigned.iter().all(|t| t.id != ticket.id));
    let now = after.handlers.iter().find(|h| h.id == manager2.id).unwrap();
    assert_eq!(now.open_tickets, manager2.open_tickets + 1);
}

#[tokio::test]
async fn the_demo_has_tickets_at_every_step() {
    let server = TestServer::start_demo().await;
    let supervisor = server.login("supervisor").await;
    for status in [
        TicketStatus::New,
        TicketStatus::Assigned,
        TicketStatus::Processed,
        TicketStatus::Archived,
    ] {
        let request = ListTicketsRequest {
            status: status.into(),
            ..ListTicketsRequest::default()
        };
        let (found, total) = list(&server, &supervisor, request).await;
        assert!(total >= 4, "{status:?}: {total}");
        for ticket in &found {
            let rounds = get(&server, &supervisor, ticket.id).await.rounds;
            match status {
                TicketStatus::New => assert!(ticket.assignee_id == 0 && rounds.is_empty()),
                TicketStatus::Processed => assert_eq!(rounds.last().unwrap().satisfaction, 0),
                TicketStatus::Archived => assert!(rounds.last().unwrap().satisfaction >= 3),
                _ => assert!(ticket.assignee_id != 0),
            }
        }
    }
    let request = ListTicketsRequest {
        status: TicketStatus::New.into(),
        ..ListTicketsRequest::default()
    };
    let (found, _) = list(&server, &supervisor, request).await;
    assert!(
        found
            .iter()
            .any(|t| t.source_system == "呼叫中心" && t.created_by == 0)
    );
}

#[tokio::test]
async fn a_stale_handling_or_feedback_is_refused_and_adds_no_round() {
    let server = TestServer::start_demo().await;
    let (ticket, [manager1, manager2, _]) = assigned_ticket(&server, "过期版本").await;
    let processed = try_process(&server, &manager2, &ticket, "第一次处理")
        .await
        .unwrap();

    // Both screens still show the ticket as it was: the server says it changed.
    let stale = try_process(&server, &manager2, &ticket, "重复处理")
        .await
        .unwrap_err();
    assert_eq!(stale.code(), Code::Aborted);
    assert_eq!(get(&server, &manager2, ticket.id).await.rounds.len(), 1);

    let done = try_feedback(&server, &manager1, &processed, "满意", 5)
        .await
        .unwrap();
    let stale = try_feedback(&server, &manager1, &processed, "再次反馈", 1)
        .await
        .unwrap_err();
    assert_eq!(stale.code(), Code::Aborted);
    let detail = get(&server, &manager1, ticket.id).await;
    assert_eq!(detail.ticket.unwrap().status(), TicketStatus::Archived);
    assert_eq!(detail.rounds[0].satisfaction, 5);
    assert_eq!(
        done.version,
        get(&server, &manager1, ticket.id)
            .await
            .ticket
            .unwrap()
            .version
    );
}

#[tokio::test]
async fn a_returned_ticket_can_be_reassigned_and_never_waits_for_a_disabled_user() {
    let server = TestServer::start_demo().await;
    let (ticket, [manager1, manager2, supervisor]) = assigned_ticket(&server, "退回改派").await;
    let ticket = try_process(&server, &manager2, &ticket, "处理一")
        .await
        .unwrap();
    let returned = try_feedback(&server, &manager1, &ticket, "不满意", 1)
        .await
        .unwrap();
    assert_eq!(returned.status(), TicketStatus::Assigned);
    assert_eq!(returned.assignee_name, "李娜");

    // The supervisor gives the second round to someone else.
    let manager1_id = server.user_id("manager1").await;
    let reassigned = try_assign(&server, &supervisor, &returned, manager1_id)
        .await
        .unwrap();
    assert_eq!(reassigned.assignee_name, "张伟");
    let ticket = try_process(&server, &manager1, &reassigned, "处理二")
        .await
        .unwrap();

    // Its handler leaves the company before the customer is asked again.
    let admin = server.login("admin").await;
    let request = ListUsersRequest {
        query: "manager1".into(),
        ..ListUsersRequest::default()
    };
    let users = server.admin().list_users(authed(&admin, request)).await;
    let user = users.unwrap().into_inner().users.remove(0);
    let disable = UpdateUserRequest {
        id: user.id,
        version: user.version,
        display_name: user.display_name.clone(),
        role: user.role.clone(),
        status: UserStatus::Disabled.into(),
        region_ids: user.region_ids.clone(),
        industry_ids: user.industry_ids.clone(),
    };
    server
        .admin()
        .update_user(authed(&admin, disable))
        .await
        .unwrap();

    let back = try_feedback(&server, &supervisor, &ticket, "仍不满意", 2)
        .await
        .unwrap();
    assert_eq!(
        back.status(),
        TicketStatus::New,
        "to the board, not to 张伟"
    );
    assert_eq!(back.assignee_id, 0);
    let board = board(&server, &supervisor).await.unwrap();
    assert!(board.unassigned.iter().any(|t| t.id == ticket.id));
    // Two rounds kept: 李娜's and 张伟's.
    let rounds = get(&server, &manager2, ticket.id).await.rounds;
    let handlers: Vec<&str> = rounds.iter().map(|r| r.handled_by_name.as_str()).collect();
    assert_eq!(handlers, ["李娜", "张伟"]);
}
