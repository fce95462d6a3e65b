-- Reminders of retraining programmes (issue 12; docs/retraining.md,
-- "Reminders"). The daily job writes each reminder it would send to the
-- outbox, at most once per person, programme, cycle and kind (the UNIQUE key:
-- the job inserts with OR IGNORE, so running it twice writes nothing twice).
-- An optional SMTP sender delivers the email rows and records every attempt.
-- Nothing here is deleted. Times are UTC ISO 8601.

-- Where a reminder reaches a person: an email address (none: in-app only, a
-- phone number alone gets in-app reminders) and the language they read
-- ('en': the Vietnamese text is followed by the English one).
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('vi', 'en'));

CREATE TABLE reminder_outbox (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  programme  TEXT NOT NULL,     -- the programme's slug
  cycle      INTEGER NOT NULL,  -- the certification it is about (its id); 0: the first certification
  kind       TEXT NOT NULL CHECK (kind IN ('window_opened', 'days_30', 'expired')),
  channel    TEXT NOT NULL CHECK (channel IN ('email', 'in_app')),
  address    TEXT NOT NULL DEFAULT '',  -- the email address; '' for in_app
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL,     -- plain text, Vietnamese (then English for 'en' readers)
  due_on     TEXT NOT NULL,     -- the local day (YYYY-MM-DD) the job found it due
  created_at TEXT NOT NULL,
  UNIQUE (user_id, programme, cycle, kind)
) STRICT;
CREATE INDEX reminder_outbox_channel ON reminder_outbox (channel, id);

-- Each attempt to deliver an email row: a row is never sent twice once an
-- attempt says 'sent'; failed ones are retried with a growing delay.
CREATE TABLE reminder_deliveries (
  outbox_id INTEGER NOT NULL REFERENCES reminder_outbox(id),
  attempt   INTEGER NOT NULL CHECK (attempt >= 1),
  at        TEXT NOT NULL,
  outcome   TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
  detail    TEXT NOT NULL DEFAULT '',  -- the server's answer or the error
  PRIMARY KEY (outbox_id, attempt)
) STRICT, WITHOUT ROWID;
