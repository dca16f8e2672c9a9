-- 0001: accounts, roles and rights, sessions, the data dictionary and the audit log.
-- Times are UTC text in RFC 3339 form with microseconds ("2026-12-03T08:00:00.000000Z"), which
-- sorts as it reads. Every editable record carries a version for optimistic concurrency.

CREATE TABLE roles (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL
);

CREATE TABLE rights (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL
);

CREATE TABLE role_rights (
    role_code   TEXT NOT NULL REFERENCES roles (code),
    right_code  TEXT NOT NULL REFERENCES rights (code),
    PRIMARY KEY (role_code, right_code)
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name    TEXT NOT NULL,
    role_code       TEXT NOT NULL REFERENCES roles (code),
    password_hash   TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT NULL,
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE dictionary_items (
    id          INTEGER PRIMARY KEY,
    type        TEXT NOT NULL,
    name        TEXT NOT NULL,
    sort_order  INTEGER NOT NULL,
    enabled     INTEGER NOT NULL DEFAULT 1,
    built_in    INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (type, name)
);

CREATE INDEX dictionary_items_by_type ON dictionary_items (type, sort_order, id);

-- 负责地区 and 行业特长 of a user: dictionary items of type region / industry.
CREATE TABLE user_regions (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    item_id     INTEGER NOT NULL REFERENCES dictionary_items (id),
    PRIMARY KEY (user_id, item_id)
);

CREATE INDEX user_regions_by_item ON user_regions (item_id);

CREATE TABLE user_industries (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    item_id     INTEGER NOT NULL REFERENCES dictionary_items (id),
    PRIMARY KEY (user_id, item_id)
);

CREATE INDEX user_industries_by_item ON user_industries (item_id);

-- Opaque session tokens, kept only as SHA-256 hashes.
CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    remembered  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     INTEGER NULL,
    username    TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    action      TEXT NOT NULL,
    old_value   TEXT NULL,
    new_value   TEXT NULL
);

CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_by_user ON audit_log (user_id, id);
