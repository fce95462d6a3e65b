-- Web authoring (issue 5, docs/authoring.md): every revision says what it
-- changed, so the history page can tell trainers who changed what and when.
-- course_revisions.created_by (0001) holds the trainer's user name for
-- revisions made in the editor or by upload; imports leave it NULL.

-- JSON object: {"created": bool, "settings": bool, "quiz": bool,
-- "lessons_added"|"lessons_removed"|"lessons_changed": [lesson slugs],
-- "files_added"|"files_removed"|"files_changed": [package paths]}.
-- '{}' for revisions made before this migration (nothing known).
ALTER TABLE course_revisions ADD COLUMN changes TEXT NOT NULL DEFAULT '{}';
