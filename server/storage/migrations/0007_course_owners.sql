-- Who authors a course (docs/authoring.md "Who edits which course"): a
-- trainer edits the courses owned by a unit of their own subtree, and those
-- that name them; admins edit every course.

-- The owner: an org unit; NULL for a national course, owned by the root of
-- the tree (the top-level unit of level 'nation'). The bundled courses and
-- those imported from the command line are national. A course first made in
-- the web editor or by upload belongs to the unit of the account that made it.
ALTER TABLE courses ADD COLUMN owner_org_id INTEGER REFERENCES org_units(id);
UPDATE courses SET owner_org_id = (
  SELECT u.org_unit_id FROM course_revisions r JOIN users u ON u.username = r.created_by
  WHERE r.course_id = courses.id AND r.number = 1 AND r.source IN ('editor', 'upload'));

-- Accounts named as authors of a course besides those of the owner's
-- subtree, wherever they are placed (set by admins and the owner's trainers).
CREATE TABLE course_authors (
  course_id INTEGER NOT NULL REFERENCES courses(id),
  user_id   INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (course_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX course_authors_user ON course_authors (user_id);
