#include "training/suppression.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace lophoc::training {
namespace {

// A table from "population/trained" pairs, rows named r0.., columns c0..
CountTable Table(const std::vector<std::vector<CountCell>>& cells) {
  CountTable t;
  for (size_t i = 0; i < cells.size(); ++i) t.rows.push_back("r" + std::to_string(i));
  for (size_t j = 0; j < cells.front().size(); ++j) t.cols.push_back("c" + std::to_string(j));
  t.cells = cells;
  return t;
}

// How the published table reads, one line per row with its total last, then
// the column totals and the grand total: "pop/trained pct" or "<5" or "x".
std::vector<std::string> Render(const PublishedTable& p, const SuppressionOptions& o) {
  auto one = [&o](const PublishedCell& c) {
    if (!c.population) return Show(c, Figure::kPopulation, o);
    return Show(c, Figure::kPopulation, o) + "/" + Show(c, Figure::kTrained, o) + " " +
           Show(c, Figure::kPercent, o);
  };
  std::vector<std::string> lines;
  for (size_t i = 0; i < p.cells.size(); ++i) {
    std::string line;
    for (const auto& c : p.cells[i]) line += one(c) + " | ";
    lines.push_back(line + one(p.row_totals[i]));
  }
  std::string last;
  for (const auto& c : p.col_totals) last += one(c) + " | ";
  lines.push_back(last + one(p.grand_total));
  return lines;
}

std::vector<std::string> Suppressed(const CountTable& t, SuppressionOptions o = {}) {
  auto published = Suppress(t, o);
  REQUIRE(published.ok());
  return Render(*published, o);
}

}  // namespace

TEST_CASE("a table with no small count is published whole", "[training][suppression]") {
  const auto t = Table({{{10, 5}, {20, 10}}, {{8, 8}, {6, 0}}});
  // Totals: rows 30/15 and 14/8, columns 18/13 and 26/10, grand 44/23.
  CHECK(Suppressed(t) == std::vector<std::string>{
                             "10/5 50.0 | 20/10 50.0 | 30/15 50.0",
                             "8/8 100.0 | 6/0 0.0 | 14/8 57.1",
                             "18/13 72.2 | 26/10 38.5 | 44/23 52.3",
                         });
  auto p = Suppress(t, {});
  REQUIRE(p.ok());
  CHECK(p->cells[1][0].percent == 100.0);
  CHECK_FALSE(p->cells[0][0].primary);
  CHECK_FALSE(p->withheld);
}

TEST_CASE("percentages round half up to one decimal", "[training][suppression]") {
  CHECK(Percent(3, 2) == 66.7);
  CHECK(Percent(8, 1) == 12.5);
  CHECK(Percent(6, 1) == 16.7);
  CHECK(Percent(7, 7) == 100.0);
  CHECK(Percent(9, 0) == 0.0);
  CHECK(Percent(2000, 1) == 0.1);  // 0.05 rounds up
}

TEST_CASE("one small cell takes a second cell in its row and fixes the columns",
          "[training][suppression]") {
  // r0 c0 has 3 staff. Withholding it alone, r0's total gives it back; so
  // does c0's. The smallest rectangle closing it: r0 c1 (10), r1 c0 (12),
  // r1 c1 (15).
  const auto t = Table({{{3, 1}, {10, 5}, {20, 10}}, {{12, 6}, {15, 7}, {30, 20}}});
  CHECK(Suppressed(t) == std::vector<std::string>{
                             "<5 | x | 20/10 50.0 | 33/16 48.5",
                             "x | x | 30/20 66.7 | 57/33 57.9",
                             "15/7 46.7 | 25/12 48.0 | 50/30 60.0 | 90/49 54.4",
                         });
  auto p = Suppress(t, {});
  REQUIRE(p.ok());
  CHECK(p->cells[0][0].primary);
  CHECK(p->cells[0][1].complementary);
  CHECK_FALSE(p->cells[0][1].primary);
  CHECK_FALSE(p->cells[0][1].percent.has_value());
  CHECK(Show(p->cells[0][0], Figure::kPercent, {}) == "x");
}

}  // namespace lophoc::training
