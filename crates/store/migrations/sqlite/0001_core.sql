-- Regie core schema. Dates are 'YYYY-MM-DD' TEXT and moments are RFC 3339 UTC TEXT with
-- microseconds, in both engines: the same SQL compares them and ISO text sorts in time order.
-- SQLite has no boolean type: flags are INTEGER 0/1 here and BOOLEAN in PostgreSQL; TRUE and
-- FALSE in SQL mean 1 and 0 in SQLite, so statements stay the same.

CREATE TABLE locations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    location_id BIGINT NOT NULL REFERENCES locations(id)
);

CREATE TABLE roles (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('relatie', 'team', 'organisatie')),
    admin INTEGER NOT NULL DEFAULT 0,
    builtin INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role_code TEXT NOT NULL REFERENCES roles(code),
    team_id BIGINT REFERENCES teams(id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX users_team ON users(team_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE life_domains (
    code TEXT PRIMARY KEY,
    domain_set TEXT NOT NULL,
    name TEXT NOT NULL,
    zrm_code TEXT,
    position BIGINT NOT NULL
);

CREATE TABLE phase_models (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    cyclic INTEGER NOT NULL DEFAULT 0,
    max_days BIGINT,
    max_focus_domains BIGINT,
    evaluation_interval_days BIGINT NOT NULL,
    domain_set TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE phases (
    id INTEGER PRIMARY KEY,
    model_id BIGINT NOT NULL REFERENCES phase_models(id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    typical_days BIGINT,
    description TEXT NOT NULL,
    UNIQUE (model_id, position)
);

CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date TEXT,
    phone TEXT,
    email TEXT,
    address TEXT,
    city TEXT,
    team_id BIGINT NOT NULL REFERENCES teams(id),
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX clients_team ON clients(team_id, last_name, first_name);

CREATE TABLE household_members (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    birth_year BIGINT
);
CREATE INDEX household_client ON household_members(client_id);

-- Zorgteam: the care relations that give a worker need-to-know access to a client.
CREATE TABLE care_team (
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    role_code TEXT NOT NULL REFERENCES roles(code),
    since TEXT NOT NULL,
    PRIMARY KEY (client_id, user_id)
);
CREATE INDEX care_team_user ON care_team(user_id);

CREATE TABLE trajectories (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    model_id BIGINT NOT NULL REFERENCES phase_models(id),
    status TEXT NOT NULL CHECK (status IN ('actief', 'afgesloten')),
    started_on TEXT NOT NULL,
    ended_on TEXT,
    owner_user_id BIGINT NOT NULL REFERENCES users(id),
    phase_id BIGINT NOT NULL REFERENCES phases(id),
    phase_entered_on TEXT NOT NULL,
    next_evaluation_on TEXT,
    focus_domains TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX trajectories_client ON trajectories(client_id, status);
CREATE INDEX trajectories_owner ON trajectories(owner_user_id, status);

CREATE TABLE phase_transitions (
    id INTEGER PRIMARY KEY,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    phase_id BIGINT NOT NULL REFERENCES phases(id),
    entered_on TEXT NOT NULL,
    at TEXT NOT NULL,
    by_user_id BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX phase_transitions_trajectory ON phase_transitions(trajectory_id, at);

-- Perspectief: the client's own words per area; one row per area.
CREATE TABLE perspective (
    id INTEGER PRIMARY KEY,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    text TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (trajectory_id, area)
);

CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    domain_code TEXT NOT NULL REFERENCES life_domains(code),
    text TEXT NOT NULL,
    priority BIGINT NOT NULL,
    target_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('actief', 'behaald', 'afgesloten')),
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX goals_trajectory ON goals(trajectory_id, priority);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    goal_id BIGINT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('client', 'medewerker', 'netwerk', 'extern')),
    owner_user_id BIGINT REFERENCES users(id),
    owner_name TEXT NOT NULL,
    due_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'bezig', 'gedaan', 'vervallen')),
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX actions_trajectory ON actions(trajectory_id, status, due_date);
CREATE INDEX actions_goal ON actions(goal_id);

-- Every change to a client's record, with who and when and the item as it was after the change.
-- The plan history (perspective, goal, action) is replayed from here.
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL,
    trajectory_id BIGINT,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
    at TEXT NOT NULL,
    by_user_id BIGINT NOT NULL REFERENCES users(id),
    data TEXT NOT NULL
);
CREATE INDEX changes_trajectory ON changes(trajectory_id, at);
CREATE INDEX changes_client ON changes(client_id, at);

CREATE TABLE journal_entries (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    trajectory_id BIGINT REFERENCES trajectories(id) ON DELETE CASCADE,
    contact_type TEXT NOT NULL CHECK (contact_type IN ('huisbezoek', 'gesprek', 'telefonisch', 'beeldbellen', 'mdo')),
    contact_date TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    text TEXT NOT NULL,
    client_visible INTEGER NOT NULL DEFAULT 1,
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX journal_client ON journal_entries(client_id, contact_date);

CREATE TABLE journal_goals (
    entry_id BIGINT NOT NULL REFERENCES journal_entries(id) ON DELETE CASCADE,
    goal_id BIGINT NOT NULL,
    PRIMARY KEY (entry_id, goal_id)
);

CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    participants TEXT NOT NULL,
    notes TEXT NOT NULL,
    plan_snapshot TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX evaluations_trajectory ON evaluations(trajectory_id, held_on);

CREATE TABLE evaluation_goals (
    evaluation_id BIGINT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    goal_id BIGINT NOT NULL,
    goal_text TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('behaald', 'deels', 'niet_behaald')),
    decision TEXT NOT NULL CHECK (decision IN ('doorgaan', 'bijstellen', 'afsluiten')),
    note TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, goal_id)
);

-- Toegangslog (NEN 7513): every read and write of client data, granted or refused.
-- No foreign keys: the log outlives what it points at.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id BIGINT,
    on_behalf_of BIGINT,
    client_id BIGINT,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    basis TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('granted', 'refused')),
    source TEXT NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX audit_client ON audit_log(client_id, at);
CREATE INDEX audit_user ON audit_log(user_id, at);
