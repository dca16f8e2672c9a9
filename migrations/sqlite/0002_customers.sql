-- 0002: customers with their contacts and interactions, number sequences, and — for the
-- embedded store only — the sales system's orders, order lines and products, filled by the
-- order import and the demo (on SQL Server they are views of the sales database instead).
--
-- Names use the `pinyin` collation and the name index calls `crm_name_grams`; the server
-- registers both on every connection (server/src/store/sqlite/collation.rs, name_search.rs).

-- Business numbers (客户编号 …): the last number given per prefix and day.
CREATE TABLE sequences (
    name        TEXT PRIMARY KEY,
    last        INTEGER NOT NULL
);

CREATE TABLE customers (
    id                      INTEGER PRIMARY KEY,
    number                  TEXT NOT NULL UNIQUE,
    name                    TEXT NOT NULL COLLATE pinyin,
    region_id               INTEGER NULL REFERENCES dictionary_items (id),
    manager_id              INTEGER NOT NULL REFERENCES users (id),
    level_id                INTEGER NULL REFERENCES dictionary_items (id),
    satisfaction            INTEGER NOT NULL DEFAULT 0 CHECK (satisfaction BETWEEN 0 AND 5),
    credit                  INTEGER NOT NULL DEFAULT 0 CHECK (credit BETWEEN 0 AND 5),
    address                 TEXT NOT NULL DEFAULT '',
    zip_code                TEXT NOT NULL DEFAULT '',
    phone                   TEXT NOT NULL DEFAULT '',
    fax                     TEXT NOT NULL DEFAULT '',
    website                 TEXT NOT NULL DEFAULT '',
    business_licence        TEXT NOT NULL DEFAULT '',
    legal_person            TEXT NOT NULL DEFAULT '',
    registered_capital_fen  INTEGER NOT NULL DEFAULT 0,
    annual_revenue_fen      INTEGER NOT NULL DEFAULT 0,
    bank                    TEXT NOT NULL DEFAULT '',
    bank_account            TEXT NOT NULL DEFAULT '',
    local_tax_number        TEXT NOT NULL DEFAULT '',
    national_tax_number     TEXT NOT NULL DEFAULT '',
    credit_code             TEXT NOT NULL DEFAULT '',
    -- NULL when the sales system knows the customer by its number.
    sales_code              TEXT NULL,
    status                  TEXT NOT NULL CHECK (status IN ('active', 'lost')),
    created_at              TEXT NOT NULL,
    created_by              INTEGER NULL REFERENCES users (id),
    version                 INTEGER NOT NULL DEFAULT 1,
    -- The code the sales system's orders name this customer by (DESIGN §4).
    order_code              TEXT GENERATED ALWAYS AS (COALESCE(sales_code, number)) VIRTUAL
);

CREATE INDEX customers_by_name ON customers (name, id);
CREATE INDEX customers_by_manager ON customers (manager_id, name, id);
CREATE INDEX customers_by_region ON customers (region_id);
CREATE INDEX customers_by_level ON customers (level_id);
CREATE INDEX customers_by_status ON customers (status, name, id);
CREATE UNIQUE INDEX customers_by_order_code ON customers (order_code);

-- Name search (server/src/store/sqlite/name_search.rs): characters and pairs of characters.
CREATE VIRTUAL TABLE customer_name_grams USING fts5 (
    grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
);

CREATE TRIGGER customers_name_indexed AFTER INSERT ON customers BEGIN
    INSERT INTO customer_name_grams (rowid, grams) VALUES (new.id, crm_name_grams(new.name));
END;

CREATE TRIGGER customers_name_reindexed AFTER UPDATE OF name ON customers BEGIN
    DELETE FROM customer_name_grams WHERE rowid = old.id;
    INSERT INTO customer_name_grams (rowid, grams) VALUES (new.id, crm_name_grams(new.name));
END;

CREATE TRIGGER customers_name_unindexed AFTER DELETE ON customers BEGIN
    DELETE FROM customer_name_grams WHERE rowid = old.id;
END;

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    name            TEXT NOT NULL,
    gender          TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    position        TEXT NOT NULL,
    office_phone    TEXT NOT NULL,
    mobile          TEXT NOT NULL DEFAULT '',
    remark          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX contacts_by_customer ON contacts (customer_id, id);

CREATE TABLE interactions (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    -- YYYY-MM-DD
    date            TEXT NOT NULL,
    place           TEXT NOT NULL,
    summary         TEXT NOT NULL,
    details         TEXT NOT NULL,
    remark          TEXT NOT NULL DEFAULT '',
    created_by      INTEGER NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX interactions_by_customer ON interactions (customer_id, date DESC, id DESC);

-- The sales system's tables (embedded store only).
CREATE TABLE sales_products (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL
);

CREATE TABLE sales_orders (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    -- 销售系统编码, or 客户编号 for customers without one.
    customer_code       TEXT NOT NULL,
    -- YYYY-MM-DD
    order_date          TEXT NOT NULL,
    delivery_address    TEXT NOT NULL DEFAULT '',
    -- The sales system's own state codes: 5 已发货, 6 已回款, others not shown here.
    state               INTEGER NOT NULL,
    imported_at         TEXT NOT NULL
);

CREATE INDEX sales_orders_by_customer ON sales_orders (customer_code, order_date DESC, number DESC);

CREATE TABLE sales_order_lines (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES sales_orders (id),
    line_no         INTEGER NOT NULL,
    product_id      INTEGER NOT NULL REFERENCES sales_products (id),
    quantity        INTEGER NOT NULL,
    unit_price_fen  INTEGER NOT NULL,
    UNIQUE (order_id, line_no)
);
