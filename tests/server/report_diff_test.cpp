#include "server/app/report_diff.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace lophoc::app {
namespace {

using nlohmann::json;

std::string Where(const ReportDifference& d) {
  std::string out;
  for (const auto& part : d.where) out += (out.empty() ? "" : " > ") + part;
  return out;
}

TEST_CASE("the same report twice has no differences", "[report_diff]") {
  const json report = json::parse(R"({"as_of": "2025-12-31", "rows": [
      {"code": "P-62", "name": "Tỉnh Kon Tum", "population": 40, "trained": 30},
      {"code": "P-51", "name": "Tỉnh Quảng Ngãi", "population": 50, "trained": 45}]})");
  CHECK(DiffReports(report, report).empty());
}

TEST_CASE("rows are matched by their code, not their place", "[report_diff]") {
  const json saved = json::parse(R"({"rows": [
      {"code": "A", "name": "Xã A", "trained": 3},
      {"code": "B", "name": "Xã B", "trained": 4}]})");
  // B's figure was corrected, A moved to second place, C is new.
  const json live = json::parse(R"({"rows": [
      {"code": "B", "name": "Xã B", "trained": 5},
      {"code": "A", "name": "Xã A", "trained": 3},
      {"code": "C", "name": "Xã C", "trained": 1}]})");
  const auto diffs = DiffReports(saved, live);
  REQUIRE(diffs.size() == 2);
  CHECK(Where(diffs[0]) == "rows > Xã B > trained");
  CHECK(diffs[0].saved == 4);
  CHECK(diffs[0].live == 5);
  CHECK(Where(diffs[1]) == "rows > Xã C");
  CHECK(diffs[1].saved.is_null());
  CHECK(diffs[1].live["trained"] == 1);
}

TEST_CASE("a row gone from the live report is one difference", "[report_diff]") {
  const json saved = json::parse(R"({"years": [{"year": 2024, "visits": 10},
                                              {"year": 2025, "visits": 12}]})");
  const json live = json::parse(R"({"years": [{"year": 2025, "visits": 12}]})");
  const auto diffs = DiffReports(saved, live);
  REQUIRE(diffs.size() == 1);
  CHECK(Where(diffs[0]) == "years > 2024");
  CHECK(diffs[0].saved["visits"] == 10);
  CHECK(diffs[0].live.is_null());
}

TEST_CASE("numbers compare by value and ignored keys are skipped", "[report_diff]") {
  const json saved = json::parse(R"({"percent": 75, "made_at": "2025-11-19T03:00:00Z",
                                     "note": "x"})");
  const json live = json::parse(R"({"percent": 75.0, "made_at": "2026-01-05T08:00:00Z",
                                    "note": "y", "extra": true})");
  const auto diffs = DiffReports(saved, live, {"made_at"});
  REQUIRE(diffs.size() == 2);
  CHECK(Where(diffs[0]) == "note");
  CHECK(Where(diffs[1]) == "extra");
  CHECK(diffs[1].saved.is_null());
}

TEST_CASE("nested rows name each level they pass", "[report_diff]") {
  const json saved = json::parse(R"({"rows": [{"code": "T-01", "name": "Hà Nội",
      "by_type": [{"site_type": "commune_library", "trained": 7}]}]})");
  json live = saved;
  live["rows"][0]["by_type"][0]["trained"] = 6;
  const auto diffs = DiffReports(saved, live);
  REQUIRE(diffs.size() == 1);
  CHECK(Where(diffs[0]) == "rows > Hà Nội > by_type > commune_library > trained");
}

TEST_CASE("a row key is the first naming field it has", "[report_diff]") {
  CHECK(RowKey(json::parse(R"({"code": "X", "year": 2020})")) == "X");
  CHECK(RowKey(json::parse(R"({"year": 2020})")) == "2020");
  CHECK(RowKey(json::parse(R"({"trained": 1})")).empty());
  CHECK(RowKey(json(3)).empty());
}

}  // namespace
}  // namespace lophoc::app
