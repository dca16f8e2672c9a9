//! The supervisors' assignment board (DESIGN §2.1, §3.3): the 未分配 opportunities beside every
//! 正常 account manager with his 负责地区, 行业特长 and workload, ranked by how well he suits
//! the selected opportunity.

use std::collections::HashMap;

use crm_shared::dictionary::DictionaryType;
use crm_shared::opportunity::{Match, OpportunityStatus};
use crm_shared::paging::Page;
use crm_shared::rights::Right;

use super::App;
use super::opportunities::{OpportunityView, account_managers, load_opportunity, view};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::store::{Access, CreatedOrder, OpportunityFilter, UnitOfWork, UserRecord};

/// One account manager as the board shows him.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardManager {
    pub id: i64,
    pub display_name: String,
    pub region_names: Vec<String>,
    pub industry_names: Vec<String>,
    pub matched: Match,
    /// 已指派 opportunities he holds.
    pub open_opportunities: u64,
    /// 正常 customers he manages.
    pub customers: u64,
}

#[derive(Clone, Debug)]
pub struct AssignmentBoard {
    /// Oldest first: they have waited longest.
    pub unassigned: Vec<OpportunityView>,
    pub unassigned_total: u64,
    /// Best match first, then the lighter workload, then the name.
    pub managers: Vec<BoardManager>,
}

impl App {
    /// The board, with the managers matched against `opportunity_id` when one is selected.
    pub async fn assignment_board(
        &self,
        caller: &Caller,
        opportunity_id: Option<i64>,
        page: Page,
    ) -> AppResult<AssignmentBoard> {
        caller.require(Right::Marketing)?;
        caller.require(Right::Assign)?;
        let mut unit = self.store.begin(Access::Read).await?;
        let selected = match opportunity_id {
            Some(id) => Some(load_opportunity(unit.as_mut(), id).await?),
            None => None,
        };
        let filter = OpportunityFilter {
            status: Some(OpportunityStatus::Unassigned),
            ..OpportunityFilter::default()
        };
        let (unassigned, unassigned_total) = unit
            .list_opportunities(&filter, CreatedOrder::OldestFirst, page)
            .await?;

        let users = account_managers(unit.as_mut()).await?;
        let (region, industry) = selected
            .as_ref()
            .map_or((None, None), |o| (o.fields.region_id, o.fields.industry_id));
        let mut managers = board_managers(unit.as_mut(), users, region, industry).await?;
        rank(&mut managers);
        Ok(AssignmentBoard {
            unassigned: unassigned.into_iter().map(|o| view(caller, o)).collect(),
            unassigned_total,
            managers,
        })
    }
}

/// Best match first, then fewer open opportunities, then fewer customers, then the name.
fn rank(managers: &mut [BoardManager]) {
    managers.sort_by(|a, b| {
        b.matched
            .score()
            .cmp(&a.matched.score())
            .then(a.open_opportunities.cmp(&b.open_opportunities))
            .then(a.customers.cmp(&b.customers))
            .then_with(|| a.display_name.cmp(&b.display_name))
            .then(a.id.cmp(&b.id))
    });
}

/// The managers with their names, workload and match against the selected opportunity's
/// region and industry.
async fn board_managers(
    unit: &mut dyn UnitOfWork,
    users: Vec<UserRecord>,
    region: Option<i64>,
    industry: Option<i64>,
) -> AppResult<Vec<BoardManager>> {
    let ids: Vec<i64> = users.iter().map(|user| user.id).collect();
    let open = unit.open_opportunities_by_assignee(&ids).await?;
    let customers = unit.active_customers_by_manager(&ids).await?;
    let regions = item_names(unit, DictionaryType::Region).await?;
    let industries = item_names(unit, DictionaryType::Industry).await?;
    let names = |ids: &[i64], names: &HashMap<i64, String>| {
        ids.iter().filter_map(|id| names.get(id).cloned()).collect()
    };
    Ok(users
        .into_iter()
        .map(|user| BoardManager {
            id: user.id,
            region_names: names(&user.region_ids, &regions),
            industry_names: names(&user.industry_ids, &industries),
            matched: Match::of(region, industry, &user.region_ids, &user.industry_ids),
            open_opportunities: open.get(&user.id).copied().unwrap_or(0),
            customers: customers.get(&user.id).copied().unwrap_or(0),
            display_name: user.display_name,
        })
        .collect())
}

/// Every item of a dictionary (disabled ones too: a manager may still carry one) by id.
async fn item_names(
    unit: &mut dyn UnitOfWork,
    kind: DictionaryType,
) -> AppResult<HashMap<i64, String>> {
    let items = unit.list_dictionary(kind, true).await?;
    Ok(items.into_iter().map(|item| (item.id, item.name)).collect())
}
