// TargetService: the targets the reports measure against (docs/targets.md):
// admins set them for any unit, managers for units of their subtree
// (today's tree); nobody else. A target is never changed nor deleted: it is
// retired (kept, with the time it was retired). Every write is audited
// (object type "target"). Thread-safe as its stores are.
//
// For the reports (helpers "engine" and "growth"): TargetsFor reads, without
// an actor, the targets in use set on given units:
//   auto t = targets.TargetsFor({unit_id, parent_id, ...},
//                               training::TargetKind::kTrained, "boi-duong-dinh-ky-thu-vien");
// The caller chooses the units: the report's unit and its ancestors (targets
// that apply to it from above), or the units a unit was merged from
// (org_changes; contracts: "a target set for a unit that was later merged is
// still reported against the units that existed on the target's dates").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "courses/programme_store.h"
#include "kernel/clock.h"
#include "kernel/status.h"
#include "people/people.h"
#include "server/app/people_service.h"
#include "training/target_store.h"
#include "training/targets.h"

namespace lophoc::app {

// A target as typed (a form, a JSON body, a CSV row); NFC text.
struct TargetInput {
  std::string kind;  // trained | learners_growth | visits_growth | sites_active
  std::string title;
  std::string source;
  std::string org;                            // org unit code
  std::string programme;                      // slug; 'trained' only
  std::vector<std::string> site_types;        // codes (people/vocabulary.h)
  std::vector<std::string> staff_categories;  // codes
  std::string percent;                        // "70", "70,5", "70%"
  std::string starts_on;                      // YYYY-MM-DD or DD/MM/YYYY
  std::string deadline;                       // idem
  std::string window_days;                    // 'sites_active' only; empty: 90
};

// Which targets a list holds.
struct TargetQuery {
  std::string org;  // org unit code: its subtree; empty: everything the actor sees
  std::optional<training::TargetKind> kind;
  std::string programme;  // slug; empty: any
  bool include_retired = false;
};

// A row of a CSV import refused, and why (line-numbered).
struct TargetImportRefusal {
  size_t line = 0;  // physical line of the record, 1-based
  Status why;       // its reason and field; parameter "line"
};
struct TargetImportReport {
  size_t rows = 0;                           // records in the file
  std::vector<TargetImportRefusal> refused;  // every problem, in line order
  size_t created = 0;                        // 0 on a dry run or when one is refused
};

// The CSV columns of a targets file, in the order written (docs/targets.md).
const std::vector<std::string>& TargetCsvColumns();
// Site types or staff categories as a CSV cell writes them: "a|b" (spaces
// and empty items ignored).
std::vector<std::string> SplitCodes(std::string_view cell);

class TargetService {
 public:
  // REQUIRES: every pointer outlives this object.
  TargetService(training::TargetStore* store, courses::ProgrammeStore* programmes,
                PeopleService* people, const Clock* clock)
      : store_(store), programmes_(programmes), people_(people), clock_(clock) {}

  // Stores a target. PermissionDenied (targets_not_allowed) for actors
  // neither admin nor manager; NotFound (org_not_found, field "org") for a
  // unit that does not exist or lies outside a manager's subtree; NotFound
  // (programme_not_found); InvalidArgument: field_required (org, percent,
  // starts_on, deadline), target_kind_invalid, date_invalid / date_ambiguous,
  // and every refusal of training::TargetProblems. When `problems` is given
  // and the input is refused, it receives every problem found (a form lists
  // them all at once); the result is the first.
  Result<training::Target> Create(const Actor& a, const TargetInput& in,
                                  std::vector<Status>* problems = nullptr);
  // Admins any target; managers those of their subtree; NotFound
  // (target_not_found) for others' targets; PermissionDenied
  // (targets_not_allowed) for other roles.
  Result<training::Target> Get(const Actor& a, int64_t id);
  // Targets within the actor's scope (and q.org's subtree), ordered by the
  // unit's path, then deadline. Same refusals; NotFound (org_not_found).
  Result<std::vector<training::Target>> List(const Actor& a, const TargetQuery& q);
  // Retires target `id` (Get's refusals); Conflict (target_retired_already).
  Result<training::Target> Retire(const Actor& a, int64_t id);

  // Creates every target of a CSV file (TargetCsvColumns; the header names
  // the columns, in any order; kind, title, org, percent, starts_on and
  // deadline required) in one transaction, or none: every bad row is
  // reported with its line, and nothing is stored when one is. `dry_run`:
  // checks only. Errors (not per row): PermissionDenied as Create; the CSV
  // reader's refusals and csv_column_unknown / csv_column_missing.
  Result<TargetImportReport> Import(const Actor& a, std::string_view csv, bool dry_run);

  // For the reports: the targets in use (not retired) set on exactly the
  // units `unit_ids`, of `kind` when given and of programme `programme`
  // when not empty, ordered by the unit's path, then deadline. No actor: the
  // caller has checked what the report's reader may see.
  Result<std::vector<training::Target>> TargetsFor(
      const std::vector<int64_t>& unit_ids, std::optional<training::TargetKind> kind = std::nullopt,
      const std::string& programme = "");

 private:
  // PermissionDenied unless admin or manager.
  Status MayUse(const Actor& a) const;
  // Every problem of `in`; fills `out` as far as it could be read.
  std::vector<Status> Problems(const Actor& a, const TargetInput& in, training::Target* out);
  training::ChangedBy By(const Actor& a) const;

  training::TargetStore* store_;
  courses::ProgrammeStore* programmes_;
  PeopleService* people_;
  const Clock* clock_;
};

}  // namespace lophoc::app
