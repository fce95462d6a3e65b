// OrgChangeStore: the dated changes of the org tree, its sites and its
// people (migration 0017; docs/org-history.md). Declared by the domain,
// implemented in server/storage/org_change_store_sqlite.cpp. Thread-safe.
//
// A change takes effect on a local day and never rewrites the past: it adds
// a version (org_unit_versions, site_versions, staff_placements) from that
// day, keeps org_units / sites / users (today's state, paths included) in
// step, and records itself in org_changes, all with its audit row in one
// transaction. A list of changes (a reorganisation) is applied in order in
// one transaction, all or nothing; a dry run computes exactly the same
// effects and rolls them back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernel/status.h"
#include "people/audit_store.h"
#include "people/people.h"

namespace lophoc::people {

// One change. Which fields a kind reads (the others are ignored):
//   unit_create   subject (new code), name, level, parent ("" = a root)
//   unit_rename   subject, name
//   unit_move     subject, parent (the new parent)
//   unit_relevel  subject, level
//   unit_merge    subject, successor (children and sites move there)
//   unit_dissolve subject, parent (where its children and sites go; "" when
//                 it has none)
//   site_create   subject (new code), name, site_type, parent (its unit)
//   site_move     subject, parent (the new unit)
//   site_retype   subject, site_type
//   site_rename   subject, name
//   site_close    subject
//   person_move   subject (username), site ("" = keep), staff_category ("" = keep)
struct OrgChange {
  std::string kind;
  std::string effective_on;  // YYYY-MM-DD, not after today
  std::string subject;
  std::string name;
  std::string level;
  std::string parent;
  std::string successor;
  std::string site_type;
  std::string site;
  std::string staff_category;
  int line = 0;  // the CSV line it came from (0: none), named in refusals
};

// What a change moves, as the preview shows it.
struct MovedUnit {
  std::string code;
  std::string from;  // the parent before ("" for a root or a new unit)
  std::string to;    // the parent after
};
struct MovedSite {
  std::string code;
  std::string from;  // its unit before ("" for a new site)
  std::string to;
};
struct OrgChangeEffect {
  OrgChange change;
  int64_t id = 0;  // org_changes.id; 0 in a dry run
  std::vector<MovedUnit> units;
  std::vector<MovedSite> sites;
  int64_t people = 0;  // active accounts whose site or unit moves (or the person moved)
};
struct OrgChangeOutcome {
  bool dry_run = true;
  std::string batch;  // a reorganisation's label; "" for a single change
  std::vector<OrgChangeEffect> changes;
};

// A saved change, as org_changes holds it.
struct OrgChangeRecord {
  int64_t id = 0;
  std::string kind;
  std::string effective_on;
  std::string subject;
  std::string details_json;
  std::string batch;
  std::string created_by;  // username; "cli" when the command line saved it
  std::string created_at;
};

class OrgChangeStore {
 public:
  virtual ~OrgChangeStore() = default;

  // Every row of org_levels, by rank then code.
  virtual Result<std::vector<OrgLevelInfo>> ListOrgLevels() = 0;

  // Applies `changes` in order in one transaction (rolled back when
  // `dry_run`), every unit, site and person they touch lying in `scope`
  // (outside it: NotFound, as if it did not exist). `audit` is the template
  // of the one audit row written (action org_change.apply). Refusals carry
  // reasons (server/http/refusals.cpp) and the change's line as parameter
  // "line": org_not_found, site_not_found, user_not_found, org_change_cycle,
  // org_merge_self, org_change_orphans, org_change_before_history,
  // org_change_before_unit, org_unit_not_active, site_closed, level_invalid,
  // code_taken, org_change_duplicate, org_change_unchanged.
  virtual Result<OrgChangeOutcome> Apply(const std::vector<OrgChange>& changes, const Scope& scope,
                                         const std::string& batch, bool dry_run,
                                         const AuditEntry& audit) = 0;

  // Saved changes whose subject lies in `scope` today (a unit's path, a
  // site's unit's path, a person's unit's path), effective between `from`
  // and `to` (YYYY-MM-DD, "" = open), newest first, at most 500.
  virtual Result<std::vector<OrgChangeRecord>> List(const Scope& scope, const std::string& from,
                                                    const std::string& to) = 0;
};

}  // namespace lophoc::people
