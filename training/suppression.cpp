#include "training/suppression.h"

#include <algorithm>
#include <deque>
#include <tuple>

namespace lophoc::training {
namespace {

// Why the safety test is a reachability question. Flip the sign of the row
// and column totals (not the grand total): then every line of the extended
// grid sums to zero. Two tables that agree on every published entry differ by
// a vector that sums to zero on every line and is zero on published entries;
// such a vector is a sum of simple alternating cycles over withheld entries
// (rows and columns as the two sides of a bipartite graph), each cycle
// pointing the same way as the whole on every entry. So an entry can take
// another value if and only if some alternating cycle through it, moved by
// one, keeps every entry it touches within what the attacker knows. Walking
// such a cycle goes row -> column over an entry that goes up in the flipped
// signs, column -> row over one that goes down; the cycle exists if and only
// if the far end of the entry's own arc can reach its near end without it.
//
// The moves checked: a swap (one person changes from untrained to trained or
// back: populations stay, so it holds even against an attacker who knows
// every population) and a change of population with the trained count fixed
// or the untrained count fixed, within the bounds "<k" and "x" disclose.

enum class Kind { kPublished, kPrimary, kComplementary };

enum class Move { kSwap, kUntrained, kTrained };

class Grid {
 public:
  Grid(const CountTable& table, int64_t k)
      : rows_(table.rows.size()), cols_(table.cols.size()), k_(k) {
    const size_t n = (rows_ + 1) * (cols_ + 1);
    population_.assign(n, 0);
    trained_.assign(n, 0);
    kind_.assign(n, Kind::kPublished);
    for (size_t i = 0; i < rows_; ++i) {
      for (size_t j = 0; j < cols_; ++j) {
        const CountCell& c = table.cells[i][j];
        for (size_t e : {At(i, j), At(i, cols_), At(rows_, j), At(rows_, cols_)}) {
          population_[e] += c.population;
          trained_[e] += c.trained;
        }
      }
    }
    for (size_t e = 0; e < n; ++e) {
      if (population_[e] > 0 && population_[e] < k_) kind_[e] = Kind::kPrimary;
    }
  }

  size_t At(size_t i, size_t j) const { return i * (cols_ + 1) + j; }
  size_t Size() const { return kind_.size(); }
  size_t RowOf(size_t e) const { return e / (cols_ + 1); }
  size_t ColOf(size_t e) const { return e % (cols_ + 1); }
  bool IsTotal(size_t e) const { return RowOf(e) == rows_ || ColOf(e) == cols_; }
  int64_t Population(size_t e) const { return population_[e]; }
  int64_t Trained(size_t e) const { return trained_[e]; }
  Kind KindOf(size_t e) const { return kind_[e]; }
  void Withhold(size_t e) { kind_[e] = Kind::kComplementary; }
  bool Withheld(size_t e) const { return kind_[e] != Kind::kPublished; }

  // Whether the attacker can find another table where this withheld entry's
  // trained count differs (populations fixed) and another where its
  // population differs.
  bool Safe(size_t e) const {
    return Movable(e, Move::kSwap) && (Movable(e, Move::kUntrained) || Movable(e, Move::kTrained));
  }

 private:
  // Row and column totals flip sign (see above); cells and the grand total do not.
  int Sign(size_t e) const { return (RowOf(e) == rows_) != (ColOf(e) == cols_) ? -1 : 1; }

  // Whether entry e may go up (+1) or down (-1) by one in this move.
  bool Allows(size_t e, Move move, int direction) const {
    const int64_t p = population_[e];
    const int64_t t = trained_[e];
    const int64_t u = p - t;
    if (move == Move::kSwap) return direction > 0 ? u > 0 : t > 0;
    const int64_t lowest =
        kind_[e] == Kind::kPrimary ? 1 : (kind_[e] == Kind::kComplementary ? k_ : 0);
    const int64_t highest = kind_[e] == Kind::kPrimary ? k_ - 1 : INT64_MAX;
    if (direction > 0) return p < highest;
    const int64_t moving = move == Move::kUntrained ? u : t;
    return moving > 0 && p - 1 >= lowest;
  }

  bool Movable(size_t e, Move move) const {
    const size_t row = RowOf(e);
    const size_t col = rows_ + 1 + ColOf(e);
    // Arc row -> column: the entry goes up in flipped signs, so by Sign(e) here.
    if (Allows(e, move, Sign(e)) && Reaches(col, row, e, move)) return true;
    return Allows(e, move, -Sign(e)) && Reaches(row, col, e, move);
  }

  // Breadth-first search over withheld entries other than `skip`.
  bool Reaches(size_t from, size_t to, size_t skip, Move move) const {
    const size_t nodes = rows_ + 1 + cols_ + 1;
    std::vector<bool> seen(nodes, false);
    std::deque<size_t> queue{from};
    seen[from] = true;
    while (!queue.empty()) {
      const size_t node = queue.front();
      queue.pop_front();
      if (node == to) return true;
      const bool is_row = node <= rows_;
      const size_t count = is_row ? cols_ + 1 : rows_ + 1;
      for (size_t other = 0; other < count; ++other) {
        const size_t e = is_row ? At(node, other) : At(other, node - rows_ - 1);
        if (e == skip || !Withheld(e)) continue;
        // Leaving a row the entry goes up in flipped signs; leaving a column, down.
        const int direction = is_row ? Sign(e) : -Sign(e);
        if (!Allows(e, move, direction)) continue;
        const size_t next = is_row ? rows_ + 1 + other : other;
        if (!seen[next]) {
          seen[next] = true;
          queue.push_back(next);
        }
      }
    }
    return false;
  }

  size_t rows_;
  size_t cols_;
  int64_t k_;
  std::vector<int64_t> population_;
  std::vector<int64_t> trained_;
  std::vector<Kind> kind_;
};

Status CheckTable(const CountTable& table, const SuppressionOptions& options) {
  if (options.k < 1 || options.k > 1000) {
    return Status::InvalidArgument("suppression threshold k must be 1..1000, not " +
                                   std::to_string(options.k));
  }
  if (table.rows.empty() || table.cols.empty()) {
    return Status::InvalidArgument("a table needs at least one row and one column");
  }
  if (table.cells.size() != table.rows.size()) {
    return Status::InvalidArgument("table has " + std::to_string(table.cells.size()) +
                                   " rows of cells for " + std::to_string(table.rows.size()) +
                                   " row names");
  }
  for (size_t i = 0; i < table.cells.size(); ++i) {
    if (table.cells[i].size() != table.cols.size()) {
      return Status::InvalidArgument("row " + std::to_string(i) + " has " +
                                     std::to_string(table.cells[i].size()) + " cells for " +
                                     std::to_string(table.cols.size()) + " columns");
    }
    for (size_t j = 0; j < table.cols.size(); ++j) {
      const CountCell& c = table.cells[i][j];
      if (c.population < 0 || c.trained < 0 || c.trained > c.population) {
        return Status::InvalidArgument("cell (" + std::to_string(i) + ", " + std::to_string(j) +
                                       ") needs 0 <= trained <= population");
      }
    }
  }
  return Status::Ok();
}

// The next entry to withhold so that `exposed` becomes safe, or none.
std::optional<size_t> ChooseComplement(const Grid& grid, size_t exposed) {
  std::vector<size_t> in_line;
  std::vector<size_t> elsewhere;
  for (size_t e = 0; e < grid.Size(); ++e) {
    if (grid.Withheld(e) || grid.Population(e) == 0) continue;
    const bool shares =
        grid.RowOf(e) == grid.RowOf(exposed) || grid.ColOf(e) == grid.ColOf(exposed);
    (shares ? in_line : elsewhere).push_back(e);
  }
  auto order = [&grid](size_t a, size_t b) {
    return std::make_tuple(grid.IsTotal(a), grid.Population(a), a) <
           std::make_tuple(grid.IsTotal(b), grid.Population(b), b);
  };
  std::sort(in_line.begin(), in_line.end(), order);
  std::sort(elsewhere.begin(), elsewhere.end(), order);
  for (const auto* group : {&in_line, &elsewhere}) {
    for (size_t candidate : *group) {
      Grid trial = grid;
      trial.Withhold(candidate);
      if (trial.Safe(exposed)) return candidate;
    }
  }
  if (!in_line.empty()) return in_line.front();
  if (!elsewhere.empty()) return elsewhere.front();
  return std::nullopt;
}

PublishedCell Publish(const Grid& grid, size_t e, bool whole_table_withheld) {
  PublishedCell cell;
  if (whole_table_withheld) return cell;
  cell.primary = grid.KindOf(e) == Kind::kPrimary;
  cell.complementary = grid.KindOf(e) == Kind::kComplementary;
  if (grid.Withheld(e)) return cell;
  cell.population = grid.Population(e);
  cell.trained = grid.Trained(e);
  if (grid.Population(e) > 0) cell.percent = Percent(grid.Population(e), grid.Trained(e));
  return cell;
}

int64_t PercentTenths(int64_t population, int64_t trained) {
  return (2000 * trained + population) / (2 * population);
}

}  // namespace

double Percent(int64_t population, int64_t trained) {
  return static_cast<double>(PercentTenths(population, trained)) / 10.0;
}

Result<PublishedTable> Suppress(const CountTable& table, const SuppressionOptions& options) {
  if (Status s = CheckTable(table, options); !s.ok()) return s;
  Grid grid(table, options.k);
  bool withheld = false;
  for (;;) {
    std::optional<size_t> exposed;
    for (size_t e = 0; e < grid.Size() && !exposed; ++e) {
      if (grid.Withheld(e) && !grid.Safe(e)) exposed = e;
    }
    if (!exposed) break;
    const std::optional<size_t> complement = ChooseComplement(grid, *exposed);
    if (!complement) {
      withheld = true;
      break;
    }
    grid.Withhold(*complement);
  }

  const size_t rows = table.rows.size();
  const size_t cols = table.cols.size();
  PublishedTable out;
  out.rows = table.rows;
  out.cols = table.cols;
  out.withheld = withheld;
  out.cells.assign(rows, std::vector<PublishedCell>(cols));
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < cols; ++j) out.cells[i][j] = Publish(grid, grid.At(i, j), withheld);
    out.row_totals.push_back(Publish(grid, grid.At(i, cols), withheld));
  }
  for (size_t j = 0; j < cols; ++j)
    out.col_totals.push_back(Publish(grid, grid.At(rows, j), withheld));
  out.grand_total = Publish(grid, grid.At(rows, cols), withheld);
  return out;
}

std::string Show(const PublishedCell& cell, Figure figure, const SuppressionOptions& options) {
  if (!cell.population) {
    if (figure != Figure::kPercent && cell.primary) return "<" + std::to_string(options.k);
    return "x";
  }
  switch (figure) {
    case Figure::kPopulation:
      return std::to_string(*cell.population);
    case Figure::kTrained:
      return std::to_string(cell.trained.value_or(0));
    case Figure::kPercent:
      break;
  }
  if (*cell.population == 0) return "-";
  const int64_t tenths = PercentTenths(*cell.population, cell.trained.value_or(0));
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

}  // namespace lophoc::training
