//! What `crm-server selftest` learns about a site's SQL Server before the store contract runs
//! (the server's version, edition, collation and whether the connection is encrypted), and the
//! scratch database the contract runs in, so a site's own CRM database is never touched.

use chrono::Utc;
use tiberius::EncryptionLevel;

use super::connection::{Connection, Manager};
use super::convert::{Columns, Value, as_params, map_error};
use super::parse_connection_string;
use super::statement::statement;
use crate::store::{StoreError, StoreResult};

statement!(
    SERVER_FACTS = "SELECT CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)) AS version,
                CAST(SERVERPROPERTY('ProductLevel') AS NVARCHAR(128)) AS level,
                CAST(SERVERPROPERTY('Edition') AS NVARCHAR(128)) AS edition,
                CAST(SERVERPROPERTY('Collation') AS NVARCHAR(128)) AS collation,
                CAST(DB_NAME() AS NVARCHAR(128)) AS current_database"
);

statement!(
    /// The name goes through QUOTENAME, so it is only ever a name.
    CREATE_SCRATCH_DATABASE = "DECLARE @create NVARCHAR(400);
         SET @create = N'CREATE DATABASE ' + QUOTENAME(@P1) + N' COLLATE Chinese_PRC_CI_AS';
         EXEC (@create)"
);

statement!(
    /// Other sessions (the pool's) are cut off first, so the drop does not wait for them.
    DROP_SCRATCH_DATABASE = "DECLARE @drop NVARCHAR(400);
         SET @drop = N'ALTER DATABASE ' + QUOTENAME(@P1) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; '
                   + N'DROP DATABASE ' + QUOTENAME(@P1);
         EXEC (@drop)"
);

/// The facts a site's operator needs to see.
#[derive(Clone, Debug)]
pub struct ServerFacts {
    /// e.g. `11.0.7001.0`.
    pub version: String,
    /// e.g. `SP4`.
    pub level: String,
    pub edition: String,
    pub collation: String,
    pub database: String,
    /// Whether the connection string asks for TLS (tiberius refuses to go on without it then).
    pub encrypted: bool,
}

impl ServerFacts {
    /// SQL Server 2012 SP4 (11.0.7001) or 2014 SP2 (12.0.5000) and later support TLS 1.2 and
    /// every type the store uses; older builds are refused.
    pub fn supported(&self) -> bool {
        let parts: Vec<u32> = self
            .version
            .split('.')
            .filter_map(|p| p.parse().ok())
            .collect();
        match parts.as_slice() {
            [11, _, build, ..] => *build >= 7001,
            [12, _, build, ..] => *build >= 5000,
            [major, ..] => *major > 12,
            [] => false,
        }
    }
}

async fn connect(connection_string: &str) -> StoreResult<(Connection, bool)> {
    let config = parse_connection_string(connection_string)?;
    let debug = format!("{config:?}");
    let encrypted = debug.contains(&format!("{:?}", EncryptionLevel::Required))
        || debug.contains(&format!("{:?}", EncryptionLevel::On));
    let conn = bb8::ManageConnection::connect(&Manager::new(config)).await?;
    Ok((conn, encrypted))
}

/// Connects once and reads the server's facts.
pub async fn server_facts(connection_string: &str) -> StoreResult<ServerFacts> {
    let (mut conn, encrypted) = connect(connection_string).await?;
    let row = conn
        .client
        .query(SERVER_FACTS.sql, &[])
        .await
        .map_err(map_error)?
        .into_row()
        .await
        .map_err(map_error)?
        .ok_or_else(|| StoreError::Failed("SERVERPROPERTY returned no row".into()))?;
    let mut columns = Columns::new(&row);
    Ok(ServerFacts {
        version: columns.opt_text()?.unwrap_or_default(),
        level: columns.opt_text()?.unwrap_or_default(),
        edition: columns.opt_text()?.unwrap_or_default(),
        collation: columns.opt_text()?.unwrap_or_default(),
        database: columns.opt_text()?.unwrap_or_default(),
        encrypted,
    })
}

/// A database made for one self-test and dropped after it.
pub struct ScratchDatabase {
    /// The site's connection string (its login made the database).
    admin: String,
    pub name: String,
    /// The site's settings pointing at the scratch database.
    pub config: tiberius::Config,
}

impl ScratchDatabase {
    /// Creates `crm_selftest_<UTC time>` with the site's login (which needs the right to
    /// create databases, e.g. the `dbcreator` role).
    pub async fn create(connection_string: &str) -> StoreResult<ScratchDatabase> {
        let name = format!("crm_selftest_{}", Utc::now().format("%Y%m%d%H%M%S"));
        let (mut conn, _) = connect(connection_string).await?;
        conn.client
            .execute(
                CREATE_SCRATCH_DATABASE.sql,
                &as_params(&[Value::from(name.as_str())]),
            )
            .await
            .map_err(map_error)?;
        let mut config = parse_connection_string(connection_string)?;
        config.database(&name);
        Ok(ScratchDatabase {
            admin: connection_string.to_owned(),
            name,
            config,
        })
    }

    pub async fn drop_database(self) -> StoreResult<()> {
        let (mut conn, _) = connect(&self.admin).await?;
        conn.client
            .execute(
                DROP_SCRATCH_DATABASE.sql,
                &as_params(&[Value::from(self.name.as_str())]),
            )
            .await
            .map_err(map_error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(version: &str) -> ServerFacts {
        ServerFacts {
            version: version.into(),
            level: String::new(),
            edition: String::new(),
            collation: String::new(),
            database: String::new(),
            encrypted: true,
        }
    }

    #[test]
    fn only_builds_with_tls_1_2_are_supported() {
        assert!(!facts("9.00.5000.00").supported()); // 2005
        assert!(!facts("10.50.6000.34").supported()); // 2008 R2 SP3
        assert!(!facts("11.0.6020.0").supported()); // 2012 SP3
        assert!(facts("11.0.7001.0").supported()); // 2012 SP4
        assert!(!facts("12.0.4100.1").supported()); // 2014 SP1
        assert!(facts("12.0.5000.0").supported()); // 2014 SP2
        assert!(facts("16.0.1000.6").supported()); // 2022
        assert!(!facts("").supported());
    }
}
