-- The network: companies, the identifiers that name them, their connections and tokens,
-- and the trade relationships between them.
CREATE TABLE companies (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE party_identifiers (
    domain      TEXT NOT NULL,
    identifier  TEXT NOT NULL,
    company_id  TEXT NOT NULL REFERENCES companies (id),
    label       TEXT,
    PRIMARY KEY (domain, identifier)
) WITHOUT ROWID;
CREATE INDEX party_identifiers_company ON party_identifiers (company_id);

CREATE TABLE connections (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies (id),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (company_id, name)
);

CREATE TABLE tokens (
    id            TEXT PRIMARY KEY,
    connection_id TEXT NOT NULL REFERENCES connections (id),
    token_hash    BLOB NOT NULL UNIQUE,
    hint          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    revoked_at    INTEGER,
    last_used_at  INTEGER
);

CREATE TABLE relationships (
    sender_id      TEXT NOT NULL REFERENCES companies (id),
    receiver_id    TEXT NOT NULL REFERENCES companies (id),
    document_type  TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('ACTIVE', 'TESTING', 'INACTIVE')),
    PRIMARY KEY (sender_id, receiver_id, document_type)
) WITHOUT ROWID;
CREATE INDEX relationships_receiver ON relationships (receiver_id);
