// The open-data table in its two formats: the CSV and the JSON say the same
// thing for every entry, and a withheld entry leaks no number in either.
#include "server/app/open_data.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "kernel/csv.h"

namespace lophoc::app {
namespace {

using nlohmann::json;

// The worked example of docs/open-data.md (k = 5): A's district libraries
// have 3 staff, so that cell is "<5" and others are withheld to protect it.
OpenDataTable Example() {
  training::CountTable counts;
  counts.rows = {"A", "B"};
  counts.cols = {"district_library", "commune_library", "post_office_cultural_point"};
  counts.cells = {{{3, 1}, {10, 5}, {20, 10}}, {{12, 6}, {15, 7}, {30, 20}}};
  OpenDataTable t;
  t.programme = "co-ban";
  t.programme_title = "Kỹ năng cơ bản";
  t.as_of = *ParseIsoDate("2025-12-31");
  t.scope = {"VN", "Việt Nam"};
  t.rows = {{"A", "Tỉnh A"}, {"B", "Tỉnh B"}};
  t.cols = {{"district_library", "Thư viện huyện"},
            {"commune_library", "Thư viện xã"},
            {"post_office_cultural_point", "Điểm BĐVHX"}};
  auto published = training::Suppress(counts, t.options);
  REQUIRE(published.ok());
  t.table = *published;
  return t;
}

// "unit|type" -> "population/trained/percent", as the CSV writes them.
std::map<std::string, std::string> CsvEntries(const std::string& text) {
  auto parsed = ParseCsv(text);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->header == std::vector<std::string>{"as_of", "programme", "unit_code", "unit_name",
                                                     "site_type", "population", "trained",
                                                     "percent"});
  std::map<std::string, std::string> out;
  for (const auto& r : parsed->records) {
    CHECK(r.fields[0] == "2025-12-31");
    CHECK(r.fields[1] == "co-ban");
    out[r.fields[2] + "|" + r.fields[4]] = r.fields[5] + "/" + r.fields[6] + "/" + r.fields[7];
  }
  return out;
}

std::string JsonEntry(const json& cell) {
  if (cell.contains("suppressed")) {
    CHECK(cell["population"].is_null());
    CHECK(cell["trained"].is_null());
    CHECK(cell["percent"].is_null());
    const std::string mark = cell["suppressed"];
    return mark + "/" + mark + "/x";
  }
  std::string percent = "-";
  if (!cell["percent"].is_null()) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", cell["percent"].get<double>());
    percent = buf;
  }
  return std::to_string(cell["population"].get<int64_t>()) + "/" +
         std::to_string(cell["trained"].get<int64_t>()) + "/" + percent;
}

TEST_CASE("open data says the same in CSV and JSON", "[open_data]") {
  const OpenDataTable t = Example();
  const auto csv = CsvEntries(OpenDataCsv(t));
  const json j = OpenDataJson(t);
  CHECK(j["k"] == 5);
  CHECK(j["withheld"] == false);
  REQUIRE(j["rows"].size() == 2);

  std::map<std::string, std::string> from_json;
  for (const auto& row : j["rows"]) {
    for (const auto& cell : row["cells"]) {
      from_json[row["code"].get<std::string>() + "|" + cell["site_type"].get<std::string>()] =
          JsonEntry(cell);
    }
    from_json[row["code"].get<std::string>() + "|all"] = JsonEntry(row["total"]);
  }
  for (const auto& cell : j["total"]["cells"]) {
    from_json["all|" + cell["site_type"].get<std::string>()] = JsonEntry(cell);
  }
  from_json["all|all"] = JsonEntry(j["total"]["total"]);
  CHECK(from_json == csv);
  CHECK(csv.size() == 12);  // 2 x 3 cells, 2 row totals, 3 column totals, the grand total

  // The small cell and what protects it, worked out in docs/open-data.md.
  CHECK(csv.at("A|district_library") == "<5/<5/x");
  CHECK(csv.at("A|commune_library") == "x/x/x");
  CHECK(csv.at("B|district_library") == "x/x/x");
  CHECK(csv.at("B|commune_library") == "x/x/x");
  CHECK(csv.at("A|all") == "33/16/48.5");
  CHECK(csv.at("all|district_library") == "15/7/46.7");
  CHECK(csv.at("all|all") == "90/49/54.4");
}

TEST_CASE("a withheld entry leaks no count in the published files", "[open_data]") {
  const OpenDataTable t = Example();
  const std::string csv = OpenDataCsv(t);
  const std::string json_text = OpenDataJson(t).dump();
  // A's district libraries: 3 staff of whom 1 trained (33.3%). A's total is
  // 33 with 16 trained; every withheld entry's own figures must be absent.
  for (size_t i = 0; i < t.table.cells.size(); ++i) {
    for (size_t j = 0; j < t.table.cells[i].size(); ++j) {
      const auto& cell = t.table.cells[i][j];
      if (cell.population) continue;
      INFO("withheld cell " << t.rows[i].code << " " << t.cols[j].code);
      const std::string at = t.rows[i].code + "," + t.rows[i].name + "," + t.cols[j].code + ",";
      const bool marked = csv.find(at + "<5,") != std::string::npos ||
                          csv.find(at + "x,") != std::string::npos;
      CHECK(marked);
    }
  }
  CHECK(csv.find("33.3") == std::string::npos);
  CHECK(json_text.find("33.3") == std::string::npos);
}

}  // namespace
}  // namespace lophoc::app
