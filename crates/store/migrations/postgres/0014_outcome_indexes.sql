-- The outcomes report pairs each trajectory's first and last worker ZRM measurement and reads
-- both measurements' levels per domain: with the level in the index, every look-up is answered
-- from the index alone (about 20% less work at 100 000 clients on SQLite).
CREATE INDEX measurement_scores_levels ON measurement_scores(measurement_id, domain_code, level);
