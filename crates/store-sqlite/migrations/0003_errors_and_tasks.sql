-- Errors that people must resolve, and tasks for the companies' ERPs.
CREATE TABLE errors (
    id                      TEXT PRIMARY KEY,
    company_id              TEXT NOT NULL REFERENCES companies (id),
    transaction_id          TEXT REFERENCES transactions (id),
    transaction_type        TEXT,
    transaction_identifier  TEXT,
    origin                  TEXT NOT NULL,
    error_type              TEXT NOT NULL CHECK (error_type IN ('DATA', 'INTERNAL')),
    reason                  TEXT NOT NULL,
    context                 TEXT,
    created_at              INTEGER NOT NULL,
    resolved_at             INTEGER
);
CREATE INDEX errors_company ON errors (company_id, created_at);
CREATE INDEX errors_open_by_transaction ON errors (transaction_id) WHERE resolved_at IS NULL;

CREATE TABLE tasks (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies (id),
    task_type   TEXT NOT NULL,
    payload     TEXT,
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER,
    success     INTEGER,
    result      TEXT,
    error_id    TEXT REFERENCES errors (id)
);
CREATE INDEX tasks_open ON tasks (company_id, created_at, id) WHERE closed_at IS NULL;
