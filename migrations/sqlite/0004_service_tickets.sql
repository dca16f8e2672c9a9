-- 0004: service tickets with their rounds of handling and feedback (DESIGN §2.3), and the API
-- keys other systems submit requests with (DESIGN §4).

CREATE TABLE api_keys (
    id              INTEGER PRIMARY KEY,
    -- The system that uses the key, e.g. 呼叫中心.
    name            TEXT NOT NULL,
    -- SHA-256 of the secret, which only its system holds.
    key_hash        TEXT NOT NULL UNIQUE,
    -- The secret's first characters, to tell keys apart on screen.
    prefix          TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    revoked_at      TEXT NULL,
    last_used_at    TEXT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

-- One key in use per system name: a rotated key gets the old one's name once it is revoked.
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (name) WHERE revoked_at IS NULL;

CREATE TABLE service_tickets (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    type_id         INTEGER NOT NULL REFERENCES dictionary_items (id),
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    summary         TEXT NOT NULL,
    request         TEXT NOT NULL,
    status          TEXT NOT NULL
                    CHECK (status IN ('new', 'assigned', 'processed', 'archived')),
    -- NULL when another system submitted it: source_system names that system.
    created_by      INTEGER NULL REFERENCES users (id),
    source_system   TEXT NOT NULL DEFAULT '',
    external_ref    TEXT NULL,
    created_at      TEXT NOT NULL,
    assignee_id     INTEGER NULL REFERENCES users (id),
    assigned_at     TEXT NULL,
    version         INTEGER NOT NULL DEFAULT 1
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
    id              INTEGER PRIMARY KEY,
    ticket_id       INTEGER NOT NULL REFERENCES service_tickets (id),
    round           INTEGER NOT NULL,
    handling        TEXT NOT NULL,
    handled_by      INTEGER NOT NULL REFERENCES users (id),
    handled_at      TEXT NOT NULL,
    feedback_result TEXT NULL,
    satisfaction    INTEGER NULL CHECK (satisfaction BETWEEN 1 AND 5),
    feedback_by     INTEGER NULL REFERENCES users (id),
    feedback_at     TEXT NULL,
    UNIQUE (ticket_id, round)
);
