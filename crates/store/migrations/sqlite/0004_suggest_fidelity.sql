-- Methodesuggesties: what the worker records about a client that Regie does not know otherwise
-- (target groups, light/complex, critical transition, outreach, particular circumstances), and
-- suggestions the worker dismissed (hidden, but listable and restorable). Client data: changes
-- are kept in `changes` (entities 'client_profile', 'suggestion_dismissal').
-- target_groups and situations are comma lists of codes; flags are INTEGER 0/1 here.

CREATE TABLE client_profile (
    client_id BIGINT PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    target_groups TEXT NOT NULL DEFAULT '',
    complexity TEXT CHECK (complexity IN ('licht', 'complex')),
    critical_transition INTEGER NOT NULL DEFAULT 0,
    transition_kind TEXT,
    needs_outreach INTEGER NOT NULL DEFAULT 0,
    situations TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE suggestion_dismissals (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    method_code TEXT NOT NULL,
    by_user_id BIGINT NOT NULL REFERENCES users(id),
    at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    UNIQUE (client_id, method_code)
);

-- Kwaliteitsmonitor: the first goal of every trajectory, and the actions the network owns, read
-- for all trajectories at once.
CREATE INDEX changes_entity_op ON changes(entity, op, trajectory_id, at);
CREATE INDEX actions_network ON actions(trajectory_id) WHERE owner_kind = 'netwerk';
