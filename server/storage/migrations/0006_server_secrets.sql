-- Secrets the server makes for itself, once, and keeps with the data so that
-- every server process on this database (and a restored backup) agrees on
-- them. Never shown, never written to the audit log or to exports.
CREATE TABLE server_secrets (
  name       TEXT PRIMARY KEY,  -- what it is for, e.g. 'visit_cookie' (signs guests' visit cookies)
  value      TEXT NOT NULL,     -- 32 random bytes, URL-safe base64
  created_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
