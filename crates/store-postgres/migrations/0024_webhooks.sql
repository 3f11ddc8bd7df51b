-- Webhooks: each company's endpoints, the deliveries its changes cause (a durable outbox,
-- written in the change's own transaction) and every attempt at them. Adding, removing or
-- changing what an endpoint listens to moves the routing version, so that servers holding the
-- subscriptions in memory reload them; an endpoint's health does not.
CREATE TABLE webhooks (
    id                     UUID PRIMARY KEY,
    company_id             UUID NOT NULL REFERENCES companies (id),
    url                    TEXT NOT NULL,
    events                 TEXT NOT NULL,
    description            TEXT,
    secret                 TEXT NOT NULL,
    previous_secret        TEXT,
    previous_secret_until  BIGINT,
    enabled                BOOLEAN NOT NULL,
    created_at             BIGINT NOT NULL,
    failing_since          BIGINT,
    disabled_reason        TEXT
);
CREATE INDEX webhooks_company ON webhooks (company_id, created_at);

-- Kept by endpoint, in the order they were made (ids grow with time): listing an endpoint's
-- latest reads one range, and a change that makes a delivery writes the row and one index entry.
CREATE TABLE webhook_deliveries (
    webhook_id      UUID NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    id              UUID NOT NULL,
    company_id      UUID NOT NULL,
    event           TEXT NOT NULL,
    transaction_id  UUID,
    data            TEXT,
    occurred_at     BIGINT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_at          BIGINT NOT NULL,
    claim           UUID,
    claimed_until   BIGINT,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (webhook_id, id)
);
-- A dispatcher looks into each endpoint's pending deliveries, oldest due first: an endpoint
-- with a backlog (down, slow) costs the others nothing.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (webhook_id, due_at) WHERE state = 'PENDING';

CREATE TABLE webhook_attempts (
    webhook_id   UUID NOT NULL,
    delivery_id  UUID NOT NULL,
    attempt      INTEGER NOT NULL,
    at           BIGINT NOT NULL,
    duration_ms  BIGINT NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    response     TEXT,
    PRIMARY KEY (webhook_id, delivery_id, attempt),
    FOREIGN KEY (webhook_id, delivery_id) REFERENCES webhook_deliveries (webhook_id, id) ON DELETE CASCADE
);

CREATE TRIGGER webhooks_added_or_removed AFTER INSERT OR DELETE ON webhooks
    FOR EACH STATEMENT EXECUTE FUNCTION routing_changed();
CREATE TRIGGER webhooks_changed AFTER UPDATE OF url, events, enabled ON webhooks
    FOR EACH STATEMENT EXECUTE FUNCTION routing_changed();
