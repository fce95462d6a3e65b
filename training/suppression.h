// Small-cell suppression for open data: turns a table of staff counts
// (population, trained) into the figures that may be published, so that no
// person's training status can be inferred (docs/open-data.md explains the
// rule with a worked example). Pure functions; thread-safe.
//
// The table is read as an extended grid: the R x C cells, a column of row
// totals, a row of column totals and the grand total. Every entry of that grid
// (cell or total) is published or withheld as a whole: population, trained
// and percentage together, so a withheld numerator can never be recovered from
// a published denominator or the reverse. The rule:
//
//  1. Primary: an entry whose population is 1..k-1 is withheld and shown as
//     "<k" (its 0% or 100% would name people). A population of 0 is published
//     as 0: it concerns nobody. A population of k or more is published, even
//     at 0% or 100% (a group of at least k people).
//  2. Complementary: a withheld entry is safe when an attacker who reads every
//     published number, every total and the "<k" marks (so knows 1..k-1 for
//     those, and k or more for entries shown "x") still finds
//       (a) another consistent table with the same populations where this
//           entry's trained count is different (so trained and untrained
//           counts are both uncertain), and
//       (b) another consistent table where its population is different.
//     While some withheld entry is not safe (the first in reading order), one
//     more published entry with a population of at least k is withheld and
//     shown as "x". Candidates are ranked: a cell before a total, then the
//     smallest population, then reading order. Taken: the best-ranked one in
//     the unsafe entry's row or column that makes it safe at once, else the
//     best-ranked one elsewhere that does, else the best-ranked one in its
//     row or column, else elsewhere; then check again (a new "x" can be
//     alone in its own line). Zero entries are never withheld, so "x" always
//     means "k or more".
//  3. If no candidate is left, the whole table is withheld (for example
//     k = 3: a "<3" total over two "<3" cells can only be 1 + 1).
// Safety is decided exactly for these two kinds of change (alternating
// cycles of +1/-1 over withheld entries; see suppression.cpp), which is
// stricter than the attacker needs: (a) holds even for a reader who knows
// every library's headcount.
//
// Percentages: trained * 100 / population rounded half up to one decimal
// (computed in integers: 2/3 is 66.7, 1/8 is 12.5); none when the population
// is 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/status.h"

namespace lophoc::training {

// Staff counts of one cell: people in the population and how many of them
// are trained. REQUIRES (checked by Suppress): 0 <= trained <= population.
struct CountCell {
  int64_t population = 0;
  int64_t trained = 0;
};

struct SuppressionOptions {
  int64_t k = 5;  // threshold: populations 1..k-1 are withheld; 1..1000
};

// rows.size() x cols.size() cells; totals are computed by Suppress.
struct CountTable {
  std::vector<std::string> rows;
  std::vector<std::string> cols;
  std::vector<std::vector<CountCell>> cells;  // cells[row][col]
};

// One published entry. population and trained are both present or both
// absent; percent is absent when they are, or when the population is 0.
struct PublishedCell {
  std::optional<int64_t> population;
  std::optional<int64_t> trained;
  std::optional<double> percent;
  bool primary = false;        // withheld because its population is 1..k-1
  bool complementary = false;  // withheld to protect another entry
};

struct PublishedTable {
  std::vector<std::string> rows;
  std::vector<std::string> cols;
  std::vector<std::vector<PublishedCell>> cells;  // cells[row][col]
  std::vector<PublishedCell> row_totals;          // one per row
  std::vector<PublishedCell> col_totals;          // one per column
  PublishedCell grand_total;
  bool withheld = false;  // nothing could be published safely: every entry withheld
};

// The publishable form of `table`. InvalidArgument when the table is not
// rectangular (every row needs cols.size() cells, at least one row and one
// column), a count is negative, trained exceeds population, a population
// exceeds 1,000,000,000, or k is outside 1..1000.
Result<PublishedTable> Suppress(const CountTable& table, const SuppressionOptions& options);

// trained * 100 / population rounded half up to one decimal. REQUIRES:
// population > 0, 0 <= trained <= population.
double Percent(int64_t population, int64_t trained);

enum class Figure { kPopulation, kTrained, kPercent };

// How a figure of `cell` is written: the number ("12", a percent as "66.7"),
// "<k" ("<5") for a primary entry's counts, "x" for a complementary entry's
// counts and for any withheld percent, "-" for the percent of an empty
// population.
std::string Show(const PublishedCell& cell, Figure figure, const SuppressionOptions& options);

}  // namespace lophoc::training
