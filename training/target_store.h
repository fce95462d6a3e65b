// TargetStore: where targets live (migration 0018, table `targets`).
// Declared by the domain, implemented in server/storage/. Implementations
// are thread-safe; every write is one transaction with its audit row
// (object type "target", actions target.create and target.retire). Nothing
// is deleted: a target taken out of use keeps its row with retired_at.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/status.h"
#include "training/certification_store.h"
#include "training/targets.h"

namespace lophoc::training {

// Which targets a list holds. The scope is either `unit_ids` (targets set on
// exactly these units) when not empty, or else every unit whose path starts
// with `path` (`everything`: any unit).
struct TargetFilter {
  bool everything = false;
  std::string path;               // "/1/7/": that unit's subtree (today's tree)
  std::vector<int64_t> unit_ids;  // when set: these units only, `path` ignored
  std::optional<TargetKind> kind;
  std::string programme;  // slug; empty: any
  bool include_retired = false;
  int limit = 1000;
};

class TargetStore {
 public:
  virtual ~TargetStore() = default;

  // Stores every target of `targets` (ids, created_by and created_at set
  // here from `by`) in one transaction, each with its audit row; all or
  // nothing. NotFound (programme_not_found, field "programme"; org_not_found,
  // field "org") with parameter "index" (0-based position in `targets`).
  // REQUIRES: CheckTarget(t) is OK for each.
  virtual Result<std::vector<Target>> CreateTargets(const std::vector<Target>& targets,
                                                    const ChangedBy& by) = 0;
  // NotFound (target_not_found).
  virtual Result<Target> FindTarget(int64_t id) = 0;
  // Ordered by the unit's path, then deadline, then id.
  virtual Result<std::vector<Target>> ListTargets(const TargetFilter& f) = 0;
  // Sets retired_at (by.at). NotFound (target_not_found); Conflict
  // (target_retired_already).
  virtual Result<Target> RetireTarget(int64_t id, const ChangedBy& by) = 0;
};

}  // namespace lophoc::training
