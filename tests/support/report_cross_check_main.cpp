// lophoc_report_cross_check DB [DAY...]: the training report's national
// figures by the report engine (training::ReportStore + StandingsOnDay +
// Aggregate, as ReportService counts them) against the independent SQL count
// of tests/support/report_cross_check.h, for every programme of the database
// and each DAY (default: days on both sides of the 2025 merger and today).
// Prints one line per programme and day; exits 1 when any figure differs,
// 2 when it cannot run. It opens the file as the server does (pending
// migrations applied): run it on a copy of a database another binary uses.
#include <cstdio>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "server/storage/database.h"
#include "server/storage/statements.h"
#include "server/storage/stores.h"
#include "tests/support/report_cross_check.h"
#include "training/training_report.h"

namespace lophoc {
namespace {

struct Figures {
  int population = 0, trained = 0, exempt = 0, in_grace = 0;
  bool operator==(const Figures& o) const {
    return population == o.population && trained == o.trained && exempt == o.exempt &&
           in_grace == o.in_grace;
  }
};

std::string Text(const Figures& f) {
  return std::to_string(f.population) + "/" + std::to_string(f.trained) + "/" +
         std::to_string(f.exempt) + "/" + std::to_string(f.in_grace);
}

Result<Figures> ByEngine(storage::Stores& stores, const std::string& slug, LocalDate day) {
  LOPHOC_ASSIGN_OR_RETURN(auto stored, stores.programmes().LoadProgramme(slug));
  const courses::Programme& p = stored.programme;
  LOPHOC_ASSIGN_OR_RETURN(int64_t id, stores.reports().ProgrammeId(slug));
  LOPHOC_ASSIGN_OR_RETURN(auto rows, stores.reports().ReadDay(id, {}, day));
  std::optional<int64_t> root;
  for (const auto& [unit, u] : rows.units) {
    if (u.today_state == "active" && u.today_path == "/" + std::to_string(unit) + "/") root = unit;
  }
  if (!root) return Status::NotFound("no root unit");
  const auto standings =
      training::StandingsOnDay(rows, p.rule, training::Audience{p.staff_categories, p.site_types});
  const auto scope = training::ScopeOf(rows, *root, rows.units.at(*root).today_path);
  const auto total = training::Aggregate(rows, scope, standings, {}).total;
  return Figures{total.population(), total.trained(), total.exempt, total.in_grace};
}

int Run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: lophoc_report_cross_check DB [YYYY-MM-DD...]\n");
    return 2;
  }
  std::vector<LocalDate> days;
  for (int i = 2; i < argc; ++i) {
    const auto d = ParseIsoDate(argv[i]);
    if (!d) {
      std::fprintf(stderr, "not a day: %s\n", argv[i]);
      return 2;
    }
    days.push_back(*d);
  }
  if (days.empty()) {
    for (const char* d : {"2023-12-31", "2024-12-31", "2025-06-30", "2025-07-01", "2025-12-31"}) {
      days.push_back(*ParseIsoDate(d));
    }
    days.push_back(LocalDateOf(std::chrono::system_clock::now()));
  }
  auto stores = storage::OpenStores(argv[1], {1});
  if (!stores.ok() || (*stores)->sqlite() == nullptr) {
    std::fprintf(stderr, "cannot open %s: %s\n", argv[1],
                 stores.ok() ? "not SQLite" : stores.status().ToString().c_str());
    return 2;
  }
  storage::Database& db = *(*stores)->sqlite();
  std::vector<std::string> slugs;
  {
    auto conn = db.Acquire();
    const Status st = storage::ForEachRow(
        *conn, "SELECT slug FROM programmes ORDER BY slug",
        [&](const storage::Statement& row) { slugs.push_back(row.ColumnText(0)); });
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      return 2;
    }
  }
  int differ = 0;
  std::printf("programme day: population/trained/exempt/in_grace by the engine, by the query\n");
  for (const auto& slug : slugs) {
    auto stored = (*stores)->programmes().LoadProgramme(slug);
    if (!stored.ok()) return 2;
    const courses::Programme& p = stored->programme;
    for (LocalDate day : days) {
      auto engine = ByEngine(**stores, slug, day);
      auto query = testing::CountNationalTrained(db, slug, p.staff_categories, p.site_types, day);
      if (!engine.ok() || !query.ok()) {
        std::fprintf(stderr, "%s %s: %s\n", slug.c_str(), FormatIsoDate(day).c_str(),
                     (!engine.ok() ? engine.status() : query.status()).ToString().c_str());
        return 2;
      }
      const Figures counted{query->population, query->trained, query->exempt, query->in_grace};
      const bool same = *engine == counted;
      if (!same) ++differ;
      std::printf("%s %s: engine %s, query %s (of which %d individually assigned) %s\n",
                  slug.c_str(), FormatIsoDate(day).c_str(), Text(*engine).c_str(),
                  Text(counted).c_str(), query->individual, same ? "same" : "DIFFERENT");
    }
  }
  return differ == 0 ? 0 : 1;
}

}  // namespace
}  // namespace lophoc

int main(int argc, char** argv) { return lophoc::Run(argc, argv); }
