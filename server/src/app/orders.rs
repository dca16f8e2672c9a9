//! Order history (DESIGN §2.2, §4): a customer's orders from the sales system, only those
//! shipped (5) or paid (6), newest first with the order number breaking ties.

use crm_shared::order::{HISTORY_STATES, in_history};
use crm_shared::paging::Page;
use crm_shared::rights::Right;

use super::App;
use super::customers::load_customer;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::store::{Access, OrderRecord, OrderSummaryRecord};

const ENTITY: &str = "order";

/// An order with the customer it belongs to.
#[derive(Clone, Debug)]
pub struct OrderView {
    pub order: OrderRecord,
    pub customer_id: i64,
    pub customer_name: String,
}

impl App {
    pub async fn list_orders(
        &self,
        caller: &Caller,
        customer_id: i64,
        page: Page,
    ) -> AppResult<(Vec<OrderSummaryRecord>, u64)> {
        caller.require(Right::Customers)?;
        let mut unit = self.store.begin(Access::Read).await?;
        let customer = load_customer(unit.as_mut(), customer_id).await?;
        drop(unit);
        Ok(self
            .orders
            .list_orders(customer.order_code(), &HISTORY_STATES, page)
            .await?)
    }

    /// An order of the history with its lines; orders in other states are not shown here.
    pub async fn get_order(&self, caller: &Caller, id: i64) -> AppResult<OrderView> {
        caller.require(Right::Customers)?;
        let order = self
            .orders
            .order(id)
            .await?
            .filter(|order| in_history(order.summary.state))
            .ok_or(AppError::NotFound(ENTITY))?;
        let mut unit = self.store.begin(Access::Read).await?;
        let customer_id = unit
            .customer_id_by_order_code(&order.summary.customer_code)
            .await?
            .ok_or(AppError::NotFound(ENTITY))?;
        let customer = load_customer(unit.as_mut(), customer_id).await?;
        Ok(OrderView {
            order,
            customer_id,
            customer_name: customer.fields.name,
        })
    }
}
