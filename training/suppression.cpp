#include "training/suppression.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace lophoc::training {
namespace {

// Why the safety test is a reachability question. Flip the sign of the row
// and column totals (not the grand total): then every line of the extended
// grid sums to zero. Two tables that agree on every published entry differ by
// a vector that sums to zero on every line and is zero on published entries;
// such a vector is a sum of simple alternating cycles over withheld entries
// (rows and columns as the two sides of a bipartite graph), each cycle
// pointing the same way as the whole on every entry. So, for one table of
// counts with bounds on each entry, an entry can take another value if and
// only if some alternating cycle through it, moved by one, keeps every entry
// it touches within its bounds. Walking
// such a cycle goes row -> column over an entry that goes up in the flipped
// signs, column -> row over one that goes down; the cycle exists if and only
// if the far end of the entry's own arc can reach its near end without it.
//
// Three such tables are searched: trained counts with every population fixed
// (a swap: one person changes from untrained to trained or back, so it holds
// even against a reader who knows every population), and populations with
// the trained count fixed or with the untrained count fixed, within the
// bounds "<k" and "x" disclose. Each cycle found is a real other table, so
// the check is sufficient; it is stricter than necessary, since it never
// mixes the three.

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

  // What it takes to move withheld entry e in one move, for one direction of
  // its own arc (row -> column or column -> row): whether that arc may be
  // used, whether a cycle through it exists, and if not, which nodes the far
  // end of the arc reaches and which nodes reach its near end (so that one
  // more withheld entry joining the two would close a cycle).
  struct Paths {
    bool allowed = false;
    bool closed = false;
    std::vector<bool> from_far_end;
    std::vector<bool> to_near_end;
  };
  using Exposure = std::array<std::array<Paths, 2>, 3>;  // [move][direction]

  Exposure Explore(size_t e) const {
    Exposure exposure;
    for (Move move : {Move::kSwap, Move::kUntrained, Move::kTrained}) {
      for (int up : {1, 0}) {
        Paths& paths = exposure[static_cast<int>(move)][up];
        const size_t row = RowOf(e);
        const size_t col = rows_ + 1 + ColOf(e);
        // Arc row -> column: the entry goes up in flipped signs.
        paths.allowed = Allows(e, kind_[e], move, up ? Sign(e) : -Sign(e));
        if (!paths.allowed) continue;
        const size_t near_end = up ? row : col;
        const size_t far_end = up ? col : row;
        paths.from_far_end = Reach(far_end, /*forward=*/true, e, move);
        paths.closed = paths.from_far_end[near_end];
        if (!paths.closed) paths.to_near_end = Reach(near_end, /*forward=*/false, e, move);
      }
    }
    return exposure;
  }

  // Whether the entry explored is safe (see the header: its trained count
  // moves with populations fixed, and its population moves), with `extra`, a
  // published entry with a population of at least k, withheld too.
  bool Frees(const Exposure& exposure, std::optional<size_t> extra) const {
    auto moves = [&](Move move) {
      for (const Paths& paths : exposure[static_cast<int>(move)]) {
        if (!paths.allowed) continue;
        if (paths.closed) return true;
        if (!extra) continue;
        const size_t row = RowOf(*extra);
        const size_t col = rows_ + 1 + ColOf(*extra);
        const int sign = Sign(*extra);
        if (Allows(*extra, Kind::kComplementary, move, sign) && paths.from_far_end[row] &&
            paths.to_near_end[col]) {
          return true;
        }
        if (Allows(*extra, Kind::kComplementary, move, -sign) && paths.from_far_end[col] &&
            paths.to_near_end[row]) {
          return true;
        }
      }
      return false;
    };
    return moves(Move::kSwap) && (moves(Move::kUntrained) || moves(Move::kTrained));
  }

  // Frees(Explore(e), none), stopping each search at its goal.
  bool Safe(size_t e) const {
    auto moves = [&](Move move) {
      for (int up : {1, 0}) {
        const size_t row = RowOf(e);
        const size_t col = rows_ + 1 + ColOf(e);
        if (!Allows(e, kind_[e], move, up ? Sign(e) : -Sign(e))) continue;
        const size_t near_end = up ? row : col;
        if (Reach(up ? col : row, /*forward=*/true, e, move, near_end)[near_end]) return true;
      }
      return false;
    };
    return moves(Move::kSwap) && (moves(Move::kUntrained) || moves(Move::kTrained));
  }

 private:
  // Row and column totals flip sign (see above); cells and the grand total do not.
  int Sign(size_t e) const { return (RowOf(e) == rows_) != (ColOf(e) == cols_) ? -1 : 1; }

  // Whether entry e, withheld as `kind`, may go up (+1) or down (-1) by one
  // in this move without leaving what the reader knows of it.
  bool Allows(size_t e, Kind kind, Move move, int direction) const {
    const int64_t p = population_[e];
    const int64_t t = trained_[e];
    const int64_t u = p - t;
    if (move == Move::kSwap) return direction > 0 ? u > 0 : t > 0;
    const int64_t lowest = kind == Kind::kPrimary ? 1 : (kind == Kind::kComplementary ? k_ : 0);
    const int64_t highest = kind == Kind::kPrimary ? k_ - 1 : INT64_MAX;
    if (direction > 0) return p < highest;
    const int64_t moving = move == Move::kUntrained ? u : t;
    return moving > 0 && p - 1 >= lowest;
  }

  // Nodes (rows 0..R, then columns) reachable from `from` over arcs of
  // withheld entries other than `skip` (forward), or from which `from` is
  // reachable (backward); a search may stop once it has seen `goal`.
  std::vector<bool> Reach(size_t from, bool forward, size_t skip, Move move,
                          size_t goal = SIZE_MAX) const {
    std::vector<bool> seen(rows_ + 1 + cols_ + 1, false);
    std::vector<size_t> stack{from};
    seen[from] = true;
    while (!stack.empty()) {
      const size_t node = stack.back();
      stack.pop_back();
      const bool is_row = node <= rows_;
      const size_t count = is_row ? cols_ + 1 : rows_ + 1;
      for (size_t other = 0; other < count; ++other) {
        const size_t e = is_row ? At(node, other) : At(other, node - rows_ - 1);
        if (e == skip || !Withheld(e)) continue;
        // Row -> column goes up in flipped signs, column -> row down; walking
        // backward, the arc into a row leaves a column.
        const int direction = (is_row == forward) ? Sign(e) : -Sign(e);
        if (!Allows(e, kind_[e], move, direction)) continue;
        const size_t next = is_row ? rows_ + 1 + other : other;
        if (!seen[next]) {
          seen[next] = true;
          if (next == goal) return seen;
          stack.push_back(next);
        }
      }
    }
    return seen;
  }

  size_t rows_;
  size_t cols_;
  int64_t k_;
  std::vector<int64_t> population_;
  std::vector<int64_t> trained_;
  std::vector<Kind> kind_;
};

// Keeps every sum and percentage computation far from overflow.
constexpr int64_t kMostPerCell = 1'000'000'000;

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
      if (c.population < 0 || c.population > kMostPerCell || c.trained < 0 ||
          c.trained > c.population) {
        return Status::InvalidArgument(
            "cell (" + std::to_string(i) + ", " + std::to_string(j) +
            ") needs 0 <= trained <= population <= " + std::to_string(kMostPerCell));
      }
    }
  }
  return Status::Ok();
}

// The next entry to withhold so that `exposed` becomes safe, or none: from
// its row or column first, a cell before a total, the smallest population
// first, then reading order; one that makes it safe at once if there is one.
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
  const Grid::Exposure exposure = grid.Explore(exposed);
  for (const auto* group : {&in_line, &elsewhere}) {
    for (size_t candidate : *group) {
      if (grid.Frees(exposure, candidate)) return candidate;
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
  // Withholding more only adds cycles, so an entry found safe stays safe.
  std::vector<bool> safe(grid.Size(), false);
  for (;;) {
    std::optional<size_t> exposed;
    for (size_t e = 0; e < grid.Size() && !exposed; ++e) {
      if (!grid.Withheld(e) || safe[e]) continue;
      if (grid.Safe(e)) {
        safe[e] = true;
      } else {
        exposed = e;
      }
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
