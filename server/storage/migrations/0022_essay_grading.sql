-- Essay questions graded by trainers (issue 15, "Quizzes"; docs/quiz-format.md
-- `essay`). An attempt with an answered essay is submitted 'pending': its
-- score holds the auto-graded part, percentage and passed wait for a trainer,
-- whose grade makes it 'graded'. Attempts without essays stay 'auto'.
ALTER TABLE quiz_attempts ADD COLUMN grading TEXT NOT NULL DEFAULT 'auto'
  CHECK (grading IN ('auto', 'pending', 'graded'));
ALTER TABLE quiz_attempts ADD COLUMN graded_at TEXT;
ALTER TABLE quiz_attempts ADD COLUMN graded_by INTEGER REFERENCES users(id);

-- The trainers' queue: waiting attempts, oldest first.
CREATE INDEX quiz_attempts_pending ON quiz_attempts (submitted_at, id) WHERE grading = 'pending';

-- An essay answer waits (pending = 1, outcome 'incorrect', score 0) until
-- graded; the trainer's feedback is kept with it.
ALTER TABLE attempt_answers ADD COLUMN pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1));
ALTER TABLE attempt_answers ADD COLUMN grader_feedback TEXT NOT NULL DEFAULT '';
