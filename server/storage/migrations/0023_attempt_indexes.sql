-- Indexes for one learner's attempts at one course (issue 17, "The
-- performance budget"; docs/operations.md "Durability and cost of a quiz
-- submission"). A quiz without an attempt limit may hold thousands of one
-- learner's attempts: a submission and "My learning" read their count, the
-- latest ones and the counted result without reading every attempt.
-- Nothing else changes.

-- The attempts of a round in submission order (rowid last): their count from
-- the index alone, the latest ones, the first and the last.
CREATE INDEX quiz_attempts_learner ON quiz_attempts (user_id, course_id, round, submitted_at);

-- The graded ones by percentage: the highest in one step, the average from
-- the index alone.
CREATE INDEX quiz_attempts_graded ON quiz_attempts (user_id, course_id, round, percentage)
  WHERE submitted_at IS NOT NULL AND grading <> 'pending';

-- The ones waiting for a trainer's grade (few).
CREATE INDEX quiz_attempts_waiting ON quiz_attempts (user_id, course_id, round)
  WHERE grading = 'pending';
