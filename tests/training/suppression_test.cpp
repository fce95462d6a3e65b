#include "training/suppression.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
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

// The attacker: reads every published number and total, and knows that an
// entry shown "<k" has a population of 1..k-1 and one shown "x" has k or
// more. For each withheld entry it looks for other tables consistent with
// all of that: a different trained count, a different untrained count, a
// different population. The search is exhaustive over a window of +-1
// around the true values (a smaller search than the whole range, so the test
// is stricter than the real attacker: finding a different value inside the
// window proves the range has more than one value).
class Attacker {
 public:
  Attacker(const CountTable& table, const PublishedTable& published, int64_t k)
      : rows_(table.rows.size()), cols_(table.cols.size()), k_(k) {
    const size_t n = (rows_ + 1) * (cols_ + 1);
    trained_.assign(n, 0);
    untrained_.assign(n, 0);
    for (size_t i = 0; i < rows_; ++i) {
      for (size_t j = 0; j < cols_; ++j) {
        const CountCell& c = table.cells[i][j];
        for (size_t e : {At(i, j), At(i, cols_), At(rows_, j), At(rows_, cols_)}) {
          trained_[e] += c.trained;
          untrained_[e] += c.population - c.trained;
        }
      }
    }
    for (size_t i = 0; i <= rows_; ++i) {
      for (size_t j = 0; j <= cols_; ++j) {
        const PublishedCell& c = i < rows_ && j < cols_ ? published.cells[i][j]
                                 : i < rows_            ? published.row_totals[i]
                                 : j < cols_            ? published.col_totals[j]
                                                        : published.grand_total;
        if (c.population) {
          REQUIRE(*c.population == trained_[At(i, j)] + untrained_[At(i, j)]);
          REQUIRE(*c.trained == trained_[At(i, j)]);
          continue;
        }
        REQUIRE(c.primary != c.complementary);
        withheld_.push_back(At(i, j));
        primary_.push_back(c.primary);
      }
    }
  }

  size_t Withheld() const { return withheld_.size(); }

  // Fails the test if some withheld entry's trained, untrained or population
  // count is the same in every table the attacker finds.
  void CheckNothingRecovered() const {
    const auto trained = Solutions(trained_);
    const auto untrained = Solutions(untrained_);
    const size_t m = withheld_.size();
    std::vector<bool> trained_moves(m), untrained_moves(m), population_moves(m);
    for (const auto& t : trained) {
      for (const auto& u : untrained) {
        bool fits = true;
        for (size_t x = 0; x < m && fits; ++x) {
          const int64_t p = t[x] + u[x];
          fits = primary_[x] ? p >= 1 && p <= k_ - 1 : p >= k_;
        }
        if (!fits) continue;
        for (size_t x = 0; x < m; ++x) {
          const size_t e = withheld_[x];
          if (t[x] != trained_[e]) trained_moves[x] = true;
          if (u[x] != untrained_[e]) untrained_moves[x] = true;
          if (t[x] + u[x] != trained_[e] + untrained_[e]) population_moves[x] = true;
        }
      }
    }
    for (size_t x = 0; x < m; ++x) {
      CAPTURE(withheld_[x] / (cols_ + 1), withheld_[x] % (cols_ + 1));
      CHECK(trained_moves[x]);
      CHECK(untrained_moves[x]);
      CHECK(population_moves[x]);
    }
  }

 private:
  size_t At(size_t i, size_t j) const { return i * (cols_ + 1) + j; }

  // Line n of the extended grid: rows 0..R, then columns 0..C. Each line's
  // cells add up to its last entry (its total).
  std::vector<size_t> Line(size_t n) const {
    std::vector<size_t> line;
    if (n <= rows_) {
      for (size_t j = 0; j <= cols_; ++j) line.push_back(At(n, j));
    } else {
      for (size_t i = 0; i <= rows_; ++i) line.push_back(At(i, n - rows_ - 1));
    }
    return line;
  }

  bool Holds(const std::vector<size_t>& line, const std::vector<int64_t>& v) const {
    int64_t sum = 0;
    for (size_t x = 0; x + 1 < line.size(); ++x) sum += v[line[x]];
    return sum == v[line.back()];
  }

  // Every assignment of the withheld entries within +-1 of the truth (and not
  // negative) under which every line adds up. Each line is checked as soon as
  // its last withheld entry has a value.
  std::vector<std::vector<int64_t>> Solutions(const std::vector<int64_t>& truth) const {
    std::vector<std::vector<std::vector<size_t>>> closes(withheld_.size());
    for (size_t n = 0; n < rows_ + 1 + cols_ + 1; ++n) {
      const auto line = Line(n);
      std::optional<size_t> last;
      for (size_t x = 0; x < withheld_.size(); ++x) {
        if (std::find(line.begin(), line.end(), withheld_[x]) != line.end()) last = x;
      }
      if (last) closes[*last].push_back(line);
    }
    std::vector<int64_t> value = truth;
    std::vector<std::vector<int64_t>> found;
    Enumerate(0, closes, value, truth, found);
    return found;
  }

  void Enumerate(size_t x, const std::vector<std::vector<std::vector<size_t>>>& closes,
                 std::vector<int64_t>& v, const std::vector<int64_t>& truth,
                 std::vector<std::vector<int64_t>>& found) const {
    if (x == withheld_.size()) {
      std::vector<int64_t> mine;
      for (size_t e : withheld_) mine.push_back(v[e]);
      found.push_back(mine);
      return;
    }
    const size_t e = withheld_[x];
    for (int64_t d = -1; d <= 1; ++d) {
      if (truth[e] + d < 0) continue;
      v[e] = truth[e] + d;
      bool holds = true;
      for (const auto& line : closes[x]) holds = holds && Holds(line, v);
      if (holds) Enumerate(x + 1, closes, v, truth, found);
    }
    v[e] = truth[e];
  }

  size_t rows_;
  size_t cols_;
  int64_t k_;
  std::vector<int64_t> trained_;
  std::vector<int64_t> untrained_;
  std::vector<size_t> withheld_;
  std::vector<bool> primary_;
};

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

TEST_CASE("an attacker recovers no withheld count from random tables", "[training][suppression]") {
  std::mt19937 random(20261207);
  auto below = [&random](int64_t n) { return static_cast<int64_t>(random() % n); };
  size_t attacked = 0;
  size_t withheld_entries = 0;
  size_t too_big = 0;
  size_t whole = 0;
  for (int round = 0; round < 600; ++round) {
    const size_t rows = 1 + below(6);
    const size_t cols = 1 + below(6);
    const int64_t k = round % 3 == 0 ? 3 : round % 3 == 1 ? 5 : 10;
    // Half the tables lean small, as district libraries do.
    const int64_t most = round % 2 == 0 ? 31 : 8;
    std::vector<std::vector<CountCell>> cells(rows, std::vector<CountCell>(cols));
    for (auto& row : cells) {
      for (auto& c : row) {
        c.population = below(most);
        const int64_t shape = below(4);  // 0%, 100% or anything between
        c.trained = shape == 0 ? 0 : shape == 1 ? c.population : below(c.population + 1);
      }
    }
    const CountTable table = Table(cells);
    auto published = Suppress(table, {k});
    REQUIRE(published.ok());
    if (published->withheld) {
      ++whole;  // nothing published: nothing to recover
      continue;
    }
    CAPTURE(round, rows, cols, k);
    Attacker attacker(table, *published, k);
    if (attacker.Withheld() > 20) {
      ++too_big;  // up to 3^n assignments per figure: left to the smaller tables
      continue;
    }
    ++attacked;
    withheld_entries += attacker.Withheld();
    attacker.CheckNothingRecovered();
  }
  CAPTURE(whole, attacked, withheld_entries, too_big);
  CHECK(attacked >= 500);
  CHECK(withheld_entries >= 4000);
}

TEST_CASE("a one-cell table is withheld whole or published whole", "[training][suppression]") {
  // The cell, its row total, its column total and the grand total are one number.
  CHECK(Suppressed(Table({{{3, 1}}})) == std::vector<std::string>{"<5 | <5", "<5 | <5"});
  CHECK(Suppressed(Table({{{7, 1}}})) ==
        std::vector<std::string>{"7/1 14.3 | 7/1 14.3", "7/1 14.3 | 7/1 14.3"});
  CHECK(Suppressed(Table({{{0, 0}}})) ==
        std::vector<std::string>{"0/0 - | 0/0 -", "0/0 - | 0/0 -"});
}

TEST_CASE("a single row or column gives up its smallest other cell", "[training][suppression]") {
  // Row: 3 + 10 + 20 + 6 = 39. The 3 needs a partner: 6 is the smallest. Each
  // column total is its one cell, so it follows the cell.
  CHECK(Suppressed(Table({{{3, 1}, {10, 5}, {20, 10}, {6, 6}}})) ==
        std::vector<std::string>{
            "<5 | 10/5 50.0 | 20/10 50.0 | x | 39/22 56.4",
            "<5 | 10/5 50.0 | 20/10 50.0 | x | 39/22 56.4",
        });
  CHECK(Suppressed(Table({{{3, 1}}, {{10, 5}}, {{20, 10}}})) == std::vector<std::string>{
                                                                    "<5 | <5",
                                                                    "x | x",
                                                                    "20/10 50.0 | 20/10 50.0",
                                                                    "33/16 48.5 | 33/16 48.5",
                                                                });
}

TEST_CASE("a row total under k is withheld and protected like a cell", "[training][suppression]") {
  // r0 totals 3 staff. With r1's cells withheld, r1's total and the grand
  // total would give r0's total back, so r1's total goes too (30 < 33).
  CHECK(Suppressed(Table({{{1, 1}, {2, 0}}, {{10, 5}, {20, 10}}})) ==
        std::vector<std::string>{
            "<5 | <5 | <5",
            "x | x | x",
            "11/6 54.5 | 22/10 45.5 | 33/16 48.5",
        });
}

TEST_CASE("a table of small cells publishes only its grand total", "[training][suppression]") {
  // Totals: rows 3 and 7, columns 4 and 6, grand 10/6.
  CHECK(Suppressed(Table({{{1, 1}, {2, 0}}, {{3, 1}, {4, 4}}})) == std::vector<std::string>{
                                                                       "<5 | <5 | <5",
                                                                       "<5 | <5 | x",
                                                                       "<5 | x | 10/6 60.0",
                                                                   });
}

TEST_CASE("a table whose marks give a count away is withheld whole", "[training][suppression]") {
  // k = 3: a total "<3" over two cells "<3" can only be 1 + 1.
  const auto t = Table({{{1, 1}, {1, 0}}});
  auto p = Suppress(t, {3});
  REQUIRE(p.ok());
  CHECK(p->withheld);
  CHECK(Render(*p, {3}) == std::vector<std::string>{"x | x | x", "x | x | x"});
  // A third cell of 6 staff leaves room: 1 + 1 + 6 could be 2 + 1 + 5, and
  // 1 trained + 0 + 3 could be 0 + 1 + 3. The row total is the grand total.
  CHECK(Suppressed(Table({{{1, 1}, {1, 0}, {6, 3}}})) ==
        std::vector<std::string>{"<5 | <5 | x | 8/4 50.0", "<5 | <5 | x | 8/4 50.0"});
}

TEST_CASE("0% and 100% at small populations are withheld and cannot be recovered",
          "[training][suppression]") {
  // 2 staff at 0% and 1 at 100%. With only the four cells withheld, someone
  // who knows every library's headcount solves the rows and columns: the 1 is
  // trained and both of the 2 are not. Withholding the column totals too
  // leaves a trained count that can move by one.
  const auto t = Table({{{2, 0}, {9, 4}}, {{8, 3}, {1, 1}}});
  CHECK(Suppressed(t) == std::vector<std::string>{
                             "<5 | x | 11/4 36.4",
                             "x | <5 | 9/4 44.4",
                             "x | x | 20/8 40.0",
                         });
  auto p = Suppress(t, {});
  REQUIRE(p.ok());
  Attacker(t, *p, 5).CheckNothingRecovered();
}

TEST_CASE("the threshold k is configurable", "[training][suppression]") {
  const auto t = Table({{{3, 1}, {4, 2}, {9, 4}}, {{8, 3}, {6, 1}, {12, 12}}});
  CHECK(Suppressed(t, {3}) == std::vector<std::string>{
                                  "3/1 33.3 | 4/2 50.0 | 9/4 44.4 | 16/7 43.8",
                                  "8/3 37.5 | 6/1 16.7 | 12/12 100.0 | 26/16 61.5",
                                  "11/4 36.4 | 10/3 30.0 | 21/16 76.2 | 42/23 54.8",
                              });
  // Under 10 everything but 12 is small; 12 goes with the 9 in its column.
  CHECK(Suppressed(t, {10}) == std::vector<std::string>{
                                   "<10 | <10 | <10 | 16/7 43.8",
                                   "<10 | <10 | x | 26/16 61.5",
                                   "11/4 36.4 | 10/3 30.0 | 21/16 76.2 | 42/23 54.8",
                               });
}

TEST_CASE("a malformed table or threshold is refused", "[training][suppression]") {
  const auto good = Table({{{3, 1}, {4, 2}}});
  CHECK(Suppress(good, {0}).status().code() == StatusCode::kInvalidArgument);
  CHECK(Suppress(good, {1001}).status().code() == StatusCode::kInvalidArgument);
  auto ragged = good;
  ragged.cells[0].pop_back();
  CHECK(Suppress(ragged, {}).status().code() == StatusCode::kInvalidArgument);
  CHECK(Suppress(Table({{{3, 4}}}), {}).status().code() == StatusCode::kInvalidArgument);
  CHECK(Suppress(Table({{{-1, 0}}}), {}).status().code() == StatusCode::kInvalidArgument);
  CHECK(Suppress(Table({{{1'000'000'001, 0}}}), {}).status().code() ==
        StatusCode::kInvalidArgument);
  CountTable empty;
  CHECK(Suppress(empty, {}).status().code() == StatusCode::kInvalidArgument);
  // k = 1: nothing is small, so everything is published.
  CHECK(Suppressed(good, {1}) == std::vector<std::string>{
                                     "3/1 33.3 | 4/2 50.0 | 7/3 42.9",
                                     "3/1 33.3 | 4/2 50.0 | 7/3 42.9",
                                 });
}

}  // namespace lophoc::training
