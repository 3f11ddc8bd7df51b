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

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
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
    created_at      INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (due_at) WHERE state = 'PENDING';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at);

CREATE TABLE webhook_attempts (
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    response     TEXT,
    PRIMARY KEY (delivery_id, attempt)
);

CREATE TRIGGER webhooks_inserted AFTER INSERT ON webhooks
BEGIN UPDATE routing_version SET version = version + 1; END;
CREATE TRIGGER webhooks_updated AFTER UPDATE OF url, events, enabled ON webhooks
BEGIN UPDATE routing_version SET version = version + 1; END;
CREATE TRIGGER webhooks_deleted AFTER DELETE ON webhooks
BEGIN UPDATE routing_version SET version = version + 1; END;
