-- 0005: customer churn (DESIGN §2.2): the weekly scan's runs, the warnings it opens, and the
-- measures managers take on them.

-- One row per run. A scheduled run is keyed by its scheduled instant (UTC), so several server
-- instances, or a restart after downtime, run each scheduled scan once; a run started by hand
-- has no key (the filtered index, as a UNIQUE constraint would allow only one NULL).
CREATE TABLE churn_runs (
    id                  BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_churn_runs PRIMARY KEY,
    scheduled_for       DATETIME2 NULL,
    started_by          BIGINT NULL CONSTRAINT fk_churn_runs_started_by REFERENCES users (id),
    started_at          DATETIME2 NOT NULL,
    finished_at         DATETIME2 NULL,
    customers_checked   BIGINT NOT NULL CONSTRAINT df_churn_runs_checked DEFAULT 0,
    warnings_opened     BIGINT NOT NULL CONSTRAINT df_churn_runs_opened DEFAULT 0,
    warnings_closed     BIGINT NOT NULL CONSTRAINT df_churn_runs_closed DEFAULT 0,
    -- Empty when the run succeeded. Without a limit: the text is whatever error ended the
    -- scan, and one longer than a limit would fail the update that records it.
    error               NVARCHAR(MAX) NOT NULL CONSTRAINT df_churn_runs_error DEFAULT N''
);

CREATE UNIQUE INDEX churn_runs_by_schedule ON churn_runs (scheduled_for)
    WHERE scheduled_for IS NOT NULL;
CREATE INDEX churn_runs_by_start ON churn_runs (started_at DESC, id DESC);

CREATE TABLE churn_warnings (
    id                  BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_churn_warnings PRIMARY KEY,
    customer_id         BIGINT NOT NULL
                        CONSTRAINT fk_churn_warnings_customer REFERENCES customers (id),
    status              NVARCHAR(20) NOT NULL
                        CONSTRAINT ck_churn_warnings_status
                        CHECK (status IN (N'open', N'delayed', N'lost', N'recovered')),
    -- The customer's last order date when the warning opened; NULL with no order.
    last_order_date     DATE NULL,
    opened_at           DATETIME2 NOT NULL,
    opened_by_run       BIGINT NOT NULL
                        CONSTRAINT fk_churn_warnings_run REFERENCES churn_runs (id),
    closed_at           DATETIME2 NULL,
    -- 确认流失: the reason, who confirmed and when.
    reason              NVARCHAR(4000) NOT NULL CONSTRAINT df_churn_warnings_reason DEFAULT N'',
    confirmed_by        BIGINT NULL CONSTRAINT fk_churn_warnings_confirmed_by REFERENCES users (id),
    version             INT NOT NULL CONSTRAINT df_churn_warnings_version DEFAULT 1
);

-- Never two open warnings for one customer.
CREATE UNIQUE INDEX churn_warnings_open ON churn_warnings (customer_id)
    WHERE status IN (N'open', N'delayed');
CREATE INDEX churn_warnings_by_status ON churn_warnings (status, opened_at DESC, id DESC);

CREATE TABLE delay_measures (
    id                  BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_delay_measures PRIMARY KEY,
    warning_id          BIGINT NOT NULL
                        CONSTRAINT fk_delay_measures_warning REFERENCES churn_warnings (id),
    measure             NVARCHAR(4000) NOT NULL,
    created_by          BIGINT NOT NULL CONSTRAINT fk_delay_measures_created_by REFERENCES users (id),
    created_at          DATETIME2 NOT NULL
);

CREATE INDEX delay_measures_by_warning ON delay_measures (warning_id, id);
