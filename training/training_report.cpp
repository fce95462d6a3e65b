#include "training/training_report.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace lophoc::training {
namespace {

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

template <typename T>
bool Listed(const std::vector<T>& list, const T& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

bool ActiveOnDay(const DayRows& rows, int64_t id) {
  const auto it = rows.units.find(id);
  return it != rows.units.end() && it->second.state == "active";
}

// The unit today: follows merged units to their successors. Nullopt when
// the chain ends in a dissolved unit (or loops, which the org-change code
// refuses).
std::optional<int64_t> TodayUnit(const DayRows& rows, int64_t id) {
  for (size_t steps = 0; steps <= rows.units.size(); ++steps) {
    const auto it = rows.units.find(id);
    if (it == rows.units.end()) return std::nullopt;
    const UnitOnDay& u = it->second;
    if (u.today_state == "active") return id;
    if (u.today_state != "merged" || !u.today_successor_id) return std::nullopt;
    id = *u.today_successor_id;
  }
  return std::nullopt;
}

// The report row a unit in scope counts in: the nearest of itself and its
// ancestors on the day that heads a row (the scope's unit: the direct row).
int64_t RowOf(const DayRows& rows, const ScopeOnDay& scope, int64_t id,
              std::unordered_map<int64_t, int64_t>& memo) {
  std::vector<int64_t> walked;
  int64_t row = scope.unit_id;
  for (int64_t at = id;;) {
    if (auto m = memo.find(at); m != memo.end()) {
      row = m->second;
      break;
    }
    walked.push_back(at);
    if (std::find(scope.heads.begin(), scope.heads.end(), at) != scope.heads.end()) {
      row = at;
      break;
    }
    const auto it = rows.units.find(at);
    if (it == rows.units.end() || !it->second.parent_id || at == scope.unit_id ||
        walked.size() > rows.units.size()) {
      break;
    }
    at = *it->second.parent_id;
  }
  for (int64_t w : walked) memo[w] = row;
  return row;
}

}  // namespace

std::optional<double> Counts::percent() const {
  if (population() == 0) return std::nullopt;
  return 100.0 * trained() / population();
}

void Counts::Add(Standing s) {
  switch (s) {
    case Standing::kValid:
      ++valid;
      break;
    case Standing::kDue:
      ++due;
      break;
    case Standing::kOverdue:
      ++overdue;
      break;
    case Standing::kExempt:
      ++exempt;
      break;
    case Standing::kNotStarted:
    case Standing::kInProgress:
      // StandingAsOf answers these only before the grace period ends.
      ++in_grace;
      break;
    case Standing::kNotAssigned:
      break;
  }
}

std::vector<PersonStanding> StandingsOnDay(const DayRows& rows, const ValidityRule& rule,
                                           const Audience& audience) {
  std::vector<PersonStanding> out;
  const LocalDate day = rows.day;
  for (const PersonRows& p : rows.people) {
    const auto site = rows.sites.find(*p.site_id);  // ReadDay keeps only people with a site
    // The facts as CertificationService::StandingsOf gathers them.
    const auto spans = AssignmentSpans(audience, p.placements, p.assignments);
    const auto span = AssignmentOn(spans, day);
    if (!span || day < span->from || (span->until && *span->until < day)) continue;
    Facts facts;
    facts.assigned_from = span->from;
    facts.assigned_until = span->until;
    facts.joined = span->from;
    facts.started = p.started;
    facts.exemptions = p.exemptions;
    for (const auto& c : p.certifications) {
      facts.certifications.push_back({c.completed, c.valid_until, c.revoked_on});
    }
    PersonStanding s;
    s.person = &p;
    s.site_id = site->first;
    s.unit_id = site->second.unit_id;
    s.site_type = site->second.type;
    s.staff_category = p.staff_category;
    s.on = StandingAsOf(rule, facts, day);
    if (s.on.standing == Standing::kNotAssigned) continue;
    out.push_back(std::move(s));
  }
  return out;
}

DayTree TreeOf(const DayRows& rows) {
  DayTree tree;
  tree.children.reserve(rows.units.size());
  for (const auto& [id, u] : rows.units) {
    if (u.state == "active" && u.parent_id) tree.children[*u.parent_id].push_back(id);
  }
  return tree;
}

ScopeOnDay ScopeOf(const DayRows& rows, int64_t unit_id, const std::string& today_path) {
  return ScopeOf(rows, TreeOf(rows), unit_id, today_path);
}

ScopeOnDay ScopeOf(const DayRows& rows, const DayTree& tree, int64_t unit_id,
                   const std::string& today_path) {
  ScopeOnDay scope;
  scope.unit_id = unit_id;
  scope.existed = ActiveOnDay(rows, unit_id);
  static const std::vector<int64_t> kNone;
  const auto children = [&](int64_t id) -> const std::vector<int64_t>& {
    const auto it = tree.children.find(id);
    return it == tree.children.end() ? kNone : it->second;
  };
  std::vector<int64_t> seeds;
  if (scope.existed) {
    seeds.push_back(unit_id);
    scope.heads = children(unit_id);
  } else {
    for (const auto& [id, u] : rows.units) {
      if (u.state != "active") continue;
      const auto now = TodayUnit(rows, id);
      if (now && StartsWith(rows.units.at(*now).today_path, today_path)) seeds.push_back(id);
    }
  }
  // Every unit in scope; its row is filled in below.
  std::unordered_map<int64_t, int64_t>& in_scope = scope.row_of;
  for (std::vector<int64_t> todo = seeds; !todo.empty();) {
    const int64_t id = todo.back();
    todo.pop_back();
    if (!in_scope.emplace(id, 0).second) continue;
    for (int64_t c : children(id)) todo.push_back(c);
  }
  if (!scope.existed) {
    for (int64_t id : seeds) {
      const auto& parent = rows.units.at(id).parent_id;
      if (!parent || in_scope.count(*parent) == 0) scope.heads.push_back(id);
    }
  }
  std::sort(scope.heads.begin(), scope.heads.end(),
            [&](int64_t a, int64_t b) { return rows.units.at(a).name < rows.units.at(b).name; });
  std::unordered_map<int64_t, int64_t> memo;
  memo.reserve(in_scope.size());
  for (auto& [id, row] : in_scope) row = RowOf(rows, scope, id, memo);
  return scope;
}

bool PopulationFilter::Admits(const PersonStanding& p) const {
  return Listed(site_types, p.site_type) && Listed(staff_categories, p.staff_category);
}

int64_t RowOfUnit(const DayRows& rows, const ScopeOnDay& scope, int64_t unit_id) {
  const auto known = scope.row_of.find(unit_id);
  if (known != scope.row_of.end()) return known->second;
  std::unordered_map<int64_t, int64_t> memo;
  return RowOf(rows, scope, unit_id, memo);
}

bool InScope(const DayRows&, const ScopeOnDay& scope, const PersonStanding& p) {
  return scope.row_of.count(p.unit_id) > 0;
}

TrainingFigures Aggregate(const DayRows& rows, const ScopeOnDay& scope,
                          const std::vector<PersonStanding>& standings,
                          const PopulationFilter& filter) {
  TrainingFigures out;
  const auto& row_of = scope.row_of;  // a person is in scope iff their unit is a key
  std::unordered_map<int64_t, Counts> by_row;
  std::vector<TypeRow> by_type;  // a handful of types: a list beats a map
  std::map<int64_t, Counts> by_site;
  bool direct = false;
  for (const auto& p : standings) {
    const auto at = row_of.find(p.unit_id);
    if (at == row_of.end() || !filter.Admits(p)) continue;
    out.total.Add(p.on.standing);
    auto type = std::find_if(by_type.begin(), by_type.end(),
                             [&](const TypeRow& t) { return t.site_type == p.site_type; });
    if (type == by_type.end()) type = by_type.insert(by_type.end(), {p.site_type, {}});
    type->counts.Add(p.on.standing);
    const int64_t row = at->second;
    by_row[row].Add(p.on.standing);
    if (row == scope.unit_id && scope.existed) {
      direct = true;
      by_site[p.site_id].Add(p.on.standing);
    }
  }
  for (int64_t head : scope.heads) out.units.push_back({head, false, by_row[head]});
  if (direct) out.units.push_back({scope.unit_id, true, by_row[scope.unit_id]});
  std::sort(by_type.begin(), by_type.end(),
            [](const TypeRow& a, const TypeRow& b) { return a.site_type < b.site_type; });
  out.types = std::move(by_type);
  for (auto& [site, counts] : by_site) out.sites.push_back({site, counts});
  return out;
}

}  // namespace lophoc::training
