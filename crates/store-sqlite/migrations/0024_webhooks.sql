-- Webhooks: each company's endpoints, the deliveries its changes cause (a durable outbox,
-- written in the change's own transaction) and every attempt at them. Adding, removing or
-- changing what an endpoint listens to moves the routing version, so that servers holding the
-- subscriptions in memory reload them; an endpoint's health does not.
CREATE TABLE webhooks (
    id                     TEXT PRIMARY KEY,
    company_id             TEXT NOT NULL REFERENCES companies (id),
    url                    TEXT NOT NULL,
    events                 TEXT NOT NULL,
    description            TEXT,
    secret                 TEXT NOT NULL,
    previous_secret        TEXT,
    previous_secret_until  INTEGER,
    enabled                INTEGER NOT NULL,
    created_at             INTEGER NOT NULL,
    failing_since          INTEGER,
    disabled_reason        TEXT
);
CREATE INDEX webhooks_company ON webhooks (company_id, created_at);

-- Kept by endpoint, in the order they were made (ids grow with time): listing an endpoint's
-- latest reads one range, and a change that makes a delivery writes the row and one index entry.
CREATE TABLE webhook_deliveries (
    webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    company_id      TEXT NOT NULL,
    event           TEXT NOT NULL,
    transaction_id  TEXT,
    data            TEXT,
    occurred_at     INTEGER NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_at          INTEGER NOT NULL,
    claim           TEXT,
    claimed_until   INTEGER,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (webhook_id, id)
) WITHOUT ROWID;
-- A dispatcher looks into each endpoint's pending deliveries, oldest due first: an endpoint
-- with a backlog (down, slow) costs the others nothing.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (webhook_id, due_at) WHERE state = 'PENDING';

CREATE TABLE webhook_attempts (
    webhook_id   TEXT NOT NULL,
    delivery_id  TEXT NOT NULL,
    attempt      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    response     TEXT,
    PRIMARY KEY (webhook_id, delivery_id, attempt),
    FOREIGN KEY (webhook_id, delivery_id) REFERENCES webhook_deliveries (webhook_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TRIGGER webhooks_inserted AFTER INSERT ON webhooks
BEGIN UPDATE routing_version SET version = version + 1; END;
CREATE TRIGGER webhooks_updated AFTER UPDATE OF url, events, enabled ON webhooks
BEGIN UPDATE routing_version SET version = version + 1; END;
CREATE TRIGGER webhooks_deleted AFTER DELETE ON webhooks
BEGIN UPDATE routing_version SET version = version + 1; END;
