-- Idempotency keys: the answer of a request sent with an `Idempotency-Key`, kept 24 hours per
-- company for replay and written in the same transaction as the change it answers. While the
-- first request runs, `status` is NULL and `claim` names it until `claimed_until`.
CREATE TABLE idempotency_keys (
    company_id     TEXT NOT NULL REFERENCES companies (id),
    key            TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,
    claim          TEXT NOT NULL,
    claimed_until  INTEGER NOT NULL,
    status         INTEGER,
    body           BLOB,
    expires_at     INTEGER NOT NULL,
    PRIMARY KEY (company_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
