-- 001_core.sql — accounts, sessions, API tokens, login throttling and the audit trail.
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SSZ'. Secrets (passwords, session and API
-- tokens) are never stored: only Argon2id hashes and BLAKE2b hashes of tokens.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'member', 'viewer')),
    -- organisations comes in 002; SQLite resolves the reference when rows change.
    org_id INTEGER REFERENCES organisations(id),
    created_at TEXT NOT NULL,
    archived_at TEXT,
    -- a member belongs to exactly one organisation; other roles to none
    CHECK ((role = 'member') = (org_id IS NOT NULL))
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    client_ip TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    label TEXT,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    archived_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('account', 'address')),
    key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (kind, key, at);
CREATE INDEX login_failures_at ON login_failures (at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),   -- NULL: the system or the command line
    entity TEXT NOT NULL,
    entity_id INTEGER,
    action TEXT NOT NULL,
    changes TEXT                             -- JSON {"field": {"old": ..., "new": ...}}
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (user_id);
