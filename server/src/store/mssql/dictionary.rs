//! Data dictionary items on SQL Server; `enabled` and `built_in` are BIT flags.

use async_trait::async_trait;
use crm_shared::dictionary::DictionaryType;

use super::convert::{Columns, Value, bad_code, expect_one_row};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{
    DictionaryItemRecord, DictionaryStore, NewDictionaryItem, StoreError, StoreResult,
};

statement!(
    LIST_DICTIONARY = "SELECT id, type, name, sort_order, enabled, built_in, version
         FROM dictionary_items
         WHERE type = @P1 AND (@P2 = 1 OR enabled = 1)
         ORDER BY sort_order, id"
);

statement!(
    DICTIONARY_ITEM = "SELECT id, type, name, sort_order, enabled, built_in, version
         FROM dictionary_items WHERE id = @P1"
);

statement!(
    DICTIONARY_ITEM_BY_NAME = "SELECT id, type, name, sort_order, enabled, built_in, version
         FROM dictionary_items WHERE type = @P1 AND name = @P2"
);

statement!(COUNT_DICTIONARY = "SELECT COUNT(*) FROM dictionary_items WHERE type = @P1");

statement!(
    MAX_DICTIONARY_SORT_ORDER = "SELECT COALESCE(MAX(sort_order), 0) FROM dictionary_items
         WHERE type = @P1"
);

statement!(
    INSERT_DICTIONARY_ITEM = "INSERT INTO dictionary_items (type, name, sort_order, built_in)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4)"
);

statement!(
    UPDATE_DICTIONARY_ITEM = "UPDATE dictionary_items
         SET name = @P1, sort_order = @P2, enabled = @P3, version = version + 1
         WHERE id = @P4 AND version = @P5;
         SELECT @@ROWCOUNT AS changed"
);

statement!(
    DELETE_DICTIONARY_ITEM = "DELETE FROM dictionary_items WHERE id = @P1 AND version = @P2;
         SELECT @@ROWCOUNT AS changed"
);

statement!(
    /// Every table that names dictionary items adds its count here.
    DICTIONARY_ITEM_USAGE = "SELECT (SELECT COUNT_BIG(*) FROM user_regions WHERE item_id = @P1)
              + (SELECT COUNT_BIG(*) FROM user_industries WHERE item_id = @P1)
              + (SELECT COUNT_BIG(*) FROM customers WHERE region_id = @P1)
              + (SELECT COUNT_BIG(*) FROM customers WHERE level_id = @P1)
              + (SELECT COUNT_BIG(*) FROM opportunities WHERE region_id = @P1)
              + (SELECT COUNT_BIG(*) FROM opportunities WHERE industry_id = @P1)
              + (SELECT COUNT_BIG(*) FROM service_tickets WHERE type_id = @P1)"
);

fn item_from_row(row: &mut Columns) -> StoreResult<DictionaryItemRecord> {
    let id = row.i64()?;
    let kind = row.text()?;
    Ok(DictionaryItemRecord {
        id,
        kind: DictionaryType::from_code(&kind).ok_or_else(|| bad_code("type", &kind))?,
        name: row.text()?,
        sort_order: row.i32()?,
        enabled: row.bool()?,
        built_in: row.bool()?,
        version: row.i64()?,
    })
}

#[async_trait]
impl DictionaryStore for MssqlUnitOfWork {
    async fn list_dictionary(
        &mut self,
        kind: DictionaryType,
        include_disabled: bool,
    ) -> StoreResult<Vec<DictionaryItemRecord>> {
        let values = [Value::from(kind.code()), Value::from(include_disabled)];
        self.list(&LIST_DICTIONARY, &values, item_from_row).await
    }

    async fn dictionary_item(&mut self, id: i64) -> StoreResult<Option<DictionaryItemRecord>> {
        self.one(&DICTIONARY_ITEM, &[Value::from(id)], item_from_row)
            .await
    }

    async fn dictionary_item_by_name(
        &mut self,
        kind: DictionaryType,
        name: &str,
    ) -> StoreResult<Option<DictionaryItemRecord>> {
        let values = [Value::from(kind.code()), Value::from(name)];
        self.one(&DICTIONARY_ITEM_BY_NAME, &values, item_from_row)
            .await
    }

    async fn count_dictionary(&mut self, kind: DictionaryType) -> StoreResult<u64> {
        let count = self
            .scalar(&COUNT_DICTIONARY, &[Value::from(kind.code())])
            .await?;
        Ok(count as u64)
    }

    async fn max_dictionary_sort_order(&mut self, kind: DictionaryType) -> StoreResult<i32> {
        let max = self
            .scalar(&MAX_DICTIONARY_SORT_ORDER, &[Value::from(kind.code())])
            .await?;
        i32::try_from(max).map_err(|_| StoreError::Failed(format!("sort order {max} overflows")))
    }

    async fn insert_dictionary_item(&mut self, item: &NewDictionaryItem) -> StoreResult<i64> {
        let values = [
            Value::from(item.kind.code()),
            Value::from(item.name.as_str()),
            Value::from(i64::from(item.sort_order)),
            Value::from(item.built_in),
        ];
        self.scalar(&INSERT_DICTIONARY_ITEM, &values).await
    }

    async fn update_dictionary_item(
        &mut self,
        item: &DictionaryItemRecord,
        version: i64,
    ) -> StoreResult<()> {
        let values = [
            Value::from(item.name.as_str()),
            Value::from(i64::from(item.sort_order)),
            Value::from(item.enabled),
            Value::from(item.id),
            Value::from(version),
        ];
        let changed = self.scalar(&UPDATE_DICTIONARY_ITEM, &values).await?;
        expect_one_row(changed)
    }

    async fn delete_dictionary_item(&mut self, id: i64, version: i64) -> StoreResult<()> {
        let values = [Value::from(id), Value::from(version)];
        let changed = self.scalar(&DELETE_DICTIONARY_ITEM, &values).await?;
        expect_one_row(changed)
    }

    async fn dictionary_item_usage(&mut self, id: i64) -> StoreResult<u64> {
        let count = self
            .scalar(&DICTIONARY_ITEM_USAGE, &[Value::from(id)])
            .await?;
        Ok(count as u64)
    }
}
