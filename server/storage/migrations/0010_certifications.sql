-- Certifications (issue 12; docs/retraining.md): a person certified for a
-- programme, one row per cycle. Rows are never deleted: a renewal adds a row,
-- a revocation marks the day from which a row no longer counts, so the same
-- rows answer "who was certified on 31/12/2024" for any past day. Days are
-- local calendar days in Vietnam (YYYY-MM-DD); times are UTC ISO 8601.
CREATE TABLE certifications (
  id             INTEGER PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES users(id),
  programme_id   INTEGER NOT NULL REFERENCES programmes(id),
  revision_id    INTEGER NOT NULL REFERENCES programme_revisions(id),  -- the rule it was granted under
  path           TEXT NOT NULL CHECK (path IN ('initial', 'refresher')),
  completed_on   TEXT NOT NULL CHECK (completed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  valid_until    TEXT CHECK (valid_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),  -- last valid day; NULL: never expires
  basis          TEXT NOT NULL CHECK (basis IN ('never_expires', 'from_completion', 'extended',
                   'after_lapse', 'before_window', 'fixed_day', 'fixed_day_minimum')),
  source         TEXT NOT NULL CHECK (source IN ('learning', 'recorded')),  -- courses done in lophoc, or prior learning
  created_at     TEXT NOT NULL,
  revoked_on     TEXT,     -- does not count from this local day on; NULL: not revoked
  revoked_by     INTEGER REFERENCES users(id),
  revoked_reason TEXT,
  CHECK ((valid_until IS NULL) = (basis = 'never_expires')),
  CHECK ((revoked_on IS NULL) = (revoked_reason IS NULL))
) STRICT;
CREATE INDEX certifications_user ON certifications (user_id, programme_id);
CREATE INDEX certifications_programme ON certifications (programme_id, valid_until);

-- The course completions a certification rests on. A completion certifies at
-- most once (the UNIQUE below), which also keeps two requests that finish a
-- path at once from certifying twice.
CREATE TABLE certification_completions (
  certification_id INTEGER NOT NULL REFERENCES certifications(id),
  completion_id    INTEGER NOT NULL UNIQUE REFERENCES completions(id),
  PRIMARY KEY (certification_id, completion_id)
) STRICT, WITHOUT ROWID;
