// DirectoryStore: the org tree, sites and accounts (with their credentials),
// and the bulk import of all three. Declared by the domain, implemented in
// server/storage/. Implementations are thread-safe.
//
// The store enforces what the database must never hold whatever the caller
// does: unique codes and usernames, existing references, an org tree without
// cycles, and every change together with its audit row (one transaction).
// Who may do what (the scope rule) is the caller's job: see people/people.h.
// Errors besides those named: IOError/Unavailable when the database fails.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/status.h"
#include "people/audit_store.h"
#include "people/page.h"
#include "people/people.h"

namespace lophoc::people {

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
  std::string email;  // empty: none (reminders in the app only)
};

struct NewUser {
  std::string username;
  UserFields fields;
  std::string password_hash;  // argon2id string
  bool must_change_password = false;
};

// One account's claim to a phone number that another account claims too:
// kept as written, never merged (docs/people.md, "Phone numbers").
struct PhoneClaim {
  std::string number;  // canonical ("+84..."), or as written if it is none
  User user;
  std::string written;  // the phone or username as stored
  std::string field;    // "phone" or "username"
};

struct UserCredentials {
  User user;
  std::string password_hash;
};

// Everything a CSV import creates, applied all or nothing. Units must be in
// an order where each parent comes before its children (or already exists).
struct PeopleBatch {
  std::vector<OrgUnitFields> org_units;
  std::vector<SiteFields> sites;
  std::vector<NewUser> users;
};

class DirectoryStore {
 public:
  virtual ~DirectoryStore() = default;

  // Org units. Create: AlreadyExists (code), NotFound (parent). Update
  // changes name, level and parent (the code is the stable key) and moves the
  // whole subtree; Conflict when the new parent lies in the unit's own subtree.
  virtual Result<OrgUnit> CreateOrgUnit(const OrgUnitFields& f, const AuditEntry& audit) = 0;
  virtual Result<OrgUnit> UpdateOrgUnit(const std::string& code, const OrgUnitFields& f,
                                        const AuditEntry& audit) = 0;
  virtual Result<OrgUnit> FindOrgUnit(const std::string& code) = 0;  // NotFound
  // The levels of the tree (org_levels, migration 0017), by rank then code.
  virtual Result<std::vector<OrgLevelInfo>> ListOrgLevels() = 0;
  virtual Result<Page<OrgUnit>> ListOrgUnits(const ListFilter& filter) = 0;  // by path

  // Sites. AlreadyExists (code), NotFound (org unit). The code is the stable key.
  virtual Result<Site> CreateSite(const SiteFields& f, const AuditEntry& audit) = 0;
  virtual Result<Site> UpdateSite(const std::string& code, const SiteFields& f,
                                  const AuditEntry& audit) = 0;
  virtual Result<Site> FindSite(const std::string& code) = 0;  // NotFound
  virtual Result<Page<Site>> ListSites(const ListFilter& filter) = 0;  // by code

  // Accounts; never deleted. AlreadyExists (username, ignoring case), NotFound
  // (org unit or site), Conflict (a phone another account holds). Writing a
  // different phone clears the account's collision mark. Disabling an account (active false) ends its sessions
  // and revokes its API tokens, so enabling it again revives neither.
  virtual Result<User> CreateUser(const NewUser& u, const AuditEntry& audit) = 0;
  virtual Result<User> UpdateUser(int64_t id, const UserFields& f, const AuditEntry& audit) = 0;
  virtual Result<User> FindUser(int64_t id) = 0;  // NotFound
  virtual Result<UserCredentials> FindUserByUsername(const std::string& username) = 0;
  // The account whose phone is `number` (canonical spelling); NotFound when
  // none. Phones are unique but for accounts marked as colliding (migration
  // 0011), which this never returns.
  virtual Result<UserCredentials> FindUserByPhone(const std::string& number) = 0;
  // Every account that shares its number with another, through its phone or
  // its username (a phone number in any spelling), grouped by number.
  virtual Result<std::vector<PhoneClaim>> ListPhoneCollisions() = 0;
  virtual Result<Page<User>> ListUsers(const ListFilter& filter) = 0;  // by username
  // Replaces the password hash, ends every session of the account except
  // `keep_session_hash` (may be empty) and revokes all its API tokens.
  // NotFound when there is no such account.
  virtual Status SetPassword(int64_t user_id, const std::string& password_hash,
                             bool must_change, const std::string& keep_session_hash,
                             const AuditEntry& audit) = 0;
  virtual Status RecordLogin(int64_t user_id, const std::string& at) = 0;
  // Replaces the account's password hash with `new_hash`, the same password
  // at today's cost, only while it is still `old_hash` (a password changed in
  // between wins). Sessions and tokens stay: nothing about the secret changed.
  virtual Status UpgradePasswordHash(int64_t user_id, const std::string& old_hash,
                                     const std::string& new_hash) = 0;
  // The account's email address and reminders' language ("" for none), with
  // `audit`. NotFound for an unknown account.
  virtual Status SetContact(int64_t user_id, const std::string& email,
                            const std::string& language, const AuditEntry& audit) = 0;
  virtual Result<int64_t> CountActiveAdmins() = 0;

  // Creates everything in `batch` in one transaction, with one audit row per
  // object made from `audit` (action and key filled in per object). Any
  // failure (the errors of the Create calls above) leaves the database unchanged.
  virtual Status ImportBatch(const PeopleBatch& batch, const AuditEntry& audit) = 0;
};

}  // namespace lophoc::people
