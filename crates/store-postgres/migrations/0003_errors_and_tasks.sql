-- Errors that people must resolve, and tasks for the companies' ERPs.
CREATE TABLE errors (
    id                      UUID PRIMARY KEY,
    company_id              UUID NOT NULL REFERENCES companies (id),
    transaction_id          UUID REFERENCES transactions (id),
    transaction_type        TEXT,
    transaction_identifier  TEXT,
    origin                  TEXT NOT NULL,
    error_type              TEXT NOT NULL CHECK (error_type IN ('DATA', 'INTERNAL')),
    reason                  TEXT NOT NULL,
    context                 TEXT,
    created_at              BIGINT NOT NULL,
    resolved_at             BIGINT
);
CREATE INDEX errors_company ON errors (company_id, created_at);
CREATE INDEX errors_open_by_transaction ON errors (transaction_id) WHERE resolved_at IS NULL;

CREATE TABLE tasks (
    id          UUID PRIMARY KEY,
    company_id  UUID NOT NULL REFERENCES companies (id),
    task_type   TEXT NOT NULL,
    payload     TEXT,
    created_at  BIGINT NOT NULL,
    closed_at   BIGINT,
    success     BOOLEAN,
    result      TEXT,
    error_id    UUID REFERENCES errors (id)
);
CREATE INDEX tasks_open ON tasks (company_id, created_at, id) WHERE closed_at IS NULL;
