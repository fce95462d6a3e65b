#include "server/app/programme_service.h"

#include "courses/programme_loader.h"
#include "server/app/content_service.h"
#include "server/app/crypto.h"

namespace lophoc::app {
namespace fs = std::filesystem;

std::string ProgrammeContentHash(const courses::Programme& p) {
  return Sha256Hex(courses::ProgrammeFileText(p));
}

Result<std::vector<ImportedProgramme>> ProgrammeService::Save(
    const std::vector<courses::Programme>& programmes, const std::string& source) {
  const courses::ProgrammeRevisionMeta meta{source, FormatIso8601(clock_->Now())};
  std::vector<ImportedProgramme> out;
  for (const auto& p : programmes) {
    if (source == "bundled") {
      LOPHOC_ASSIGN_OR_RETURN(std::optional<ImportedProgramme> kept, KeepAdminEdit(p));
      if (kept) {
        out.push_back(std::move(*kept));
        continue;
      }
    }
    LOPHOC_ASSIGN_OR_RETURN(courses::SaveResult saved,
                            store_->SaveProgramme(p, ProgrammeContentHash(p), meta));
    out.push_back({p.slug, saved.outcome, saved.revision_number});
  }
  return out;
}

Result<std::optional<ImportedProgramme>> ProgrammeService::KeepAdminEdit(
    const courses::Programme& p) {
  auto current = store_->LoadProgramme(p.slug);
  if (current.status().code() == StatusCode::kNotFound) return std::optional<ImportedProgramme>();
  if (!current.ok()) return current.status();
  if (current->source != "admin") return std::optional<ImportedProgramme>();
  LOPHOC_ASSIGN_OR_RETURN(std::optional<std::string> last, store_->LastHashFrom(p.slug, "bundled"));
  const bool changed = !last || *last != ProgrammeContentHash(p);
  ImportedProgramme kept{p.slug, courses::SaveOutcome::kUnchanged, current->revision_number, ""};
  kept.note = changed ? "the bundled file changed since it was last imported, but an admin's "
                        "revision is in force and stays (admins win)"
                      : "an admin's revision is in force; the bundled file is left aside";
  return std::optional<ImportedProgramme>(std::move(kept));
}

Result<ProgrammeImportReport> ProgrammeService::ImportFolder(const fs::path& dir,
                                                             const std::string& source,
                                                             Diagnostics& diags) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("'" + dir.string() + "' is not a folder");
  }
  LOPHOC_ASSIGN_OR_RETURN(std::vector<courses::CourseListing> all, courses_->ListAllCourses());
  courses::KnownCourses known{{}, "the database"};
  for (const auto& c : all) known.slugs.insert(c.slug);
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    files += entry.path().extension() == ".md" ? 1 : 0;
  }
  std::string shown = dir.generic_string();
  while (shown.size() > 1 && shown.back() == '/') shown.pop_back();
  const auto programmes = courses::LoadProgrammes(dir, shown, known, diags);
  ProgrammeImportReport report;
  report.refused = static_cast<int>(files - programmes.size());
  LOPHOC_ASSIGN_OR_RETURN(report.imported, Save(programmes, source));
  return report;
}

Result<int> ProgrammeService::ExportFolder(const fs::path& dir) {
  LOPHOC_ASSIGN_OR_RETURN(std::vector<courses::StoredProgramme> all, store_->ListProgrammes());
  for (const auto& s : all) {
    LOPHOC_RETURN_IF_ERROR(
        WriteFile(dir / (s.programme.slug + ".md"), courses::ProgrammeFileText(s.programme)));
  }
  return static_cast<int>(all.size());
}

Result<std::vector<courses::StoredProgramme>> ProgrammeService::List() {
  return store_->ListProgrammes();
}

Result<courses::StoredProgramme> ProgrammeService::Get(const std::string& slug) {
  auto found = store_->LoadProgramme(slug);
  if (found.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no programme '" + slug + "'")
        .WithReason("programme_not_found")
        .WithParam("slug", slug);
  }
  return found;
}

}  // namespace lophoc::app
