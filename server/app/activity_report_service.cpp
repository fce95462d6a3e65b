#include "server/app/activity_report_service.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace lophoc::app {
namespace {

using training::UnitNow;

double Round1(double x) { return std::round(x * 10.0) / 10.0; }

// Today's tree, with every unit's chain: the unit followed through its
// successors while merged, then its parent (followed the same way), up to a
// root. A scope of id 0 is the whole country.
class Tree {
 public:
  explicit Tree(std::vector<UnitNow> units) {
    for (auto& u : units) by_id_[u.id] = std::move(u);
  }

  const UnitNow* Find(int64_t id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &it->second;
  }

  // `id` followed through its successors while merged (a cycle stops it).
  int64_t Resolve(int64_t id) const {
    for (int guard = 0; guard < 64; ++guard) {
      const UnitNow* u = Find(id);
      if (u == nullptr || u->state != "merged" || !u->successor_id) return id;
      id = *u->successor_id;
    }
    return id;
  }

  const std::vector<int64_t>& Chain(int64_t id) const {
    auto it = chains_.find(id);
    if (it != chains_.end()) return it->second;
    std::vector<int64_t> chain;
    std::set<int64_t> seen;
    std::optional<int64_t> at = Resolve(id);
    while (at && seen.insert(*at).second) {
      chain.push_back(*at);
      const UnitNow* u = Find(*at);
      if (u == nullptr || !u->parent_id) break;
      at = Resolve(*u->parent_id);
    }
    return chains_.emplace(id, std::move(chain)).first->second;
  }

  // Where a unit `id` falls for scope `scope`: nullopt outside it; 0 directly
  // on the scope's unit; else the child of the scope the chain passes through.
  std::optional<int64_t> ChildOf(int64_t scope, int64_t id) const {
    const auto& chain = Chain(id);
    if (chain.empty()) return std::nullopt;
    if (scope == 0) return chain.back();
    for (size_t i = 0; i < chain.size(); ++i) {
      if (chain[i] == scope) return i == 0 ? 0 : chain[i - 1];
    }
    return std::nullopt;
  }

  std::vector<const UnitNow*> Children(int64_t scope) const {
    std::vector<const UnitNow*> out;
    for (const auto& [id, u] : by_id_) {
      if (u.state == "merged") continue;  // its activity counts for its successor
      if (scope == 0 ? !u.parent_id : (u.parent_id && *u.parent_id == scope)) out.push_back(&u);
    }
    std::sort(out.begin(), out.end(),
              [](const UnitNow* a, const UnitNow* b) { return a->code < b->code; });
    return out;
  }

  std::vector<int64_t> Roots() const {
    std::vector<int64_t> out;
    for (const auto& [id, u] : by_id_) {
      if (!u.parent_id && u.state != "merged") out.push_back(id);
    }
    return out;
  }

 private:
  std::map<int64_t, UnitNow> by_id_;
  mutable std::map<int64_t, std::vector<int64_t>> chains_;
};

// The target of `kind` for unit `unit` (0: the country) covering the days
// `from`..`to`: the one set for the nearest unit on its chain (itself first),
// then the newest.
std::optional<ActivityTargetRef> TargetFor(const std::vector<training::ActivityTarget>& targets,
                                           const Tree& tree, const std::string& kind, int64_t unit,
                                           const std::string& from, const std::string& to) {
  std::vector<int64_t> chain;
  if (unit == 0) {
    chain = tree.Roots();
  } else {
    chain = tree.Chain(unit);
  }
  const training::ActivityTarget* best = nullptr;
  size_t best_depth = 0;
  for (const auto& t : targets) {
    if (t.kind != kind || t.starts_on > to || t.deadline < from) continue;
    const int64_t at = tree.Resolve(t.org_unit_id);
    auto it = std::find(chain.begin(), chain.end(), at);
    if (it == chain.end()) continue;
    const size_t depth = static_cast<size_t>(it - chain.begin());
    if (best == nullptr || depth < best_depth || (depth == best_depth && t.id > best->id)) {
      best = &t;
      best_depth = depth;
    }
  }
  if (best == nullptr) return std::nullopt;
  return ActivityTargetRef{best->percent, best->title, best->source};
}

std::optional<double> Change(int64_t before, int64_t now) {
  if (before <= 0) return std::nullopt;
  return Round1((static_cast<double>(now) - static_cast<double>(before)) * 100.0 /
                static_cast<double>(before));
}

}  // namespace

namespace {

// The unit a report is about: its id (0: the whole country) and name.
struct Resolved {
  int64_t id = 0;
  ReportScope scope;
};

Result<Resolved> ResolveScope(PeopleService* people, const Tree& tree, const people::Actor& a,
                              const std::string& org) {
  if (!a.Has(people::Role::kManager) && !a.Has(people::Role::kAdmin)) {
    return Status::PermissionDenied("the activity reports are for managers and admins")
        .WithReason("activity_report_managers_only");
  }
  Resolved r;
  if (!org.empty()) {
    LOPHOC_ASSIGN_OR_RETURN(people::OrgUnit unit, people->GetOrgUnit(a, org));
    r.id = unit.id;
  } else if (a.Has(people::Role::kAdmin)) {
    const auto roots = tree.Roots();
    if (roots.size() == 1) r.id = roots.front();
  } else if (a.org_unit_id) {
    r.id = *a.org_unit_id;
  } else {
    return Status::PermissionDenied("the activity reports are for managers of an org unit")
        .WithReason("activity_report_managers_only");
  }
  if (const UnitNow* u = tree.Find(r.id)) r.scope = {u->code, u->name};
  return r;
}

}  // namespace

Result<GrowthReport> ActivityReportService::Growth(const people::Actor& a, const std::string& org,
                                                   std::optional<int> to, std::optional<int> from) {
  LOPHOC_ASSIGN_OR_RETURN(auto units, store_->Units());
  const Tree tree(std::move(units));
  LOPHOC_ASSIGN_OR_RETURN(Resolved scope, ResolveScope(people_, tree, a, org));
  const LocalDate today = Today();
  const int last = to.value_or(today.year);
  const int first = from.value_or(last - kDefaultYears + 1);
  if (last > today.year || last < 2000 || first > last || first < 2000 ||
      last - first + 1 > kMaxYears) {
    return Status::InvalidArgument(
               "year must be from 2000 to the current year, and from= at most 9 years before it")
        .WithReason("growth_years_invalid")
        .WithField("year")
        .WithParam("max", std::to_string(today.year));
  }
  LOPHOC_ASSIGN_OR_RETURN(auto targets, store_->Targets());

  GrowthReport report;
  report.scope = scope.scope;
  report.from = first;
  report.to = last;
  report.today = FormatIsoDate(today);

  // (row key, year) -> counts; row keys: "" total, "u<id>" a child unit, "s<id>" a site.
  struct Counts {
    int64_t learners = 0;
    int64_t visits = 0;
  };
  std::map<std::string, std::map<int, Counts>> counts;
  std::map<int64_t, training::SitePlacedOn> site_info;
  // Site rows: the years each site was in scope (a change needs both years).
  std::map<std::string, std::set<int>> in_scope;  // the newest day the site was in scope
  // Activity with no known site counts only for the whole country.
  const auto roots = tree.Roots();
  const bool national = scope.id == 0 || (roots.size() == 1 && roots.front() == scope.id);
  for (int year = first - 1; year <= last; ++year) {
    const std::string jan1 = FormatIsoDate(*MakeDate(year, 1, 1));
    const std::string day =
        year == today.year ? FormatIsoDate(today) : FormatIsoDate(*MakeDate(year, 12, 31));
    LOPHOC_ASSIGN_OR_RETURN(auto sites, store_->SitesOn(day));
    LOPHOC_ASSIGN_OR_RETURN(auto visits, store_->VisitsBySite(jan1, day));
    LOPHOC_ASSIGN_OR_RETURN(auto learners, store_->LearnersBySite(year));
    for (const auto& s : sites) {
      const auto child = tree.ChildOf(scope.id, s.unit_id);
      if (!child) continue;
      const Counts c{learners.count(s.site_id) ? learners[s.site_id] : 0,
                     visits.count(s.site_id) ? visits[s.site_id] : 0};
      counts[""][year].learners += c.learners;
      counts[""][year].visits += c.visits;
      if (*child != 0) {
        auto& u = counts["u" + std::to_string(*child)][year];
        u.learners += c.learners;
        u.visits += c.visits;
      }
      in_scope["s" + std::to_string(s.site_id)].insert(year);
      auto& one = counts["s" + std::to_string(s.site_id)][year];
      one.learners += c.learners;
      one.visits += c.visits;
      if (year >= first) site_info[s.site_id] = s;
    }
    if (national) {
      counts[""][year].learners += learners.count(0) ? learners[0] : 0;
      counts[""][year].visits += visits.count(0) ? visits[0] : 0;
    }
  }

  auto make_row = [&](const std::string& key, int64_t target_unit, bool with_targets) {
    GrowthRow row;
    auto& by_year = counts[key];
    for (int year = first; year <= last; ++year) {
      GrowthYear y;
      y.year = year;
      y.learners = by_year[year].learners;
      y.visits = by_year[year].visits;
      const bool comparable =
          !with_targets ? in_scope[key].count(year) > 0 && in_scope[key].count(year - 1) > 0 : true;
      if (comparable) {
        y.learners_change = Change(by_year[year - 1].learners, y.learners);
        y.visits_change = Change(by_year[year - 1].visits, y.visits);
      }
      if (with_targets) {
        const std::string jan1 = FormatIsoDate(*MakeDate(year, 1, 1));
        const std::string dec31 = FormatIsoDate(*MakeDate(year, 12, 31));
        y.learners_target = TargetFor(targets, tree, "learners_growth", target_unit, jan1, dec31);
        y.visits_target = TargetFor(targets, tree, "visits_growth", target_unit, jan1, dec31);
        if (y.learners_target && y.learners_change) {
          y.learners_behind = *y.learners_change < y.learners_target->percent;
        }
        if (y.visits_target && y.visits_change) {
          y.visits_behind = *y.visits_change < y.visits_target->percent;
        }
      }
      row.years.push_back(y);
    }
    return row;
  };

  report.total = make_row("", scope.id, true);
  report.total.code = scope.scope.code;
  report.total.name = scope.scope.name;
  for (const UnitNow* u : tree.Children(scope.id)) {
    // A unit dissolved since is shown while it has numbers in the range.
    if (u->state != "active" && counts.count("u" + std::to_string(u->id)) == 0) continue;
    GrowthRow row = make_row("u" + std::to_string(u->id), u->id, true);
    row.code = u->code;
    row.name = u->name;
    report.units.push_back(std::move(row));
  }
  for (const auto& [id, s] : site_info) {
    GrowthRow row = make_row("s" + std::to_string(id), 0, false);
    row.code = s.code;
    row.name = s.name;
    row.site_type = s.type;
    report.sites.push_back(std::move(row));
  }
  std::sort(report.sites.begin(), report.sites.end(),
            [](const GrowthRow& a, const GrowthRow& b) { return a.code < b.code; });
  return report;
}

Result<SitesReport> ActivityReportService::Sites(const people::Actor& a, const std::string& org,
                                                 std::optional<int> days,
                                                 std::optional<LocalDate> as_of) {
  LOPHOC_ASSIGN_OR_RETURN(auto units, store_->Units());
  const Tree tree(std::move(units));
  LOPHOC_ASSIGN_OR_RETURN(Resolved scope, ResolveScope(people_, tree, a, org));
  const int window = days.value_or(kDefaultDays);
  if (window < 1 || window > kMaxDays) {
    return Status::InvalidArgument("days must be a number of days from 1 to 3650")
        .WithReason("sites_days_invalid")
        .WithField("days")
        .WithParam("max", std::to_string(kMaxDays));
  }
  const LocalDate today = Today();
  const LocalDate on = as_of.value_or(today);
  if (on > today) {
    return Status::InvalidArgument("as_of is in the future")
        .WithReason("activity_as_of_future")
        .WithField("as_of")
        .WithParam("value", FormatIsoDate(on));
  }
  const std::string day = FormatIsoDate(on);
  const std::string from = FormatIsoDate(AddDays(on, -(window - 1)));
  LOPHOC_ASSIGN_OR_RETURN(auto sites, store_->SitesOn(day));
  LOPHOC_ASSIGN_OR_RETURN(auto active, store_->LessonDaysBySite(from, day));
  LOPHOC_ASSIGN_OR_RETURN(auto targets, store_->Targets());

  SitesReport report;
  report.scope = scope.scope;
  report.as_of = day;
  report.days = window;
  report.window_from = from;
  std::map<int64_t, SitesRow> by_child;
  for (const UnitNow* u : tree.Children(scope.id)) {
    SitesRow& row = by_child[u->id];
    row.code = u->code;
    row.name = u->name;
  }
  for (const auto& s : sites) {
    if (!s.open) continue;
    const auto child = tree.ChildOf(scope.id, s.unit_id);
    if (!child) continue;
    const bool is_active = active.count(s.site_id) > 0;
    report.total.open += 1;
    report.total.active += is_active ? 1 : 0;
    if (*child != 0) {
      SitesRow& row = by_child[*child];
      if (row.code.empty()) {
        if (const UnitNow* u = tree.Find(*child)) row.code = u->code, row.name = u->name;
      }
      row.open += 1;
      row.active += is_active ? 1 : 0;
    }
    if (!is_active) {
      InactiveSite i;
      i.code = s.code;
      i.name = s.name;
      i.type = s.type;
      if (const UnitNow* u = tree.Find(s.unit_id)) i.unit_code = u->code, i.unit_name = u->name;
      LOPHOC_ASSIGN_OR_RETURN(i.last_activity, store_->LastLessonDay(s.site_id, day));
      report.inactive.push_back(std::move(i));
    }
  }
  auto finish = [&](SitesRow& row, int64_t unit) {
    if (row.open > 0) {
      row.percent = Round1(static_cast<double>(row.active) * 100.0 / static_cast<double>(row.open));
    }
    row.target = TargetFor(targets, tree, "sites_active", unit, day, day);
    if (row.target && row.percent) row.behind = *row.percent < row.target->percent;
  };
  report.total.code = scope.scope.code;
  report.total.name = scope.scope.name;
  finish(report.total, scope.id);
  for (auto& [id, row] : by_child) {
    const UnitNow* u = tree.Find(id);
    if (u != nullptr && u->state != "active" && row.open == 0) continue;
    finish(row, id);
    report.units.push_back(std::move(row));
  }
  std::sort(report.units.begin(), report.units.end(),
            [](const SitesRow& a, const SitesRow& b) { return a.code < b.code; });
  return report;
}

}  // namespace lophoc::app
