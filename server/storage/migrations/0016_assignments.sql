-- Who a programme applies to, and since when (issue 12; docs/retraining.md
-- "Assignment"). Nothing here is deleted: a change of staff category or site
-- adds a placement, an individual assignment ends on a day.

-- Each person's staff category and site from an instant on (UTC ISO 8601):
-- one row when the account is made and one at every change of either, so a
-- programme given by category and site type is assigned from the day of the
-- change. Existing accounts start with the placement they have now.
CREATE TABLE staff_placements (
  id             INTEGER PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES users(id),
  staff_category TEXT,     -- NULL: not staff (a citizen)
  site_id        INTEGER REFERENCES sites(id),
  from_at        TEXT NOT NULL
) STRICT;
CREATE INDEX staff_placements_user ON staff_placements (user_id, from_at);
INSERT INTO staff_placements (user_id, staff_category, site_id, from_at)
  SELECT id, staff_category, site_id, created_at FROM users;

-- A programme given to one person by a manager, whatever their category or
-- site: from a local day, until the day it is ended (the last day assigned).
CREATE TABLE programme_assignments (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  programme_id INTEGER NOT NULL REFERENCES programmes(id),
  starts_on    TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  ends_on      TEXT CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  reason       TEXT NOT NULL CHECK (length(reason) > 0),
  assigned_by  INTEGER REFERENCES users(id),  -- NULL: the command line
  created_at   TEXT NOT NULL,
  ended_by     INTEGER REFERENCES users(id),
  ended_at     TEXT,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX programme_assignments_user ON programme_assignments (user_id, programme_id);
