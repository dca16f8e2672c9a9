-- 0002: customers with their contacts and interactions, number sequences, and the sales
-- system's orders, order lines and products. The order source reads the sales tables through
-- names from the configuration (`[sales]` in crm.toml): these tables by default, or views of
-- the sales database instead.
--
-- Names sort in pinyin order through the Chinese_PRC collation; dates of the records
-- (YYYY-MM-DD in the store's records) are DATE; money is BIGINT fen.

-- Business numbers (客户编号 …): the last number given per prefix and day.
CREATE TABLE sequences (
    name        NVARCHAR(100) NOT NULL CONSTRAINT pk_sequences PRIMARY KEY,
    last        BIGINT NOT NULL
);

CREATE TABLE customers (
    id                      BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_customers PRIMARY KEY,
    number                  NVARCHAR(40) NOT NULL CONSTRAINT uq_customers_number UNIQUE,
    name                    NVARCHAR(200) COLLATE Chinese_PRC_CI_AS NOT NULL,
    region_id               BIGINT NULL
                            CONSTRAINT fk_customers_region REFERENCES dictionary_items (id),
    manager_id              BIGINT NOT NULL CONSTRAINT fk_customers_manager REFERENCES users (id),
    level_id                BIGINT NULL
                            CONSTRAINT fk_customers_level REFERENCES dictionary_items (id),
    satisfaction            INT NOT NULL CONSTRAINT df_customers_satisfaction DEFAULT 0
                            CONSTRAINT ck_customers_satisfaction CHECK (satisfaction BETWEEN 0 AND 5),
    credit                  INT NOT NULL CONSTRAINT df_customers_credit DEFAULT 0
                            CONSTRAINT ck_customers_credit CHECK (credit BETWEEN 0 AND 5),
    address                 NVARCHAR(200) NOT NULL CONSTRAINT df_customers_address DEFAULT N'',
    zip_code                NVARCHAR(20) NOT NULL CONSTRAINT df_customers_zip_code DEFAULT N'',
    phone                   NVARCHAR(40) NOT NULL CONSTRAINT df_customers_phone DEFAULT N'',
    fax                     NVARCHAR(40) NOT NULL CONSTRAINT df_customers_fax DEFAULT N'',
    website                 NVARCHAR(200) NOT NULL CONSTRAINT df_customers_website DEFAULT N'',
    business_licence        NVARCHAR(100) NOT NULL
                            CONSTRAINT df_customers_business_licence DEFAULT N'',
    legal_person            NVARCHAR(100) NOT NULL CONSTRAINT df_customers_legal_person DEFAULT N'',
    registered_capital_fen  BIGINT NOT NULL CONSTRAINT df_customers_registered_capital DEFAULT 0,
    annual_revenue_fen      BIGINT NOT NULL CONSTRAINT df_customers_annual_revenue DEFAULT 0,
    bank                    NVARCHAR(100) NOT NULL CONSTRAINT df_customers_bank DEFAULT N'',
    bank_account            NVARCHAR(100) NOT NULL CONSTRAINT df_customers_bank_account DEFAULT N'',
    local_tax_number        NVARCHAR(100) NOT NULL
                            CONSTRAINT df_customers_local_tax_number DEFAULT N'',
    national_tax_number     NVARCHAR(100) NOT NULL
                            CONSTRAINT df_customers_national_tax_number DEFAULT N'',
    credit_code             NVARCHAR(100) NOT NULL CONSTRAINT df_customers_credit_code DEFAULT N'',
    -- NULL when the sales system knows the customer by its number.
    sales_code              NVARCHAR(40) NULL,
    status                  NVARCHAR(20) NOT NULL
                            CONSTRAINT ck_customers_status CHECK (status IN (N'active', N'lost')),
    created_at              DATETIME2 NOT NULL,
    created_by              BIGINT NULL CONSTRAINT fk_customers_created_by REFERENCES users (id),
    version                 INT NOT NULL CONSTRAINT df_customers_version DEFAULT 1,
    -- The code the sales system's orders name this customer by (DESIGN §4), written with
    -- the number and sales code and held to them by the check. (A computed column would do
    -- the same, but the offline parser that checks every statement does not take one.)
    order_code              NVARCHAR(40) NOT NULL,
    CONSTRAINT ck_customers_order_code CHECK (order_code = ISNULL(sales_code, number))
);

CREATE INDEX customers_by_name ON customers (name, id);
CREATE INDEX customers_by_manager ON customers (manager_id, name, id);
CREATE INDEX customers_by_region ON customers (region_id);
CREATE INDEX customers_by_level ON customers (level_id);
CREATE INDEX customers_by_status ON customers (status, name, id);
CREATE UNIQUE INDEX customers_by_order_code ON customers (order_code);

CREATE TABLE contacts (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_contacts PRIMARY KEY,
    customer_id     BIGINT NOT NULL CONSTRAINT fk_contacts_customer REFERENCES customers (id),
    name            NVARCHAR(100) NOT NULL,
    -- NULL while 待补充 (the first contact 开发成功 makes, 0003). SQLite's 0003 rebuilds the
    -- table to relax this; here it is relaxed from the start, as no SQL Server schema was
    -- released before.
    gender          NVARCHAR(10) NULL
                    CONSTRAINT ck_contacts_gender CHECK (gender IN (N'male', N'female')),
    position        NVARCHAR(100) NOT NULL,
    office_phone    NVARCHAR(40) NOT NULL,
    mobile          NVARCHAR(40) NOT NULL CONSTRAINT df_contacts_mobile DEFAULT N'',
    remark          NVARCHAR(4000) NOT NULL CONSTRAINT df_contacts_remark DEFAULT N'',
    created_at      DATETIME2 NOT NULL,
    version         INT NOT NULL CONSTRAINT df_contacts_version DEFAULT 1
);

CREATE INDEX contacts_by_customer ON contacts (customer_id, id);

CREATE TABLE interactions (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_interactions PRIMARY KEY,
    customer_id     BIGINT NOT NULL
                    CONSTRAINT fk_interactions_customer REFERENCES customers (id),
    date            DATE NOT NULL,
    place           NVARCHAR(200) NOT NULL,
    summary         NVARCHAR(200) NOT NULL,
    details         NVARCHAR(4000) NOT NULL,
    remark          NVARCHAR(4000) NOT NULL CONSTRAINT df_interactions_remark DEFAULT N'',
    created_by      BIGINT NULL CONSTRAINT fk_interactions_created_by REFERENCES users (id),
    created_at      DATETIME2 NOT NULL,
    version         INT NOT NULL CONSTRAINT df_interactions_version DEFAULT 1
);

CREATE INDEX interactions_by_customer ON interactions (customer_id, date DESC, id DESC);

-- The sales system's tables, read through the configured names (these by default).
CREATE TABLE sales_products (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_sales_products PRIMARY KEY,
    code        NVARCHAR(40) NOT NULL CONSTRAINT uq_sales_products_code UNIQUE,
    name        NVARCHAR(200) NOT NULL,
    unit        NVARCHAR(20) NOT NULL
);

CREATE TABLE sales_orders (
    id                  BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_sales_orders PRIMARY KEY,
    number              NVARCHAR(40) NOT NULL CONSTRAINT uq_sales_orders_number UNIQUE,
    -- 销售系统编码, or 客户编号 for customers without one.
    customer_code       NVARCHAR(40) NOT NULL,
    order_date          DATE NOT NULL,
    delivery_address    NVARCHAR(200) NOT NULL
                        CONSTRAINT df_sales_orders_delivery_address DEFAULT N'',
    -- The sales system's own state codes: 5 已发货, 6 已回款, others not shown here.
    state               INT NOT NULL,
    imported_at         DATETIME2 NOT NULL
);

-- Also answers the churn scan's aggregate (last order date per customer) from the index.
CREATE INDEX sales_orders_by_customer
    ON sales_orders (customer_code, order_date DESC, number DESC) INCLUDE (state);

CREATE TABLE sales_order_lines (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_sales_order_lines PRIMARY KEY,
    order_id        BIGINT NOT NULL
                    CONSTRAINT fk_sales_order_lines_order REFERENCES sales_orders (id),
    line_no         INT NOT NULL,
    product_id      BIGINT NOT NULL
                    CONSTRAINT fk_sales_order_lines_product REFERENCES sales_products (id),
    quantity        BIGINT NOT NULL,
    unit_price_fen  BIGINT NOT NULL,
    CONSTRAINT uq_sales_order_lines_line UNIQUE (order_id, line_no)
);
