-- Prior learning and exemptions (issue 12; docs/retraining.md, "Prior
-- learning", "Revocation", "Exemptions"). Nothing here is ever deleted: an
-- exemption ended early keeps its planned last day beside the day it ended.

-- A certification recorded by a trainer, manager or admin for learning done
-- outside lophoc (source 'recorded'): who recorded it and the evidence they
-- named (a paper certificate's number, a face-to-face course). NULL for
-- certifications earned by completing courses.
ALTER TABLE certifications ADD COLUMN recorded_by INTEGER REFERENCES users(id);
ALTER TABLE certifications ADD COLUMN evidence TEXT;

-- A person taken out of a programme's denominator for a while (long leave,
-- secondment): exempt from starts_on to the last day, both included.
CREATE TABLE exemptions (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  programme_id INTEGER REFERENCES programmes(id),  -- NULL: every programme
  reason       TEXT NOT NULL CHECK (reason <> ''),
  starts_on    TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  ends_on      TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  created_by   INTEGER REFERENCES users(id),  -- NULL: the command line
  created_at   TEXT NOT NULL,                 -- UTC, ISO 8601
  -- Ended early: the last exempt day (before ends_on; the day before
  -- starts_on cancels it), who ended it and when. NULL while it runs as planned.
  ended_on     TEXT CHECK (ended_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  ended_by     INTEGER REFERENCES users(id),
  ended_at     TEXT,
  CHECK (ends_on >= starts_on),
  CHECK ((ended_on IS NULL) = (ended_at IS NULL))
) STRICT;
CREATE INDEX exemptions_user ON exemptions (user_id, starts_on);
