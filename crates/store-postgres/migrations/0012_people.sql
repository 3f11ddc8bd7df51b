-- The people of each company who sign in to the portal, the one-time links that set their
-- passwords, their sessions, and the failed sign-ins that throttle guessing.
CREATE TABLE users (
    id              UUID PRIMARY KEY,
    company_id      UUID NOT NULL REFERENCES companies (id),
    email           TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    password_hash   TEXT,
    notify_issues   BOOLEAN NOT NULL DEFAULT TRUE,
    notify_incoming BOOLEAN NOT NULL DEFAULT FALSE,
    notify_sent     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      BIGINT NOT NULL,
    disabled_at     BIGINT
);
CREATE INDEX users_company ON users (company_id);

CREATE TABLE user_links (
    link_hash   BYTEA PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('INVITATION', 'RESET')),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX user_links_user ON user_links (user_id);

CREATE TABLE sessions (
    session_hash  BYTEA PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id),
    csrf_token    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One row per failure and key (`account:...`, `address:...`); rows older than the window are
-- dropped as new ones come.
CREATE TABLE sign_in_failures (
    key  TEXT NOT NULL,
    at   BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
