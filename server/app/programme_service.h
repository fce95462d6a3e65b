// ProgrammeService: programmes in and out of the database - importing
// programme files (at every start from content/programmes/, and `lophoc
// programmes import`), exporting them (`lophoc programmes export`), and
// reading them for the API. Uses a ProgrammeStore, and the CourseStore to
// know which courses exist. Thread-safe as its stores are.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "courses/course_store.h"
#include "courses/programme_store.h"
#include "kernel/clock.h"
#include "kernel/diagnostics.h"

namespace lophoc::app {

struct ImportedProgramme {
  std::string slug;
  courses::SaveOutcome outcome = courses::SaveOutcome::kUnchanged;
  int revision = 0;
  // Set when the bundled file was not stored because an admin's revision is
  // in force (for the log): what was kept and why.
  std::string note;
};

struct ProgrammeImportReport {
  std::vector<ImportedProgramme> imported;
  int refused = 0;  // files left out because of errors (see the diagnostics)
};

// SHA-256 of the programme as ProgrammeFileText writes it: equal programmes
// give equal hashes however their files were laid out.
std::string ProgrammeContentHash(const courses::Programme& p);

class ProgrammeService {
 public:
  ProgrammeService(courses::ProgrammeStore* store, courses::CourseStore* courses,
                   const Clock* clock)
      : store_(store), courses_(courses), clock_(clock) {}

  // Stores each programme (as ParseProgramme returns them); idempotent: an
  // unchanged programme adds no revision, a changed one adds the next.
  // Admins win over the bundled files: with source "bundled", a programme
  // whose current revision came from an admin (source "admin") is left as it
  // is, and its entry says so in `note` (also when the bundled file changed
  // since the last bundled revision). Other sources store what they read.
  Result<std::vector<ImportedProgramme>> Save(const std::vector<courses::Programme>& programmes,
                                              const std::string& source);

  // Reads every programme file of `dir`, checks the courses they name
  // against the database, and stores the valid ones (Save). Problems go to
  // `diags`; a file with errors is refused and counted.
  Result<ProgrammeImportReport> ImportFolder(const std::filesystem::path& dir,
                                             const std::string& source, Diagnostics& diags);

  // Writes the current revision of every programme as SLUG.md into `dir`
  // (created when missing; files of the same name are replaced). The number
  // of files written; IOError.
  Result<int> ExportFolder(const std::filesystem::path& dir);

  // The current revision of every programme, by slug.
  Result<std::vector<courses::StoredProgramme>> List();
  // The current revision of `slug`; NotFound (reason programme_not_found).
  Result<courses::StoredProgramme> Get(const std::string& slug);

 private:
  // The entry for `p` when an admin's revision is in force (see Save);
  // nullopt when `p` may be stored.
  Result<std::optional<ImportedProgramme>> KeepAdminEdit(const courses::Programme& p);

  courses::ProgrammeStore* store_;
  courses::CourseStore* courses_;
  const Clock* clock_;
};

}  // namespace lophoc::app
