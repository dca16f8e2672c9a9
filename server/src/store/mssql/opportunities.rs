//! Sales opportunities on SQL Server, read with the names their ids stand for.

use std::collections::HashMap;

use async_trait::async_trait;
use crm_shared::opportunity::{OpportunityFields, OpportunityStatus};
use crm_shared::paging::Page;

use super::convert::{Columns, Value, bad_code, contains_pattern, expect_one_row, page_values};
use super::statement::{Statement, statement};
use super::unit::MssqlUnitOfWork;
use crate::store::{
    CreatedOrder, NewOpportunity, OpportunityFilter, OpportunityNames, OpportunityRecord,
    OpportunityStore, StoreResult,
};

/// An opportunity with the names its ids stand for, in the order of `opportunity_from_row`;
/// the statements add which rows (a `WHERE`, or the join to a numbered page).
macro_rules! select_opportunity {
    () => {
        "SELECT o.id, o.number, o.source, o.customer_name, o.success_rate, o.summary, o.contact,
                o.contact_phone, o.description, o.region_id, o.industry_id, o.status,
                o.created_by, o.created_at, o.assignee_id, o.assigned_at, o.customer_id,
                o.version, r.name, i.name, creator.display_name, assignee.display_name,
                c.number
         FROM opportunities o
              LEFT JOIN dictionary_items r ON r.id = o.region_id
              LEFT JOIN dictionary_items i ON i.id = o.industry_id
              JOIN users creator ON creator.id = o.created_by
              LEFT JOIN users assignee ON assignee.id = o.assignee_id
              LEFT JOIN customers c ON c.id = o.customer_id"
    };
}

/// The filter of the list, shared by its count and its pages: status, the "contains"
/// pattern of 客户名称, creator, assignee, created from and created before, each NULL when
/// not filtered on.
macro_rules! list_condition {
    () => {
        " WHERE (@P1 IS NULL OR o.status = @P1)
           AND (@P2 IS NULL OR o.customer_name LIKE @P2 ESCAPE '\\')
           AND (@P3 IS NULL OR o.created_by = @P3)
           AND (@P4 IS NULL OR o.assignee_id = @P4)
           AND (@P5 IS NULL OR o.created_at >= @P5)
           AND (@P6 IS NULL OR o.created_at < @P6)"
    };
}

statement!(OPPORTUNITY = concat!(select_opportunity!(), " WHERE o.id = @P1"));

statement!(
    COUNT_OPPORTUNITIES = recompiled concat!(
        "SELECT COUNT(*) AS total FROM opportunities o",
        list_condition!()
    )
);

/// A page of the list in `$order`. The page's rows are numbered over the opportunities alone
/// (the inner `o`), and only they are joined to the names.
macro_rules! list_opportunities {
    ($order:literal) => {
        concat!(
            select_opportunity!(),
            " JOIN (SELECT o.id, ROW_NUMBER() OVER (ORDER BY ",
            $order,
            ") AS row_no
                FROM opportunities o",
            list_condition!(),
            ") AS matching ON matching.id = o.id
             WHERE matching.row_no > @P7 AND matching.row_no <= @P7 + @P8
             ORDER BY matching.row_no"
        )
    };
}

statement!(
    LIST_OPPORTUNITIES_NEWEST_FIRST =
        recompiled list_opportunities!("o.created_at DESC, o.id DESC")
);

statement!(
    LIST_OPPORTUNITIES_OLDEST_FIRST =
        recompiled list_opportunities!("o.created_at ASC, o.id ASC")
);

statement!(
    INSERT_OPPORTUNITY = "INSERT INTO opportunities (number, source, customer_name,
             success_rate, summary, contact, contact_phone, description, region_id,
             industry_id, status, created_by, created_at)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5, @P6, @P7, @P8, @P9, @P10, N'unassigned', @P11,
                 @P12)"
);

statement!(
    UPDATE_OPPORTUNITY = "UPDATE opportunities
         SET source = @P1, customer_name = @P2, success_rate = @P3, summary = @P4,
             contact = @P5, contact_phone = @P6, description = @P7, region_id = @P8,
             industry_id = @P9, status = @P10, assignee_id = @P11, assigned_at = @P12,
             customer_id = @P13, version = version + 1
         WHERE id = @P14 AND version = @P15;
         SELECT @@ROWCOUNT AS changed;"
);

statement!(
    /// The plan items go first (they refer to the opportunity), and only when the version
    /// matches; the update lock keeps that version until the opportunity itself is deleted.
    DELETE_OPPORTUNITY = "DELETE FROM plan_items
         WHERE opportunity_id = @P1
           AND EXISTS (SELECT 1 FROM opportunities WITH (UPDLOCK)
                       WHERE id = @P1 AND version = @P2);
         DELETE FROM opportunities WHERE id = @P1 AND version = @P2;
         SELECT @@ROWCOUNT AS changed;"
);

statement!(
    COUNT_OPEN_OPPORTUNITIES_OF_ASSIGNEE = "SELECT COUNT(*) AS held FROM opportunities
         WHERE assignee_id = @P1 AND status = N'assigned'"
);

fn opportunity_from_row(row: &mut Columns) -> StoreResult<OpportunityRecord> {
    let id = row.i64()?;
    let number = row.text()?;
    let fields = OpportunityFields {
        source: row.text()?,
        customer_name: row.text()?,
        success_rate: Some(row.i32()?),
        summary: row.text()?,
        contact: row.text()?,
        contact_phone: row.text()?,
        description: row.text()?,
        region_id: row.opt_i64()?,
        industry_id: row.opt_i64()?,
    };
    let status = row.text()?;
    Ok(OpportunityRecord {
        id,
        number,
        fields,
        status: OpportunityStatus::from_code(&status).ok_or_else(|| bad_code("status", &status))?,
        created_by: row.i64()?,
        created_at: row.time()?,
        assignee_id: row.opt_i64()?,
        assigned_at: row.opt_time()?,
        customer_id: row.opt_i64()?,
        version: row.i64()?,
        names: OpportunityNames {
            region: row.opt_text()?,
            industry: row.opt_text()?,
            created_by: row.text()?,
            assignee: row.opt_text()?,
            customer_number: row.opt_text()?,
        },
    })
}

/// `@P1` to `@P6` of the list's count and pages.
fn list_values(filter: &OpportunityFilter) -> Vec<Value> {
    let name = filter.customer_name.trim();
    let name = (!name.is_empty()).then(|| contains_pattern(name));
    vec![
        Value::from(filter.status.map(|s| s.code().to_owned())),
        Value::from(name),
        Value::from(filter.created_by),
        Value::from(filter.assignee_id),
        Value::from(filter.created_from),
        Value::from(filter.created_before),
    ]
}

#[async_trait]
impl OpportunityStore for MssqlUnitOfWork {
    async fn opportunity(&mut self, id: i64) -> StoreResult<Option<OpportunityRecord>> {
        self.one(&OPPORTUNITY, &[Value::from(id)], opportunity_from_row)
            .await
    }

    async fn list_opportunities(
        &mut self,
        filter: &OpportunityFilter,
        order: CreatedOrder,
        page: Page,
    ) -> StoreResult<(Vec<OpportunityRecord>, u64)> {
        let mut values = list_values(filter);
        let total = self.scalar(&COUNT_OPPORTUNITIES, &values).await?;

        let list: &Statement = match order {
            CreatedOrder::NewestFirst => &LIST_OPPORTUNITIES_NEWEST_FIRST,
            CreatedOrder::OldestFirst => &LIST_OPPORTUNITIES_OLDEST_FIRST,
        };
        values.extend(page_values(page));
        let rows = self.list(list, &values, opportunity_from_row).await?;
        Ok((rows, total as u64))
    }

    async fn insert_opportunity(&mut self, new: &NewOpportunity) -> StoreResult<i64> {
        let f = &new.fields;
        let values = [
            Value::from(new.number.as_str()),
            Value::from(f.source.as_str()),
            Value::from(f.customer_name.as_str()),
            Value::from(f.success_rate.map(i64::from)),
            Value::from(f.summary.as_str()),
            Value::from(f.contact.as_str()),
            Value::from(f.contact_phone.as_str()),
            Value::from(f.description.as_str()),
            Value::from(f.region_id),
            Value::from(f.industry_id),
            Value::from(new.created_by),
            Value::from(new.created_at),
        ];
        self.scalar(&INSERT_OPPORTUNITY, &values).await
    }

    async fn update_opportunity(
        &mut self,
        opportunity: &OpportunityRecord,
        version: i64,
    ) -> StoreResult<()> {
        let o = opportunity;
        let f = &o.fields;
        let values = [
            Value::from(f.source.as_str()),
            Value::from(f.customer_name.as_str()),
            Value::from(f.success_rate.map(i64::from)),
            Value::from(f.summary.as_str()),
            Value::from(f.contact.as_str()),
            Value::from(f.contact_phone.as_str()),
            Value::from(f.description.as_str()),
            Value::from(f.region_id),
            Value::from(f.industry_id),
            Value::from(o.status.code()),
            Value::from(o.assignee_id),
            Value::from(o.assigned_at),
            Value::from(o.customer_id),
            Value::from(o.id),
            Value::from(version),
        ];
        let changed = self.scalar(&UPDATE_OPPORTUNITY, &values).await?;
        expect_one_row(changed)
    }

    async fn delete_opportunity(&mut self, id: i64, version: i64) -> StoreResult<()> {
        let values = [Value::from(id), Value::from(version)];
        let changed = self.scalar(&DELETE_OPPORTUNITY, &values).await?;
        expect_one_row(changed)
    }

    async fn open_opportunities_by_assignee(
        &mut self,
        assignee_ids: &[i64],
    ) -> StoreResult<HashMap<i64, u64>> {
        // One indexed count per assignee beats a GROUP BY over the table, as on SQLite.
        let mut counts = HashMap::new();
        for &id in assignee_ids {
            let values = [Value::from(id)];
            let count = self
                .scalar(&COUNT_OPEN_OPPORTUNITIES_OF_ASSIGNEE, &values)
                .await?;
            if count > 0 {
                counts.insert(id, count as u64);
            }
        }
        Ok(counts)
    }
}
