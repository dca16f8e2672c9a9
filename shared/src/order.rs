//! Orders of the sales system (DESIGN §2.2, §4), read here and never written by the CRM. The
//! sales system numbers its order states; order history shows only two of them.

/// 已发货: shipped.
pub const STATE_SHIPPED: i32 = 5;
/// 已回款: paid.
pub const STATE_PAID: i32 = 6;

/// The states order history shows.
pub const HISTORY_STATES: [i32; 2] = [STATE_SHIPPED, STATE_PAID];

/// Whether order history shows an order in `state`.
pub fn in_history(state: i32) -> bool {
    HISTORY_STATES.contains(&state)
}

/// A line's amount: quantity × unit price, `None` when it would overflow.
pub fn line_amount_fen(quantity: i64, unit_price_fen: i64) -> Option<i64> {
    quantity.checked_mul(unit_price_fen)
}
