// OrgChangeService: the dated changes of the org tree, its sites and its
// people (docs/org-history.md), one at a time or as a reorganisation read
// from CSV, each previewed by a dry run that computes exactly what saving
// would do. Who may: admins anywhere; managers inside their subtree only
// (both ends of a move or merge; their own unit is not theirs to change).
// Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kernel/clock.h"
#include "kernel/status.h"
#include "people/directory_store.h"
#include "people/org_change_store.h"
#include "people/people.h"

namespace lophoc::app {

using people::Actor;

// The kinds of org_changes, in the order forms and documents list them.
const std::vector<std::string>& OrgChangeKinds();

class OrgChangeService {
 public:
  OrgChangeService(people::OrgChangeStore* store, people::DirectoryStore* directory,
                   const Clock* clock);

  // The levels of the tree (org_levels), by rank. Anyone may read them.
  Result<std::vector<people::OrgLevelInfo>> Levels();

  // Applies `changes` (one, or a reorganisation labelled `batch`) in one
  // transaction, or only computes their effects when `dry_run`. Each
  // change's effective_on may be written YYYY-MM-DD or DD/MM/YYYY and must
  // not be after today (org_change_date_invalid, org_change_in_future);
  // kind unknown: org_change_kind_invalid; the store's refusals otherwise
  // (people/org_change_store.h). PermissionDenied (no_write_scope) for
  // anyone but admins and managers with a unit.
  Result<people::OrgChangeOutcome> Apply(const Actor& a, std::vector<people::OrgChange> changes,
                                         const std::string& batch, bool dry_run);

  // A reorganisation from CSV (columns: docs/org-history.md), applied as
  // Apply does, its refusals naming the CSV line. csv_* reasons for a file
  // that is not CSV, org_change_csv_column for a missing or unknown column.
  Result<people::OrgChangeOutcome> ImportCsv(const Actor& a, std::string_view csv,
                                             const std::string& batch, bool dry_run);

  // Saved changes in the actor's read scope (or the subtree of `org`, an
  // org unit code), effective between `from` and `to` (either form of day,
  // "" for open ends). NotFound (org_not_found) for `org` outside the scope.
  Result<std::vector<people::OrgChangeRecord>> List(const Actor& a, const std::string& org,
                                                    const std::string& from, const std::string& to);

 private:
  people::AuditEntry Audit(const Actor& a, const std::string& key) const;

  people::OrgChangeStore* store_;
  people::DirectoryStore* directory_;
  const Clock* clock_;
};

}  // namespace lophoc::app
