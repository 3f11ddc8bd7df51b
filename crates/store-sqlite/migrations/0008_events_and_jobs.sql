-- The story of every transaction and company, appended in the same transaction as the change
-- it tells of. The rowid orders it; the only index is the one a transaction's story is read by,
-- as each send appends two rows and a bulk mark a thousand.
CREATE TABLE events (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL,
    company_id      TEXT NOT NULL,
    transaction_id  TEXT,
    kind            TEXT NOT NULL,
    at              INTEGER NOT NULL,
    detail          TEXT
);
CREATE INDEX events_by_transaction ON events (transaction_id) WHERE transaction_id IS NOT NULL;

-- The outbox: work outside the database that a change causes, done by workers. A claimed job
-- carries its claim and lease; finished ones stay as DONE or DEAD for people to look into.
CREATE TABLE jobs (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('PENDING', 'DONE', 'DEAD')),
    created_at    INTEGER NOT NULL,
    due_at        INTEGER NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    claim         TEXT,
    leased_until  INTEGER,
    last_error    TEXT,
    settled_at    INTEGER
);
CREATE INDEX jobs_due ON jobs (due_at) WHERE state = 'PENDING';
