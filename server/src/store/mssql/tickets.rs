//! Service tickets on SQL Server, read with the names their ids stand for and their newest
//! round.

use std::collections::HashMap;

use async_trait::async_trait;
use crm_shared::paging::Page;
use crm_shared::ticket::{TicketFields, TicketStatus};

use super::convert::{Columns, Value, bad_code, contains_pattern, expect_one_row, page_values};
use super::statement::statement;
use super::ticket_rounds::{
    insert_round, list_rounds, record_feedback, round_columns, round_from_row, round_name_joins,
};
use super::unit::MssqlUnitOfWork;
use crate::store::{
    CreatedOrder, Feedback, NewTicket, NewTicketRound, StoreResult, TicketFilter, TicketNames,
    TicketRecord, TicketRoundRecord, TicketStore,
};

/// A ticket's columns with the names its ids stand for and its newest round (alias `r`), in
/// the order of `ticket_from_row`, for a `FROM` that ends in `service_tickets t` and is
/// followed by [`ticket_joins!`].
macro_rules! ticket_columns {
    () => {
        concat!(
            "SELECT t.id, t.number, t.type_id, t.customer_id, t.summary, t.request, t.status,
                    t.created_by, t.source_system, t.external_ref, t.created_at,
                    t.assignee_id, t.assigned_at, t.version, ty.name, c.number, c.name,
                    creator.display_name, assignee.display_name, ",
            round_columns!()
        )
    };
}

/// The joins of [`ticket_columns!`]. A round number is unique per ticket, so the round join
/// finds one round at most.
macro_rules! ticket_joins {
    () => {
        concat!(
            " JOIN dictionary_items ty ON ty.id = t.type_id
              JOIN customers c ON c.id = t.customer_id
              LEFT JOIN users creator ON creator.id = t.created_by
              LEFT JOIN users assignee ON assignee.id = t.assignee_id
              LEFT JOIN ticket_rounds r ON r.ticket_id = t.id
                  AND r.round = (SELECT MAX(x.round) FROM ticket_rounds x
                                 WHERE x.ticket_id = t.id)",
            round_name_joins!()
        )
    };
}

/// The filter of the ticket list, shared by its count and its pages: status, customer, any
/// part of the customer's name (a "contains" pattern), type, any part of the summary, created
/// from and before, assignee and creator, each NULL when not filtered on.
macro_rules! list_condition {
    () => {
        "(@P1 IS NULL OR t.status = @P1)
           AND (@P2 IS NULL OR t.customer_id = @P2)
           AND (@P3 IS NULL OR t.customer_id IN
                   (SELECT id FROM customers WHERE name LIKE @P3 ESCAPE '\\'))
           AND (@P4 IS NULL OR t.type_id = @P4)
           AND (@P5 IS NULL OR t.summary LIKE @P5 ESCAPE '\\')
           AND (@P6 IS NULL OR t.created_at >= @P6)
           AND (@P7 IS NULL OR t.created_at < @P7)
           AND (@P8 IS NULL OR t.assignee_id = @P8)
           AND (@P9 IS NULL OR t.created_by = @P9)"
    };
}

/// A page of the ticket list in the given order: the matching tickets are numbered on their
/// own table, and only the page's rows are joined for their names and rounds.
macro_rules! list_tickets {
    ($order:literal) => {
        concat!(
            ticket_columns!(),
            " FROM (SELECT t.id, ROW_NUMBER() OVER (ORDER BY ",
            $order,
            ") AS row_no
                   FROM service_tickets t
                   WHERE ",
            list_condition!(),
            ") AS matching
              JOIN service_tickets t ON t.id = matching.id",
            ticket_joins!(),
            "WHERE matching.row_no > @P10 AND matching.row_no <= @P10 + @P11
             ORDER BY matching.row_no"
        )
    };
}

statement!(
    TICKET = concat!(
        ticket_columns!(),
        " FROM service_tickets t",
        ticket_joins!(),
        "WHERE t.id = @P1"
    )
);

statement!(
    TICKET_BY_EXTERNAL_REF = concat!(
        ticket_columns!(),
        " FROM service_tickets t",
        ticket_joins!(),
        "WHERE t.source_system = @P1 AND t.external_ref = @P2"
    )
);

statement!(
    COUNT_TICKETS = recompiled concat!(
        "SELECT COUNT(*) AS matched FROM service_tickets t WHERE ",
        list_condition!()
    )
);

statement!(
    LIST_TICKETS_NEWEST_FIRST = recompiled list_tickets!("t.created_at DESC, t.id DESC")
);

statement!(
    LIST_TICKETS_OLDEST_FIRST = recompiled list_tickets!("t.created_at ASC, t.id ASC")
);

statement!(
    INSERT_TICKET = "INSERT INTO service_tickets (number, type_id, customer_id, summary,
             request, status, created_by, source_system, external_ref, created_at)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5, N'new', @P6, @P7, @P8, @P9)"
);

statement!(
    UPDATE_TICKET = "UPDATE service_tickets
         SET status = @P1, assignee_id = @P2, assigned_at = @P3, version = version + 1
         WHERE id = @P4 AND version = @P5;
         SELECT @@ROWCOUNT AS changed;"
);

statement!(
    COUNT_OPEN_TICKETS_OF_ASSIGNEE = "SELECT COUNT(*) AS open_tickets FROM service_tickets
         WHERE assignee_id = @P1 AND status = N'assigned'"
);

fn ticket_from_row(row: &mut Columns) -> StoreResult<TicketRecord> {
    let id = row.i64()?;
    let number = row.text()?;
    let fields = TicketFields {
        type_id: Some(row.i64()?),
        customer_id: Some(row.i64()?),
        summary: row.text()?,
        request: row.text()?,
    };
    let status = row.text()?;
    Ok(TicketRecord {
        id,
        number,
        fields,
        status: TicketStatus::from_code(&status).ok_or_else(|| bad_code("status", &status))?,
        created_by: row.opt_i64()?,
        source_system: row.text()?,
        external_ref: row.opt_text()?,
        created_at: row.time()?,
        assignee_id: row.opt_i64()?,
        assigned_at: row.opt_time()?,
        version: row.i64()?,
        names: TicketNames {
            type_name: row.text()?,
            customer_number: row.text()?,
            customer_name: row.text()?,
            created_by: row.opt_text()?,
            assignee: row.opt_text()?,
        },
        latest_round: round_from_row(row)?,
    })
}

/// The values of `list_condition!`, in its order.
fn list_values(filter: &TicketFilter) -> Vec<Value> {
    let contains = |text: &str| {
        let text = text.trim();
        Value::from((!text.is_empty()).then(|| contains_pattern(text)))
    };
    vec![
        Value::from(filter.status.map(|s| s.code().to_owned())),
        Value::from(filter.customer_id),
        contains(&filter.customer_name),
        Value::from(filter.type_id),
        contains(&filter.summary),
        Value::from(filter.created_from),
        Value::from(filter.created_before),
        Value::from(filter.assignee_id),
        Value::from(filter.created_by),
    ]
}

#[async_trait]
impl TicketStore for MssqlUnitOfWork {
    async fn ticket(&mut self, id: i64) -> StoreResult<Option<TicketRecord>> {
        self.one(&TICKET, &[Value::from(id)], ticket_from_row).await
    }

    async fn ticket_by_external_ref(
        &mut self,
        source_system: &str,
        external_ref: &str,
    ) -> StoreResult<Option<TicketRecord>> {
        let values = [Value::from(source_system), Value::from(external_ref)];
        self.one(&TICKET_BY_EXTERNAL_REF, &values, ticket_from_row)
            .await
    }

    async fn list_tickets(
        &mut self,
        filter: &TicketFilter,
        order: CreatedOrder,
        page: Page,
    ) -> StoreResult<(Vec<TicketRecord>, u64)> {
        let mut values = list_values(filter);
        let total = self.scalar(&COUNT_TICKETS, &values).await?;

        values.extend(page_values(page));
        let list = match order {
            CreatedOrder::NewestFirst => &LIST_TICKETS_NEWEST_FIRST,
            CreatedOrder::OldestFirst => &LIST_TICKETS_OLDEST_FIRST,
        };
        let tickets = self.list(list, &values, ticket_from_row).await?;
        Ok((tickets, total as u64))
    }

    async fn insert_ticket(&mut self, new: &NewTicket) -> StoreResult<i64> {
        let f = &new.fields;
        let values = [
            Value::from(new.number.as_str()),
            Value::from(f.type_id),
            Value::from(f.customer_id),
            Value::from(f.summary.as_str()),
            Value::from(f.request.as_str()),
            Value::from(new.created_by),
            Value::from(new.source_system.as_str()),
            Value::from(new.external_ref.clone()),
            Value::from(new.created_at),
        ];
        self.scalar(&INSERT_TICKET, &values).await
    }

    async fn update_ticket(&mut self, ticket: &TicketRecord, version: i64) -> StoreResult<()> {
        let values = [
            Value::from(ticket.status.code()),
            Value::from(ticket.assignee_id),
            Value::from(ticket.assigned_at),
            Value::from(ticket.id),
            Value::from(version),
        ];
        let changed = self.scalar(&UPDATE_TICKET, &values).await?;
        expect_one_row(changed)
    }

    async fn open_tickets_by_assignee(
        &mut self,
        assignee_ids: &[i64],
    ) -> StoreResult<HashMap<i64, u64>> {
        // One indexed count per user, as on SQLite: no list of ids is spliced into SQL.
        let mut counts = HashMap::new();
        for &id in assignee_ids {
            let count = self
                .scalar(&COUNT_OPEN_TICKETS_OF_ASSIGNEE, &[Value::from(id)])
                .await?;
            if count > 0 {
                counts.insert(id, count as u64);
            }
        }
        Ok(counts)
    }

    async fn list_ticket_rounds(&mut self, ticket_id: i64) -> StoreResult<Vec<TicketRoundRecord>> {
        list_rounds(self, ticket_id).await
    }

    async fn insert_ticket_round(&mut self, new: &NewTicketRound) -> StoreResult<i64> {
        insert_round(self, new).await
    }

    async fn record_round_feedback(
        &mut self,
        round_id: i64,
        feedback: &Feedback,
    ) -> StoreResult<()> {
        record_feedback(self, round_id, feedback).await
    }
}
