-- Courses as the database keeps them: a course is a stable slug; each import or
-- edit that changes its content adds an immutable revision. Attempts and
-- completions (later migrations) point at revisions, so editing a course never
-- rewrites anyone's history.

-- Small key/value facts about this database.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,  -- e.g. 'content_generation'
  value INTEGER NOT NULL   -- bumped on every content change so servers reload their caches
) STRICT;
INSERT INTO meta (key, value) VALUES ('content_generation', 0);

-- One row per course slug, ever.
CREATE TABLE courses (
  id                  INTEGER PRIMARY KEY,
  slug                TEXT NOT NULL UNIQUE,  -- URL name, see docs/course-format.md
  current_revision_id INTEGER,               -- the revision being served (NULL only while created)
  published           INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1)),
  created_at          TEXT NOT NULL          -- UTC, ISO 8601
) STRICT;

-- Immutable snapshot of a course package.
CREATE TABLE course_revisions (
  id             INTEGER PRIMARY KEY,
  course_id      INTEGER NOT NULL REFERENCES courses(id),
  number         INTEGER NOT NULL,           -- 1, 2, ... per course
  content_hash   TEXT NOT NULL,              -- SHA-256 of the package; same hash = same content
  title          TEXT NOT NULL,
  title_en       TEXT NOT NULL DEFAULT '',
  summary        TEXT NOT NULL,
  summary_en     TEXT NOT NULL DEFAULT '',
  audience       TEXT NOT NULL CHECK (audience IN ('citizen', 'staff', 'all')),
  language       TEXT NOT NULL,
  minutes        INTEGER NOT NULL DEFAULT 0,
  tags           TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  completion     TEXT NOT NULL,              -- 'lessons_and_quiz' or 'quiz_only'
  intro_markdown TEXT NOT NULL DEFAULT '',
  quiz_source    TEXT,                       -- quiz.md text, NULL when the course has no quiz
  source         TEXT NOT NULL,              -- where it came from: 'import', 'upload', 'editor'
  created_at     TEXT NOT NULL,
  created_by     TEXT,                       -- user name when made by a person
  UNIQUE (course_id, number)
) STRICT;

-- Lessons of one revision, in order.
CREATE TABLE lessons (
  id          INTEGER PRIMARY KEY,
  revision_id INTEGER NOT NULL REFERENCES course_revisions(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,  -- 1-based order within the revision
  number      INTEGER NOT NULL,  -- the NN prefix of the authored file name
  slug        TEXT NOT NULL,
  title       TEXT NOT NULL,
  title_en    TEXT NOT NULL DEFAULT '',
  minutes     INTEGER NOT NULL DEFAULT 0,
  markdown    TEXT NOT NULL,
  UNIQUE (revision_id, slug),
  UNIQUE (revision_id, position)
) STRICT;

-- Pictures shipped in a package, per revision.
CREATE TABLE package_files (
  id           INTEGER PRIMARY KEY,
  revision_id  INTEGER NOT NULL REFERENCES course_revisions(id) ON DELETE CASCADE,
  path         TEXT NOT NULL,   -- relative, e.g. 'images/may-tinh.svg'
  content_type TEXT NOT NULL,
  sha256       TEXT NOT NULL,   -- hex; also the HTTP ETag
  bytes        BLOB NOT NULL,
  UNIQUE (revision_id, path)
) STRICT;

-- Derived data, rebuilt on every import: the searchable text of the current
-- revision of each published course. Columns *_folded hold FoldForSearch()
-- text (diacritics and đ removed) and are the ones matched.
CREATE VIRTUAL TABLE search_index USING fts5(
  course_slug UNINDEXED,
  lesson_slug UNINDEXED,   -- '' for the course itself
  title_folded,
  body_folded,
  tokenize = 'unicode61 remove_diacritics 2'
);
