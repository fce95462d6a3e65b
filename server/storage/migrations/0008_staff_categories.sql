-- One vocabulary of staff categories (people/vocabulary.cpp, docs/people.md
-- "Site types and staff categories"). Until now users.staff_category took any
-- [a-z0-9_-]{1,64}: programme files said 'commune-library' where the command
-- line and the API said 'district_librarian'. The codes are lower_snake_case
-- from here on, and the database accepts no others.
--
-- The spellings used before (StaffCategoryEntry::former_codes) become their
-- codes; tests/server/vocabulary_constraints_test.cpp holds this list to the table.
UPDATE users SET staff_category = CASE staff_category
    WHEN 'provincial-library'         THEN 'provincial_librarian'
    WHEN 'provincial_library'         THEN 'provincial_librarian'
    WHEN 'district-library'           THEN 'district_librarian'
    WHEN 'district_library'           THEN 'district_librarian'
    WHEN 'commune-library'            THEN 'commune_librarian'
    WHEN 'commune_library'            THEN 'commune_librarian'
    WHEN 'post-office'                THEN 'post_office_staff'
    WHEN 'post_office'                THEN 'post_office_staff'
    WHEN 'post_office_cultural_point' THEN 'post_office_staff'
    WHEN 'school-library'             THEN 'school_librarian'
    WHEN 'school_library'             THEN 'school_librarian'
    WHEN 'vocational-library'         THEN 'vocational_librarian'
    WHEN 'vocational_library'         THEN 'vocational_librarian'
    WHEN 'armed-forces-library'       THEN 'armed_forces_librarian'
    WHEN 'armed_forces_library'       THEN 'armed_forces_librarian'
    ELSE staff_category END
  WHERE staff_category IS NOT NULL;

-- Any other value cannot be mapped: it is cleared, and the audit log keeps
-- what it was (history is never lost), so an admin can set the right
-- category again. '' meant none already.
INSERT INTO audit_log (at, actor_user_id, actor, action, object_type, object_key, details)
  SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NULL, 'system', 'user.update', 'user', username,
         json_object('staff_category', NULL, 'former_staff_category', staff_category,
                     'why', 'not a staff category of the vocabulary (migration 0008)')
  FROM users
  WHERE staff_category IS NOT NULL AND staff_category <> '' AND staff_category NOT IN (
    'provincial_librarian', 'district_librarian', 'commune_librarian', 'post_office_staff',
    'school_librarian', 'vocational_librarian', 'armed_forces_librarian');
UPDATE users SET staff_category = NULL
  WHERE staff_category NOT IN (
    'provincial_librarian', 'district_librarian', 'commune_librarian', 'post_office_staff',
    'school_librarian', 'vocational_librarian', 'armed_forces_librarian');

-- The constraint. SQLite adds a CHECK to an existing column only by copying
-- the table (and users is referenced by most tables), so two triggers refuse
-- what a CHECK would: NULL (a citizen) or a code of the vocabulary. sites.type
-- has had its CHECK since 0002.
CREATE TRIGGER users_staff_category_insert BEFORE INSERT ON users
  WHEN NEW.staff_category IS NOT NULL AND NEW.staff_category NOT IN (
    'provincial_librarian', 'district_librarian', 'commune_librarian', 'post_office_staff',
    'school_librarian', 'vocational_librarian', 'armed_forces_librarian')
  BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: users.staff_category'); END;
CREATE TRIGGER users_staff_category_update BEFORE UPDATE OF staff_category ON users
  WHEN NEW.staff_category IS NOT NULL AND NEW.staff_category NOT IN (
    'provincial_librarian', 'district_librarian', 'commune_librarian', 'post_office_staff',
    'school_librarian', 'vocational_librarian', 'armed_forces_librarian')
  BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: users.staff_category'); END;
