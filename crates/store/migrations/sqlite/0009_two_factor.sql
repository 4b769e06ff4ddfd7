-- Two-factor sign-in (TOTP, RFC 6238). See crates/store/src/two_factor.rs.
-- roles.two_factor_required: functioneel beheer decides per role; every role requires it by default.
ALTER TABLE roles ADD COLUMN two_factor_required INTEGER NOT NULL DEFAULT 1;

-- One factor per user. secret: the confirmed TOTP secret (base32), NULL until the first code
-- confirms it; pending_secret: a new secret shown for (re-)enrolment, not yet confirmed.
-- last_used_step: the 30-second step of the last accepted code; codes of that step or earlier
-- are refused (no replay). demo: a demo account's public, derived secret (`regie user code`).
CREATE TABLE user_factors (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret TEXT,
    confirmed_at TEXT,
    pending_secret TEXT,
    last_used_step BIGINT,
    demo INTEGER NOT NULL DEFAULT 0
);

-- Recovery codes, only their SHA-256 (salted with the user id); each usable once.
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- A half-signed-in browser: the password was right, the second factor is still to come.
-- Not a session: it opens no page, and ends after a few minutes.
CREATE TABLE pending_sign_ins (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    source TEXT,
    user_agent TEXT
);
CREATE INDEX pending_sign_ins_user ON pending_sign_ins(user_id);

-- API tokens get a public number (to list and revoke them), a label and when last used.
-- Tokens and sessions issued before this migration were issued on a password alone: end them.
DELETE FROM api_tokens;
DELETE FROM sessions;
ALTER TABLE api_tokens ADD COLUMN id BIGINT;
ALTER TABLE api_tokens ADD COLUMN label TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
CREATE UNIQUE INDEX api_tokens_id ON api_tokens(id);
