-- The answers of an open quiz attempt saved as they are given (issue 15,
-- "Quizzes"): a dropped connection loses nothing. One draft per attempt, the
-- answer form's fields as a JSON object (field name -> array of values),
-- replaced by each save and deleted when the attempt is submitted or expires.
-- A draft never counts as a submission.
CREATE TABLE quiz_drafts (
  attempt_id INTEGER PRIMARY KEY REFERENCES quiz_attempts(id),
  fields     TEXT NOT NULL,
  saved_at   TEXT NOT NULL
) STRICT;
