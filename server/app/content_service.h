// ContentService: course packages in and out of the database — validating
// (`lophoc check`), importing (`lophoc import`, the bundled content at start)
// and exporting (`lophoc export`). Uses the package loader, the quiz parser
// and a CourseStore. Thread-compatible.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "courses/course_store.h"
#include "courses/diagnostics.h"
#include "courses/package_loader.h"
#include "server/app/clock.h"

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
};

// SHA-256 over every part of a package in a fixed order: equal packages give
// equal hashes, any change to text, settings or files changes it.
std::string PackageContentHash(const courses::CoursePackage& pkg);

// What the search index holds for a package (course + one document per lesson).
std::vector<courses::SearchDocument> SearchDocumentsFor(const courses::CoursePackage& pkg);

class ContentService {
 public:
  ContentService(courses::CourseStore* store, const Clock* clock) : store_(store), clock_(clock) {}

  // Imports every valid package under `path`; a package with errors is refused
  // and its previous revision keeps serving. Idempotent: unchanged packages
  // add no revision. Returns the first storage error, if any.
  Result<ImportReport> Import(const std::filesystem::path& path, const std::string& source,
                              Diagnostics& diags);

  // Stores one already-validated package.
  Result<ImportedCourse> Save(const courses::CoursePackage& pkg, const std::string& source);

  // Writes the current revision of `slug` as a package into `dir`, which must
  // not exist or be empty. NotFound, AlreadyExists, IOError.
  Status Export(const std::string& slug, const std::filesystem::path& dir);

 private:
  courses::CourseStore* store_;
  const Clock* clock_;
};

}  // namespace lophoc::app
