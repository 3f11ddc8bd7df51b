-- Who is told of a company's errors: per document type, and per trade partner and type (an
-- override that replaces the default); nobody set means the company's admins.
CREATE TABLE responsibilities (
    company_id     UUID NOT NULL REFERENCES companies (id),
    document_type  TEXT NOT NULL,
    partner_id     UUID REFERENCES companies (id),
    user_id        UUID NOT NULL REFERENCES users (id)
);
CREATE INDEX responsibilities_company ON responsibilities (company_id);

-- One row per error and user to tell; a digest (an outbox job per user and batch) takes the
-- rows not yet taken when it first runs, and sends them as one mail.
CREATE TABLE notices (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id),
    error_id    UUID NOT NULL REFERENCES errors (id),
    side        TEXT NOT NULL CHECK (side IN ('OURS', 'PARTNER')),
    created_at  BIGINT NOT NULL,
    digest_id   UUID
);
CREATE INDEX notices_waiting ON notices (user_id) WHERE digest_id IS NULL;
CREATE INDEX notices_digest ON notices (digest_id) WHERE digest_id IS NOT NULL;

-- At most one job per key that no worker has started yet: the digest a new notice joins.
ALTER TABLE jobs ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX jobs_unstarted_key ON jobs (dedupe_key) WHERE state = 'PENDING' AND attempts = 0;
-- Mails given up on, shown to the admins of the companies they were for.
CREATE INDEX jobs_dead ON jobs (settled_at) WHERE state = 'DEAD';
