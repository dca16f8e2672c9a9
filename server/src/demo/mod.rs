//! The demo company (DESIGN §7): one user per role — `admin`, `supervisor`, `manager1`,
//! `manager2`, `executive`, `hr`, all with password `crm-demo` — plus a few more account
//! managers with generated Chinese names, regions and industries; customers with contacts and
//! interactions, two years of orders in the embedded store's sales tables, sales
//! opportunities in every state with their plans, and service tickets at every step. Later
//! modules add their data here. Loaded only into a database without users.

mod customers;
pub mod names;
mod opportunities;
mod orders;
mod tickets;

use fake::Fake;
use fake::faker::name::zh_cn::Name;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use crm_shared::dictionary::DictionaryType;
use crm_shared::rights::Role;
use crm_shared::user::UserStatus;

use crate::app::App;
use crate::auth::password;
use crate::error::{AppError, AppResult};
use crate::store::sqlite::SqliteOrderSource;
use crate::store::{Access, NewUser, UnitOfWork};

/// The demo accounts' password (demo only; the README says so).
pub const DEMO_PASSWORD: &str = "crm-demo";

/// One of the named demo accounts.
struct DemoUser {
    username: &'static str,
    display_name: &'static str,
    role: Role,
    regions: &'static [&'static str],
    industries: &'static [&'static str],
}

const fn demo_user(
    username: &'static str,
    display_name: &'static str,
    role: Role,
    regions: &'static [&'static str],
    industries: &'static [&'static str],
) -> DemoUser {
    DemoUser {
        username,
        display_name,
        role,
        regions,
        industries,
    }
}

const NAMED_USERS: &[DemoUser] = &[
    demo_user("admin", "赵磊", Role::Administrator, &[], &[]),
    demo_user(
        "supervisor",
        "王建华",
        Role::SalesSupervisor,
        &["华东", "上海"],
        &[],
    ),
    demo_user(
        "manager1",
        "张伟",
        Role::AccountManager,
        &["北京", "华北"],
        &["制造", "能源"],
    ),
    demo_user(
        "manager2",
        "李娜",
        Role::AccountManager,
        &["上海", "华东"],
        &["零售", "金融"],
    ),
    demo_user("executive", "陈志强", Role::Executive, &[], &[]),
    demo_user("hr", "刘芳", Role::HrOfficer, &[], &[]),
];

/// Extra account managers with generated names, so lists and the assignment view have people.
const EXTRA_MANAGERS: usize = 4;

/// Loads the demo company when the database has no users; says whether it did.
pub async fn load_if_empty(app: &App, sales_tables: Option<&SqliteOrderSource>) -> AppResult<bool> {
    {
        let mut unit = app.store().begin(Access::Read).await?;
        if unit.count_users().await? > 0 {
            return Ok(false);
        }
    }
    // One hash for all: the demo accounts share their password anyway.
    let hash = password::hash_async(DEMO_PASSWORD.to_owned()).await?;
    let now = chrono::Utc::now();
    let mut unit = app.store().begin(Access::Write).await?;
    let regions = names_to_ids(unit.as_mut(), DictionaryType::Region).await?;
    let industries = names_to_ids(unit.as_mut(), DictionaryType::Industry).await?;
    let pick = |names: &[&str], all: &[(String, i64)]| -> Vec<i64> {
        all.iter()
            .filter(|(n, _)| names.contains(&n.as_str()))
            .map(|(_, id)| *id)
            .collect()
    };

    let mut managers = Vec::new();
    let mut creators = Vec::new();
    let mut supervisor = None;
    for named in NAMED_USERS {
        let user = NewUser {
            username: named.username.to_owned(),
            display_name: named.display_name.to_owned(),
            role_code: named.role.code().to_owned(),
            password_hash: hash.clone(),
            status: UserStatus::Active,
            region_ids: pick(named.regions, &regions),
            industry_ids: pick(named.industries, &industries),
        };
        let id = unit.insert_user(&user, now).await?;
        if named.role == Role::AccountManager {
            managers.push(id);
        }
        if matches!(named.role, Role::AccountManager | Role::SalesSupervisor) {
            creators.push(id);
        }
        if named.role == Role::SalesSupervisor {
            supervisor = Some(id);
        }
    }

    // A fixed seed keeps the demo the same on every machine.
    let mut rng = StdRng::seed_from_u64(20_261_203);
    for n in 0..EXTRA_MANAGERS {
        let region = regions.choose(&mut rng).map(|(_, id)| *id);
        let industry = industries.choose(&mut rng).map(|(_, id)| *id);
        let active = n + 1 < EXTRA_MANAGERS;
        let user = NewUser {
            username: format!("manager{}", n + 3),
            display_name: Name().fake_with_rng(&mut rng),
            role_code: Role::AccountManager.code().to_owned(),
            password_hash: hash.clone(),
            // The last one has left the company: a disabled account to show 停用.
            status: if active {
                UserStatus::Active
            } else {
                UserStatus::Disabled
            },
            region_ids: region.into_iter().collect(),
            industry_ids: industry.into_iter().collect(),
        };
        let id = unit.insert_user(&user, now).await?;
        if active {
            managers.push(id);
        }
    }

    let levels: Vec<i64> = names_to_ids(unit.as_mut(), DictionaryType::CustomerLevel)
        .await?
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    let customers =
        customers::load(unit.as_mut(), &mut rng, &regions, &levels, &managers, now).await?;
    let staff = opportunities::Staff {
        zone: app.zone(),
        creators: &creators,
        managers: &managers,
    };
    // A seed of its own, so adding opportunities changed none of the other demo data.
    let mut opportunity_rng = StdRng::seed_from_u64(20_261_204);
    opportunities::load(
        unit.as_mut(),
        &mut opportunity_rng,
        &regions,
        &industries,
        &staff,
        now,
    )
    .await?;
    let tickets = tickets::Setting {
        zone: app.zone(),
        creators: &creators,
        handlers: &managers,
        supervisor: supervisor.ok_or(AppError::NotFound("user"))?,
        types: &names_to_ids(unit.as_mut(), DictionaryType::ServiceType).await?,
        customers: &customers.iter().map(|c| c.id).collect::<Vec<_>>(),
    };
    // Its own seed too, for the same reason.
    let mut ticket_rng = StdRng::seed_from_u64(20_261_205);
    tickets::load(unit.as_mut(), &mut ticket_rng, &tickets, now).await?;
    unit.commit().await?;

    if let Some(sales_tables) = sales_tables {
        let orders = orders::generate(&mut rng, &customers, app.today());
        let report = sales_tables.import(orders, now).await?;
        tracing::debug!(orders = report.orders_imported, "demo orders loaded");
    }
    Ok(true)
}

async fn names_to_ids(
    unit: &mut dyn UnitOfWork,
    kind: DictionaryType,
) -> AppResult<Vec<(String, i64)>> {
    let items = unit.list_dictionary(kind, false).await?;
    Ok(items.into_iter().map(|item| (item.name, item.id)).collect())
}
