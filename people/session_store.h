// SessionStore: the ways a signed-in person comes back, browser sessions and
// personal API tokens, each kept only as the hash of its secret. Declared by
// the domain, implemented in server/storage/. Implementations are thread-safe.
// Errors besides those named: IOError/Unavailable when the database fails.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernel/status.h"
#include "people/audit_store.h"

namespace lophoc::people {

struct SessionRecord {
  std::string id_hash;  // hex SHA-256 of the session id
  int64_t user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string created_at;
  std::string last_used_at;  // empty: never
  std::string revoked_at;    // empty: valid
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // Sessions, keyed by the hash of their id. Touch and Delete of an unknown
  // session do nothing; DeleteExpiredSessions returns how many it deleted.
  virtual Status CreateSession(const SessionRecord& s) = 0;
  virtual Result<SessionRecord> FindSession(const std::string& id_hash) = 0;  // NotFound
  virtual Status TouchSession(const std::string& id_hash, const std::string& last_seen_at,
                              const std::string& expires_at) = 0;
  virtual Status DeleteSession(const std::string& id_hash) = 0;
  virtual Result<int64_t> DeleteExpiredSessions(const std::string& now) = 0;
  // Sessions that have not expired at `now` (for metrics).
  virtual Result<int64_t> CountActiveSessions(const std::string& now) = 0;

  // API tokens, keyed by the hash of the token. Create and Revoke write their
  // audit row in the same transaction (Create sets its object_key to the new
  // id); Revoke: NotFound when unknown or already revoked. Lists by id.
  virtual Result<ApiToken> CreateApiToken(int64_t user_id, const std::string& name,
                                          const std::string& token_hash,
                                          const std::string& created_at,
                                          const AuditEntry& audit) = 0;
  virtual Result<ApiToken> FindApiToken(const std::string& token_hash) = 0;  // NotFound
  virtual Result<ApiToken> FindApiTokenById(int64_t id) = 0;                 // NotFound
  virtual Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) = 0;
  virtual Status TouchApiToken(int64_t id, const std::string& at) = 0;
  virtual Status RevokeApiToken(int64_t id, const std::string& at, const AuditEntry& audit) = 0;
};

}  // namespace lophoc::people
