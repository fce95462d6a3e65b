// PeopleStore: where the org tree, sites, accounts, sessions, API tokens,
// the audit log and visits live. Declared by the domain, implemented in
// server/storage/. Implementations are thread-safe.
//
// The store enforces what the database must never hold whatever the caller
// does: unique codes and usernames, existing references, an org tree without
// cycles, and every change together with its audit row (one transaction).
// Who may do what (the scope rule) is the caller's job: see people/people.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "people/people.h"
#include "kernel/status.h"

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

struct OrgUnitFields {
  std::string code;
  std::string name;
  OrgLevel level = OrgLevel::kProvince;
  std::string parent_code;  // empty: a root
};

struct SiteFields {
  std::string code;
  std::string name;
  SiteType type = SiteType::kCommuneLibrary;
  std::string org_code;
  bool kiosk = false;
};

struct UserFields {
  std::string display_name;
  std::optional<std::string> phone;
  std::vector<Role> roles;
  std::string org_code;   // empty: none
  std::string site_code;  // empty: none
  std::string staff_category;  // empty: none
  bool active = true;
};

struct NewUser {
  std::string username;
  UserFields fields;
  std::string password_hash;  // argon2id string
  bool must_change_password = false;
};

struct UserCredentials {
  User user;
  std::string password_hash;
};

struct ListFilter {
  Scope scope = Scope::Nothing();  // only rows whose org unit lies in it
  int limit = 50;
  int64_t offset = 0;
  // Accounts only: a part of the username or display name ("" for all);
  // letters compare ignoring ASCII case, Vietnamese letters as written.
  std::string query;
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;  // rows matching the filter, over all pages
};

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

struct Visit {
  std::string day;  // YYYY-MM-DD
  std::optional<int64_t> site_id;
  std::optional<int64_t> user_id;
  std::string visitor_key;  // a hash, never a raw identifier
  int lesson_views = 0;     // added to the day's count
};

// Everything a CSV import creates, applied all or nothing. Units must be in
// an order where each parent comes before its children (or already exists).
struct PeopleBatch {
  std::vector<OrgUnitFields> org_units;
  std::vector<SiteFields> sites;
  std::vector<NewUser> users;
};

class PeopleStore {
 public:
  virtual ~PeopleStore() = default;

  // Org units. Create: AlreadyExists (code), NotFound (parent). Update
  // changes name, level and parent (the code is the stable key) and moves the
  // whole subtree; Conflict when the new parent lies in the unit's own subtree.
  virtual Result<OrgUnit> CreateOrgUnit(const OrgUnitFields& f, const AuditEntry& audit) = 0;
  virtual Result<OrgUnit> UpdateOrgUnit(const std::string& code, const OrgUnitFields& f,
                                        const AuditEntry& audit) = 0;
  virtual Result<OrgUnit> FindOrgUnit(const std::string& code) = 0;  // NotFound
  virtual Result<Page<OrgUnit>> ListOrgUnits(const ListFilter& filter) = 0;  // by path

  // Sites. AlreadyExists (code), NotFound (org unit). The code is the stable key.
  virtual Result<Site> CreateSite(const SiteFields& f, const AuditEntry& audit) = 0;
  virtual Result<Site> UpdateSite(const std::string& code, const SiteFields& f,
                                  const AuditEntry& audit) = 0;
  virtual Result<Site> FindSite(const std::string& code) = 0;  // NotFound
  virtual Result<Page<Site>> ListSites(const ListFilter& filter) = 0;  // by code

  // Accounts; never deleted. AlreadyExists (username, ignoring case), NotFound
  // (org unit or site). Disabling an account (active false) ends its sessions
  // and revokes its API tokens, so enabling it again revives neither.
  virtual Result<User> CreateUser(const NewUser& u, const AuditEntry& audit) = 0;
  virtual Result<User> UpdateUser(int64_t id, const UserFields& f, const AuditEntry& audit) = 0;
  virtual Result<User> FindUser(int64_t id) = 0;  // NotFound
  virtual Result<UserCredentials> FindUserByUsername(const std::string& username) = 0;
  virtual Result<Page<User>> ListUsers(const ListFilter& filter) = 0;  // by username
  // Replaces the password hash, ends every session of the account except
  // `keep_session_hash` (may be empty) and revokes all its API tokens.
  virtual Status SetPassword(int64_t user_id, const std::string& password_hash,
                             bool must_change, const std::string& keep_session_hash,
                             const AuditEntry& audit) = 0;
  virtual Status RecordLogin(int64_t user_id, const std::string& at) = 0;
  virtual Result<int64_t> CountActiveAdmins() = 0;

  // Sessions, keyed by the hash of their id.
  virtual Status CreateSession(const SessionRecord& s) = 0;
  virtual Result<SessionRecord> FindSession(const std::string& id_hash) = 0;  // NotFound
  virtual Status TouchSession(const std::string& id_hash, const std::string& last_seen_at,
                              const std::string& expires_at) = 0;
  virtual Status DeleteSession(const std::string& id_hash) = 0;
  virtual Result<int64_t> DeleteExpiredSessions(const std::string& now) = 0;

  // API tokens, keyed by the hash of the token.
  virtual Result<ApiToken> CreateApiToken(int64_t user_id, const std::string& name,
                                          const std::string& token_hash,
                                          const std::string& created_at,
                                          const AuditEntry& audit) = 0;
  virtual Result<ApiToken> FindApiToken(const std::string& token_hash) = 0;  // NotFound
  virtual Result<ApiToken> FindApiTokenById(int64_t id) = 0;                 // NotFound
  virtual Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) = 0;
  virtual Status TouchApiToken(int64_t id, const std::string& at) = 0;
  virtual Status RevokeApiToken(int64_t id, const std::string& at, const AuditEntry& audit) = 0;

  // Audit log, newest first.
  virtual Status AppendAudit(const AuditEntry& audit) = 0;
  virtual Result<Page<AuditEntry>> ListAudit(int limit, int64_t offset) = 0;

  // Adds a visit's lesson views to (day, visitor_key), creating the row.
  virtual Status RecordVisit(const Visit& v) = 0;

  // The server's secret called `name`, stored as `candidate` (made at
  // `created_at`) when there is none yet; the first one stored wins, so
  // concurrent callers and later starts all get the same value.
  virtual Result<std::string> ServerSecret(const std::string& name, const std::string& candidate,
                                           const std::string& created_at) = 0;

  // Kiosks: browsers on a site's public computer, keyed by the hash of their
  // cookie. FindKioskSite: NotFound when unknown or revoked.
  virtual Result<int64_t> CreateKiosk(int64_t site_id, const std::string& token_hash,
                                      const std::string& label, const AuditEntry& audit) = 0;
  virtual Result<Site> FindKioskSite(const std::string& token_hash) = 0;
  virtual Status RevokeKiosk(const std::string& token_hash, const AuditEntry& audit) = 0;

  // Creates everything in `batch` in one transaction, with one audit row per
  // object made from `audit` (action and key filled in per object). Any
  // failure leaves the database unchanged.
  virtual Status ImportBatch(const PeopleBatch& batch, const AuditEntry& audit) = 0;
};

}  // namespace lophoc::people
