-- 0005: customer churn (DESIGN §2.2): the weekly scan's runs, the warnings it opens, and the
-- measures managers take on them.

-- One row per run. A scheduled run is keyed by its scheduled instant (UTC), so several server
-- instances, or a restart after downtime, run each scheduled scan once; a run started by hand
-- has no key.
CREATE TABLE churn_runs (
    id                  INTEGER PRIMARY KEY,
    scheduled_for       TEXT NULL UNIQUE,
    started_by          INTEGER NULL REFERENCES users (id),
    started_at          TEXT NOT NULL,
    finished_at         TEXT NULL,
    customers_checked   INTEGER NOT NULL DEFAULT 0,
    warnings_opened     INTEGER NOT NULL DEFAULT 0,
    warnings_closed     INTEGER NOT NULL DEFAULT 0,
    -- Empty when the run succeeded.
    error               TEXT NOT NULL DEFAULT ''
);

CREATE INDEX churn_runs_by_start ON churn_runs (started_at DESC, id DESC);

CREATE TABLE churn_warnings (
    id                  INTEGER PRIMARY KEY,
    customer_id         INTEGER NOT NULL REFERENCES customers (id),
    status              TEXT NOT NULL
                        CHECK (status IN ('open', 'delayed', 'lost', 'recovered')),
    -- The customer's last order date (YYYY-MM-DD) when the warning opened; NULL with no order.
    last_order_date     TEXT NULL,
    opened_at           TEXT NOT NULL,
    opened_by_run       INTEGER NOT NULL REFERENCES churn_runs (id),
    closed_at           TEXT NULL,
    -- 确认流失: the reason, who confirmed and when.
    reason              TEXT NOT NULL DEFAULT '',
    confirmed_by        INTEGER NULL REFERENCES users (id),
    version             INTEGER NOT NULL DEFAULT 1
);

-- Never two open warnings for one customer.
CREATE UNIQUE INDEX churn_warnings_open ON churn_warnings (customer_id)
    WHERE status IN ('open', 'delayed');
CREATE INDEX churn_warnings_by_status ON churn_warnings (status, opened_at DESC, id DESC);

CREATE TABLE delay_measures (
    id                  INTEGER PRIMARY KEY,
    warning_id          INTEGER NOT NULL REFERENCES churn_warnings (id),
    measure             TEXT NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES users (id),
    created_at          TEXT NOT NULL
);

CREATE INDEX delay_measures_by_warning ON delay_measures (warning_id, id);
