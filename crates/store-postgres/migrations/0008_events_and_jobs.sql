-- The story of every transaction and company, appended in the same transaction as the change
-- it tells of. `seq` orders it; the only index besides the key is the one a transaction's
-- story is read by, as each send appends two rows and a bulk mark a thousand.
CREATE TABLE events (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              UUID NOT NULL,
    company_id      UUID NOT NULL,
    transaction_id  UUID,
    kind            TEXT NOT NULL,
    at              BIGINT NOT NULL,
    detail          TEXT
);
CREATE INDEX events_by_transaction ON events (transaction_id) WHERE transaction_id IS NOT NULL;

-- The outbox: work outside the database that a change causes, claimed by workers in any
-- process with FOR UPDATE SKIP LOCKED. A claimed job carries its claim and lease; finished
-- ones stay as DONE or DEAD for people to look into.
CREATE TABLE jobs (
    id            UUID PRIMARY KEY,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('PENDING', 'DONE', 'DEAD')),
    created_at    BIGINT NOT NULL,
    due_at        BIGINT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    claim         UUID,
    leased_until  BIGINT,
    last_error    TEXT,
    settled_at    BIGINT
);
CREATE INDEX jobs_due ON jobs (due_at) WHERE state = 'PENDING';
