-- Idempotency keys: the answer of a request sent with an `Idempotency-Key`, kept 24 hours per
-- company for replay and written in the same transaction as the change it answers. While the
-- first request runs, `status` is NULL and `claim` names it until `claimed_until`.
CREATE TABLE idempotency_keys (
    company_id     UUID NOT NULL REFERENCES companies (id),
    key            TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,
    claim          UUID NOT NULL,
    claimed_until  BIGINT NOT NULL,
    status         INTEGER,
    body           BYTEA,
    expires_at     BIGINT NOT NULL,
    PRIMARY KEY (company_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
