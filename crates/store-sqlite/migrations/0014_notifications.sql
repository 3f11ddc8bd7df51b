-- Who is told of a company's errors: per document type, and per trade partner and type (an
-- override that replaces the default); nobody set means the company's admins.
CREATE TABLE responsibilities (
    company_id     TEXT NOT NULL REFERENCES companies (id),
    document_type  TEXT NOT NULL,
    partner_id     TEXT REFERENCES companies (id),
    user_id        TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX responsibilities_company ON responsibilities (company_id);

-- One row per error and user to tell; a digest (an outbox job per user and batch) takes the
-- rows not yet taken when it first runs, and sends them as one mail.
CREATE TABLE notices (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    error_id    TEXT NOT NULL REFERENCES errors (id),
    side        TEXT NOT NULL CHECK (side IN ('OURS', 'PARTNER')),
    created_at  INTEGER NOT NULL,
    digest_id   TEXT
);
CREATE INDEX notices_waiting ON notices (user_id) WHERE digest_id IS NULL;
CREATE INDEX notices_digest ON notices (digest_id) WHERE digest_id IS NOT NULL;

-- At most one job per key that no worker has started yet: the digest a new notice joins.
ALTER TABLE jobs ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX jobs_unstarted_key ON jobs (dedupe_key) WHERE state = 'PENDING' AND attempts = 0;
-- Mails given up on, shown to the admins of the companies they were for.
CREATE INDEX jobs_dead ON jobs (settled_at) WHERE state = 'DEAD';
