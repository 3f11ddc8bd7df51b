-- People who asked to hear of their company's documents: of each one that arrives ("incoming")
-- and of each one it sent that the receiver's ERP imported ("sent"). Who watches is part of
-- the routing data servers hold in memory, so that a send or mark decides without a read
-- whether anybody must be told; a change of choice moves the routing version like a change of
-- identifiers does.
CREATE TRIGGER users_watching_inserted AFTER INSERT ON users
BEGIN UPDATE routing_version SET version = version + 1; END;
CREATE TRIGGER users_watching_updated AFTER UPDATE OF notify_incoming, notify_sent, disabled_at ON users
BEGIN UPDATE routing_version SET version = version + 1; END;

-- One row per document and user to tell, taken by the user's next mail of documents as the
-- notices of errors are by the mail of issues. A document is told to a user once per news.
CREATE TABLE document_notices (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id),
    transaction_id  TEXT NOT NULL REFERENCES transactions (id),
    news            TEXT NOT NULL CHECK (news IN ('ARRIVED', 'PROCESSED')),
    created_at      INTEGER NOT NULL,
    digest_id       TEXT
);
CREATE UNIQUE INDEX document_notices_once ON document_notices (user_id, transaction_id, news);
CREATE INDEX document_notices_waiting ON document_notices (user_id) WHERE digest_id IS NULL;
CREATE INDEX document_notices_digest ON document_notices (digest_id) WHERE digest_id IS NOT NULL;
