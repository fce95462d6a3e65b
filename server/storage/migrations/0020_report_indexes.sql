-- Indexes for the training report's bulk reads as of a day (issue 13,
-- "Performance floor"; docs/reports.md "Performance"). Nothing else changes.

-- The people who were ever staff: the report reads the placements of these
-- only (staff_category IS NOT NULL in the query picks this partial index),
-- not the citizens' placements that make most of the table.
CREATE INDEX staff_placements_staff ON staff_placements (user_id, from_at)
  WHERE staff_category IS NOT NULL;

-- One programme's certifications person by person, in the order the report
-- store reads them (no sort, no scan of the other programmes' rows).
CREATE INDEX certifications_programme_user
  ON certifications (programme_id, user_id, completed_on, id);
