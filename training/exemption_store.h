// ExemptionStore: where exemptions live (migration 0014): a person out of a
// programme's denominator (or every programme's) for a while, with a reason.
// Declared by the domain, implemented in server/storage/. Implementations are
// thread-safe; a write is one transaction with its audit row. Nothing is
// deleted: ending an exemption early records the day it ended.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"
#include "training/certification_store.h"

namespace lophoc::training {

struct ExemptionRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string programme;  // slug; empty: every programme
  std::string reason;
  LocalDate starts_on;
  LocalDate ends_on;                  // the last exempt day as planned
  std::optional<LocalDate> ended_on;  // ended early: the last exempt day
  std::optional<int64_t> created_by;  // nullopt: the command line
  std::string created_at;             // UTC ISO 8601
  std::optional<int64_t> ended_by;
  std::string ended_at;  // empty while it runs as planned
  // Read with the record, for lists.
  std::string username;
  std::string display_name;
  std::string org_path;

  // The last exempt day: ended_on when ended early, else ends_on.
  LocalDate last_day() const { return ended_on.value_or(ends_on); }
  // Whether `day` lies in it (both ends included).
  bool Covers(LocalDate day) const { return starts_on <= day && day <= last_day(); }
  // The exemption as the rules see it (cycles.h). A cancelled one (ended the
  // day before it started) covers no day: nullopt.
  std::optional<Exemption> AsRule() const {
    if (last_day() < starts_on) return std::nullopt;
    return Exemption{starts_on, last_day()};
  }
};

// Which exemptions a list holds.
struct ExemptionFilter {
  bool everything = false;  // else only accounts whose org path starts with `path`
  std::string path;
  std::optional<int64_t> user_id;
  std::optional<LocalDate> active_on;  // only those covering this day
  int limit = 500;
};

class ExemptionStore {
 public:
  virtual ~ExemptionStore() = default;

  // Stores `e` (id and created_at set here). NotFound (programme_not_found).
  virtual Result<ExemptionRecord> CreateExemption(const ExemptionRecord& e,
                                                  const ChangedBy& by) = 0;
  // NotFound (exemption_not_found).
  virtual Result<ExemptionRecord> FindExemption(int64_t id) = 0;
  // The user's exemptions, oldest first.
  virtual Result<std::vector<ExemptionRecord>> ExemptionsOf(int64_t user_id) = 0;
  // Newest first.
  virtual Result<std::vector<ExemptionRecord>> ListExemptions(const ExemptionFilter& f) = 0;
  // Ends exemption `id` early: `on` is its new last day. Conflict
  // (exemption_ended_already) when it was ended before.
  virtual Result<ExemptionRecord> EndExemption(int64_t id, LocalDate on, const ChangedBy& by) = 0;
};

}  // namespace lophoc::training
