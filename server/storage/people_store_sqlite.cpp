// Org units, sites, accounts and the bulk import. Sessions, tokens, the audit
// log and visits are in people_store_sqlite_access.cpp.
#include "server/storage/people_store_sqlite.h"

#include "server/storage/people_rows.h"

namespace lophoc::storage {
namespace {

using people::AuditEntry;
using people::OrgUnit;
using people::Site;
using people::User;
using people_rows::BindScope;
using people_rows::ScopeCondition;
using people_rows::WriteAudit;

constexpr const char* kUnitColumns =
    "SELECT o.id, o.code, o.name, o.level, o.parent_id, p.code, o.path, o.created_at ";
constexpr const char* kUnitFrom = "FROM org_units o LEFT JOIN org_units p ON p.id = o.parent_id ";
constexpr const char* kSiteColumns =
    "SELECT s.id, s.code, s.name, s.type, s.org_unit_id, o.code, o.path, s.kiosk, s.created_at ";
constexpr const char* kSiteFrom = "FROM sites s JOIN org_units o ON o.id = s.org_unit_id ";
constexpr const char* kUserColumns =
    "SELECT u.id, u.username, u.display_name, u.phone, u.org_unit_id, o.code, o.path, u.site_id, "
    "s.code, u.staff_category, u.active, u.must_change_password, u.created_at, u.last_login_at, "
    "(SELECT group_concat(role, ';') FROM user_roles r WHERE r.user_id = u.id), u.password_hash ";
constexpr const char* kUserFrom =
    "FROM users u LEFT JOIN org_units o ON o.id = u.org_unit_id "
    "LEFT JOIN sites s ON s.id = u.site_id ";

// Revokes every valid API token of an account (a new password or a disabled
// account must not leave a way in).
Status RevokeTokensOf(Connection& c, int64_t user_id, const std::string& at) {
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      c.Prepare("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"));
  st.Bind(1, at).Bind(2, user_id);
  return st.Run();
}

OrgUnit ReadUnit(const Statement& st) {
  OrgUnit u;
  u.id = st.ColumnInt(0);
  u.code = st.ColumnText(1);
  u.name = st.ColumnText(2);
  u.level = people::ParseOrgLevel(st.ColumnText(3)).value_or(people::OrgLevel::kProvince);
  if (!st.ColumnIsNull(4)) u.parent_id = st.ColumnInt(4);
  u.parent_code = st.ColumnText(5);
  u.path = st.ColumnText(6);
  u.created_at = st.ColumnText(7);
  return u;
}

Site ReadSite(const Statement& st) {
  Site s;
  s.id = st.ColumnInt(0);
  s.code = st.ColumnText(1);
  s.name = st.ColumnText(2);
  s.type = people::ParseSiteType(st.ColumnText(3)).value_or(people::SiteType::kCommuneLibrary);
  s.org_unit_id = st.ColumnInt(4);
  s.org_code = st.ColumnText(5);
  s.org_path = st.ColumnText(6);
  s.kiosk = st.ColumnInt(7) != 0;
  s.created_at = st.ColumnText(8);
  return s;
}

User ReadUser(const Statement& st) {
  User u;
  u.id = st.ColumnInt(0);
  u.username = st.ColumnText(1);
  u.display_name = st.ColumnText(2);
  if (!st.ColumnIsNull(3)) u.phone = st.ColumnText(3);
  if (!st.ColumnIsNull(4)) u.org_unit_id = st.ColumnInt(4);
  u.org_code = st.ColumnText(5);
  u.org_path = st.ColumnText(6);
  if (!st.ColumnIsNull(7)) u.site_id = st.ColumnInt(7);
  u.site_code = st.ColumnText(8);
  u.staff_category = st.ColumnText(9);
  u.active = st.ColumnInt(10) != 0;
  u.must_change_password = st.ColumnInt(11) != 0;
  u.created_at = st.ColumnText(12);
  u.last_login_at = st.ColumnText(13);
  auto roles = people::ParseRoles(st.ColumnText(14));
  if (roles.ok()) u.roles = *roles;
  return u;
}

// Runs a one-row lookup: the row read by `read`, or NotFound(`missing`).
template <typename T, typename Bind, typename Read>
Result<T> FindOne(Connection& conn, const std::string& sql, Bind bind, Read read,
                  const std::string& missing) {
  LOPHOC_ASSIGN_OR_RETURN(Statement st, conn.Prepare(sql));
  bind(st);
  auto row = st.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound(missing);
  return read(st);
}

Result<OrgUnit> UnitByCode(Connection& conn, const std::string& code) {
  return FindOne<OrgUnit>(
      conn, std::string(kUnitColumns) + kUnitFrom + "WHERE o.code = ?", [&](Statement& st) { st.Bind(1, code); },
      ReadUnit, "org unit '" + code + "' not found");
}

Result<Site> SiteByCode(Connection& conn, const std::string& code) {
  return FindOne<Site>(
      conn, std::string(kSiteColumns) + kSiteFrom + "WHERE s.code = ?", [&](Statement& st) { st.Bind(1, code); },
      ReadSite, "site '" + code + "' not found");
}

Result<User> UserById(Connection& conn, int64_t id) {
  return FindOne<User>(
      conn, std::string(kUserColumns) + kUserFrom + "WHERE u.id = ?", [&](Statement& st) { st.Bind(1, id); },
      ReadUser, "user " + std::to_string(id) + " not found");
}

// "%text%" for LIKE ... ESCAPE '\', with the wildcards of `text` taken literally.
std::string LikePattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

// A paged listing: `where` filters by scope (parameters ?1, ?2) and, when
// the filter has a query, by ?5 (a LIKE pattern); rows ordered by `order`.
template <typename T, typename Read>
Result<people::Page<T>> ListPage(Connection& conn, const std::string& select,
                                  const std::string& from_where, const std::string& order,
                                  const people::ListFilter& f, Read read) {
  people::Page<T> page;
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement count, conn.Prepare("SELECT count(*) " + from_where));
    BindScope(count, f.scope);
    if (!f.query.empty()) count.Bind(5, LikePattern(f.query));
    auto row = count.Step();
    if (!row.ok()) return row.status();
    page.total = count.ColumnInt(0);
  }
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn.Prepare(select + from_where + " ORDER BY " + order + " LIMIT ?3 OFFSET ?4"));
  BindScope(st, f.scope);
  st.Bind(3, static_cast<int64_t>(f.limit)).Bind(4, f.offset);
  if (!f.query.empty()) st.Bind(5, LikePattern(f.query));
  for (;;) {
    auto row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    page.items.push_back(read(st));
  }
  return page;
}

Result<OrgUnit> InsertUnit(Connection& conn, const people::OrgUnitFields& f,
                           const std::string& at) {
  if (UnitByCode(conn, f.code).ok()) {
    return Status::AlreadyExists("org unit code '" + f.code + "' already exists");
  }
  std::optional<int64_t> parent_id;
  std::string parent_path = "/";
  if (!f.parent_code.empty()) {
    auto parent = UnitByCode(conn, f.parent_code);
    if (!parent.ok()) return Status::NotFound("parent org unit '" + f.parent_code + "' not found");
    parent_id = parent->id;
    parent_path = parent->path;
  }
  {
    // The path needs the new id: insert with a unique placeholder, then set it.
    LOPHOC_ASSIGN_OR_RETURN(Statement st,
        conn.Prepare("INSERT INTO org_units (code, name, level, parent_id, path, created_at) "
                     "VALUES (?, ?, ?, ?, '#' || ?1, ?)"));
    st.Bind(1, f.code).Bind(2, f.name).Bind(3, people::OrgLevelName(f.level));
    st.Bind(4, parent_id).Bind(5, at);
    LOPHOC_RETURN_IF_ERROR(st.Run());
  }
  const int64_t id = conn.LastInsertId();
  LOPHOC_ASSIGN_OR_RETURN(Statement up, conn.Prepare("UPDATE org_units SET path = ? WHERE id = ?"));
  up.Bind(1, parent_path + std::to_string(id) + "/").Bind(2, id);
  LOPHOC_RETURN_IF_ERROR(up.Run());
  return UnitByCode(conn, f.code);
}

Result<Site> InsertSite(Connection& conn, const people::SiteFields& f, const std::string& at) {
  if (SiteByCode(conn, f.code).ok()) {
    return Status::AlreadyExists("site code '" + f.code + "' already exists");
  }
  auto unit = UnitByCode(conn, f.org_code);
  if (!unit.ok()) return unit.status();
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn.Prepare("INSERT INTO sites (code, name, type, org_unit_id, kiosk, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)"));
  st.Bind(1, f.code).Bind(2, f.name).Bind(3, people::SiteTypeName(f.type)).Bind(4, unit->id);
  st.Bind(5, f.kiosk ? 1 : 0).Bind(6, at);
  LOPHOC_RETURN_IF_ERROR(st.Run());
  return SiteByCode(conn, f.code);
}

struct Placement {
  std::optional<int64_t> org_id;
  std::optional<int64_t> site_id;
};

Result<Placement> ResolvePlacement(Connection& conn, const people::UserFields& f) {
  Placement p;
  if (!f.org_code.empty()) {
    auto unit = UnitByCode(conn, f.org_code);
    if (!unit.ok()) return unit.status();
    p.org_id = unit->id;
  }
  if (!f.site_code.empty()) {
    auto site = SiteByCode(conn, f.site_code);
    if (!site.ok()) return site.status();
    p.site_id = site->id;
  }
  return p;
}

Status ReplaceRoles(Connection& conn, int64_t user_id, const std::vector<people::Role>& roles) {
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement del,
        conn.Prepare("DELETE FROM user_roles WHERE user_id = ?"));
    del.Bind(1, user_id);
    LOPHOC_RETURN_IF_ERROR(del.Run());
  }
  for (people::Role r : roles) {
    LOPHOC_ASSIGN_OR_RETURN(Statement ins,
        conn.Prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?)"));
    ins.Bind(1, user_id).Bind(2, people::RoleName(r));
    LOPHOC_RETURN_IF_ERROR(ins.Run());
  }
  return Status::Ok();
}

std::optional<std::string> NonEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

Result<User> InsertUser(Connection& conn, const people::NewUser& u, const std::string& at) {
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement dup, conn.Prepare("SELECT 1 FROM users WHERE username = ?"));
    dup.Bind(1, u.username);
    auto row = dup.Step();
    if (!row.ok()) return row.status();
    if (*row) return Status::AlreadyExists("username '" + u.username + "' is taken");
  }
  auto place = ResolvePlacement(conn, u.fields);
  if (!place.ok()) return place.status();
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement st,
        conn.Prepare("INSERT INTO users (username, display_name, phone, password_hash, "
                     "must_change_password, active, org_unit_id, site_id, staff_category, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    st.Bind(1, u.username).Bind(2, u.fields.display_name).Bind(3, u.fields.phone);
    st.Bind(4, u.password_hash).Bind(5, u.must_change_password ? 1 : 0);
    st.Bind(6, u.fields.active ? 1 : 0).Bind(7, place->org_id).Bind(8, place->site_id);
    st.Bind(9, NonEmpty(u.fields.staff_category)).Bind(10, at);
    LOPHOC_RETURN_IF_ERROR(st.Run());
  }
  const int64_t id = conn.LastInsertId();
  LOPHOC_RETURN_IF_ERROR(ReplaceRoles(conn, id, u.fields.roles));
  return UserById(conn, id);
}

// Runs `body(conn)` in a transaction, writes `audit` after it and commits.
template <typename T, typename Body>
Result<T> InTransaction(Database* db, const AuditEntry& audit, Body body) {
  auto conn = db->Acquire();
  Transaction tx(*conn);
  if (!tx.status().ok()) return tx.status();
  Result<T> r = body(*conn);
  if (!r.ok()) return r;
  LOPHOC_RETURN_IF_ERROR(WriteAudit(*conn, audit));
  LOPHOC_RETURN_IF_ERROR(tx.Commit());
  return r;
}

}  // namespace

Result<OrgUnit> SqlitePeopleStore::CreateOrgUnit(const people::OrgUnitFields& f,
                                                 const AuditEntry& audit) {
  return InTransaction<OrgUnit>(db_, audit,
                                [&](Connection& c) { return InsertUnit(c, f, audit.at); });
}

Result<OrgUnit> SqlitePeopleStore::UpdateOrgUnit(const std::string& code,
                                                 const people::OrgUnitFields& f,
                                                 const AuditEntry& audit) {
  return InTransaction<OrgUnit>(db_, audit, [&](Connection& c) -> Result<OrgUnit> {
    auto unit = UnitByCode(c, code);
    if (!unit.ok()) return unit.status();
    std::optional<int64_t> parent_id;
    std::string new_path = "/" + std::to_string(unit->id) + "/";
    if (!f.parent_code.empty()) {
      auto parent = UnitByCode(c, f.parent_code);
      if (!parent.ok()) return Status::NotFound("parent org unit '" + f.parent_code + "' not found");
      if (parent->path.compare(0, unit->path.size(), unit->path) == 0) {
        return Status::Conflict("org unit '" + unit->code + "' cannot move under '" +
                                parent->code + "': that would make a cycle in the org tree");
      }
      parent_id = parent->id;
      new_path = parent->path + std::to_string(unit->id) + "/";
    }
    {
      LOPHOC_ASSIGN_OR_RETURN(Statement st,
          c.Prepare("UPDATE org_units SET name = ?, level = ?, parent_id = ? "
                    "WHERE id = ?"));
      st.Bind(1, f.name).Bind(2, people::OrgLevelName(f.level)).Bind(3, parent_id);
      st.Bind(4, unit->id);
      LOPHOC_RETURN_IF_ERROR(st.Run());
    }
    if (new_path != unit->path) {
      LOPHOC_ASSIGN_OR_RETURN(Statement mv,
          c.Prepare("UPDATE org_units SET path = ?1 || substr(path, length(?2) + 1) "
                    "WHERE substr(path, 1, length(?2)) = ?2"));
      mv.Bind(1, new_path).Bind(2, unit->path);
      LOPHOC_RETURN_IF_ERROR(mv.Run());
    }
    return UnitByCode(c, code);
  });
}

Result<OrgUnit> SqlitePeopleStore::FindOrgUnit(const std::string& code) {
  auto conn = db_->Acquire();
  return UnitByCode(*conn, code);
}

Result<people::Page<OrgUnit>> SqlitePeopleStore::ListOrgUnits(const people::ListFilter& f) {
  auto conn = db_->Acquire();
  return ListPage<OrgUnit>(*conn, kUnitColumns,
                           kUnitFrom + ("WHERE " + ScopeCondition("o.path")),
                           "o.path", f, ReadUnit);
}

Result<Site> SqlitePeopleStore::CreateSite(const people::SiteFields& f, const AuditEntry& audit) {
  return InTransaction<Site>(db_, audit, [&](Connection& c) { return InsertSite(c, f, audit.at); });
}

Result<Site> SqlitePeopleStore::UpdateSite(const std::string& code, const people::SiteFields& f,
                                           const AuditEntry& audit) {
  return InTransaction<Site>(db_, audit, [&](Connection& c) -> Result<Site> {
    auto site = SiteByCode(c, code);
    if (!site.ok()) return site.status();
    auto unit = UnitByCode(c, f.org_code);
    if (!unit.ok()) return unit.status();
    LOPHOC_ASSIGN_OR_RETURN(Statement st,
        c.Prepare("UPDATE sites SET name = ?, type = ?, org_unit_id = ?, kiosk = ? "
                  "WHERE id = ?"));
    st.Bind(1, f.name).Bind(2, people::SiteTypeName(f.type)).Bind(3, unit->id);
    st.Bind(4, f.kiosk ? 1 : 0).Bind(5, site->id);
    LOPHOC_RETURN_IF_ERROR(st.Run());
    return SiteByCode(c, code);
  });
}

Result<Site> SqlitePeopleStore::FindSite(const std::string& code) {
  auto conn = db_->Acquire();
  return SiteByCode(*conn, code);
}

Result<people::Page<Site>> SqlitePeopleStore::ListSites(const people::ListFilter& f) {
  auto conn = db_->Acquire();
  return ListPage<Site>(*conn, kSiteColumns,
                        kSiteFrom + ("WHERE " + ScopeCondition("o.path")),
                        "s.code", f, ReadSite);
}

Result<User> SqlitePeopleStore::CreateUser(const people::NewUser& u, const AuditEntry& audit) {
  return InTransaction<User>(db_, audit, [&](Connection& c) { return InsertUser(c, u, audit.at); });
}

Result<User> SqlitePeopleStore::UpdateUser(int64_t id, const people::UserFields& f,
                                           const AuditEntry& audit) {
  return InTransaction<User>(db_, audit, [&](Connection& c) -> Result<User> {
    auto user = UserById(c, id);
    if (!user.ok()) return user.status();
    auto place = ResolvePlacement(c, f);
    if (!place.ok()) return place.status();
    {
      LOPHOC_ASSIGN_OR_RETURN(Statement st,
          c.Prepare("UPDATE users SET display_name = ?, phone = ?, org_unit_id = ?, "
                    "site_id = ?, staff_category = ?, active = ? WHERE id = ?"));
      st.Bind(1, f.display_name).Bind(2, f.phone).Bind(3, place->org_id).Bind(4, place->site_id);
      st.Bind(5, NonEmpty(f.staff_category)).Bind(6, f.active ? 1 : 0).Bind(7, id);
      LOPHOC_RETURN_IF_ERROR(st.Run());
    }
    LOPHOC_RETURN_IF_ERROR(ReplaceRoles(c, id, f.roles));
    if (!f.active) {
      // Nothing of a disabled account may come back when it is enabled again.
      LOPHOC_ASSIGN_OR_RETURN(Statement del, c.Prepare("DELETE FROM sessions WHERE user_id = ?"));
      del.Bind(1, id);
      LOPHOC_RETURN_IF_ERROR(del.Run());
      LOPHOC_RETURN_IF_ERROR(RevokeTokensOf(c, id, audit.at));
    }
    return UserById(c, id);
  });
}

Result<User> SqlitePeopleStore::FindUser(int64_t id) {
  auto conn = db_->Acquire();
  return UserById(*conn, id);
}

Result<people::UserCredentials> SqlitePeopleStore::FindUserByUsername(
    const std::string& username) {
  auto conn = db_->Acquire();
  return FindOne<people::UserCredentials>(
      *conn, std::string(kUserColumns) + kUserFrom + "WHERE u.username = ?",
      [&](Statement& st) { st.Bind(1, username); },
      [](const Statement& st) { return people::UserCredentials{ReadUser(st), st.ColumnText(15)}; },
      "user '" + username + "' not found");
}

Result<people::Page<User>> SqlitePeopleStore::ListUsers(const people::ListFilter& f) {
  auto conn = db_->Acquire();
  std::string where = kUserFrom + ("WHERE " + ScopeCondition("o.path"));
  if (!f.query.empty()) {
    where += " AND (u.username LIKE ?5 ESCAPE '\\' OR u.display_name LIKE ?5 ESCAPE '\\')";
  }
  return ListPage<User>(*conn, kUserColumns, where, "u.username", f, ReadUser);
}

Status SqlitePeopleStore::SetPassword(int64_t user_id, const std::string& password_hash,
                                      bool must_change, const std::string& keep_session_hash,
                                      const AuditEntry& audit) {
  auto done = InTransaction<bool>(db_, audit, [&](Connection& c) -> Result<bool> {
    {
      LOPHOC_ASSIGN_OR_RETURN(Statement st,
          c.Prepare("UPDATE users SET password_hash = ?, must_change_password = ? "
                    "WHERE id = ?"));
      st.Bind(1, password_hash).Bind(2, must_change ? 1 : 0).Bind(3, user_id);
      LOPHOC_RETURN_IF_ERROR(st.Run());
      if (c.Changes() == 0) return Status::NotFound("user " + std::to_string(user_id) + " not found");
    }
    LOPHOC_ASSIGN_OR_RETURN(Statement del,
        c.Prepare("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?"));
    del.Bind(1, user_id).Bind(2, keep_session_hash);
    LOPHOC_RETURN_IF_ERROR(del.Run());
    LOPHOC_RETURN_IF_ERROR(RevokeTokensOf(c, user_id, audit.at));
    return true;
  });
  return done.ok() ? Status::Ok() : done.status();
}

Status SqlitePeopleStore::RecordLogin(int64_t user_id, const std::string& at) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare("UPDATE users SET last_login_at = ? WHERE id = ?"));
  st.Bind(1, at).Bind(2, user_id);
  return st.Run();
}

Result<int64_t> SqlitePeopleStore::CountActiveAdmins() {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare("SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id "
                    "WHERE r.role = 'admin' AND u.active = 1"));
  auto row = st.Step();
  if (!row.ok()) return row.status();
  return st.ColumnInt(0);
}

Status SqlitePeopleStore::ImportBatch(const people::PeopleBatch& batch, const AuditEntry& audit) {
  auto conn = db_->Acquire();
  Transaction tx(*conn);
  LOPHOC_RETURN_IF_ERROR(tx.status());
  auto log = [&](const char* action, const char* type, const std::string& key) {
    AuditEntry a = audit;
    a.action = action;
    a.object_type = type;
    a.object_key = key;
    return WriteAudit(*conn, a);
  };
  for (const auto& f : batch.org_units) {
    auto r = InsertUnit(*conn, f, audit.at);
    if (!r.ok()) return r.status();
    LOPHOC_RETURN_IF_ERROR(log("org_unit.import", "org_unit", f.code));
  }
  for (const auto& f : batch.sites) {
    auto r = InsertSite(*conn, f, audit.at);
    if (!r.ok()) return r.status();
    LOPHOC_RETURN_IF_ERROR(log("site.import", "site", f.code));
  }
  for (const auto& u : batch.users) {
    auto r = InsertUser(*conn, u, audit.at);
    if (!r.ok()) return r.status();
    LOPHOC_RETURN_IF_ERROR(log("user.import", "user", u.username));
  }
  return tx.Commit();
}

}  // namespace lophoc::storage
