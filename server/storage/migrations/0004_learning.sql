-- Learning (issue 5): enrolments, lesson progress, quiz attempts, course
-- completions and certificates. Times are UTC ISO 8601 text. Rows are never
-- deleted: a withdrawal or a later cycle closes or supersedes a row, so the
-- history a province reports on survives.

-- When a lesson counts as done (course.md `lesson_done`): 'button' when the
-- learner says so, 'end' on reaching the end of the page.
ALTER TABLE course_revisions ADD COLUMN lesson_done TEXT NOT NULL DEFAULT 'button'
  CHECK (lesson_done IN ('button', 'end'));

-- Who takes which course. Withdrawing closes the row; enrolling again opens a
-- new one. At most one open enrolment per person and course.
CREATE TABLE enrolments (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  course_id    INTEGER NOT NULL REFERENCES courses(id),
  enrolled_at  TEXT NOT NULL,
  enrolled_by  INTEGER REFERENCES users(id),  -- the learner themself, a trainer or manager; NULL: command line
  source       TEXT NOT NULL CHECK (source IN ('self', 'user', 'site', 'staff_category', 'csv', 'guest')),
  withdrawn_at TEXT,                          -- NULL while open
  withdrawn_by INTEGER REFERENCES users(id)
) STRICT;
CREATE UNIQUE INDEX enrolments_open ON enrolments (user_id, course_id) WHERE withdrawn_at IS NULL;
CREATE INDEX enrolments_course ON enrolments (course_id);

-- Lessons a learner has finished. Keyed by lesson slug, not by revision, so a
-- corrected typo does not make everyone read the lesson again.
CREATE TABLE lesson_progress (
  user_id      INTEGER NOT NULL REFERENCES users(id),
  course_id    INTEGER NOT NULL REFERENCES courses(id),
  lesson_slug  TEXT NOT NULL,
  revision_id  INTEGER NOT NULL REFERENCES course_revisions(id),  -- the revision read
  completed_at TEXT NOT NULL,
  PRIMARY KEY (user_id, course_id, lesson_slug)
) STRICT, WITHOUT ROWID;

-- Attempts at a course's quiz. A quiz is identified by the course revision
-- that holds it (its quiz id is the revision id), so an attempt always names
-- the exact questions it was graded against. An attempt is open from its
-- start until it is submitted; a quiz without a time limit or draw may be
-- started and submitted at once.
CREATE TABLE quiz_attempts (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id),
  course_id     INTEGER NOT NULL REFERENCES courses(id),
  revision_id   INTEGER NOT NULL REFERENCES course_revisions(id),
  started_at    TEXT NOT NULL,
  deadline_at   TEXT,            -- started_at + the time limit; NULL: no limit
  question_ids  TEXT NOT NULL,   -- JSON array: the questions drawn, in the order shown
  seed          INTEGER NOT NULL, -- orders the options when the quiz shuffles them
  submitted_at  TEXT,            -- NULL while open
  submission_id TEXT,            -- the client's key: a retried submission finds this row
  score         REAL,
  max_score     REAL,
  percentage    REAL,
  passed        INTEGER CHECK (passed IN (0, 1)),
  late          INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1))  -- past the deadline, kept by `late: mark`
) STRICT;
CREATE UNIQUE INDEX quiz_attempts_submission ON quiz_attempts (user_id, submission_id)
  WHERE submission_id IS NOT NULL;
CREATE UNIQUE INDEX quiz_attempts_open ON quiz_attempts (user_id, course_id) WHERE submitted_at IS NULL;
CREATE INDEX quiz_attempts_course ON quiz_attempts (course_id, user_id);

-- Every answer of a submitted attempt, graded: what the learner saw again
-- with feedback, and what trainers count ("which questions are most missed").
CREATE TABLE attempt_answers (
  attempt_id  INTEGER NOT NULL REFERENCES quiz_attempts(id),
  position    INTEGER NOT NULL,  -- 1-based order in the attempt
  question_id TEXT NOT NULL,
  answered    INTEGER NOT NULL CHECK (answered IN (0, 1)),
  score       REAL NOT NULL,
  max_score   REAL NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('correct', 'partial', 'incorrect')),
  answer      TEXT NOT NULL,     -- JSON of the answer as submitted (null when none)
  PRIMARY KEY (attempt_id, question_id)
) STRICT, WITHOUT ROWID;

-- A course completed: all it asks for done, on the revision named.
-- Retraining cycles (a later issue) add later completions of the same course.
CREATE TABLE completions (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  course_id    INTEGER NOT NULL REFERENCES courses(id),
  revision_id  INTEGER NOT NULL REFERENCES course_revisions(id),  -- earned on this revision
  completed_at TEXT NOT NULL,
  percentage   REAL              -- the quiz score that counted; NULL when the course has no quiz
) STRICT;
CREATE INDEX completions_user_course ON completions (user_id, course_id);

-- The certificate of a completion. Names are copied as they were on the day
-- of issue: the paper in a staff file must match what /verify says. Later
-- cycles set valid_until and, on renewal, replaced_by; an old certificate
-- stays verifiable and reads as expired or replaced.
CREATE TABLE certificates (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,  -- printed verification code, e.g. 'K7QM-2XHD-9PRW'
  completion_id INTEGER NOT NULL UNIQUE REFERENCES completions(id),
  user_id       INTEGER NOT NULL REFERENCES users(id),
  course_id     INTEGER NOT NULL REFERENCES courses(id),
  issued_at     TEXT NOT NULL,
  valid_until   TEXT,                  -- NULL: does not expire
  revoked_at    TEXT,
  replaced_by   INTEGER REFERENCES certificates(id),
  holder_name   TEXT NOT NULL,
  course_title  TEXT NOT NULL,
  site_name     TEXT NOT NULL DEFAULT '',  -- where the holder worked, if staff
  org_name      TEXT NOT NULL DEFAULT ''   -- the province (or the holder's unit) issuing
) STRICT;
CREATE INDEX certificates_user ON certificates (user_id);
