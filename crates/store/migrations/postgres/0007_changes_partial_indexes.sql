-- The change log of strengths and network (and other record parts outside a trajectory) has no
-- trajectory: leave those rows out of the two indexes that lead with or filter on the trajectory.
-- Every query these indexes serve names a trajectory (`trajectory_id = ...`), which implies
-- `trajectory_id IS NOT NULL`, so both engines still use them. Smaller indexes, and bulk writes
-- (the demo organisation) no longer scatter the record's history over them.
DROP INDEX changes_trajectory;
CREATE INDEX changes_trajectory ON changes(trajectory_id, at) WHERE trajectory_id IS NOT NULL;
DROP INDEX changes_entity_op;
CREATE INDEX changes_entity_op ON changes(entity, op, trajectory_id, at) WHERE trajectory_id IS NOT NULL;
