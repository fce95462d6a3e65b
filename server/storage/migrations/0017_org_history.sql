-- The org tree over time (issue 13; docs/org-history.md). Units, sites and
-- people keep their history with effective dates: nothing is rewritten, and
-- a question "as of D" sees the tree, the sites and the people as they were
-- on D. org_units and sites keep holding each unit and site as it is today
-- (who manages what is decided by today's tree); the *_versions tables hold
-- every state each one has had, from the local day it began.
--
-- Days are local calendar days in Vietnam (YYYY-MM-DD). '0001-01-01' marks
-- the state a unit or site had before lophoc kept its history (everything
-- created before this migration, and anything created without a date): it
-- counts for every past day.

-- The levels of the tree are data, not a fixed list: the tree before
-- 1 July 2025 had districts, today's has none, and commune-level units are
-- communes, wards, special zones (and were townships). `rank` orders them
-- from the root (0) down; units of one rank are peers in reports.
CREATE TABLE org_levels (
  code    TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND length(code) <= 32),
  name_vi TEXT NOT NULL CHECK (name_vi <> ''),
  name_en TEXT NOT NULL CHECK (name_en <> ''),
  rank    INTEGER NOT NULL CHECK (rank BETWEEN 0 AND 9)
) STRICT, WITHOUT ROWID;
INSERT INTO org_levels (code, name_vi, name_en, rank) VALUES
  ('nation', 'Quốc gia', 'Nation', 0),
  ('province', 'Tỉnh, thành phố', 'Province or city', 1),
  ('district', 'Quận, huyện, thị xã', 'District', 2),
  ('commune', 'Xã', 'Commune', 3),
  ('ward', 'Phường', 'Ward', 3),
  ('township', 'Thị trấn', 'Township', 3),
  ('special_zone', 'Đặc khu', 'Special zone', 3);
-- org_units.level loses its CHECK (a list of four) and names a row of
-- org_levels instead: the C++ step of this migration rewrites the table's
-- declaration in place (server/storage/org_history_migration.cpp), since
-- SQLite cannot drop a CHECK and copying org_units would break the foreign
-- keys of every table that references it.

-- What happened to the tree, one row per change an admin or manager saved
-- (or per line of a reorganisation): the kind, the day it takes effect, what
-- it moved (JSON, as the preview showed it) and who saved it. A
-- reorganisation imported from CSV shares one `batch` label.
CREATE TABLE org_changes (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('unit_create', 'unit_rename', 'unit_move',
                 'unit_relevel', 'unit_merge', 'unit_dissolve', 'site_create', 'site_move',
                 'site_retype', 'site_rename', 'site_close', 'person_move')),
  effective_on TEXT NOT NULL CHECK (effective_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  subject      TEXT NOT NULL,             -- the code of the unit or site, or the username
  details      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  batch        TEXT,                      -- a reorganisation's label; NULL for a single change
  created_by   INTEGER REFERENCES users(id),  -- NULL: the command line
  created_at   TEXT NOT NULL              -- UTC, ISO 8601
) STRICT;
CREATE INDEX org_changes_effective ON org_changes (effective_on, id);

-- Every state of every unit, from `valid_from` until the next row of the
-- same unit. The state on D is the row with the latest valid_from <= D; a
-- unit exists on D when that row says 'active'. A merged unit names its
-- successor, which received its children and sites on that day.
CREATE TABLE org_unit_versions (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES org_units(id),
  valid_from   TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  name         TEXT NOT NULL,
  level        TEXT NOT NULL REFERENCES org_levels(code),
  parent_id    INTEGER REFERENCES org_units(id),  -- NULL: a root
  state        TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'merged', 'dissolved')),
  successor_id INTEGER REFERENCES org_units(id),  -- 'merged': the unit it became part of
  change_id    INTEGER REFERENCES org_changes(id),  -- NULL: the state before history was kept
  UNIQUE (unit_id, valid_from),
  CHECK ((successor_id IS NOT NULL) = (state = 'merged'))
) STRICT;
CREATE INDEX org_unit_versions_from ON org_unit_versions (valid_from, unit_id);
CREATE INDEX org_unit_versions_parent ON org_unit_versions (parent_id);

INSERT INTO org_unit_versions (unit_id, valid_from, name, level, parent_id)
  SELECT id, '0001-01-01', name, level, parent_id FROM org_units;

-- Every state of every site, the same way: where it hangs, its type, its
-- name, and whether it is open. A closed site has no staff after that day.
CREATE TABLE site_versions (
  id          INTEGER PRIMARY KEY,
  site_id     INTEGER NOT NULL REFERENCES sites(id),
  valid_from  TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  name        TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('provincial_library', 'district_library',
                'commune_library', 'post_office_cultural_point', 'school_library',
                'vocational_library', 'armed_forces_library')),
  org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  change_id   INTEGER REFERENCES org_changes(id),
  UNIQUE (site_id, valid_from)
) STRICT;
CREATE INDEX site_versions_from ON site_versions (valid_from, site_id);
CREATE INDEX site_versions_unit ON site_versions (org_unit_id);

INSERT INTO site_versions (site_id, valid_from, name, type, org_unit_id)
  SELECT id, '0001-01-01', name, type, org_unit_id FROM sites;

-- People already keep their history in staff_placements (0016): a row at
-- every change of staff category or site, from an instant. A placement
-- dated to a day starts at that day's local midnight (17:00 UTC the day
-- before). Leaving (an account disabled) is a placement with neither.
CREATE INDEX staff_placements_from ON staff_placements (from_at, user_id);
