// CourseStore: where course revisions live at run time (the database is the
// source of truth). Declared by the domain, implemented in server/storage/.
// Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <optional>

#include "courses/course.h"
#include "people/people_store.h"
#include "kernel/status.h"

namespace lophoc::courses {

// Who authors a course (the scope rule of people/people.h MayAuthorCourse):
// its owner, an org unit, and the accounts named on it.
struct CourseAuthoring {
  std::optional<int64_t> owner_org_id;  // nullopt: a national course
  std::string owner_code;               // empty: national
  // What the scope rule tests: the owner's path, or for a national course
  // the path of the top-level unit of level nation (the root of the tree;
  // the lowest id when there are several), "" when there is none.
  std::string owner_path;
  std::vector<int64_t> author_ids;  // named authors, ascending
};

// The current revision of a course, as stored.
struct StoredCourse {
  int64_t course_id = 0;
  int64_t revision_id = 0;
  int revision_number = 0;
  std::string content_hash;
  std::string created_at;
  std::string source;
  std::string created_by;  // user name; empty for imports from the command line or the bundle
  bool published = true;
  CourseAuthoring authoring;  // filled by LoadCourseWithFiles
  CoursePackage package;  // lessons with Markdown; files with path, type and hash only
  std::vector<std::string> file_hashes;  // parallel to package.files
};

struct StoredFile {
  std::string content_type;
  std::string sha256;
  std::string bytes;
};

// One searchable document: a course (lesson_slug empty) or a lesson, with
// text already folded by FoldForSearch.
struct SearchDocument {
  std::string lesson_slug;
  std::string title_folded;
  std::string body_folded;
};

struct SearchRow {
  std::string course_slug;
  std::string lesson_slug;  // empty: the course itself
};

enum class SaveOutcome { kCreated, kUpdated, kUnchanged };

// What one revision changed compared with the one before it (all empty and
// `created` set for a course's first revision). Lessons and files by slug/path.
struct RevisionChanges {
  bool created = false;
  bool settings = false;  // course.md: front matter or introduction
  std::vector<std::string> lessons_added, lessons_removed, lessons_changed;
  bool quiz = false;
  std::vector<std::string> files_added, files_removed, files_changed;
};

// Who and what made a revision.
struct RevisionMeta {
  std::string source;      // 'bundled', 'import', 'editor', 'upload', ...
  std::string created_by;  // user name; empty for the command line and the bundle
  std::string now;         // UTC ISO 8601
  RevisionChanges changes;
  // A course created by this save starts published (imports) or not (the editor).
  bool publish_new = true;
  // The owner of a course created by this save; nullopt: national (imports,
  // the bundle). An existing course keeps its owner.
  std::optional<int64_t> owner_org_id;
  // When set, the save is refused with Conflict unless the course's current
  // revision has this number (0: the course must not exist yet), so two
  // editors cannot overwrite each other's work unknowingly.
  std::optional<int> expected_revision;
  // When `audit.action` is set, this row is written in the save's transaction
  // (`at` and `object_key` are filled in by the store).
  people::AuditEntry audit;
};

// One course as the authoring list shows it: published or not.
struct CourseListing {
  std::string slug;
  std::string title;
  bool published = true;
  int revision_number = 0;
  std::string changed_at;  // when the current revision was made
  std::string changed_by;  // its created_by ('' for imports)
  std::string source;
  int lesson_count = 0;
  CourseAuthoring authoring;
};

// One revision in a course's history.
struct RevisionInfo {
  int number = 0;
  std::string created_at;
  std::string created_by;
  std::string source;
  RevisionChanges changes;
  bool current = false;
};

struct SaveResult {
  SaveOutcome outcome = SaveOutcome::kUnchanged;
  int revision_number = 0;
};

class CourseStore {
 public:
  virtual ~CourseStore() = default;

  // Stores `pkg` as a new revision unless its `content_hash` equals the
  // current revision's; replaces the course's search documents; bumps the
  // content generation. All or nothing. `file_hashes` parallels pkg.files.
  // Conflict when `meta.expected_revision` is set and differs; nothing is
  // written then.
  virtual Result<SaveResult> SaveRevision(const CoursePackage& pkg,
                                          const std::string& content_hash,
                                          const std::vector<std::string>& file_hashes,
                                          const std::vector<SearchDocument>& search_docs,
                                          const RevisionMeta& meta) = 0;

  // Current revisions of all published courses, ordered by slug.
  virtual Result<std::vector<StoredCourse>> LoadCurrentCourses() = 0;

  // Current revision of one course, published or not, with file bytes (for
  // export and the editor). NotFound.
  virtual Result<StoredCourse> LoadCourseWithFiles(const std::string& slug) = 0;

  // A package file of the current revision of a published course. NotFound.
  virtual Result<StoredFile> LoadFile(const std::string& slug, const std::string& path) = 0;

  // A package file of the current revision, published or not (the editor's
  // preview). NotFound.
  virtual Result<StoredFile> LoadDraftFile(const std::string& slug, const std::string& path) = 0;

  // Every course, published or not, ordered by slug.
  virtual Result<std::vector<CourseListing>> ListAllCourses() = 0;

  // Every revision of `slug`, newest first. NotFound for an unknown course.
  virtual Result<std::vector<RevisionInfo>> ListRevisions(const std::string& slug) = 0;

  // Shows or hides a course in the catalogue; bumps the content generation
  // and writes `audit` (when its action is set) in the same transaction.
  // NotFound for an unknown course; no change (and no audit row) when it
  // already is in that state.
  virtual Status SetPublished(const std::string& slug, bool published, const people::AuditEntry& audit) = 0;

  // Who authors `slug`. NotFound for an unknown course.
  virtual Result<CourseAuthoring> LoadCourseAuthoring(const std::string& slug) = 0;
  // Makes `owner_code` (an org unit code; empty: national) the owner of
  // `slug`, writing `audit` in the same transaction. NotFound for an unknown
  // course or unit.
  virtual Status SetCourseOwner(const std::string& slug, const std::string& owner_code,
                                const people::AuditEntry& audit) = 0;
  // Replaces the named authors of `slug`, writing `audit` in the same
  // transaction. NotFound for an unknown course or account id.
  virtual Status SetCourseAuthors(const std::string& slug, const std::vector<int64_t>& user_ids,
                                  const people::AuditEntry& audit) = 0;

  // Increases on every content change, from any process.
  virtual Result<int64_t> ContentGeneration() = 0;

  // Runs an FTS5 MATCH query (already built from folded, quoted terms).
  virtual Result<std::vector<SearchRow>> Search(const std::string& fts_query, int limit) = 0;

  // OK when the database answers.
  virtual Status Ping() = 0;
};

}  // namespace lophoc::courses
