-- People who asked to hear of their company's documents: of each one that arrives ("incoming")
-- and of each one it sent that the receiver's ERP imported ("sent"). Who watches is part of
-- the routing data servers hold in memory, so that a send or mark decides without a read
-- whether anybody must be told; a change of choice moves the routing version like a change of
-- identifiers does.
CREATE TRIGGER users_watching_changed AFTER INSERT OR UPDATE OF notify_incoming, notify_sent, disabled_at
    ON users FOR EACH STATEMENT EXECUTE FUNCTION routing_changed();

-- One row per document and user to tell, taken by the user's next mail of documents as the
-- notices of errors are by the mail of issues. A document is told to a user once per news.
CREATE TABLE document_notices (
    id              UUID PRIMARY KEY,
    user_id         UUID NOT NULL REFERENCES users (id),
    transaction_id  UUID NOT NULL REFERENCES transactions (id),
    news            TEXT NOT NULL CHECK (news IN ('ARRIVED', 'PROCESSED')),
    created_at      BIGINT NOT NULL,
    digest_id       UUID
);
CREATE UNIQUE INDEX document_notices_once ON document_notices (user_id, transaction_id, news);
CREATE INDEX document_notices_waiting ON document_notices (user_id) WHERE digest_id IS NULL;
CREATE INDEX document_notices_digest ON document_notices (digest_id) WHERE digest_id IS NOT NULL;
