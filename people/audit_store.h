// AuditStore: the audit log, where every change to people data leaves a row.
// Declared by the domain, implemented in server/storage/. Implementations are
// thread-safe.
//
// The other people stores write their own audit row in the same transaction
// as the change it records (they take an AuditEntry); this interface is for
// rows that go with no stored change (a refused action, a CLI event) and for
// reading the log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kernel/status.h"
#include "people/page.h"

namespace lophoc::people {

// One audit log row. Never holds passwords, tokens or session ids.
struct AuditEntry {
  int64_t id = 0;  // set when read back
  std::string at;
  std::optional<int64_t> actor_user_id;  // nullopt: the command line
  std::string actor;                     // username, or "cli"
  std::string action;                    // "user.create", "org_unit.update", ...
  std::string object_type;               // "user", "org_unit", "site", "api_token"
  std::string object_key;                // username, code, or token id
  std::string details_json = "{}";
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Appends one row; IOError when the database cannot be written.
  virtual Status AppendAudit(const AuditEntry& audit) = 0;
  // Rows newest first, `limit` of them from `offset`; total counts every row.
  virtual Result<Page<AuditEntry>> ListAudit(int limit, int64_t offset) = 0;
};

}  // namespace lophoc::people
