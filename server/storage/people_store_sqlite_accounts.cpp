// SqliteDirectoryStore: accounts, their credentials, and the bulk import.
#include <map>
#include <set>

#include "people/phone.h"
#include "server/storage/assignment_store_sqlite.h"
#include "server/storage/people_rows.h"
#include "server/storage/people_stores_sqlite.h"
#include "server/storage/statements.h"

namespace lophoc::storage {

using people::AuditEntry;
using people::User;
using people_rows::Audited;
using people_rows::ScopeCondition;
using people_rows::UserById;

namespace {

constexpr const char* kUserColumns =
    "SELECT u.id, u.username, u.display_name, u.phone, u.org_unit_id, o.code, o.path, u.site_id, "
    "s.code, u.staff_category, u.active, u.must_change_password, u.created_at, u.last_login_at, "
    "(SELECT group_concat(role, ';') FROM user_roles r WHERE r.user_id = u.id), u.password_hash, "
    "coalesce(u.email, ''), coalesce(u.language, '') ";
constexpr const char* kUserFrom =
    "FROM users u LEFT JOIN org_units o ON o.id = u.org_unit_id "
    "LEFT JOIN sites s ON s.id = u.site_id ";

User ReadUser(const Statement& st) {
  User u;
  ReadColumns(st, 0, u.id, u.username, u.display_name, u.phone, u.org_unit_id, u.org_code,
              u.org_path, u.site_id, u.site_code, u.staff_category, u.active,
              u.must_change_password, u.created_at, u.last_login_at);
  auto roles = people::ParseRoles(st.ColumnText(14));
  if (roles.ok()) u.roles = *roles;
  u.email = st.ColumnText(16);
  u.language = st.ColumnText(17);
  return u;
}

// Revokes every valid API token of an account and ends its sessions but
// `keep_session_hash` (a new password or a disabled account must not leave
// a way in).
Status EndCredentials(Connection& c, int64_t user_id, const std::string& keep_session_hash,
                      const std::string& at) {
  LOPHOC_RETURN_IF_ERROR(Execute(c, "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?",
                                 user_id, keep_session_hash));
  return Execute(c,
                 "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                 at, user_id);
}

struct Placement {
  std::optional<int64_t> org_id;
  std::optional<int64_t> site_id;
};

Result<Placement> ResolvePlacement(Connection& conn, const people::UserFields& f) {
  Placement p;
  if (!f.org_code.empty()) {
    LOPHOC_ASSIGN_OR_RETURN(people::OrgUnit unit, people_rows::UnitByCode(conn, f.org_code));
    p.org_id = unit.id;
  }
  if (!f.site_code.empty()) {
    LOPHOC_ASSIGN_OR_RETURN(people::Site site, people_rows::SiteByCode(conn, f.site_code));
    p.site_id = site.id;
  }
  return p;
}

Status ReplaceRoles(Connection& conn, int64_t user_id, const std::vector<people::Role>& roles) {
  LOPHOC_RETURN_IF_ERROR(Execute(conn, "DELETE FROM user_roles WHERE user_id = ?", user_id));
  for (people::Role r : roles) {
    LOPHOC_RETURN_IF_ERROR(Execute(conn, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
                                   user_id, people::RoleName(r)));
  }
  return Status::Ok();
}

std::optional<std::string> NonEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

Result<User> InsertUser(Connection& conn, const people::NewUser& u, const std::string& at) {
  auto taken = QueryInt(conn, "SELECT 1 FROM users WHERE username = ?", "", u.username);
  if (taken.ok()) return Status::AlreadyExists("username '" + u.username + "' is taken");
  if (taken.status().code() != StatusCode::kNotFound) return taken.status();
  LOPHOC_ASSIGN_OR_RETURN(Placement place, ResolvePlacement(conn, u.fields));
  LOPHOC_RETURN_IF_ERROR(Execute(conn,
      "INSERT INTO users (username, display_name, phone, password_hash, must_change_password, "
      "active, org_unit_id, site_id, staff_category, created_at, email) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      u.username, u.fields.display_name, u.fields.phone, u.password_hash, u.must_change_password,
      u.fields.active, place.org_id, place.site_id, NonEmpty(u.fields.staff_category), at,
      NonEmpty(u.fields.email)));
  const int64_t id = conn.LastInsertId();
  LOPHOC_RETURN_IF_ERROR(ReplaceRoles(conn, id, u.fields.roles));
  LOPHOC_RETURN_IF_ERROR(RecordPlacement(conn, id, at));
  return UserById(conn, id);
}

}  // namespace

Result<User> people_rows::UserById(Connection& conn, int64_t id) {
  return QueryOne(conn, std::string(kUserColumns) + kUserFrom + "WHERE u.id = ?", ReadUser,
                  "user " + std::to_string(id) + " not found", id);
}

Result<User> SqliteDirectoryStore::CreateUser(const people::NewUser& u, const AuditEntry& audit) {
  return Audited(db_, audit, [&](Connection& c) { return InsertUser(c, u, audit.at); });
}

Result<User> SqliteDirectoryStore::UpdateUser(int64_t id, const people::UserFields& f,
                                              const AuditEntry& audit) {
  return Audited(db_, audit, [&](Connection& c) -> Result<User> {
    LOPHOC_RETURN_IF_ERROR(UserById(c, id).status());
    LOPHOC_ASSIGN_OR_RETURN(Placement place, ResolvePlacement(c, f));
    LOPHOC_RETURN_IF_ERROR(Execute(c,
        "UPDATE users SET display_name = ?1, phone = ?2, org_unit_id = ?3, site_id = ?4, "
        "staff_category = ?5, active = ?6, email = ?8, "
        "phone_collides_with = CASE WHEN phone IS ?2 THEN phone_collides_with END WHERE id = ?7",
        f.display_name, f.phone, place.org_id, place.site_id, NonEmpty(f.staff_category),
        f.active, id, NonEmpty(f.email)));
    LOPHOC_RETURN_IF_ERROR(ReplaceRoles(c, id, f.roles));
    // A new category or site dates the programmes it brings or ends.
    LOPHOC_RETURN_IF_ERROR(RecordPlacement(c, id, audit.at));
    // Nothing of a disabled account may come back when it is enabled again.
    if (!f.active) {
      LOPHOC_RETURN_IF_ERROR(EndCredentials(c, id, "", audit.at));
    }
    return UserById(c, id);
  });
}

Status SqliteDirectoryStore::SetContact(int64_t user_id, const std::string& email,
                                        const std::string& language, const AuditEntry& audit) {
  return Audited(db_, audit, [&](Connection& c) -> Status {
    LOPHOC_RETURN_IF_ERROR(UserById(c, user_id).status());
    return Execute(c, "UPDATE users SET email = ?, language = ? WHERE id = ?", NonEmpty(email),
                   NonEmpty(language), user_id);
  });
}

Result<User> SqliteDirectoryStore::FindUser(int64_t id) {
  auto conn = db_->Acquire();
  return UserById(*conn, id);
}

Result<people::UserCredentials> SqliteDirectoryStore::FindUserByUsername(
    const std::string& username) {
  auto conn = db_->Acquire();
  return QueryOne(
      *conn, std::string(kUserColumns) + kUserFrom + "WHERE u.username = ?",
      [](const Statement& st) { return people::UserCredentials{ReadUser(st), st.ColumnText(15)}; },
      "user '" + username + "' not found", username);
}

Result<people::UserCredentials> SqliteDirectoryStore::FindUserByPhone(const std::string& number) {
  auto conn = db_->Acquire();
  return QueryOne(
      *conn,
      std::string(kUserColumns) + kUserFrom +
          "WHERE u.phone = ? AND u.phone IS NOT NULL AND u.phone_collides_with IS NULL",
      [](const Statement& st) { return people::UserCredentials{ReadUser(st), st.ColumnText(15)}; },
      "no account has the phone " + number, number);
}

Result<std::vector<people::PhoneClaim>> SqliteDirectoryStore::ListPhoneCollisions() {
  auto conn = db_->Acquire();
  // Every phone and every username that may be a number, grouped in C++:
  // the rule of a number (people/phone.h) is not SQL's to repeat.
  LOPHOC_ASSIGN_OR_RETURN(
      std::vector<User> users,
      QueryAll(*conn,
               std::string(kUserColumns) + kUserFrom +
                   "WHERE u.phone IS NOT NULL OR u.username GLOB '[0-9+(]*' ORDER BY u.id",
               ReadUser));
  std::map<std::string, std::vector<people::PhoneClaim>> by_number;
  for (const User& u : users) {
    if (u.phone) by_number[people::CanonicalUsername(*u.phone)].push_back({"", u, *u.phone, "phone"});
    const auto number = people::CanonicalPhone(u.username);
    if (number && u.phone != number) by_number[*number].push_back({"", u, u.username, "username"});
  }
  std::vector<people::PhoneClaim> out;
  for (auto& [number, claims] : by_number) {
    std::set<int64_t> accounts;
    for (const auto& c : claims) accounts.insert(c.user.id);
    if (accounts.size() < 2) continue;
    for (auto& c : claims) {
      c.number = number;
      out.push_back(std::move(c));
    }
  }
  return out;
}

Result<people::Page<User>> SqliteDirectoryStore::ListUsers(const people::ListFilter& f) {
  auto conn = db_->Acquire();
  std::string where = kUserFrom + ("WHERE " + ScopeCondition("o.path"));
  if (!f.query.empty()) {
    where += " AND (u.username LIKE ?5 ESCAPE '\\' OR u.display_name LIKE ?5 ESCAPE '\\' "
             "OR u.phone LIKE ?5 ESCAPE '\\')";
  }
  return people_rows::ListPage(*conn, kUserColumns, where, "u.username", f, ReadUser);
}

Status SqliteDirectoryStore::SetPassword(int64_t user_id, const std::string& password_hash,
                                         bool must_change, const std::string& keep_session_hash,
                                         const AuditEntry& audit) {
  return Audited(db_, audit, [&](Connection& c) -> Status {
    LOPHOC_RETURN_IF_ERROR(Execute(c,
        "UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?",
        password_hash, must_change, user_id));
    if (c.Changes() == 0) return Status::NotFound("user " + std::to_string(user_id) + " not found");
    return EndCredentials(c, user_id, keep_session_hash, audit.at);
  });
}

Status SqliteDirectoryStore::RecordLogin(int64_t user_id, const std::string& at) {
  auto conn = db_->Acquire();
  return Execute(*conn, "UPDATE users SET last_login_at = ? WHERE id = ?", at, user_id);
}

Status SqliteDirectoryStore::UpgradePasswordHash(int64_t user_id, const std::string& old_hash,
                                                 const std::string& new_hash) {
  auto conn = db_->Acquire();
  return Execute(*conn, "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?",
                 new_hash, user_id, old_hash);
}

Result<int64_t> SqliteDirectoryStore::CountActiveAdmins() {
  auto conn = db_->Acquire();
  return QueryInt(*conn,
                  "SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id "
                  "WHERE r.role = 'admin' AND u.active = 1",
                  "no count");
}

Status SqliteDirectoryStore::ImportBatch(const people::PeopleBatch& batch,
                                         const AuditEntry& audit) {
  return InTransaction(db_, [&](Connection& c) -> Status {
    auto log = [&](const char* action, const char* type, const std::string& key) {
      AuditEntry a = audit;
      a.action = action;
      a.object_type = type;
      a.object_key = key;
      return people_rows::WriteAudit(c, a);
    };
    for (const auto& f : batch.org_units) {
      LOPHOC_RETURN_IF_ERROR(people_rows::InsertUnit(c, f, audit.at).status());
      LOPHOC_RETURN_IF_ERROR(log("org_unit.import", "org_unit", f.code));
    }
    for (const auto& f : batch.sites) {
      LOPHOC_RETURN_IF_ERROR(people_rows::InsertSite(c, f, audit.at).status());
      LOPHOC_RETURN_IF_ERROR(log("site.import", "site", f.code));
    }
    for (const auto& u : batch.users) {
      LOPHOC_RETURN_IF_ERROR(InsertUser(c, u, audit.at).status());
      LOPHOC_RETURN_IF_ERROR(log("user.import", "user", u.username));
    }
    return Status::Ok();
  });
}

}  // namespace lophoc::storage
