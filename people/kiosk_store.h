// KioskStore: browsers registered as a site's public computer, keyed by the
// hash of their cookie. Declared by the domain, implemented in
// server/storage/. Implementations are thread-safe.
// Errors besides those named: IOError/Unavailable when the database fails.
#pragma once

#include <cstdint>
#include <string>

#include "kernel/status.h"
#include "people/audit_store.h"
#include "people/people.h"

namespace lophoc::people {

class KioskStore {
 public:
  virtual ~KioskStore() = default;

  // Registers a kiosk at site `site_id` and returns its id; the audit row
  // (object_key set to that id) is written in the same transaction.
  virtual Result<int64_t> CreateKiosk(int64_t site_id, const std::string& token_hash,
                                      const std::string& label, const AuditEntry& audit) = 0;
  // The kiosk's site; NotFound when unknown, revoked, or the site is no
  // longer a kiosk site.
  virtual Result<Site> FindKioskSite(const std::string& token_hash) = 0;
  // NotFound when unknown or already revoked.
  virtual Status RevokeKiosk(const std::string& token_hash, const AuditEntry& audit) = 0;
};

}  // namespace lophoc::people
