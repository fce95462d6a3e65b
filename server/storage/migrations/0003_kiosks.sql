-- Public computers in kiosk mode (issue 4). A manager or admin turns a
-- browser on a site's public computer into a kiosk: it then carries a
-- random cookie, of which only the SHA-256 is kept here, and guest visits
-- from that browser count for the site in the growth reports.
CREATE TABLE kiosks (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,           -- hex SHA-256 of the cookie value
  site_id    INTEGER NOT NULL REFERENCES sites(id),
  label      TEXT NOT NULL,                  -- what staff call the computer, e.g. 'Máy 2'
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),   -- NULL: the command line
  revoked_at TEXT                            -- NULL while the browser is a kiosk
) STRICT;
CREATE INDEX kiosks_site ON kiosks (site_id);
