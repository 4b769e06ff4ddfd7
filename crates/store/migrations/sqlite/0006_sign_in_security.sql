-- Sign-in security: failed sign-ins counted per normalised email (whether or not an account
-- exists) and per source address, locks on either, and where a session was started from.

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    key_kind TEXT NOT NULL CHECK (key_kind IN ('email', 'source')),
    key_value TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures(key_kind, key_value, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures(at);

CREATE TABLE sign_in_locks (
    key_kind TEXT NOT NULL CHECK (key_kind IN ('email', 'source')),
    key_value TEXT NOT NULL,
    locked_until TEXT NOT NULL,
    PRIMARY KEY (key_kind, key_value)
);

ALTER TABLE sessions ADD COLUMN number BIGINT;
ALTER TABLE sessions ADD COLUMN source TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
UPDATE sessions SET number = abs(random() % 1000000000000);
