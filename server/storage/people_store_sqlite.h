// SQLite implementation of courses::PeopleStore (schema: migrations/0002).
// Thread-safe: every call takes its own pooled connection; every write runs
// in one transaction together with its audit row. Creation times are the
// `at` of the audit entry, so one clock reading dates both.
#pragma once

#include "courses/people_store.h"
#include "server/storage/database.h"

namespace lophoc::storage {

class SqlitePeopleStore : public courses::PeopleStore {
 public:
  explicit SqlitePeopleStore(Database* db) : db_(db) {}

  Result<courses::OrgUnit> CreateOrgUnit(const courses::OrgUnitFields& f,
                                         const courses::AuditEntry& audit) override;
  Result<courses::OrgUnit> UpdateOrgUnit(const std::string& code, const courses::OrgUnitFields& f,
                                         const courses::AuditEntry& audit) override;
  Result<courses::OrgUnit> FindOrgUnit(const std::string& code) override;
  Result<courses::Page<courses::OrgUnit>> ListOrgUnits(const courses::ListFilter& filter) override;

  Result<courses::Site> CreateSite(const courses::SiteFields& f,
                                   const courses::AuditEntry& audit) override;
  Result<courses::Site> UpdateSite(const std::string& code, const courses::SiteFields& f,
                                   const courses::AuditEntry& audit) override;
  Result<courses::Site> FindSite(const std::string& code) override;
  Result<courses::Page<courses::Site>> ListSites(const courses::ListFilter& filter) override;

  Result<courses::User> CreateUser(const courses::NewUser& u,
                                   const courses::AuditEntry& audit) override;
  Result<courses::User> UpdateUser(int64_t id, const courses::UserFields& f,
                                   const courses::AuditEntry& audit) override;
  Result<courses::User> FindUser(int64_t id) override;
  Result<courses::UserCredentials> FindUserByUsername(const std::string& username) override;
  Result<courses::Page<courses::User>> ListUsers(const courses::ListFilter& filter) override;
  Status SetPassword(int64_t user_id, const std::string& password_hash, bool must_change,
                     const std::string& keep_session_hash,
                     const courses::AuditEntry& audit) override;
  Status RecordLogin(int64_t user_id, const std::string& at) override;
  Result<int64_t> CountActiveAdmins() override;

  Status CreateSession(const courses::SessionRecord& s) override;
  Result<courses::SessionRecord> FindSession(const std::string& id_hash) override;
  Status TouchSession(const std::string& id_hash, const std::string& last_seen_at,
                      const std::string& expires_at) override;
  Status DeleteSession(const std::string& id_hash) override;
  Result<int64_t> DeleteExpiredSessions(const std::string& now) override;

  Result<courses::ApiToken> CreateApiToken(int64_t user_id, const std::string& name,
                                           const std::string& token_hash,
                                           const std::string& created_at,
                                           const courses::AuditEntry& audit) override;
  Result<courses::ApiToken> FindApiToken(const std::string& token_hash) override;
  Result<courses::ApiToken> FindApiTokenById(int64_t id) override;
  Result<std::vector<courses::ApiToken>> ListApiTokens(int64_t user_id) override;
  Status TouchApiToken(int64_t id, const std::string& at) override;
  Status RevokeApiToken(int64_t id, const std::string& at,
                        const courses::AuditEntry& audit) override;

  Status AppendAudit(const courses::AuditEntry& audit) override;
  Result<courses::Page<courses::AuditEntry>> ListAudit(int limit, int64_t offset) override;

  Status RecordVisit(const courses::Visit& v) override;
  Result<std::string> ServerSecret(const std::string& name, const std::string& candidate,
                                   const std::string& created_at) override;

  Result<int64_t> CreateKiosk(int64_t site_id, const std::string& token_hash,
                              const std::string& label, const courses::AuditEntry& audit) override;
  Result<courses::Site> FindKioskSite(const std::string& token_hash) override;
  Status RevokeKiosk(const std::string& token_hash, const courses::AuditEntry& audit) override;

  Status ImportBatch(const courses::PeopleBatch& batch, const courses::AuditEntry& audit) override;

 private:
  Database* db_;  // not owned
};

}  // namespace lophoc::storage
