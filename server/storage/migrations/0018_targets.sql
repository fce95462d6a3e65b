-- Targets and saved reports (issue 13; docs/reports.md). Nothing here is
-- deleted: a target taken out of use keeps its row with retired_at, and a
-- report saved as sent is frozen.

-- A target a plan sets: "100% of provincial-library staff trained in the
-- basic programme by 31/12/2025 (Kế hoạch 3063/KH-UBND)". Its scope is an
-- org unit's subtree as it stood on the target's dates: a target set for a
-- unit that was later merged is still reported, against the units that
-- existed then. Kinds:
--   trained         percent of the population (site types and/or staff
--                   categories; empty lists: everyone) holding a valid
--                   certification of the programme on the deadline
--   learners_growth distinct learners, percent more than the year before
--   visits_growth   visits, percent more than the year before
--   sites_active    percent of sites with learning activity in the last
--                   window_days days
CREATE TABLE targets (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('trained', 'learners_growth', 'visits_growth',
                     'sites_active')),
  title            TEXT NOT NULL CHECK (title <> ''),
  source           TEXT NOT NULL DEFAULT '',  -- the document it comes from
  org_unit_id      INTEGER NOT NULL REFERENCES org_units(id),
  programme_id     INTEGER REFERENCES programmes(id),
  site_types       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(site_types)),        -- JSON array of codes
  staff_categories TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(staff_categories)),  -- JSON array of codes
  percent          REAL NOT NULL CHECK (percent >= 0 AND percent <= 100),
  starts_on        TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  deadline         TEXT NOT NULL CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  window_days      INTEGER CHECK (window_days BETWEEN 1 AND 3650),
  created_by       INTEGER REFERENCES users(id),  -- NULL: the command line or demo data
  created_at       TEXT NOT NULL,
  retired_at       TEXT,
  CHECK (deadline >= starts_on),
  CHECK ((programme_id IS NOT NULL) = (kind = 'trained')),
  CHECK ((window_days IS NOT NULL) = (kind = 'sites_active'))
) STRICT;
CREATE INDEX targets_unit ON targets (org_unit_id);

-- A report saved as sent: the figures exactly as they were (the JSON the
-- report answered), for a scope, a year and an as-of day, with who saved it
-- and when. Later the live figures are shown beside it with the differences.
CREATE TABLE report_snapshots (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('annual')),
  org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  as_of       TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  title       TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL CHECK (json_valid(body)),
  saved_by    INTEGER NOT NULL REFERENCES users(id),
  saved_at    TEXT NOT NULL
) STRICT;
CREATE INDEX report_snapshots_unit ON report_snapshots (org_unit_id, year);
