//! Contacts of customers on SQL Server; a contact 开发成功 created has no gender yet (NULL
//! while 待补充).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_shared::contact::{ContactFields, Gender};

use super::convert::{Columns, Value, bad_code, expect_one_row};
use super::statement::statement;
use super::unit::MssqlUnitOfWork;
use crate::store::{ContactRecord, ContactStore, StoreResult};

statement!(
    LIST_CONTACTS = "SELECT id, customer_id, name, gender, position, office_phone, mobile,
                remark, created_at, version
         FROM contacts WHERE customer_id = @P1 ORDER BY id"
);

statement!(
    CONTACT = "SELECT id, customer_id, name, gender, position, office_phone, mobile, remark,
                created_at, version
         FROM contacts WHERE id = @P1"
);

statement!(
    INSERT_CONTACT = "INSERT INTO contacts (customer_id, name, gender, position, office_phone,
                                          mobile, remark, created_at)
         OUTPUT INSERTED.id
         VALUES (@P1, @P2, @P3, @P4, @P5, @P6, @P7, @P8)"
);

statement!(
    UPDATE_CONTACT = "UPDATE contacts
         SET name = @P1, gender = @P2, position = @P3, office_phone = @P4, mobile = @P5,
             remark = @P6, version = version + 1
         WHERE id = @P7 AND version = @P8;
         SELECT @@ROWCOUNT AS changed;"
);

statement!(
    DELETE_CONTACT = "DELETE FROM contacts WHERE id = @P1 AND version = @P2;
         SELECT @@ROWCOUNT AS changed;"
);

fn contact_from_row(row: &mut Columns) -> StoreResult<ContactRecord> {
    let id = row.i64()?;
    let customer_id = row.i64()?;
    let name = row.text()?;
    let gender = match row.opt_text()? {
        Some(code) => Some(Gender::from_code(&code).ok_or_else(|| bad_code("gender", &code))?),
        None => None,
    };
    Ok(ContactRecord {
        id,
        customer_id,
        fields: ContactFields {
            name,
            gender,
            position: row.text()?,
            office_phone: row.text()?,
            mobile: row.text()?,
            remark: row.text()?,
        },
        created_at: row.time()?,
        version: row.i64()?,
    })
}

/// NULL while 待补充 (a contact 开发成功 created).
fn gender_value(fields: &ContactFields) -> Value {
    Value::from(fields.gender.map(|g| g.code().to_owned()))
}

#[async_trait]
impl ContactStore for MssqlUnitOfWork {
    async fn list_contacts(&mut self, customer_id: i64) -> StoreResult<Vec<ContactRecord>> {
        let values = [Value::from(customer_id)];
        self.list(&LIST_CONTACTS, &values, contact_from_row).await
    }

    async fn contact(&mut self, id: i64) -> StoreResult<Option<ContactRecord>> {
        self.one(&CONTACT, &[Value::from(id)], contact_from_row)
            .await
    }

    async fn insert_contact(
        &mut self,
        customer_id: i64,
        fields: &ContactFields,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let values = [
            Value::from(customer_id),
            Value::from(fields.name.as_str()),
            gender_value(fields),
            Value::from(fields.position.as_str()),
            Value::from(fields.office_phone.as_str()),
            Value::from(fields.mobile.as_str()),
            Value::from(fields.remark.as_str()),
            Value::from(at),
        ];
        self.scalar(&INSERT_CONTACT, &values).await
    }

    async fn update_contact(&mut self, contact: &ContactRecord, version: i64) -> StoreResult<()> {
        let f = &contact.fields;
        let values = [
            Value::from(f.name.as_str()),
            gender_value(f),
            Value::from(f.position.as_str()),
            Value::from(f.office_phone.as_str()),
            Value::from(f.mobile.as_str()),
            Value::from(f.remark.as_str()),
            Value::from(contact.id),
            Value::from(version),
        ];
        let changed = self.scalar(&UPDATE_CONTACT, &values).await?;
        expect_one_row(changed)
    }

    async fn delete_contact(&mut self, id: i64, version: i64) -> StoreResult<()> {
        let values = [Value::from(id), Value::from(version)];
        let changed = self.scalar(&DELETE_CONTACT, &values).await?;
        expect_one_row(changed)
    }
}
