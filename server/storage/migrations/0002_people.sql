-- People and places (issue 4): the org tree, sites, accounts and roles,
-- sessions, API tokens, the audit log and visits. Times are UTC ISO 8601
-- text ("2026-11-22T03:15:04Z"), so they compare correctly as strings.
-- Secrets are never stored: passwords as argon2id strings, session ids and
-- API tokens as SHA-256 hex digests.

-- The organisation tree: nation -> province -> district -> commune.
-- `path` is the materialised chain of ids from the root down to the unit
-- itself ("/1/7/42/"): the subtree of a unit is every row whose path starts
-- with the unit's path. Maintained by the storage code, which refuses cycles.
CREATE TABLE org_units (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- stable key, [A-Za-z0-9_-]{1,32}
  name       TEXT NOT NULL,                        -- Vietnamese name, e.g. 'Tỉnh Lạng Sơn'
  level      TEXT NOT NULL CHECK (level IN ('nation', 'province', 'district', 'commune')),
  parent_id  INTEGER REFERENCES org_units(id),     -- NULL for a root
  path       TEXT NOT NULL UNIQUE,                 -- '/root-id/.../own-id/'
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX org_units_parent ON org_units (parent_id);

-- Places where people learn and work; each hangs under one org unit.
CREATE TABLE sites (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name        TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('provincial_library', 'district_library',
                'commune_library', 'post_office_cultural_point', 'school_library',
                'vocational_library', 'armed_forces_library')),
  org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  kiosk       INTEGER NOT NULL DEFAULT 0 CHECK (kiosk IN (0, 1)),  -- public computer: guest visits count here
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX sites_org_unit ON sites (org_unit_id);

-- Accounts. Never deleted (history must survive): disabled with active = 0.
-- org_unit_id places the account in the tree (what a manager or trainer sees,
-- and who may manage the account); site_id is where staff work. Citizens
-- have neither.
CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  username             TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name         TEXT NOT NULL,
  phone                TEXT,
  password_hash        TEXT NOT NULL,  -- argon2id string from libsodium crypto_pwhash_str
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  org_unit_id          INTEGER REFERENCES org_units(id),
  site_id              INTEGER REFERENCES sites(id),
  staff_category       TEXT,           -- e.g. 'district_librarian'; NULL for citizens
  created_at           TEXT NOT NULL,
  last_login_at        TEXT
) STRICT;
CREATE INDEX users_org_unit ON users (org_unit_id);
CREATE INDEX users_site ON users (site_id);

-- Roles of an account; an account may hold several.
CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id),
  role    TEXT NOT NULL CHECK (role IN ('learner', 'trainer', 'manager', 'admin')),
  PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_roles_role ON user_roles (role);

-- Signed-in browser sessions. The cookie holds a random id; only its SHA-256
-- is kept, so a copy of the database cannot be used to take over sessions.
CREATE TABLE sessions (
  id_hash      TEXT PRIMARY KEY,  -- hex SHA-256 of the session id
  user_id      INTEGER NOT NULL REFERENCES users(id),
  csrf_token   TEXT NOT NULL,     -- random, sent back with every state-changing form or request
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL      -- last_seen_at + the idle timeout
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Personal API tokens (Authorization: Bearer). Shown once, stored hashed.
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,         -- what the owner calls it, e.g. 'báo cáo tỉnh'
  token_hash   TEXT NOT NULL UNIQUE,  -- hex SHA-256 of the token
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT                   -- NULL while valid
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Who changed what, and when. Written in the same transaction as the change.
-- Never holds passwords, tokens or session ids.
CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor_user_id INTEGER REFERENCES users(id),  -- NULL: the command line or the system
  actor         TEXT NOT NULL,                 -- username at the time, or 'cli' / 'system'
  action        TEXT NOT NULL,                 -- e.g. 'user.create', 'org_unit.update'
  object_type   TEXT NOT NULL,                 -- 'user', 'org_unit', 'site', 'api_token', ...
  object_key    TEXT NOT NULL,                 -- username, code or id of the object
  details       TEXT NOT NULL DEFAULT '{}'     -- JSON object: the fields set
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);

-- Visits for the growth reports: one row per visitor and day, counting the
-- lesson views. visitor_key is a hash (of the user id, or of a guest's
-- session), never a raw identifier.
CREATE TABLE visits (
  id           INTEGER PRIMARY KEY,
  day          TEXT NOT NULL,                  -- 'YYYY-MM-DD', UTC
  site_id      INTEGER REFERENCES sites(id),   -- when known (kiosk, or the user's site)
  user_id      INTEGER REFERENCES users(id),   -- NULL for guests
  visitor_key  TEXT NOT NULL,
  lesson_views INTEGER NOT NULL DEFAULT 0,
  UNIQUE (day, visitor_key)
) STRICT;
CREATE INDEX visits_day_site ON visits (day, site_id);
