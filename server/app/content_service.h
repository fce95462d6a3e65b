// ContentService: course packages in and out of the database — validating
// (`lophoc check`), importing (`lophoc import`, the bundled content at start)
// and exporting (`lophoc export`). Uses the package loader, the quiz parser
// and a CourseStore. Thread-compatible.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "courses/course_store.h"
#include "kernel/diagnostics.h"
#include "courses/package_loader.h"
#include "kernel/clock.h"
#include "server/app/programme_service.h"

namespace lophoc::app {

// Loads everything under `path` and validates quizzes too. Every problem is in
// `diags`; the result holds only the packages without errors.
courses::LoadedContent CheckContent(const std::filesystem::path& path, Diagnostics& diags);

struct ImportedCourse {
  std::string slug;
  courses::SaveOutcome outcome;
  int revision = 0;
};

struct ImportReport {
  std::vector<ImportedCourse> imported;
  int refused = 0;  // packages left out because of errors (see diagnostics)
  // Bundled courses not imported because trainers changed them on this
  // server (their current revision came from the editor or an upload).
  std::vector<std::string> kept;
  // The programmes found beside the courses (programmes/), when the service
  // stores programmes.
  std::vector<ImportedProgramme> programmes;
};

// How a package is stored: who made it, and what else the save checks.
struct SaveOptions {
  std::string source;      // 'bundled', 'import', 'editor', 'upload', ...
  std::string created_by;  // user name of a person; empty for imports
  std::optional<int64_t> actor_user_id;
  std::string audit_action;  // e.g. 'course.update'; empty: no audit row
  bool publish_new = true;   // a course created by this save is published
  std::optional<int> expected_revision;  // see courses::RevisionMeta
  std::optional<int64_t> owner_org_id;   // of a course this save creates; nullopt: national
};

// True for revisions people made on this server (web editor, upload), which
// the bundled import must never overwrite.
bool IsLocalEdit(const std::string& source);

// What `after` changes compared with `before` (null: a new course).
courses::RevisionChanges DiffPackages(const courses::StoredCourse* before,
                                      const courses::CoursePackage& after);

// The text of a package's files as `lophoc export` writes them.
std::string CourseFileText(const courses::CoursePackage& pkg);
std::string LessonFileText(const courses::Lesson& lesson);
std::string LessonFileName(const courses::Lesson& lesson);  // "01-slug.md"

// Writes `bytes` into the file `path` (replacing it), creating its folders;
// IOError when it cannot be written.
Status WriteFile(const std::filesystem::path& path, const std::string& bytes);

// Writes `pkg` (file bytes included) as a package folder into `dir`.
Status WritePackage(const courses::CoursePackage& pkg, const std::filesystem::path& dir);

// SHA-256 over every part of a package in a fixed order: equal packages give
// equal hashes, any change to text, settings or files changes it.
std::string PackageContentHash(const courses::CoursePackage& pkg);

// What the search index holds for a package (course + one document per lesson).
std::vector<courses::SearchDocument> SearchDocumentsFor(const courses::CoursePackage& pkg);

class ContentService {
 public:
  // With `programmes`, Import also stores the programmes beside the courses.
  ContentService(courses::CourseStore* store, const Clock* clock,
                 ProgrammeService* programmes = nullptr)
      : store_(store), clock_(clock), programmes_(programmes) {}

  // Imports every valid package under `path`; a package with errors is refused
  // and its previous revision keeps serving. Idempotent: unchanged packages
  // add no revision. With source "bundled" (the content/ folder at every
  // start) a course whose current revision IsLocalEdit is left alone and
  // listed in `kept`. Then the valid programmes of `path`/programmes/, when
  // this service stores programmes. Returns the first storage error, if any.
  Result<ImportReport> Import(const std::filesystem::path& path, const std::string& source,
                              Diagnostics& diags);

  // Stores one already-validated package.
  Result<ImportedCourse> Save(const courses::CoursePackage& pkg, const std::string& source);
  // The same, recording who made it and what changed (against the current
  // revision); Conflict when options.expected_revision does not hold.
  Result<ImportedCourse> Save(const courses::CoursePackage& pkg, const SaveOptions& options);

  // Writes the current revision of `slug` as a package into `dir`, which must
  // not exist or be empty. NotFound, AlreadyExists, IOError.
  Status Export(const std::string& slug, const std::filesystem::path& dir);

 private:
  courses::CourseStore* store_;
  const Clock* clock_;
  ProgrammeService* programmes_;
};

}  // namespace lophoc::app
