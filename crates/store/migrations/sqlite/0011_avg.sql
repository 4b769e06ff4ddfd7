-- AVG rights: retention terms per funding law, and anonymised clients.
-- retention_terms: how many whole years after the end of a client's latest trajectory the
-- dossier is kept, per funding law (trajectories.funding). Functioneel beheer edits them.
-- Defaults: Jeugdwet 20 (statutory since 2020), Wlz and Zvw 20 (Wgbo-like care), Wmo 15 (the
-- term the gemeente keeps; no statutory term for a provider was found), Participatiewet 7
-- (assumption: the fiscal term), anders 15 (assumption). See docs/operations.md.
CREATE TABLE retention_terms (
    funding TEXT PRIMARY KEY,
    years BIGINT NOT NULL CHECK (years BETWEEN 1 AND 100),
    updated_at TEXT,
    updated_by BIGINT REFERENCES users(id)
);
INSERT INTO retention_terms (funding, years) VALUES
    ('wmo', 15), ('jeugdwet', 20), ('wlz', 20), ('zvw', 20), ('participatiewet', 7), ('anders', 15);

-- A client anonymised by functioneel beheer (kept for statistics, every personal detail gone);
-- NULL for every other client.
ALTER TABLE clients ADD COLUMN anonymised_at TEXT;

-- The past-term list reads the latest end per client.
CREATE INDEX trajectories_ended ON trajectories(client_id, ended_on);
