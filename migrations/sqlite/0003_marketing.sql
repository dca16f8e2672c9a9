-- 0003: sales opportunities and their development plans (DESIGN §2.1); contacts may lack a
-- gender, as the first contact 开发成功 creates from an opportunity has none yet (待补充).

CREATE TABLE opportunities (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    source          TEXT NOT NULL DEFAULT '',
    customer_name   TEXT NOT NULL,
    success_rate    INTEGER NOT NULL CHECK (success_rate BETWEEN 0 AND 100),
    summary         TEXT NOT NULL,
    contact         TEXT NOT NULL DEFAULT '',
    contact_phone   TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL,
    region_id       INTEGER NULL REFERENCES dictionary_items (id),
    industry_id     INTEGER NULL REFERENCES dictionary_items (id),
    status          TEXT NOT NULL
                    CHECK (status IN ('unassigned', 'assigned', 'won', 'lost')),
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    assignee_id     INTEGER NULL REFERENCES users (id),
    assigned_at     TEXT NULL,
    -- The customer 开发成功 created: at most one per opportunity, and never shared.
    customer_id     INTEGER NULL UNIQUE REFERENCES customers (id),
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX opportunities_by_created ON opportunities (created_at DESC, id DESC);
CREATE INDEX opportunities_by_status ON opportunities (status, created_at DESC, id DESC);
CREATE INDEX opportunities_by_creator ON opportunities (created_by, created_at DESC, id DESC);
CREATE INDEX opportunities_by_assignee ON opportunities (assignee_id, status);

CREATE TABLE plan_items (
    id              INTEGER PRIMARY KEY,
    opportunity_id  INTEGER NOT NULL REFERENCES opportunities (id),
    -- YYYY-MM-DD
    date            TEXT NOT NULL,
    content         TEXT NOT NULL,
    result          TEXT NOT NULL DEFAULT '',
    created_by      INTEGER NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX plan_items_by_opportunity ON plan_items (opportunity_id, date, id);

-- SQLite cannot relax a column's constraint in place: the table is rebuilt with its rows.
CREATE TABLE contacts_rebuilt (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    name            TEXT NOT NULL,
    -- NULL while 待补充.
    gender          TEXT NULL CHECK (gender IN ('male', 'female')),
    position        TEXT NOT NULL,
    office_phone    TEXT NOT NULL,
    mobile          TEXT NOT NULL DEFAULT '',
    remark          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

INSERT INTO contacts_rebuilt
    SELECT id, customer_id, name, gender, position, office_phone, mobile, remark, created_at,
           version
    FROM contacts;

DROP TABLE contacts;
ALTER TABLE contacts_rebuilt RENAME TO contacts;
CREATE INDEX contacts_by_customer ON contacts (customer_id, id);
