// CourseStore: where course revisions live at run time (the database is the
// source of truth). Declared by the domain, implemented in server/storage/.
// Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "courses/course.h"
#include "courses/status.h"

namespace lophoc::courses {

// The current revision of a course, as stored.
struct StoredCourse {
  int64_t course_id = 0;
  int64_t revision_id = 0;
  int revision_number = 0;
  std::string content_hash;
  std::string created_at;
  std::string source;
  bool published = true;
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
  virtual Result<SaveResult> SaveRevision(const CoursePackage& pkg,
                                          const std::string& content_hash,
                                          const std::vector<std::string>& file_hashes,
                                          const std::vector<SearchDocument>& search_docs,
                                          const std::string& source, const std::string& now) = 0;

  // Current revisions of all published courses, ordered by slug.
  virtual Result<std::vector<StoredCourse>> LoadCurrentCourses() = 0;

  // Current revision of one course, with file bytes (for export). NotFound.
  virtual Result<StoredCourse> LoadCourseWithFiles(const std::string& slug) = 0;

  // A package file of the current revision. NotFound.
  virtual Result<StoredFile> LoadFile(const std::string& slug, const std::string& path) = 0;

  // Increases on every content change, from any process.
  virtual Result<int64_t> ContentGeneration() = 0;

  // Runs an FTS5 MATCH query (already built from folded, quoted terms).
  virtual Result<std::vector<SearchRow>> Search(const std::string& fts_query, int limit) = 0;

  // OK when the database answers.
  virtual Status Ping() = 0;
};

}  // namespace lophoc::courses
