-- The access log made complete (NEN 7513): emergency access, review by the privacy role, and a
-- retention term that prunes the start of the hash chain without breaking it.

-- Noodtoegang (break the glass): a worker without a ground of access gave a reason and may open
-- one client's dossier until expires_at. The privacy role reviews every grant afterwards.
CREATE TABLE emergency_access (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    reviewed_by BIGINT REFERENCES users(id),
    reviewed_at TEXT,
    review_note TEXT
);
CREATE INDEX emergency_access_active ON emergency_access(client_id, user_id, expires_at);
CREATE INDEX emergency_access_review ON emergency_access(reviewed_at, granted_at);

-- Where the chain starts after pruning: the first kept record and the prev_hash it links to.
-- first_id = 0: never pruned, the chain starts at the genesis hash.
CREATE TABLE audit_anchor (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    first_id BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    pruned_before TEXT,
    pruned_records BIGINT NOT NULL,
    pruned_at TEXT
);
INSERT INTO audit_anchor (id, first_id, prev_hash, pruned_before, pruned_records, pruned_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL, 0, NULL);

-- The one way to delete from audit_log: `regie audit prune` sets up_to to the last id it removes,
-- deletes, and sets it back to 0, all in one transaction. Any other DELETE is refused.
CREATE TABLE audit_prune_permit (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    up_to BIGINT NOT NULL
);
INSERT INTO audit_prune_permit (id, up_to) VALUES (1, 0);

DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN OLD.id > (SELECT up_to FROM audit_prune_permit WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE INDEX audit_at ON audit_log(at);
