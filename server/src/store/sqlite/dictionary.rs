//! Data dictionary items on SQLite.

use async_trait::async_trait;
use crm_shared::dictionary::DictionaryType;
use r2d2_sqlite::rusqlite::{self, Row, params};

use super::convert::{bad_code, expect_one_row};
use super::unit::SqliteUnitOfWork;
use crate::store::{DictionaryItemRecord, DictionaryStore, NewDictionaryItem, StoreResult};

const COLUMNS: &str = "id, type, name, sort_order, enabled, built_in, version";

fn item_from_row(row: &Row) -> rusqlite::Result<DictionaryItemRecord> {
    let kind: String = row.get(1)?;
    Ok(DictionaryItemRecord {
        id: row.get(0)?,
        kind: DictionaryType::from_code(&kind).ok_or_else(|| bad_code("type", &kind))?,
        name: row.get(2)?,
        sort_order: row.get(3)?,
        enabled: row.get(4)?,
        built_in: row.get(5)?,
        version: row.get(6)?,
    })
}

#[async_trait]
impl DictionaryStore for SqliteUnitOfWork {
    async fn list_dictionary(
        &mut self,
        kind: DictionaryType,
        include_disabled: bool,
    ) -> StoreResult<Vec<DictionaryItemRecord>> {
        self.run(move |conn| {
            let sql = format!(
                "SELECT {COLUMNS} FROM dictionary_items
                 WHERE type = ?1 AND (?2 OR enabled) ORDER BY sort_order, id"
            );
            conn.prepare_cached(&sql)?
                .query_map(params![kind.code(), include_disabled], item_from_row)?
                .collect()
        })
        .await
    }

    async fn dictionary_item(&mut self, id: i64) -> StoreResult<Option<DictionaryItemRecord>> {
        self.run(move |conn| {
            let sql = format!("SELECT {COLUMNS} FROM dictionary_items WHERE id = ?1");
            let mut found: Vec<_> = conn
                .prepare_cached(&sql)?
                .query_map([id], item_from_row)?
                .collect::<Result<_, _>>()?;
            Ok(found.pop())
        })
        .await
    }

    async fn dictionary_item_by_name(
        &mut self,
        kind: DictionaryType,
        name: &str,
    ) -> StoreResult<Option<DictionaryItemRecord>> {
        let name = name.to_owned();
        self.run(move |conn| {
            let sql =
                format!("SELECT {COLUMNS} FROM dictionary_items WHERE type = ?1 AND name = ?2");
            let mut found: Vec<_> = conn
                .prepare_cached(&sql)?
                .query_map(params![kind.code(), name], item_from_row)?
                .collect::<Result<_, _>>()?;
            Ok(found.pop())
        })
        .await
    }

    async fn count_dictionary(&mut self, kind: DictionaryType) -> StoreResult<u64> {
        self.run(move |conn| {
            conn.query_row(
                "SELECT COUNT(*) FROM dictionary_items WHERE type = ?1",
                [kind.code()],
                |row| row.get::<_, i64>(0),
            )
        })
        .await
        .map(|n| n as u64)
    }

    async fn max_dictionary_sort_order(&mut self, kind: DictionaryType) -> StoreResult<i32> {
        self.run(move |conn| {
            conn.query_row(
                "SELECT COALESCE(MAX(sort_order), 0) FROM dictionary_items WHERE type = ?1",
                [kind.code()],
                |row| row.get(0),
            )
        })
        .await
    }

    async fn insert_dictionary_item(&mut self, item: &NewDictionaryItem) -> StoreResult<i64> {
        let item = item.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO dictionary_items (type, name, sort_order, built_in)
                 VALUES (?1, ?2, ?3, ?4)",
                params![item.kind.code(), item.name, item.sort_order, item.built_in],
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }

    async fn update_dictionary_item(
        &mut self,
        item: &DictionaryItemRecord,
        version: i64,
    ) -> StoreResult<()> {
        let item = item.clone();
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "UPDATE dictionary_items
                     SET name = ?1, sort_order = ?2, enabled = ?3, version = version + 1
                     WHERE id = ?4 AND version = ?5",
                    params![item.name, item.sort_order, item.enabled, item.id, version],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn delete_dictionary_item(&mut self, id: i64, version: i64) -> StoreResult<()> {
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "DELETE FROM dictionary_items WHERE id = ?1 AND version = ?2",
                    params![id, version],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn dictionary_item_usage(&mut self, id: i64) -> StoreResult<u64> {
        // Every table that names dictionary items adds its count here.
        self.run(move |conn| {
            conn.query_row(
                "SELECT (SELECT COUNT(*) FROM user_regions WHERE item_id = ?1)
                      + (SELECT COUNT(*) FROM user_industries WHERE item_id = ?1)
                      + (SELECT COUNT(*) FROM customers WHERE region_id = ?1)
                      + (SELECT COUNT(*) FROM customers WHERE level_id = ?1)
                      + (SELECT COUNT(*) FROM opportunities WHERE region_id = ?1)
                      + (SELECT COUNT(*) FROM opportunities WHERE industry_id = ?1)
                      + (SELECT COUNT(*) FROM service_tickets WHERE type_id = ?1)",
                [id],
                |row| row.get::<_, i64>(0),
            )
        })
        .await
        .map(|n| n as u64)
    }
}
