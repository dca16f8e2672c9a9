-- 0003: sales opportunities and their development plans (DESIGN §2.1). (Contacts without a
-- gender, which SQLite's 0003 allows, are allowed by 0002 here.)

CREATE TABLE opportunities (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_opportunities PRIMARY KEY,
    number          NVARCHAR(40) NOT NULL CONSTRAINT uq_opportunities_number UNIQUE,
    source          NVARCHAR(200) NOT NULL CONSTRAINT df_opportunities_source DEFAULT N'',
    customer_name   NVARCHAR(200) COLLATE Chinese_PRC_CI_AS NOT NULL,
    success_rate    INT NOT NULL
                    CONSTRAINT ck_opportunities_success_rate CHECK (success_rate BETWEEN 0 AND 100),
    summary         NVARCHAR(400) NOT NULL,
    contact         NVARCHAR(100) NOT NULL CONSTRAINT df_opportunities_contact DEFAULT N'',
    contact_phone   NVARCHAR(40) NOT NULL CONSTRAINT df_opportunities_contact_phone DEFAULT N'',
    description     NVARCHAR(4000) NOT NULL,
    region_id       BIGINT NULL
                    CONSTRAINT fk_opportunities_region REFERENCES dictionary_items (id),
    industry_id     BIGINT NULL
                    CONSTRAINT fk_opportunities_industry REFERENCES dictionary_items (id),
    status          NVARCHAR(20) NOT NULL
                    CONSTRAINT ck_opportunities_status
                    CHECK (status IN (N'unassigned', N'assigned', N'won', N'lost')),
    created_by      BIGINT NOT NULL CONSTRAINT fk_opportunities_created_by REFERENCES users (id),
    created_at      DATETIME2 NOT NULL,
    assignee_id     BIGINT NULL CONSTRAINT fk_opportunities_assignee REFERENCES users (id),
    assigned_at     DATETIME2 NULL,
    -- The customer 开发成功 created: at most one per opportunity, and never shared (the
    -- filtered index below, as a UNIQUE constraint would allow only one NULL).
    customer_id     BIGINT NULL CONSTRAINT fk_opportunities_customer REFERENCES customers (id),
    version         INT NOT NULL CONSTRAINT df_opportunities_version DEFAULT 1
);

CREATE UNIQUE INDEX opportunities_by_customer ON opportunities (customer_id)
    WHERE customer_id IS NOT NULL;
CREATE INDEX opportunities_by_created ON opportunities (created_at DESC, id DESC);
CREATE INDEX opportunities_by_status ON opportunities (status, created_at DESC, id DESC);
CREATE INDEX opportunities_by_creator ON opportunities (created_by, created_at DESC, id DESC);
CREATE INDEX opportunities_by_assignee ON opportunities (assignee_id, status);

CREATE TABLE plan_items (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_plan_items PRIMARY KEY,
    opportunity_id  BIGINT NOT NULL
                    CONSTRAINT fk_plan_items_opportunity REFERENCES opportunities (id),
    date            DATE NOT NULL,
    content         NVARCHAR(4000) NOT NULL,
    result          NVARCHAR(4000) NOT NULL CONSTRAINT df_plan_items_result DEFAULT N'',
    created_by      BIGINT NULL CONSTRAINT fk_plan_items_created_by REFERENCES users (id),
    created_at      DATETIME2 NOT NULL,
    version         INT NOT NULL CONSTRAINT df_plan_items_version DEFAULT 1
);

CREATE INDEX plan_items_by_opportunity ON plan_items (opportunity_id, date, id);
