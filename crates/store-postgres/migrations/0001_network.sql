-- The network: companies, the identifiers that name them, their connections and tokens,
-- and the trade relationships between them.
CREATE TABLE companies (
    id               UUID PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    created_at       BIGINT NOT NULL,
    -- The latest creation time handed to a transaction this company sent or received: kept
    -- rising in commit order under the row's lock, so that cursors never skip a transaction.
    last_created_at  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE party_identifiers (
    domain      TEXT NOT NULL,
    identifier  TEXT NOT NULL,
    company_id  UUID NOT NULL REFERENCES companies (id),
    label       TEXT,
    PRIMARY KEY (domain, identifier)
);
CREATE INDEX party_identifiers_company ON party_identifiers (company_id);

CREATE TABLE connections (
    id          UUID PRIMARY KEY,
    company_id  UUID NOT NULL REFERENCES companies (id),
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (company_id, name)
);

CREATE TABLE tokens (
    id            UUID PRIMARY KEY,
    connection_id UUID NOT NULL REFERENCES connections (id),
    token_hash    BYTEA NOT NULL UNIQUE,
    hint          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    revoked_at    BIGINT,
    last_used_at  BIGINT
);

CREATE TABLE relationships (
    sender_id      UUID NOT NULL REFERENCES companies (id),
    receiver_id    UUID NOT NULL REFERENCES companies (id),
    document_type  TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('ACTIVE', 'TESTING', 'INACTIVE')),
    PRIMARY KEY (sender_id, receiver_id, document_type)
);
CREATE INDEX relationships_receiver ON relationships (receiver_id);
