// VisitStore: the daily visit counts behind the growth reports, and the
// server secret that keys the visitor hashes they are counted under.
// Declared by the domain, implemented in server/storage/. Implementations
// are thread-safe. Errors: IOError/Unavailable when the database fails.
//
// The secret lives here rather than in an interface of its own: its one
// reader is the visit log, and a visitor key means something only as long
// as the secret that made it, so both are kept (and moved, or lost) together.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kernel/status.h"

namespace lophoc::people {

struct Visit {
  std::string day;  // YYYY-MM-DD
  std::optional<int64_t> site_id;
  std::optional<int64_t> user_id;
  std::string visitor_key;  // a hash, never a raw identifier
  int lesson_views = 0;     // added to the day's count
};

class VisitStore {
 public:
  virtual ~VisitStore() = default;

  // Adds a visit's lesson views to (day, visitor_key), creating the row; a
  // site or account already on the row is kept.
  virtual Status RecordVisit(const Visit& v) = 0;

  // The server's secret called `name`, stored as `candidate` (made at
  // `created_at`) when there is none yet; the first one stored wins, so
  // concurrent callers and later starts all get the same value.
  virtual Result<std::string> ServerSecret(const std::string& name, const std::string& candidate,
                                           const std::string& created_at) = 0;
};

}  // namespace lophoc::people
