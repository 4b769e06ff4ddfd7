-- Methods used in a trajectory: codes of Regie's methods library (regie_domain::methods).
-- Client data: every row hangs off a trajectory; every change is kept in `changes`
-- (entity 'trajectory_method').
CREATE TABLE trajectory_methods (
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    method_code TEXT NOT NULL,
    added_on TEXT NOT NULL,
    added_by BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (trajectory_id, method_code)
);

-- Trajectories that already exist follow the method of their built-in phase model (each
-- built-in model's code is its method's code).
INSERT INTO trajectory_methods (trajectory_id, method_code, added_on, added_by)
SELECT t.id, m.code, t.started_on, t.owner_user_id
FROM trajectories t JOIN phase_models m ON m.id = t.model_id
WHERE m.builtin = 1;
