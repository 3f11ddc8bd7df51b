-- Transactions, kept narrow: the document bodies live in `contents`, and the receivers' queues
-- in `inbox`, so that marking and listing touch small rows.
CREATE TABLE transactions (
    id               UUID PRIMARY KEY,
    document_type    TEXT NOT NULL,
    sender_id        UUID NOT NULL REFERENCES companies (id),
    receiver_id      UUID NOT NULL REFERENCES companies (id),
    connection_id    UUID NOT NULL REFERENCES connections (id),
    flow             TEXT NOT NULL CHECK (flow IN ('LIVE', 'TEST')),
    status           TEXT NOT NULL CHECK (status IN ('PENDING', 'SUCCESS', 'FAILED', 'DROPPED', 'UNKNOWN')),
    delivered        BOOLEAN NOT NULL,
    created_at       BIGINT NOT NULL,
    business_number  TEXT,
    fingerprint      BYTEA NOT NULL,
    replaces_id      UUID REFERENCES transactions (id),
    -- Deferred: a new version is inserted after its predecessor is pointed at it.
    replaced_by_id   UUID REFERENCES transactions (id) DEFERRABLE INITIALLY DEFERRED,
    warnings         TEXT
);
-- One payload per connection: the second send of the same payload is a duplicate.
CREATE UNIQUE INDEX transactions_fingerprint ON transactions (connection_id, fingerprint);
-- Exactly one latest version per chain.
CREATE UNIQUE INDEX transactions_chain_head
    ON transactions (sender_id, receiver_id, document_type, business_number)
    WHERE replaced_by_id IS NULL AND business_number IS NOT NULL;
CREATE INDEX transactions_sent ON transactions (sender_id, created_at, id);
CREATE INDEX transactions_received ON transactions (receiver_id, created_at, id) WHERE delivered;

CREATE TABLE contents (
    transaction_id  UUID PRIMARY KEY REFERENCES transactions (id),
    content         TEXT NOT NULL
);

CREATE TABLE inbox (
    receiver_id     UUID NOT NULL,
    created_at      BIGINT NOT NULL,
    transaction_id  UUID NOT NULL UNIQUE REFERENCES transactions (id),
    document_type   TEXT NOT NULL,
    PRIMARY KEY (receiver_id, created_at, transaction_id)
);
