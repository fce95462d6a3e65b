// SQLite implementations of the people stores (people/people_store.h;
// schema: migrations/0002). Build them through storage::OpenStores
// (server/storage/stores.h) rather than by hand.
//
// Thread-safe: every call takes its own pooled connection; every write runs
// in one transaction together with its audit row. Creation times are the
// `at` of the audit entry, so one clock reading dates both.
#pragma once

#include "people/people_store.h"
#include "server/storage/database.h"

namespace lophoc::storage {

// people_store_sqlite_directory.cpp (org units, sites) and
// people_store_sqlite_accounts.cpp (accounts, credentials, import).
class SqliteDirectoryStore : public people::DirectoryStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<people::OrgUnit> CreateOrgUnit(const people::OrgUnitFields& f,
                                         const people::AuditEntry& audit) override;
  Result<people::OrgUnit> UpdateOrgUnit(const std::string& code, const people::OrgUnitFields& f,
                                         const people::AuditEntry& audit) override;
  Result<people::OrgUnit> FindOrgUnit(const std::string& code) override;
  Result<std::vector<people::OrgLevelInfo>> ListOrgLevels() override;
  Result<people::Page<people::OrgUnit>> ListOrgUnits(const people::ListFilter& filter) override;

  Result<people::Site> CreateSite(const people::SiteFields& f,
                                   const people::AuditEntry& audit) override;
  Result<people::Site> UpdateSite(const std::string& code, const people::SiteFields& f,
                                   const people::AuditEntry& audit) override;
  Result<people::Site> FindSite(const std::string& code) override;
  Result<people::Page<people::Site>> ListSites(const people::ListFilter& filter) override;

  Result<people::User> CreateUser(const people::NewUser& u,
                                   const people::AuditEntry& audit) override;
  Result<people::User> UpdateUser(int64_t id, const people::UserFields& f,
                                   const people::AuditEntry& audit) override;
  Result<people::User> FindUser(int64_t id) override;
  Result<people::UserCredentials> FindUserByUsername(const std::string& username) override;
  Result<people::UserCredentials> FindUserByPhone(const std::string& number) override;
  Result<std::vector<people::PhoneClaim>> ListPhoneCollisions() override;
  Result<people::Page<people::User>> ListUsers(const people::ListFilter& filter) override;
  Status SetPassword(int64_t user_id, const std::string& password_hash, bool must_change,
                     const std::string& keep_session_hash,
                     const people::AuditEntry& audit) override;
  Status SetContact(int64_t user_id, const std::string& email, const std::string& language,
                    const people::AuditEntry& audit) override;
  Status RecordLogin(int64_t user_id, const std::string& at) override;
  Status UpgradePasswordHash(int64_t user_id, const std::string& old_hash,
                             const std::string& new_hash) override;
  Result<int64_t> CountActiveAdmins() override;

  Status ImportBatch(const people::PeopleBatch& batch, const people::AuditEntry& audit) override;
};

// people_store_sqlite_sessions.cpp
class SqliteSessionStore : public people::SessionStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Status CreateSession(const people::SessionRecord& s) override;
  Result<people::SessionRecord> FindSession(const std::string& id_hash) override;
  Status TouchSession(const std::string& id_hash, const std::string& last_seen_at,
                      const std::string& expires_at) override;
  Status DeleteSession(const std::string& id_hash) override;
  Result<int64_t> DeleteExpiredSessions(const std::string& now) override;
  Result<int64_t> CountActiveSessions(const std::string& now) override;

  Result<people::ApiToken> CreateApiToken(int64_t user_id, const std::string& name,
                                           const std::string& token_hash,
                                           const std::string& created_at,
                                           const people::AuditEntry& audit) override;
  Result<people::ApiToken> FindApiToken(const std::string& token_hash) override;
  Result<people::ApiToken> FindApiTokenById(int64_t id) override;
  Result<std::vector<people::ApiToken>> ListApiTokens(int64_t user_id) override;
  Status TouchApiToken(int64_t id, const std::string& at) override;
  Status RevokeApiToken(int64_t id, const std::string& at,
                        const people::AuditEntry& audit) override;
};

// people_store_sqlite_kiosks.cpp
class SqliteKioskStore : public people::KioskStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<int64_t> CreateKiosk(int64_t site_id, const std::string& token_hash,
                              const std::string& label, const people::AuditEntry& audit) override;
  Result<people::Site> FindKioskSite(const std::string& token_hash) override;
  Status RevokeKiosk(const std::string& token_hash, const people::AuditEntry& audit) override;
};

// people_store_sqlite_logs.cpp, with SqliteVisitStore.
class SqliteAuditStore : public people::AuditStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Status AppendAudit(const people::AuditEntry& audit) override;
  Result<people::Page<people::AuditEntry>> ListAudit(int limit, int64_t offset) override;
};

class SqliteVisitStore : public people::VisitStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Status RecordVisit(const people::Visit& v) override;
  Result<std::string> ServerSecret(const std::string& name, const std::string& candidate,
                                   const std::string& created_at) override;
};

}  // namespace lophoc::storage
