// Programmes in the database: importing the same files twice adds nothing,
// a changed file adds the next revision and keeps the old one, export writes
// files that import unchanged, and a programme naming an unknown course
// stores nothing. Real SQLite (migration 0009).
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "courses/programme_loader.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

namespace fs = std::filesystem;
using testing::CountRows;

const std::string kFile =
    "---\n"
    "slug: thu-vien\n"
    "title: Thư viện\n"
    "staff_categories: [commune_librarian]\n"
    "site_types: [commune_library]\n"
    "initial_courses: [tin-hoc-co-ban, dang-ky-tai-khoan]\n"
    "refresher_courses: [tin-hoc-co-ban]\n"
    "validity_months: 12\n"
    "date_rule: fixed_date\n"
    "fixed_day: 31/12\n"
    "min_validity_months: 6\n"
    "---\n\nVì sao.\n";

// A folder of programme files, removed at the end of the test.
// A fresh folder per test: ctest runs the cases of this file in parallel.
struct Folder {
  testing::TempDir dir{"lophoc-programme-service-test"};
  fs::path path = dir.path;
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
  }
};

// The content-good courses (and its programme co-ban) over a fresh database.
struct World {
  testing::TestSite t;
  ProgrammeService& programmes = t.programmes();
  Result<ProgrammeImportReport> Import(const Folder& f, Diagnostics& diags) {
    return programmes.ImportFolder(f.path, "import", diags);
  }
  int64_t Revisions() { return CountRows(t.db(), "programme_revisions"); }
};

}  // namespace

TEST_CASE("the fixture's programme is imported with the courses", "[programmes]") {
  World w;
  auto co_ban = w.programmes.Get("co-ban");
  REQUIRE(co_ban.ok());
  CHECK(co_ban->revision_number == 1);
  CHECK(co_ban->source == "test");
  CHECK(co_ban->programme.initial_courses ==
        std::vector<std::string>{"tin-hoc-co-ban", "dang-ky-tai-khoan"});
  CHECK(co_ban->programme.rule.renewal_window_days == 60);
  auto missing = w.programmes.Get("khong-co");
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK(missing.status().reason() == "programme_not_found");
}

TEST_CASE("importing the same files twice adds no revision, a change adds the next",
          "[programmes]") {
  World w;
  Folder f;
  f.Write("thu-vien.md", kFile);
  Diagnostics diags;
  auto first = w.Import(f, diags);
  REQUIRE(first.ok());
  REQUIRE(first->imported.size() == 1);
  CHECK(first->imported[0].outcome == courses::SaveOutcome::kCreated);
  CHECK(w.Revisions() == 2);  // co-ban's and this one's

  // The same programme, laid out differently: still the same.
  const std::string title = "title: Thư viện\n";
  std::string reordered = kFile;
  reordered.erase(reordered.find(title), title.size());
  reordered.insert(4, "title:   Thư viện\n");
  f.Write("thu-vien.md", reordered);
  auto again = w.Import(f, diags);
  REQUIRE(again.ok());
  CHECK(again->imported[0].outcome == courses::SaveOutcome::kUnchanged);
  CHECK(again->imported[0].revision == 1);
  CHECK(w.Revisions() == 2);

  std::string changed = kFile;
  changed.replace(changed.find("31/12"), 5, "30/06");
  f.Write("thu-vien.md", changed);
  auto second = w.Import(f, diags);
  REQUIRE(second.ok());
  CHECK(second->imported[0].outcome == courses::SaveOutcome::kUpdated);
  CHECK(second->imported[0].revision == 2);
  CHECK(w.Revisions() == 3);
  CHECK(diags.items().empty());

  auto now = w.programmes.Get("thu-vien");
  REQUIRE(now.ok());
  CHECK(now->revision_number == 2);
  CHECK(now->programme.rule.fixed_day == training::MonthDay{6, 30});
  CHECK(now->programme.site_types == std::vector<std::string>{"commune_library"});
  CHECK(now->programme.refresher_courses == std::vector<std::string>{"tin-hoc-co-ban"});
  // The first revision is kept as it was.
  auto st = w.t.db().Acquire()->Prepare(
      "SELECT r.fixed_month, r.fixed_day FROM programme_revisions r JOIN programmes p "
      "ON p.id = r.programme_id WHERE p.slug = 'thu-vien' AND r.number = 1");
  REQUIRE(st.ok());
  REQUIRE(*st->Step());
  CHECK(st->ColumnInt(0) == 12);
  CHECK(st->ColumnInt(1) == 31);
}

TEST_CASE("exported programmes import unchanged", "[programmes]") {
  World w;
  Folder f;
  f.Write("thu-vien.md", kFile);
  Diagnostics diags;
  REQUIRE(w.Import(f, diags).ok());
  Folder out;
  out.path += "-out";
  auto written = w.programmes.ExportFolder(out.path);
  REQUIRE(written.ok());
  CHECK(*written == 2);
  auto back = w.programmes.ImportFolder(out.path, "import", diags);
  REQUIRE(back.ok());
  REQUIRE(back->imported.size() == 2);
  for (const auto& p : back->imported) {
    CAPTURE(p.slug);
    CHECK(p.outcome == courses::SaveOutcome::kUnchanged);
  }
  CHECK(diags.items().empty());
}

TEST_CASE("a programme naming an unknown course stores nothing", "[programmes]") {
  World w;
  Folder f;
  std::string unknown = kFile;
  unknown.replace(unknown.find("refresher_courses: [tin-hoc-co-ban]"), 35,
                  "refresher_courses: [khong-co]");
  f.Write("thu-vien.md", unknown);
  Diagnostics diags;
  auto report = w.Import(f, diags);
  REQUIRE(report.ok());
  CHECK(report->refused == 1);
  CHECK(report->imported.empty());
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].reason == "programme_course_unknown");

  // The store itself refuses it too, and its transaction leaves nothing.
  Diagnostics parse;
  FileDiagnostics d(&parse, "p.md");
  auto p = courses::ParseProgramme(unknown, d);
  REQUIRE(p.has_value());
  auto saved = w.t.programmes().Save({*p}, "import");
  CHECK(saved.status().reason() == "programme_course_unknown");
  CHECK(CountRows(w.t.db(), "programmes") == 1);  // co-ban alone
  CHECK(w.Revisions() == 1);
}

}  // namespace lophoc::app
