-- A learner's enrolments, newest first, without reading everyone's: every
-- quiz submission, lesson page and "My learning" asks for them (issue 17).
-- enrolments_open (migration 0006) covers open enrolments only.
CREATE INDEX enrolments_user ON enrolments (user_id, id);
