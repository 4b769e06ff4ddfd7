-- The outcomes report's pairs, kept ready: per trajectory, instrument version and domain, the
-- level at the first and at the last worker ('begeleider') measurement on that version (both
-- scored, not "niet besproken"), and the day of the last one (the report's period). Derived
-- data, not a record of its own: it is recomputed from `measurements` and `measurement_scores`
-- in the same transaction as every record, correction or removal of a measurement
-- (crate::measurement), so it has no `changes` rows and no version; it goes with its trajectory
-- (ON DELETE CASCADE, so erasing a client removes it). Pairing from the measurements on every
-- report cost about two seconds at 100 000 clients; grouping these rows costs a fraction.
-- `outcome_totals` holds the same per trajectory and version summed (the total score: sum of
-- the first and of the last levels over the k domains scored in both), recomputed with them.
CREATE TABLE outcome_pairs (
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    instrument TEXT NOT NULL,
    domain_code TEXT NOT NULL,
    first_level BIGINT NOT NULL,
    last_level BIGINT NOT NULL,
    last_measured_on TEXT NOT NULL,
    PRIMARY KEY (trajectory_id, instrument, domain_code)
) WITHOUT ROWID;
-- Pairs per domain and levels (the report's 5×5 tables) read from this index alone.
CREATE INDEX outcome_pairs_levels ON outcome_pairs(instrument, domain_code, first_level, last_level, last_measured_on);

CREATE TABLE outcome_totals (
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    instrument TEXT NOT NULL,
    sum_first BIGINT NOT NULL,
    sum_last BIGINT NOT NULL,
    k BIGINT NOT NULL,
    last_measured_on TEXT NOT NULL,
    PRIMARY KEY (trajectory_id, instrument)
) WITHOUT ROWID;
CREATE INDEX outcome_totals_sums ON outcome_totals(instrument, sum_first, sum_last, k, last_measured_on);

-- The pairs of the measurements recorded so far.
INSERT INTO outcome_pairs (trajectory_id, instrument, domain_code, first_level, last_level, last_measured_on)
SELECT p.trajectory_id, p.instrument, a.domain_code, a.level, z.level, p.last_on
FROM (SELECT m.trajectory_id, m.instrument, MAX(m.measured_on) AS last_on,
        (SELECT f.id FROM measurements f WHERE f.trajectory_id = m.trajectory_id AND f.rater = 'begeleider'
           AND f.instrument = m.instrument ORDER BY f.measured_on ASC, f.id ASC LIMIT 1) AS first_id,
        (SELECT f.id FROM measurements f WHERE f.trajectory_id = m.trajectory_id AND f.rater = 'begeleider'
           AND f.instrument = m.instrument ORDER BY f.measured_on DESC, f.id DESC LIMIT 1) AS last_id
      FROM measurements m WHERE m.rater = 'begeleider'
      GROUP BY m.trajectory_id, m.instrument HAVING COUNT(*) >= 2) p
JOIN measurement_scores a ON a.measurement_id = p.first_id
JOIN measurement_scores z ON z.measurement_id = p.last_id AND z.domain_code = a.domain_code
WHERE a.level IS NOT NULL AND z.level IS NOT NULL;
INSERT INTO outcome_totals (trajectory_id, instrument, sum_first, sum_last, k, last_measured_on)
SELECT trajectory_id, instrument, CAST(SUM(first_level) AS BIGINT), CAST(SUM(last_level) AS BIGINT), COUNT(*), MAX(last_measured_on)
FROM outcome_pairs GROUP BY trajectory_id, instrument;
