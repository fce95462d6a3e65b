-- Programmes as data (issue 12; docs/programme-format.md, docs/retraining.md).
-- A programme is a stable slug, like a course; each import that changes it
-- adds an immutable revision, so that a certification can say which rule and
-- which courses it was granted under. The files in content/programmes/ are
-- imported like the courses (lophoc serve, lophoc programmes import).

-- One row per programme slug, ever.
CREATE TABLE programmes (
  id                  INTEGER PRIMARY KEY,
  slug                TEXT NOT NULL UNIQUE
                        CHECK (length(slug) BETWEEN 2 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'),
  current_revision_id INTEGER,       -- the revision in force (NULL only while created)
  created_at          TEXT NOT NULL  -- UTC, ISO 8601
) STRICT;

-- Immutable snapshot of a programme file: titles, description and the
-- validity rule of training/cycles.h (training::CheckRule holds the rest).
CREATE TABLE programme_revisions (
  id                   INTEGER PRIMARY KEY,
  programme_id         INTEGER NOT NULL REFERENCES programmes(id),
  number               INTEGER NOT NULL CHECK (number >= 1),  -- 1, 2, ... per programme
  content_hash         TEXT NOT NULL,  -- SHA-256 of the file as written back; same hash = same
  title                TEXT NOT NULL CHECK (title <> ''),
  title_en             TEXT NOT NULL DEFAULT '',
  description_markdown TEXT NOT NULL DEFAULT '',
  validity_months      INTEGER NOT NULL CHECK (validity_months BETWEEN 0 AND 240),  -- 0: never expires
  renewal_window_days  INTEGER NOT NULL CHECK (renewal_window_days >= 0),  -- due this many days before
  date_rule            TEXT NOT NULL
                         CHECK (date_rule IN ('from_completion', 'from_expiry', 'fixed_date')),
  fixed_month          INTEGER CHECK (fixed_month BETWEEN 1 AND 12),  -- fixed_date: the day every
  fixed_day            INTEGER CHECK (fixed_day BETWEEN 1 AND 31),    -- cycle ends; NULL otherwise
  min_validity_months  INTEGER NOT NULL DEFAULT 0
                         CHECK (min_validity_months BETWEEN 0 AND validity_months),
  grace_days           INTEGER NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 3650),
  source               TEXT NOT NULL,  -- where it came from: 'bundled', 'import', ...
  created_at           TEXT NOT NULL,
  CHECK ((date_rule = 'fixed_date') = (fixed_month IS NOT NULL AND fixed_day IS NOT NULL)),
  CHECK (validity_months > 0 OR (renewal_window_days = 0 AND date_rule <> 'fixed_date')),
  UNIQUE (programme_id, number)
) STRICT;

-- The courses of each path of a revision, in order: the initial path (new or
-- replacement staff) and the refresher path (staff certified before). A
-- course may be on both.
CREATE TABLE programme_courses (
  revision_id INTEGER NOT NULL REFERENCES programme_revisions(id),
  path        TEXT NOT NULL CHECK (path IN ('initial', 'refresher')),
  position    INTEGER NOT NULL CHECK (position >= 1),  -- 1-based order within the path
  course_id   INTEGER NOT NULL REFERENCES courses(id),
  PRIMARY KEY (revision_id, path, position),
  UNIQUE (revision_id, path, course_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX programme_courses_course ON programme_courses (course_id);

-- The staff categories a revision applies to (people/vocabulary.h), in the
-- file's order.
CREATE TABLE programme_staff_categories (
  revision_id    INTEGER NOT NULL REFERENCES programme_revisions(id),
  position       INTEGER NOT NULL CHECK (position >= 1),
  staff_category TEXT NOT NULL CHECK (staff_category IN (
    'provincial_librarian', 'district_librarian', 'commune_librarian', 'post_office_staff',
    'school_librarian', 'vocational_librarian', 'armed_forces_librarian')),
  PRIMARY KEY (revision_id, position),
  UNIQUE (revision_id, staff_category)
) STRICT, WITHOUT ROWID;

-- The site types a revision applies to (people/vocabulary.h), in the file's
-- order; none: any site.
CREATE TABLE programme_site_types (
  revision_id INTEGER NOT NULL REFERENCES programme_revisions(id),
  position    INTEGER NOT NULL CHECK (position >= 1),
  site_type   TEXT NOT NULL CHECK (site_type IN (
    'provincial_library', 'district_library', 'commune_library', 'post_office_cultural_point',
    'school_library', 'vocational_library', 'armed_forces_library')),
  PRIMARY KEY (revision_id, position),
  UNIQUE (revision_id, site_type)
) STRICT, WITHOUT ROWID;
