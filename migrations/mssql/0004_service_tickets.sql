-- 0004: service tickets with their rounds of handling and feedback (DESIGN §2.3), and the API
-- keys other systems submit requests with (DESIGN §4).

CREATE TABLE api_keys (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY,
    -- The system that uses the key, e.g. 呼叫中心. Compared exactly, as on SQLite, so the
    -- server's own check for a name in use and this table's index agree.
    name            NVARCHAR(100) COLLATE Chinese_PRC_BIN2 NOT NULL,
    -- SHA-256 of the secret, which only its system holds.
    key_hash        NVARCHAR(64) NOT NULL CONSTRAINT uq_api_keys_key_hash UNIQUE,
    -- The secret's first characters, to tell keys apart on screen.
    prefix          NVARCHAR(20) NOT NULL,
    created_by      BIGINT NOT NULL CONSTRAINT fk_api_keys_created_by REFERENCES users (id),
    created_at      DATETIME2 NOT NULL,
    revoked_at      DATETIME2 NULL,
    last_used_at    DATETIME2 NULL,
    version         INT NOT NULL CONSTRAINT df_api_keys_version DEFAULT 1
);

-- One key in use per system name: a rotated key gets the old one's name once it is revoked.
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (name) WHERE revoked_at IS NULL;

CREATE TABLE service_tickets (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_service_tickets PRIMARY KEY,
    number          NVARCHAR(40) NOT NULL CONSTRAINT uq_service_tickets_number UNIQUE,
    type_id         BIGINT NOT NULL
                    CONSTRAINT fk_service_tickets_type REFERENCES dictionary_items (id),
    customer_id     BIGINT NOT NULL
                    CONSTRAINT fk_service_tickets_customer REFERENCES customers (id),
    summary         NVARCHAR(400) NOT NULL,
    request         NVARCHAR(4000) NOT NULL,
    status          NVARCHAR(20) NOT NULL
                    CONSTRAINT ck_service_tickets_status
                    CHECK (status IN (N'new', N'assigned', N'processed', N'archived')),
    -- NULL when another system submitted it: source_system names that system.
    created_by      BIGINT NULL CONSTRAINT fk_service_tickets_created_by REFERENCES users (id),
    source_system   NVARCHAR(100) COLLATE Chinese_PRC_BIN2 NOT NULL
                    CONSTRAINT df_service_tickets_source_system DEFAULT N'',
    -- The other system's own key for the request, compared exactly as SQLite does: under the
    -- database's case-insensitive collation, a request keyed "a1B" after one keyed "A1b"
    -- would be taken for its retry and get the other's ticket.
    external_ref    NVARCHAR(200) COLLATE Chinese_PRC_BIN2 NULL,
    created_at      DATETIME2 NOT NULL,
    assignee_id     BIGINT NULL CONSTRAINT fk_service_tickets_assignee REFERENCES users (id),
    assigned_at     DATETIME2 NULL,
    version         INT NOT NULL CONSTRAINT df_service_tickets_version DEFAULT 1
);

-- A retried submission finds the ticket its first attempt made.
CREATE UNIQUE INDEX service_tickets_by_external_ref
    ON service_tickets (source_system, external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX service_tickets_by_created ON service_tickets (created_at DESC, id DESC);
CREATE INDEX service_tickets_by_status ON service_tickets (status, created_at DESC, id DESC);
CREATE INDEX service_tickets_by_assignee ON service_tickets (assignee_id, status);
CREATE INDEX service_tickets_by_customer ON service_tickets (customer_id, created_at DESC);

-- One row per round: the handling, then the feedback on it. A feedback below 3 starts
-- another round, so nothing earlier is overwritten.
CREATE TABLE ticket_rounds (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_ticket_rounds PRIMARY KEY,
    ticket_id       BIGINT NOT NULL
                    CONSTRAINT fk_ticket_rounds_ticket REFERENCES service_tickets (id),
    round           INT NOT NULL,
    handling        NVARCHAR(4000) NOT NULL,
    handled_by      BIGINT NOT NULL CONSTRAINT fk_ticket_rounds_handled_by REFERENCES users (id),
    handled_at      DATETIME2 NOT NULL,
    feedback_result NVARCHAR(4000) NULL,
    satisfaction    INT NULL
                    CONSTRAINT ck_ticket_rounds_satisfaction CHECK (satisfaction BETWEEN 1 AND 5),
    feedback_by     BIGINT NULL CONSTRAINT fk_ticket_rounds_feedback_by REFERENCES users (id),
    feedback_at     DATETIME2 NULL,
    CONSTRAINT uq_ticket_rounds_round UNIQUE (ticket_id, round)
);
