-- Re-datings of certifications (issue 12; docs/retraining.md, "Changing a
-- programme's rule"). When an admin changes a programme's rule and applies it
-- to the current cycles, each person's open cycle (the certification that
-- counts today: not revoked, not expired, not superseded) gets a new last
-- valid day under the new rule, from its own completion day. Closed cycles
-- are never re-dated. The certifications row then holds the dating in force
-- today; each re-dating keeps the dating it replaced, so that the standing on
-- a past day uses the dates as they were on that day. Nothing is deleted.
CREATE TABLE certification_redatings (
  id                     INTEGER PRIMARY KEY,
  certification_id       INTEGER NOT NULL REFERENCES certifications(id),
  previous_valid_until   TEXT CHECK (previous_valid_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),  -- NULL: never expired
  previous_basis         TEXT NOT NULL,  -- training::BasisName of the dating replaced
  new_valid_until        TEXT CHECK (new_valid_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),  -- NULL: never expires
  new_basis              TEXT NOT NULL,
  revision_id            INTEGER NOT NULL REFERENCES programme_revisions(id),  -- whose rule re-dated it
  effective_on           TEXT NOT NULL  -- the local day from which the new dating counts (the day of the change)
                           CHECK (effective_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  recorded_by            INTEGER REFERENCES users(id),  -- NULL: the command line
  created_at             TEXT NOT NULL,  -- UTC, ISO 8601
  CHECK ((previous_valid_until IS NULL) = (previous_basis = 'never_expires')),
  CHECK ((new_valid_until IS NULL) = (new_basis = 'never_expires'))
) STRICT;
CREATE INDEX certification_redatings_certification ON certification_redatings (certification_id, id);
