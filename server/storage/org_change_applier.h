// Applier: one dated change of the org tree (docs/org-history.md) checked
// against today's state (org_units, sites, users and the newest versions),
// then its versions, its org_changes row and the rows of today's state
// written, for SqliteOrgChangeStore::Apply (in its one transaction). The
// shared checks, writes and Record are in org_change_applier.cpp, the unit
// changes in org_change_applier_units.cpp, the site and person changes in
// org_change_applier_sites.cpp. Internal to server/storage; one Applier per
// transaction, not thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "people/org_change_store.h"
#include "server/storage/database.h"

namespace lophoc::storage::org_changes {

using nlohmann::json;
using people::OrgChange;
using people::OrgChangeEffect;
using people::OrgUnit;
using people::Scope;
using people::Site;

// The first and the newest version of a unit or site.
struct History {
  std::string first;
  std::string newest;
  std::string state;
};

class Applier {
 public:
  Applier(Connection& c, const Scope& scope, const people::AuditEntry& audit,
          const std::string& batch)
      : c_(c), scope_(scope), audit_(audit), batch_(batch) {}

  Result<OrgChangeEffect> Apply(const OrgChange& ch);

 private:
  Status Dispatch(const OrgChange& ch, OrgChangeEffect& e);

  // `s` with its reason, field, value and the change's line.
  Status Refuse(Status s, const std::string& reason, const std::string& field,
                const std::string& value) const;

  Status Required(const std::string& field, const std::string& kind) const;

  // A unit of today's tree inside the scope; with `strict`, a manager's own
  // unit is refused too (only what lies below it is theirs to change).
  Result<OrgUnit> UnitIn(const std::string& code, const std::string& field, bool strict = false);

  Result<Site> SiteIn(const std::string& code, const std::string& field);

  Result<History> HistoryOf(const char* table, const char* key, int64_t id);

  // Refused when `day` comes before `code` existed or before its newest version.
  Status Dated(const std::string& day, const History& h, const std::string& code);

  // The unit's history, refused when it is not active or `day` is too early.
  Result<History> ActiveUnit(const OrgUnit& u, const std::string& day, const std::string& field);

  Result<History> OpenSite(const Site& s, const std::string& day, const std::string& field);

  Status Unchanged(const std::string& what) const;

  // Active accounts placed at a site in the subtree at `path`: the people
  // who follow their sites when the subtree moves.
  Result<int64_t> PeopleUnder(const std::string& path);

  Result<int64_t> PeopleAt(int64_t site_id);

  // The version of the unit from `day` (replacing one of the same day).
  Status UnitVersion(const std::string& day, int64_t unit_id, const std::string& name,
                     const std::string& level, std::optional<int64_t> parent_id,
                     const std::string& state, std::optional<int64_t> successor_id);

  Status SiteVersion(const std::string& day, int64_t site_id, const std::string& name,
                     const std::string& type, int64_t unit_id, const std::string& state);

  // Today's state: `unit` (and its subtree) under `parent`.
  Status Reparent(const OrgUnit& unit, const OrgUnit& parent);

  Status MoveSite(const std::string& day, const Site& s, const OrgUnit& to);

  Result<std::vector<OrgUnit>> ChildrenOf(const OrgUnit& u);

  Result<std::vector<Site>> SitesOf(const OrgUnit& u);

  // The changes of units (org_change_applier_units.cpp).

  Status UnitCreate(const OrgChange& ch, OrgChangeEffect& e);

  Status UnitRelabel(const OrgChange& ch, OrgChangeEffect& e);

  // Refused when `target` is `unit` or lies below it.
  Status NotBelow(const OrgUnit& unit, const OrgUnit& target, const std::string& field);

  Status UnitMove(const OrgChange& ch, OrgChangeEffect& e);

  // unit_merge (into `successor`) and unit_dissolve (children and sites to `parent`).
  Status UnitEnd(const OrgChange& ch, OrgChangeEffect& e);

  // The changes of sites and people (org_change_applier_sites.cpp).

  Status SiteTypeOf(const std::string& text, people::SiteType* out);

  Status SiteCreate(const OrgChange& ch, OrgChangeEffect& e);

  Status SiteChange(const OrgChange& ch, OrgChangeEffect& e);

  Status PersonMove(const OrgChange& ch, OrgChangeEffect& e);

  // The org_changes row of the change, and its id on the versions it wrote.
  Result<int64_t> Record(const OrgChange& ch, const OrgChangeEffect& e);

  struct Written {
    const char* table;
    int64_t id;
    std::string day;
  };

  Connection& c_;
  const Scope& scope_;
  const people::AuditEntry& audit_;
  const std::string& batch_;
  int line_ = 0;
  std::set<std::string> seen_;
  json details_ = json::object();
  std::vector<Written> versions_;
};

}  // namespace lophoc::storage::org_changes
