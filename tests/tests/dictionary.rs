//! The data dictionary end to end (DESIGN §2.5), and the audit of every write.

use crm_proto::v1::{
    CreateDictionaryItemRequest, CreateUserRequest, DeleteDictionaryItemRequest, DictionaryItem,
    DictionaryType, ListAuditLogRequest, ListDictionaryRequest, UpdateDictionaryItemRequest,
};
use crm_tests::{TestServer, authed, detail};
use tonic::Code;

fn list(kind: DictionaryType) -> ListDictionaryRequest {
    ListDictionaryRequest {
        r#type: kind.into(),
        include_disabled: true,
    }
}

/// Every item of the type, disabled ones included, as the administrator's screen lists them.
async fn items(server: &TestServer, token: &str, kind: DictionaryType) -> Vec<DictionaryItem> {
    let request = authed(token, list(kind));
    server
        .admin()
        .list_dictionary(request)
        .await
        .unwrap()
        .into_inner()
        .items
}

fn names(items: &[DictionaryItem]) -> Vec<&str> {
    items.iter().map(|i| i.name.as_str()).collect()
}

#[tokio::test]
async fn seeded_dictionary_holds_the_usual_values() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let levels = items(&server, &token, DictionaryType::CustomerLevel).await;
    assert_eq!(
        names(&levels),
        [
            "普通客户",
            "重点开发客户",
            "大客户",
            "合作伙伴",
            "战略合作伙伴"
        ]
    );
    assert!(levels.iter().all(|item| item.built_in && item.enabled));

    let types = items(&server, &token, DictionaryType::ServiceType).await;
    assert_eq!(names(&types), ["咨询", "建议", "投诉"]);
}

#[tokio::test]
async fn dictionary_create_list_update_delete_round_trip() {
    let server = TestServer::start_demo().await;
    let token = server.login("admin").await;
    let mut admin = server.admin();

    let created = admin
        .create_dictionary_item(authed(
            &token,
            CreateDictionaryItemRequest {
                r#type: DictionaryType::Region.into(),
                name: "西藏".into(),
                sort_order: 0,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(!created.built_in);
    let regions = items(&server, &token, DictionaryType::Region).await;
    assert_eq!(names(&regions).last(), Some(&"西藏"), "appended at the end");

    let updated = admin
        .update_dictionary_item(authed(
            &token,
            UpdateDictionaryItemRequest {
                id: created.id,
                version: created.version,
                name: "西藏自治区".into(),
                sort_order: 5,
                enabled: true,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(updated.name, "西藏自治区");
    assert_eq!(updated.version, created.version + 1);

    // A save from a stale copy is refused, not silently applied.
    let stale = admin
        .update_dictionary_item(authed(
            &token,
            UpdateDictionaryItemRequest {
                id: created.id,
                version: created.version,
                name: "西藏".into(),
                sort_order: 5,
                enabled: true,
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(stale.code(), Code::Aborted);
    assert_eq!(stale.message(), "数据已被他人修改");

    let deleted = admin
        .delete_dictionary_item(authed(
            &token,
            DeleteDictionaryItemRequest {
                id: updated.id,
                version: updated.version,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(!deleted.disabled_instead);
    let regions = items(&server, &token, DictionaryType::Region).await;
    assert!(!names(&regions).contains(&"西藏自治区"));
}

#[tokio::test]
async fn built_in_item_refuses_deletion() {
    let server = TestServer::start_demo().await;
    let token = server.login("admin").await;
    let beijing = items(&server, &token, DictionaryType::Region)
        .await
        .into_iter()
        .find(|item| item.name == "北京")
        .unwrap();
    let status = server
        .admin()
        .delete_dictionary_item(authed(
            &token,
            DeleteDictionaryItemRequest {
                id: beijing.id,
                version: beijing.version,
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert_eq!(detail(&status).code, "BUILT_IN");
}

#[tokio::test]
async fn item_in_use_is_disabled_instead_of_deleted() {
    let server = TestServer::start_demo().await;
    let token = server.login("admin").await;
    let mut admin = server.admin();
    let item = admin
        .create_dictionary_item(authed(
            &token,
            CreateDictionaryItemRequest {
                r#type: DictionaryType::Industry.into(),
                name: "农业".into(),
                sort_order: 0,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    admin
        .create_user(authed(
            &token,
            CreateUserRequest {
                username: "manager9".into(),
                display_name: "周强".into(),
                role: "account_manager".into(),
                password: "initial-2026".into(),
                region_ids: vec![],
                industry_ids: vec![item.id],
            },
        ))
        .await
        .unwrap();

    let removal = admin
        .delete_dictionary_item(authed(
            &token,
            DeleteDictionaryItemRequest {
                id: item.id,
                version: item.version,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(removal.disabled_instead);
    let industries = items(&server, &token, DictionaryType::Industry).await;
    let kept = industries
        .iter()
        .find(|i| i.id == item.id)
        .expect("still there");
    assert!(!kept.enabled);

    let pickable = admin
        .list_dictionary(authed(
            &token,
            ListDictionaryRequest {
                r#type: DictionaryType::Industry.into(),
                include_disabled: false,
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .items;
    assert!(
        pickable.iter().all(|i| i.id != item.id),
        "disabled items are not offered"
    );
}

#[tokio::test]
async fn empty_or_duplicate_name_is_refused_beside_the_field() {
    let server = TestServer::start_demo().await;
    let token = server.login("admin").await;
    for (name, code) in [("  ", "REQUIRED"), ("上海", "DUPLICATE")] {
        let status = server
            .admin()
            .create_dictionary_item(authed(
                &token,
                CreateDictionaryItemRequest {
                    r#type: DictionaryType::Region.into(),
                    name: name.into(),
                    sort_order: 0,
                },
            ))
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument);
        let violation = &detail(&status).violations[0];
        assert_eq!(
            (violation.field.as_str(), violation.code.as_str()),
            ("name", code)
        );
    }
}

#[tokio::test]
async fn manager_reads_the_dictionary_but_cannot_write_it() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let status = server
        .admin()
        .create_dictionary_item(authed(
            &token,
            CreateDictionaryItemRequest {
                r#type: DictionaryType::Region.into(),
                name: "海南".into(),
                sort_order: 0,
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
}

#[tokio::test]
async fn every_write_appears_in_the_audit_log() {
    let server = TestServer::start_demo().await;
    let token = server.login("admin").await;
    let mut admin = server.admin();
    let item = admin
        .create_dictionary_item(authed(
            &token,
            CreateDictionaryItemRequest {
                r#type: DictionaryType::ServiceType.into(),
                name: "回访".into(),
                sort_order: 0,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let item = admin
        .update_dictionary_item(authed(
            &token,
            UpdateDictionaryItemRequest {
                id: item.id,
                version: item.version,
                name: "客户回访".into(),
                sort_order: item.sort_order,
                enabled: true,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    admin
        .delete_dictionary_item(authed(
            &token,
            DeleteDictionaryItemRequest {
                id: item.id,
                version: item.version,
            },
        ))
        .await
        .unwrap();

    let entries = admin
        .list_audit_log(authed(
            &token,
            ListAuditLogRequest {
                entity: "dictionary_item".into(),
                entity_id: item.id,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .entries;
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["delete", "update", "create"], "newest first");
    assert!(entries.iter().all(|e| e.username == "admin"));
    assert!(entries[1].old_value.contains("回访") && entries[1].new_value.contains("客户回访"));
    assert!(entries[0].new_value.is_empty(), "nothing after a delete");
}
