// VisitLog: counts visits for the growth reports without a database write
// per page view. A visit is one browser session (a guest's session cookie,
// or a signed-in account) on one day; Count() adds to it in memory and
// Flush() adds what was counted to the `visits` rows (one per visitor and
// day). The server flushes every 30 seconds (app::Periodic) and on
// shutdown, so a crash loses at most that much of the counts, never other data.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "people/visit_store.h"
#include "kernel/clock.h"

namespace lophoc::app {

class VisitLog {
 public:
  VisitLog(people::VisitStore* store, const Clock* clock) : store_(store), clock_(clock) {}

  // Counts `lesson_views` (may be 0: a visit without a lesson yet) for
  // `visitor` (a stable id of the browsing session or account; hashed before
  // it is stored) today, at `site_id` when known.
  void Count(const std::string& visitor, std::optional<int64_t> user_id,
             std::optional<int64_t> site_id, int lesson_views);
  // Writes what was counted. On failure the counts stay for the next flush.
  Status Flush();
  size_t pending() const;

  // A new id for a guest's visit cookie: random, signed with the server's
  // secret (made once and kept in the database). Empty when the secret cannot
  // be read: then no cookie is given.
  std::string NewVisitorId();
  // True only for a value NewVisitorId made on this database: an invented
  // cookie is no visitor and cannot add rows.
  bool IsVisitorId(const std::string& value);

 private:
  std::string Secret();

  people::VisitStore* store_;
  const Clock* clock_;
  std::mutex secret_mu_;
  std::string secret_;  // loaded on first use
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, people::Visit> pending_;  // (day, key)
};

}  // namespace lophoc::app
