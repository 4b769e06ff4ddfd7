-- Krachten and netwerk: the client's own strengths per life domain (the strengths inventory of
-- Krachtwerk and the six kinds of the 8-fasenmodel) and the people and organisations around the
-- client (the ecogram). Client data: every row hangs off clients(id); every change is kept in
-- `changes` (entities 'strength_domain', 'strength', 'network_member') with who and when.

-- Per life domain: the situation now, the client's wishes and what helped before.
CREATE TABLE strength_domains (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    domain_code TEXT NOT NULL REFERENCES life_domains(code),
    situation TEXT NOT NULL DEFAULT '',
    wishes TEXT NOT NULL DEFAULT '',
    resources_before TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (client_id, domain_code)
);

-- One strength of one kind in one life domain, in the client's words.
CREATE TABLE strengths (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    domain_code TEXT NOT NULL REFERENCES life_domains(code),
    kind TEXT NOT NULL CHECK (kind IN ('vaardigheden', 'interesses', 'kennis', 'persoonlijke_kwaliteiten', 'contacten', 'mogelijkheden_omgeving')),
    text TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX strengths_client ON strengths(client_id, domain_code, kind);

-- The network: support is a comma list of praktisch, emotioneel, informatie, gezelschap;
-- closeness 1 = dichtbij, 2 = middel, 3 = verder weg; gives_back is what the client gives them.
CREATE TABLE network_members (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    relation TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('persoon', 'organisatie')),
    phone TEXT,
    email TEXT,
    closeness BIGINT NOT NULL CHECK (closeness BETWEEN 1 AND 3),
    support TEXT NOT NULL DEFAULT '',
    gives_back TEXT NOT NULL DEFAULT '',
    takes_part_actions INTEGER NOT NULL DEFAULT 0,
    takes_part_evaluations INTEGER NOT NULL DEFAULT 0,
    consent TEXT NOT NULL DEFAULT 'niets' CHECK (consent IN ('niets', 'plan', 'plan_en_journaal')),
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX network_members_client ON network_members(client_id, closeness, name);
CREATE INDEX changes_client_entity ON changes(client_id, entity, at);
