-- The people of each company who sign in to the portal, the one-time links that set their
-- passwords, their sessions, and the failed sign-ins that throttle guessing.
CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    company_id      TEXT NOT NULL REFERENCES companies (id),
    email           TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    password_hash   TEXT,
    notify_issues   INTEGER NOT NULL DEFAULT 1,
    notify_incoming INTEGER NOT NULL DEFAULT 0,
    notify_sent     INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    disabled_at     INTEGER
);
CREATE INDEX users_company ON users (company_id);

CREATE TABLE user_links (
    link_hash   BLOB PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('INVITATION', 'RESET')),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX user_links_user ON user_links (user_id);

CREATE TABLE sessions (
    session_hash  BLOB PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    csrf_token    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One row per failure and key (`account:...`, `address:...`); rows older than the window are
-- dropped as new ones come.
CREATE TABLE sign_in_failures (
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
