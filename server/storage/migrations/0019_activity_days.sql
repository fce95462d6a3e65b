-- Activity kept by day and by year (issue 13; docs/reports.md, "Growth").
-- The visits table has one row per visitor and day; a national deployment
-- adds millions a year, so the growth and site-activity reports read these
-- aggregates instead, kept up to date by the code that writes visits.

-- Per day and site: visits (distinct visitors that day), of which signed
-- in, and lesson pages opened. site_id 0: visits with no known site.
CREATE TABLE visit_days (
  day          TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  site_id      INTEGER NOT NULL,
  visits       INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0),
  signed_in    INTEGER NOT NULL DEFAULT 0 CHECK (signed_in >= 0),
  lesson_views INTEGER NOT NULL DEFAULT 0 CHECK (lesson_views >= 0),
  PRIMARY KEY (day, site_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX visit_days_site ON visit_days (site_id, day);

INSERT INTO visit_days (day, site_id, visits, signed_in, lesson_views)
  SELECT day, coalesce(site_id, 0), count(*), count(user_id), sum(lesson_views)
  FROM visits GROUP BY day, coalesce(site_id, 0);

-- Distinct learners: an account that opened a lesson in a year counts once
-- for that year, at the site where it first did (0: none known).
CREATE TABLE learner_years (
  year     INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  user_id  INTEGER NOT NULL REFERENCES users(id),
  site_id  INTEGER NOT NULL DEFAULT 0,
  first_on TEXT NOT NULL CHECK (first_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  PRIMARY KEY (year, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX learner_years_site ON learner_years (site_id, year);

INSERT INTO learner_years (year, user_id, site_id, first_on)
  SELECT CAST(substr(day, 1, 4) AS INTEGER), user_id, coalesce(site_id, 0), min(day)
  FROM visits WHERE user_id IS NOT NULL AND lesson_views > 0
  GROUP BY substr(day, 1, 4), user_id;
