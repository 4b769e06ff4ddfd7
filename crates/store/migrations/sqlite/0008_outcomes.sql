-- Measuring what changes (ZRM, satisfaction, result agreements) and what the outcome reports
-- filter on. Client data: every row hangs off clients(id) and every change is kept in `changes`
-- (entities 'measurement', 'domain_target', 'result_agreement', 'satisfaction').
-- Flags are INTEGER 0/1 here and BOOLEAN in PostgreSQL.

-- The law that funds a trajectory (outcome filters, retention terms): wmo, jeugdwet, wlz, zvw,
-- participatiewet, anders. Where the client went at the end (uitstroom), a code; NULL while open.
ALTER TABLE trajectories ADD COLUMN funding TEXT NOT NULL DEFAULT 'wmo';
ALTER TABLE trajectories ADD COLUMN exit_destination TEXT;
CREATE INDEX trajectories_funding ON trajectories(funding, status);

-- Criterion texts per instrument cell, imported by an organisation that holds the licence
-- (GGD Amsterdam's texts are not shipped with Regie).
CREATE TABLE instrument_texts (
    instrument TEXT NOT NULL,
    domain_code TEXT NOT NULL,
    level BIGINT NOT NULL,
    text TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (instrument, domain_code, level)
);

-- One scoring of an instrument for a client: by the worker ('begeleider') or the client's own
-- score ('client'). instrument is the versioned code ('zrm2017', 'zrm2013'); supplements is a
-- comma list of supplement codes scored with it; sources a comma list (client, collegas,
-- registratie); moment begin | midden | eind | tussen.
CREATE TABLE measurements (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    instrument TEXT NOT NULL,
    supplements TEXT NOT NULL DEFAULT '',
    rater TEXT NOT NULL CHECK (rater IN ('begeleider', 'client')),
    measured_on TEXT NOT NULL,
    moment TEXT NOT NULL CHECK (moment IN ('begin', 'midden', 'eind', 'tussen')),
    sources TEXT NOT NULL DEFAULT '',
    by_user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX measurements_trajectory ON measurements(trajectory_id, rater, instrument, measured_on);
CREATE INDEX measurements_client ON measurements(client_id, measured_on);

-- The score per domain; level NULL means "niet besproken" (not discussed).
CREATE TABLE measurement_scores (
    measurement_id BIGINT NOT NULL REFERENCES measurements(id) ON DELETE CASCADE,
    domain_code TEXT NOT NULL,
    level BIGINT CHECK (level BETWEEN 1 AND 5),
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (measurement_id, domain_code)
);

-- A result asked of a team or a colleague by the trajectbegeleider ("resultaatafspraak").
-- Either team_id or user_id is set; role_code is the role asked (for role defaults and reports).
-- status: open | behaald | deels_behaald | niet_behaald | ingetrokken.
CREATE TABLE result_agreements (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    requested_by BIGINT NOT NULL REFERENCES users(id),
    team_id BIGINT REFERENCES teams(id),
    user_id BIGINT REFERENCES users(id),
    role_code TEXT REFERENCES roles(code),
    text TEXT NOT NULL,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'behaald', 'deels_behaald', 'niet_behaald', 'ingetrokken')),
    closed_on TEXT,
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX result_agreements_trajectory ON result_agreements(trajectory_id);
CREATE INDEX result_agreements_team ON result_agreements(team_id, status);

-- A target level on one domain, carried by a goal of the plan or by a result agreement.
CREATE TABLE domain_targets (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    goal_id BIGINT REFERENCES goals(id) ON DELETE CASCADE,
    agreement_id BIGINT REFERENCES result_agreements(id) ON DELETE CASCADE,
    domain_code TEXT NOT NULL,
    level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 5),
    target_date TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK ((goal_id IS NULL) <> (agreement_id IS NULL))
);
CREATE INDEX domain_targets_trajectory ON domain_targets(trajectory_id);

-- Configurable defaults: the levels a result agreement with a role asks for by default.
CREATE TABLE role_target_defaults (
    role_code TEXT NOT NULL REFERENCES roles(code),
    domain_code TEXT NOT NULL,
    level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (role_code, domain_code)
);

-- The satisfaction questionnaire, editable by functioneel beheer: the report mark 1–10 is fixed,
-- the items are data. topic: bereikbaarheid | bejegening | deskundigheid | invloed | anders.
-- A changed item gets a new row (the old one inactive) so answers keep the question they had.
CREATE TABLE satisfaction_items (
    id INTEGER PRIMARY KEY,
    topic TEXT NOT NULL,
    question TEXT NOT NULL,
    position BIGINT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

-- One satisfaction measurement with the client: at an evaluation or at the end.
CREATE TABLE satisfaction_responses (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    evaluation_id BIGINT REFERENCES evaluations(id) ON DELETE SET NULL,
    answered_on TEXT NOT NULL,
    moment TEXT NOT NULL CHECK (moment IN ('evaluatie', 'einde')),
    mark BIGINT NOT NULL CHECK (mark BETWEEN 1 AND 10),
    remark TEXT NOT NULL DEFAULT '',
    by_user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX satisfaction_trajectory ON satisfaction_responses(trajectory_id, answered_on);

-- Answers per item on a four-point scale: 1 nooit, 2 soms, 3 meestal, 4 altijd.
CREATE TABLE satisfaction_answers (
    response_id BIGINT NOT NULL REFERENCES satisfaction_responses(id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL REFERENCES satisfaction_items(id),
    answer BIGINT NOT NULL CHECK (answer BETWEEN 1 AND 4),
    PRIMARY KEY (response_id, item_id)
);

-- The questionnaire Regie starts with (functioneel beheer may change it).
INSERT INTO satisfaction_items (topic, question, position, created_at) VALUES
    ('bereikbaarheid', 'Kon u uw begeleider bereiken als u dat nodig had?', 1, '2026-01-01T00:00:00.000000Z'),
    ('bejegening', 'Nam uw begeleider u serieus?', 2, '2026-01-01T00:00:00.000000Z'),
    ('deskundigheid', 'Wist uw begeleider genoeg om u goed te helpen?', 3, '2026-01-01T00:00:00.000000Z'),
    ('invloed', 'Kon u meebeslissen over wat er in uw plan kwam?', 4, '2026-01-01T00:00:00.000000Z');
