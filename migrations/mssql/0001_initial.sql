-- 0001: accounts, roles and rights, sessions, the data dictionary and the audit log.
-- The same tables and columns as migrations/sqlite/0001_initial.sql, in SQL Server's types:
-- NVARCHAR for all text, DATETIME2 holding UTC, BIGINT ids, BIT flags, an INT version on every
-- editable record for optimistic concurrency. A line holding only GO ends a batch.

-- Roles and rights list in the order they were added (SQLite's rowid order): `position`.
CREATE TABLE roles (
    code        NVARCHAR(50) NOT NULL CONSTRAINT pk_roles PRIMARY KEY,
    name        NVARCHAR(100) NOT NULL,
    position    INT IDENTITY(1, 1) NOT NULL
);

CREATE TABLE rights (
    code        NVARCHAR(50) NOT NULL CONSTRAINT pk_rights PRIMARY KEY,
    name        NVARCHAR(100) NOT NULL,
    position    INT IDENTITY(1, 1) NOT NULL
);

CREATE TABLE role_rights (
    role_code   NVARCHAR(50) NOT NULL CONSTRAINT fk_role_rights_role REFERENCES roles (code),
    right_code  NVARCHAR(50) NOT NULL CONSTRAINT fk_role_rights_right REFERENCES rights (code),
    CONSTRAINT pk_role_rights PRIMARY KEY (role_code, right_code)
);

-- User names compare without case (the database's Chinese_PRC_CI_AS collation is
-- case-insensitive; the column says so whatever the database's default is).
CREATE TABLE users (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    username        NVARCHAR(100) COLLATE Chinese_PRC_CI_AS NOT NULL
                    CONSTRAINT uq_users_username UNIQUE,
    display_name    NVARCHAR(100) NOT NULL,
    role_code       NVARCHAR(50) NOT NULL CONSTRAINT fk_users_role REFERENCES roles (code),
    password_hash   NVARCHAR(200) NOT NULL,
    status          NVARCHAR(20) NOT NULL
                    CONSTRAINT ck_users_status CHECK (status IN (N'active', N'disabled')),
    failed_logins   INT NOT NULL CONSTRAINT df_users_failed_logins DEFAULT 0,
    locked_until    DATETIME2 NULL,
    created_at      DATETIME2 NOT NULL,
    version         INT NOT NULL CONSTRAINT df_users_version DEFAULT 1
);

CREATE TABLE dictionary_items (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_dictionary_items PRIMARY KEY,
    type        NVARCHAR(30) NOT NULL,
    name        NVARCHAR(100) NOT NULL,
    sort_order  INT NOT NULL,
    enabled     BIT NOT NULL CONSTRAINT df_dictionary_items_enabled DEFAULT 1,
    built_in    BIT NOT NULL CONSTRAINT df_dictionary_items_built_in DEFAULT 0,
    version     INT NOT NULL CONSTRAINT df_dictionary_items_version DEFAULT 1,
    CONSTRAINT uq_dictionary_items_type_name UNIQUE (type, name)
);

CREATE INDEX dictionary_items_by_type ON dictionary_items (type, sort_order, id);

-- 负责地区 and 行业特长 of a user: dictionary items of type region / industry.
CREATE TABLE user_regions (
    user_id     BIGINT NOT NULL CONSTRAINT fk_user_regions_user REFERENCES users (id),
    item_id     BIGINT NOT NULL CONSTRAINT fk_user_regions_item REFERENCES dictionary_items (id),
    CONSTRAINT pk_user_regions PRIMARY KEY (user_id, item_id)
);

CREATE INDEX user_regions_by_item ON user_regions (item_id);

CREATE TABLE user_industries (
    user_id     BIGINT NOT NULL CONSTRAINT fk_user_industries_user REFERENCES users (id),
    item_id     BIGINT NOT NULL
                CONSTRAINT fk_user_industries_item REFERENCES dictionary_items (id),
    CONSTRAINT pk_user_industries PRIMARY KEY (user_id, item_id)
);

CREATE INDEX user_industries_by_item ON user_industries (item_id);

-- Opaque session tokens, kept only as SHA-256 hashes (64 hex digits).
CREATE TABLE sessions (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_sessions PRIMARY KEY,
    token_hash  NVARCHAR(64) NOT NULL CONSTRAINT uq_sessions_token_hash UNIQUE,
    user_id     BIGINT NOT NULL CONSTRAINT fk_sessions_user REFERENCES users (id),
    remembered  BIT NOT NULL CONSTRAINT df_sessions_remembered DEFAULT 0,
    created_at  DATETIME2 NOT NULL,
    expires_at  DATETIME2 NOT NULL,
    revoked_at  DATETIME2 NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE audit_log (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    at          DATETIME2 NOT NULL,
    user_id     BIGINT NULL,
    username    NVARCHAR(100) NOT NULL,
    entity      NVARCHAR(50) NOT NULL,
    entity_id   BIGINT NOT NULL,
    action      NVARCHAR(50) NOT NULL,
    old_value   NVARCHAR(MAX) NULL,
    new_value   NVARCHAR(MAX) NULL
);

CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_by_user ON audit_log (user_id, id);
