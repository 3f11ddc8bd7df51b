-- Transactions, kept narrow: the document bodies live in `contents`, and the receivers' queues
-- in `inbox`, so that marking and listing touch small rows.
CREATE TABLE transactions (
    id               TEXT PRIMARY KEY,
    document_type    TEXT NOT NULL,
    sender_id        TEXT NOT NULL REFERENCES companies (id),
    receiver_id      TEXT NOT NULL REFERENCES companies (id),
    connection_id    TEXT NOT NULL REFERENCES connections (id),
    flow             TEXT NOT NULL CHECK (flow IN ('LIVE', 'TEST')),
    status           TEXT NOT NULL CHECK (status IN ('PENDING', 'SUCCESS', 'FAILED', 'DROPPED', 'UNKNOWN')),
    delivered        INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    business_number  TEXT,
    fingerprint      BLOB NOT NULL,
    replaces_id      TEXT REFERENCES transactions (id),
    -- Deferred: a new version is inserted after its predecessor is pointed at it.
    replaced_by_id   TEXT REFERENCES transactions (id) DEFERRABLE INITIALLY DEFERRED,
    warnings         TEXT
);
-- One payload per connection: the second send of the same payload is a duplicate.
CREATE UNIQUE INDEX transactions_fingerprint ON transactions (connection_id, fingerprint);
-- Exactly one latest version per chain.
CREATE UNIQUE INDEX transactions_chain_head
    ON transactions (sender_id, receiver_id, document_type, business_number)
    WHERE replaced_by_id IS NULL AND business_number IS NOT NULL;
CREATE INDEX transactions_sent ON transactions (sender_id, created_at, id);
CREATE INDEX transactions_received ON transactions (receiver_id, created_at, id) WHERE delivered = 1;

CREATE TABLE contents (
    transaction_id  TEXT PRIMARY KEY REFERENCES transactions (id),
    content         TEXT NOT NULL
);

CREATE TABLE inbox (
    receiver_id     TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    transaction_id  TEXT NOT NULL REFERENCES transactions (id),
    document_type   TEXT NOT NULL,
    PRIMARY KEY (receiver_id, created_at, transaction_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX inbox_transaction ON inbox (transaction_id);
