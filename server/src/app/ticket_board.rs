//! The service tickets' side of the supervisors' assignment board (DESIGN §2.3, §3.3): the
//! 新创建 tickets beside every user who may handle them, with his open tickets.

use crm_shared::paging::Page;
use crm_shared::rights::Right;
use crm_shared::ticket::TicketStatus;

use super::App;
use super::tickets::{TicketView, ticket_handlers, view};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::store::{Access, CreatedOrder, TicketFilter};

/// One user as the board shows him.
#[derive(Clone, Debug, PartialEq)]
pub struct TicketHandler {
    pub id: i64,
    pub display_name: String,
    /// 已分配 tickets he holds.
    pub open_tickets: u64,
}

#[derive(Clone, Debug)]
pub struct TicketBoard {
    /// Oldest first: they have waited longest.
    pub unassigned: Vec<TicketView>,
    pub unassigned_total: u64,
    /// The lightest workload first, then the name.
    pub handlers: Vec<TicketHandler>,
}

impl App {
    pub async fn ticket_board(&self, caller: &Caller, page: Page) -> AppResult<TicketBoard> {
        caller.require(Right::Service)?;
        caller.require(Right::Assign)?;
        let mut unit = self.store.begin(Access::Read).await?;
        let filter = TicketFilter {
            status: Some(TicketStatus::New),
            ..TicketFilter::default()
        };
        let (unassigned, unassigned_total) = unit
            .list_tickets(&filter, CreatedOrder::OldestFirst, page)
            .await?;
        let users = ticket_handlers(unit.as_mut()).await?;
        let ids: Vec<i64> = users.iter().map(|user| user.id).collect();
        let open = unit.open_tickets_by_assignee(&ids).await?;
        let mut handlers: Vec<TicketHandler> = users
            .into_iter()
            .map(|user| TicketHandler {
                id: user.id,
                open_tickets: open.get(&user.id).copied().unwrap_or(0),
                display_name: user.display_name,
            })
            .collect();
        handlers.sort_by(|a, b| {
            a.open_tickets
                .cmp(&b.open_tickets)
                .then_with(|| a.display_name.cmp(&b.display_name))
                .then(a.id.cmp(&b.id))
        });
        Ok(TicketBoard {
            unassigned: unassigned.into_iter().map(|t| view(caller, t)).collect(),
            unassigned_total,
            handlers,
        })
    }
}
