//! Customers end to end (DESIGN §2.2): who may edit which customer, contacts and interactions
//! with their required fields, pinyin order and name search.

use crm_proto::v1::{
    ContactFields, CreateContactRequest, CreateCustomerRequest, CreateInteractionRequest, Customer,
    CustomerFields, CustomerStatus, DictionaryType, Gender, GetCustomerRequest, InteractionFields,
    ListContactsRequest, ListCustomersRequest, UpdateContactRequest, UpdateCustomerRequest,
    UpdateInteractionRequest, WhoAmIRequest,
};
use crm_server::store::sqlite::SqliteStore;
use crm_tests::{TestServer, authed, detail};
use tonic::Code;

/// The region and level the tests' customers are filed under.
struct Fixture {
    region_id: i64,
    level_id: i64,
}

async fn fixture(server: &TestServer, token: &str) -> Fixture {
    Fixture {
        region_id: server.first_item(token, DictionaryType::Region).await,
        level_id: server
            .first_item(token, DictionaryType::CustomerLevel)
            .await,
    }
}

async fn user_id(server: &TestServer, token: &str) -> i64 {
    let request = authed(token, WhoAmIRequest {});
    let user = server.auth().who_am_i(request).await.unwrap().into_inner();
    user.id
}

fn fields(fixture: &Fixture, name: &str, manager_id: i64) -> CustomerFields {
    CustomerFields {
        name: name.to_owned(),
        region_id: fixture.region_id,
        level_id: fixture.level_id,
        manager_id,
        satisfaction: 4,
        credit: 3,
        phone: "010-62751234".into(),
        ..CustomerFields::default()
    }
}

async fn create(server: &TestServer, token: &str, fields: CustomerFields) -> Customer {
    server.new_customer(token, fields).await
}

fn update(customer: &Customer, change: impl FnOnce(&mut CustomerFields)) -> UpdateCustomerRequest {
    let mut fields = customer.fields.clone().unwrap();
    change(&mut fields);
    UpdateCustomerRequest {
        id: customer.id,
        version: customer.version,
        fields: Some(fields),
    }
}

#[tokio::test]
async fn a_manager_creates_his_own_customer_with_a_generated_number() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let me = user_id(&server, &token).await;
    let fixture = fixture(&server, &token).await;

    let customer = create(&server, &token, fields(&fixture, "北京华信科技有限公司", 0)).await;

    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y%m%d")
        .to_string();
    assert!(
        customer.number.starts_with(&format!("KH{today}")),
        "{}",
        customer.number
    );
    assert_eq!(customer.number.len(), "KH20261203001".len());
    assert_eq!(customer.fields.as_ref().unwrap().manager_id, me);
    assert_eq!(customer.status(), CustomerStatus::Active);
    assert!(customer.editable && !customer.manager_changeable);
}

#[tokio::test]
async fn edit_is_refused_for_another_managers_customer_and_for_a_lost_one() {
    let server = TestServer::start_demo().await;
    let owner = server.login("manager1").await;
    let other = server.login("manager2").await;
    let supervisor = server.login("supervisor").await;
    let fixture = fixture(&server, &owner).await;
    let customer = create(&server, &owner, fields(&fixture, "上海浦江贸易有限公司", 0)).await;

    let request = authed(
        &other,
        update(&customer, |f| f.phone = "021-5888000".into()),
    );
    let refused = server
        .customers()
        .update_customer(request)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);

    // The supervisor may edit any customer; the owner may not hand it to someone else.
    let request = authed(
        &supervisor,
        update(&customer, |f| f.fax = "021-58880001".into()),
    );
    let edited = server
        .customers()
        .update_customer(request)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(edited.version, customer.version + 1);
    let manager2 = user_id(&server, &other).await;
    let request = authed(&owner, update(&edited, |f| f.manager_id = manager2));
    let refused = server
        .customers()
        .update_customer(request)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);

    // A customer marked 已流失 (by the churn workflow) is no longer editable by anyone.
    let store = SqliteStore::open(&server.dir.path().join("crm.sqlite3"))
        .await
        .unwrap();
    mark_lost(&store, customer.id).await;
    let request = authed(&supervisor, update(&edited, |f| f.fax = String::new()));
    let refused = server
        .customers()
        .update_customer(request)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::FailedPrecondition);
    assert_eq!(detail(&refused).code, "CUSTOMER_LOST");
    let request = authed(&owner, GetCustomerRequest { id: customer.id });
    let lost = server
        .customers()
        .get_customer(request)
        .await
        .unwrap()
        .into_inner();
    assert!(!lost.editable);
}

/// Sets the customer's state as the churn confirmation will, through the store.
async fn mark_lost(store: &SqliteStore, id: i64) {
    use crm_server::store::{Access, Store};
    let mut unit = store.begin(Access::Write).await.unwrap();
    let mut customer = unit.customer(id).await.unwrap().unwrap();
    let version = customer.version;
    customer.status = crm_shared::customer::CustomerStatus::Lost;
    unit.update_customer(&customer, version).await.unwrap();
    unit.commit().await.unwrap();
}

#[tokio::test]
async fn a_stale_version_and_invalid_fields_are_refused_with_nothing_saved() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let fixture = fixture(&server, &token).await;
    let customer = create(&server, &token, fields(&fixture, "广州白云电器", 0)).await;

    let request = authed(
        &token,
        update(&customer, |f| {
            f.zip_code = "51000".into();
            f.credit_code = "91350100M000100Y44".into();
            f.satisfaction = 6;
            f.website = "不是网址".into();
        }),
    );
    let refused = server
        .customers()
        .update_customer(request)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument);
    let mut named: Vec<String> = detail(&refused)
        .violations
        .into_iter()
        .map(|v| v.field)
        .collect();
    named.sort();
    assert_eq!(
        named,
        ["credit_code", "satisfaction", "website", "zip_code"]
    );

    let request = authed(
        &token,
        update(&customer, |f| f.phone = "020-86661234".into()),
    );
    server.customers().update_customer(request).await.unwrap();
    let request = authed(&token, update(&customer, |f| f.fax = "020-86661235".into()));
    let stale = server
        .customers()
        .update_customer(request)
        .await
        .unwrap_err();
    assert_eq!(stale.code(), Code::Aborted);

    let request = authed(&token, GetCustomerRequest { id: customer.id });
    let saved = server
        .customers()
        .get_customer(request)
        .await
        .unwrap()
        .into_inner();
    let saved = saved.fields.unwrap();
    assert_eq!(
        (saved.phone.as_str(), saved.fax.as_str()),
        ("020-86661234", "")
    );
}

#[tokio::test]
async fn a_duplicate_name_warns_until_confirmed() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let fixture = fixture(&server, &token).await;
    let first = create(&server, &token, fields(&fixture, "深圳南山科技", 0)).await;

    let request = CreateCustomerRequest {
        fields: Some(fields(&fixture, "深圳南山科技", 0)),
        allow_duplicate_name: false,
    };
    let warned = server
        .customers()
        .create_customer(authed(&token, request.clone()))
        .await
        .unwrap_err();
    assert_eq!(warned.code(), Code::AlreadyExists);
    assert_eq!(detail(&warned).params["numbers"], first.number);

    let confirmed = CreateCustomerRequest {
        allow_duplicate_name: true,
        ..request
    };
    let second = server
        .customers()
        .create_customer(authed(&token, confirmed))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(second.number, first.number);
}

#[tokio::test]
async fn a_name_typed_with_other_brackets_or_widths_is_the_same_name() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let fixture = fixture(&server, &token).await;
    let first = create(
        &server,
        &token,
        fields(&fixture, " 苏州ＡＢ(集团)  机械 ", 0),
    )
    .await;
    assert_eq!(first.fields.unwrap().name, "苏州AB（集团） 机械");

    let request = CreateCustomerRequest {
        fields: Some(fields(&fixture, "苏州AB（集团）　机械", 0)),
        allow_duplicate_name: false,
    };
    let warned = server
        .customers()
        .create_customer(authed(&token, request))
        .await
        .unwrap_err();
    assert_eq!(warned.code(), Code::AlreadyExists);
    assert_eq!(detail(&warned).params["numbers"], first.number);

    let request = authed(
        &token,
        ListCustomersRequest {
            query: "ＡＢ(集团)".to_owned(),
            ..ListCustomersRequest::default()
        },
    );
    let found = server.customers().list_customers(request).await.unwrap();
    let names: Vec<String> = found
        .into_inner()
        .customers
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["苏州AB（集团） 机械"]);
}

#[tokio::test]
async fn names_sort_by_pinyin_and_any_part_of_a_name_finds_it() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let fixture = fixture(&server, &token).await;
    // The demo company has customers too: these share the marker 甲乙 to be told apart.
    for name in [
        "张家港甲乙钢铁",
        "王府井甲乙百货",
        "李宁甲乙体育用品",
        "华为甲乙技术",
        "犇腾实业",
    ] {
        create(&server, &token, fields(&fixture, name, 0)).await;
    }
    let list = |query: &str| {
        let request = authed(
            &token,
            ListCustomersRequest {
                query: query.to_owned(),
                ..ListCustomersRequest::default()
            },
        );
        let mut client = server.customers();
        async move {
            let found = client.list_customers(request).await.unwrap().into_inner();
            found
                .customers
                .into_iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
        }
    };

    assert_eq!(
        list("甲乙").await,
        [
            "华为甲乙技术",
            "李宁甲乙体育用品",
            "王府井甲乙百货",
            "张家港甲乙钢铁"
        ]
    );
    assert_eq!(list("为甲").await, ["华为甲乙技术"]);
    assert_eq!(list("乙体育").await, ["李宁甲乙体育用品"]);
    assert_eq!(list("犇").await, ["犇腾实业"]);
    assert!(list("不存在的名字").await.is_empty());
}

#[tokio::test]
async fn contacts_need_their_required_fields_and_follow_the_customers_editors() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let other = server.login("manager2").await;
    let fixture = fixture(&server, &token).await;
    let customer = create(&server, &token, fields(&fixture, "杭州西湖茶业", 0)).await;

    let empty = CreateContactRequest {
        customer_id: customer.id,
        fields: Some(ContactFields::default()),
    };
    let refused = server
        .customers()
        .create_contact(authed(&token, empty))
        .await
        .unwrap_err();
    let named: Vec<String> = detail(&refused)
        .violations
        .into_iter()
        .map(|v| v.field)
        .collect();
    assert_eq!(named, ["name", "gender", "position", "office_phone"]);

    let contact_fields = ContactFields {
        name: "王芳".into(),
        gender: Gender::Female.into(),
        position: "采购经理".into(),
        office_phone: "0571-87651234".into(),
        ..ContactFields::default()
    };
    let request = CreateContactRequest {
        customer_id: customer.id,
        fields: Some(contact_fields.clone()),
    };
    let refused = server
        .customers()
        .create_contact(authed(&other, request.clone()))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let contact = server
        .customers()
        .create_contact(authed(&token, request))
        .await
        .unwrap()
        .into_inner();

    let emptied = UpdateContactRequest {
        id: contact.id,
        version: contact.version,
        fields: Some(ContactFields {
            position: " ".into(),
            ..contact_fields
        }),
    };
    let refused = server
        .customers()
        .update_contact(authed(&token, emptied))
        .await
        .unwrap_err();
    assert_eq!(detail(&refused).violations[0].field, "position");

    let request = authed(
        &other,
        ListContactsRequest {
            customer_id: customer.id,
        },
    );
    let listed = server
        .customers()
        .list_contacts(request)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        listed.contacts.len(),
        1,
        "everyone reads every customer's contacts"
    );
    assert_eq!(
        listed.contacts[0].fields.as_ref().unwrap().position,
        "采购经理"
    );
}

#[tokio::test]
async fn interaction_required_fields_cannot_be_emptied() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let fixture = fixture(&server, &token).await;
    let customer = create(&server, &token, fields(&fixture, "成都天府软件园", 0)).await;

    let complete = InteractionFields {
        date: "2026-11-5".into(),
        place: "客户公司会议室".into(),
        summary: "季度回访".into(),
        details: "了解明年的采购计划，对方有意扩大订单。".into(),
        remark: String::new(),
    };
    let request = CreateInteractionRequest {
        customer_id: customer.id,
        fields: Some(complete.clone()),
    };
    let interaction = server
        .customers()
        .create_interaction(authed(&token, request))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(interaction.fields.as_ref().unwrap().date, "2026-11-05");

    for (field, emptied) in [
        (
            "date",
            InteractionFields {
                date: String::new(),
                ..complete.clone()
            },
        ),
        (
            "place",
            InteractionFields {
                place: " ".into(),
                ..complete.clone()
            },
        ),
        (
            "summary",
            InteractionFields {
                summary: String::new(),
                ..complete.clone()
            },
        ),
        (
            "details",
            InteractionFields {
                details: String::new(),
                ..complete.clone()
            },
        ),
    ] {
        let request = UpdateInteractionRequest {
            id: interaction.id,
            version: interaction.version,
            fields: Some(emptied),
        };
        let refused = server
            .customers()
            .update_interaction(authed(&token, request))
            .await
            .unwrap_err();
        assert_eq!(refused.code(), Code::InvalidArgument);
        assert_eq!(detail(&refused).violations[0].field, field);
    }
}

#[tokio::test]
async fn the_managers_to_choose_from_are_active_users_who_work_with_customers() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager2").await;
    let request = authed(&token, crm_proto::v1::ListManagersRequest {});
    let managers = server
        .customers()
        .list_managers(request)
        .await
        .unwrap()
        .into_inner();
    let names: Vec<&str> = managers
        .managers
        .iter()
        .map(|m| m.username.as_str())
        .collect();
    for expected in ["supervisor", "manager1", "manager2", "manager3"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    for unexpected in ["admin", "executive", "hr", "manager6"] {
        assert!(!names.contains(&unexpected), "{unexpected} in {names:?}");
    }

    let executive = server.login("executive").await;
    let request = authed(&executive, crm_proto::v1::ListManagersRequest {});
    let refused = server.customers().list_managers(request).await.unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
}

/// A search that most names match (公司) walks the names in pinyin order instead of gathering
/// every candidate from the gram index first; its answer must be the same: only names that
/// contain the text, in pinyin order, the count capped.
#[tokio::test]
async fn a_broad_search_answers_like_a_narrow_one() {
    let server = TestServer::start_demo().await;
    let token = server.login("manager1").await;
    let store = SqliteStore::open(&server.dir.path().join("crm.sqlite3"))
        .await
        .unwrap();
    // More names holding 测试 than the gram index serves as a selective search (30,000), and
    // a few that sort among them without it.
    store
        .bulk(|conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO customers (number, name, manager_id, status, created_at)
                 WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 30099)
                 SELECT printf('CS%06d', i), printf('测试公司%05d', i),
                        (SELECT MIN(id) FROM users), 'active', '2026-01-01T00:00:00Z'
                 FROM n",
                [],
            )?;
            for (number, name) in [("CSX1", "测验公司"), ("CSX2", "测试"), ("CSX3", "策划测公司")] {
                tx.execute(
                    "INSERT INTO customers (number, name, manager_id, status, created_at)
                     VALUES (?1, ?2, (SELECT MIN(id) FROM users), 'active', '2026-01-01T00:00:00Z')",
                    [number, name],
                )?;
            }
            tx.commit()
        })
        .await
        .unwrap();

    let list = |query: &str, page: u32| {
        let request = authed(
            &token,
            ListCustomersRequest {
                query: query.to_owned(),
                page: Some(crm_proto::v1::PageRequest {
                    page,
                    page_size: 20,
                }),
                ..ListCustomersRequest::default()
            },
        );
        let mut client = server.customers();
        async move { client.list_customers(request).await.unwrap().into_inner() }
    };
    let broad = list("测试公司", 1).await;
    let names: Vec<String> = broad.customers.iter().map(|c| c.name.clone()).collect();
    let expected: Vec<String> = (0..20).map(|i| format!("测试公司{i:05}")).collect();
    assert_eq!(names, expected);
    assert!(broad.total_is_capped, "{} found", broad.total);
    let later = list("测试公司", 3).await;
    assert_eq!(later.customers[0].name, "测试公司00040");

    // The same rows through the selective path: a part only the last hundred hold.
    let narrow = list("公司300", 1).await;
    let names: Vec<String> = narrow.customers.iter().map(|c| c.name.clone()).collect();
    let expected: Vec<String> = (30000..30020).map(|i| format!("测试公司{i:05}")).collect();
    assert_eq!(names, expected);
    assert_eq!((narrow.total, narrow.total_is_capped), (100, false));
}
