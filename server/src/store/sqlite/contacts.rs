//! Contacts of customers on SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_shared::contact::{ContactFields, Gender};
use rusqlite::{Row, params};

use super::convert::{bad_code, expect_one_row, time_from_sql, time_to_sql};
use super::unit::SqliteUnitOfWork;
use crate::store::{ContactRecord, ContactStore, StoreResult};

const COLUMNS: &str =
    "id, customer_id, name, gender, position, office_phone, mobile, remark, created_at, version";

fn contact_from_row(row: &Row) -> rusqlite::Result<ContactRecord> {
    let gender: Option<String> = row.get(3)?;
    let gender = match gender {
        Some(code) => Some(Gender::from_code(&code).ok_or_else(|| bad_code("gender", &code))?),
        None => None,
    };
    Ok(ContactRecord {
        id: row.get(0)?,
        customer_id: row.get(1)?,
        fields: ContactFields {
            name: row.get(2)?,
            gender,
            position: row.get(4)?,
            office_phone: row.get(5)?,
            mobile: row.get(6)?,
            remark: row.get(7)?,
        },
        created_at: time_from_sql(&row.get::<_, String>(8)?)?,
        version: row.get(9)?,
    })
}

/// `None` while 待补充 (a contact 开发成功 created).
fn gender_code(fields: &ContactFields) -> Option<&'static str> {
    fields.gender.map(Gender::code)
}

#[async_trait]
impl ContactStore for SqliteUnitOfWork {
    async fn list_contacts(&mut self, customer_id: i64) -> StoreResult<Vec<ContactRecord>> {
        self.run(move |conn| {
            let sql = format!("SELECT {COLUMNS} FROM contacts WHERE customer_id = ?1 ORDER BY id");
            conn.prepare_cached(&sql)?
                .query_map([customer_id], contact_from_row)?
                .collect()
        })
        .await
    }

    async fn contact(&mut self, id: i64) -> StoreResult<Option<ContactRecord>> {
        self.run(move |conn| {
            let sql = format!("SELECT {COLUMNS} FROM contacts WHERE id = ?1");
            let mut found = conn
                .prepare_cached(&sql)?
                .query_map([id], contact_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(found.pop())
        })
        .await
    }

    async fn insert_contact(
        &mut self,
        customer_id: i64,
        fields: &ContactFields,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let gender = gender_code(fields);
        let fields = fields.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO contacts (customer_id, name, gender, position, office_phone, mobile,
                                       remark, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    customer_id,
                    fields.name,
                    gender,
                    fields.position,
                    fields.office_phone,
                    fields.mobile,
                    fields.remark,
                    time_to_sql(at)
                ],
            )?;
            Ok(conn.last_insert_rowid())
        })
        .await
    }

    async fn update_contact(&mut self, contact: &ContactRecord, version: i64) -> StoreResult<()> {
        let gender = gender_code(&contact.fields);
        let contact = contact.clone();
        let changed = self
            .run(move |conn| {
                let f = &contact.fields;
                conn.execute(
                    "UPDATE contacts SET name = ?1, gender = ?2, position = ?3, office_phone = ?4,
                            mobile = ?5, remark = ?6, version = version + 1
                     WHERE id = ?7 AND version = ?8",
                    params![
                        f.name,
                        gender,
                        f.position,
                        f.office_phone,
                        f.mobile,
                        f.remark,
                        contact.id,
                        version
                    ],
                )
            })
            .await?;
        expect_one_row(changed)
    }

    async fn delete_contact(&mut self, id: i64, version: i64) -> StoreResult<()> {
        let changed = self
            .run(move |conn| {
                conn.execute(
                    "DELETE FROM contacts WHERE id = ?1 AND version = ?2",
                    [id, version],
                )
            })
            .await?;
        expect_one_row(changed)
    }
}
