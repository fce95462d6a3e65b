-- Repeatable completions (issue 12; docs/retraining.md, "Doing a course
-- again"). A refresher means completing a course again, so a person's work
-- on a course comes in rounds: round 1 is the first time; a person who has
-- completed the current round may start the next one. Lesson progress, quiz
-- attempts and completions name their round; the course page shows the
-- current round, and every earlier round stays as it was. Nothing is deleted.

-- The rounds after the first: started when a person does a completed course
-- again. A person's current round of a course is the largest here, or 1.
CREATE TABLE course_rounds (
  user_id    INTEGER NOT NULL REFERENCES users(id),
  course_id  INTEGER NOT NULL REFERENCES courses(id),
  round      INTEGER NOT NULL CHECK (round >= 2),
  started_at TEXT NOT NULL,  -- UTC, ISO 8601
  PRIMARY KEY (user_id, course_id, round)
) STRICT, WITHOUT ROWID;

-- Lesson progress per round: the key gains the round (SQLite cannot change a
-- key in place, so the table is rebuilt; every row so far is round 1).
CREATE TABLE lesson_progress_by_round (
  user_id      INTEGER NOT NULL REFERENCES users(id),
  course_id    INTEGER NOT NULL REFERENCES courses(id),
  round        INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
  lesson_slug  TEXT NOT NULL,
  revision_id  INTEGER NOT NULL REFERENCES course_revisions(id),  -- the revision read
  completed_at TEXT NOT NULL,
  PRIMARY KEY (user_id, course_id, round, lesson_slug)
) STRICT, WITHOUT ROWID;
INSERT INTO lesson_progress_by_round (user_id, course_id, round, lesson_slug, revision_id,
                                      completed_at)
  SELECT user_id, course_id, 1, lesson_slug, revision_id, completed_at FROM lesson_progress;
DROP TABLE lesson_progress;
ALTER TABLE lesson_progress_by_round RENAME TO lesson_progress;

-- An attempt belongs to the round it was started in; attempt limits count
-- the attempts of one round.
ALTER TABLE quiz_attempts ADD COLUMN round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1);

-- At most one completion per round (two requests finishing a round at once
-- complete it once). A completion is earned in lophoc ('learning') or
-- recorded by a trainer or manager for learning done elsewhere ('recorded':
-- a face-to-face course, a paper certificate), with who recorded it and the
-- evidence they named.
ALTER TABLE completions ADD COLUMN round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1);
ALTER TABLE completions ADD COLUMN source TEXT NOT NULL DEFAULT 'learning'
  CHECK (source IN ('learning', 'recorded'));
ALTER TABLE completions ADD COLUMN recorded_by INTEGER REFERENCES users(id);
ALTER TABLE completions ADD COLUMN evidence TEXT;
CREATE UNIQUE INDEX completions_round ON completions (user_id, course_id, round);

-- A programme taken out of use: no longer assigned or reminded of; its
-- certifications and revisions stay. NULL while in use.
ALTER TABLE programmes ADD COLUMN retired_at TEXT;
