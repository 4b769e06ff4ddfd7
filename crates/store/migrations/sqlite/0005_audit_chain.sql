-- Toegangslog (NEN 7513), tamper-evident: every record carries the SHA-256 of its own fields plus
-- the previous record's hash (see crates/store/src/audit_chain.rs for the exact canonical form).
-- role: the user's role code at the moment of access (roles change; the log must not).
-- reason: the reason given for emergency access (break the glass), else NULL.
-- Rows from before this migration are chained once at the next start (Store::migrate).
ALTER TABLE audit_log ADD COLUMN role TEXT;
ALTER TABLE audit_log ADD COLUMN reason TEXT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- The end of the chain: the last chained record and its hash. Appends update this one row in the
-- same transaction as the insert, which serialises concurrent appends (the UPDATE locks the row)
-- and lets `regie audit verify` notice records cut off the end of the log.
CREATE TABLE audit_chain_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    last_id BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_chain_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: the application never changes or deletes a chained record. (Chaining the records
-- from before this migration fills in hashes that are still empty, which stays allowed.) Whoever
-- can drop these triggers can still tamper; `regie audit verify` then notices.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN OLD.hash IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
