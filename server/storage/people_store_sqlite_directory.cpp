// SqliteDirectoryStore: org units and sites, and the row lookups every
// people store shares (people_rows.h). Accounts are in
// people_store_sqlite_accounts.cpp.
#include "server/storage/people_rows.h"
#include "server/storage/people_stores_sqlite.h"
#include "server/storage/statements.h"

namespace lophoc::storage {

using people::AuditEntry;
using people::OrgUnit;
using people::Site;
using people::User;

namespace people_rows {
namespace {

constexpr const char* kUnitColumns =
    "SELECT o.id, o.code, o.name, o.level, o.parent_id, p.code, o.path, o.created_at ";
constexpr const char* kUnitFrom = "FROM org_units o LEFT JOIN org_units p ON p.id = o.parent_id ";
constexpr const char* kSiteColumns =
    "SELECT s.id, s.code, s.name, s.type, s.org_unit_id, o.code, o.path, s.kiosk, s.created_at ";
constexpr const char* kSiteFrom = "FROM sites s JOIN org_units o ON o.id = s.org_unit_id ";

OrgUnit ReadUnit(const Statement& st) {
  OrgUnit u;
  ReadColumns(st, 0, u.id, u.code, u.name);
  u.level = people::OrgLevel{st.ColumnText(3)};
  ReadColumns(st, 4, u.parent_id, u.parent_code, u.path, u.created_at);
  return u;
}

Site ReadSite(const Statement& st) {
  Site s;
  ReadColumns(st, 0, s.id, s.code, s.name);
  s.type = people::ParseSiteType(st.ColumnText(3)).value_or(people::SiteType::kCommuneLibrary);
  ReadColumns(st, 4, s.org_unit_id, s.org_code, s.org_path, s.kiosk, s.created_at);
  return s;
}

}  // namespace

Result<OrgUnit> UnitByCode(Connection& conn, const std::string& code) {
  return QueryOne(conn, std::string(kUnitColumns) + kUnitFrom + "WHERE o.code = ?", ReadUnit,
                  "org unit '" + code + "' not found", code);
}

Result<Site> SiteByCode(Connection& conn, const std::string& code) {
  return QueryOne(conn, std::string(kSiteColumns) + kSiteFrom + "WHERE s.code = ?", ReadSite,
                  "site '" + code + "' not found", code);
}

std::string LikePattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

Status CheckLevel(Connection& conn, const people::OrgLevel& level) {
  auto st = conn.Prepare("SELECT 1 FROM org_levels WHERE code = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, level.code);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (*row) return Status::Ok();
  return Status::InvalidArgument("level '" + level.code + "' is not a level of the org tree")
      .WithReason("level_invalid")
      .WithField("level")
      .WithParam("value", level.code);
}

Result<OrgUnit> InsertUnit(Connection& conn, const people::OrgUnitFields& f,
                           const std::string& at) {
  LOPHOC_RETURN_IF_ERROR(CheckLevel(conn, f.level));
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
  // The path needs the new id: insert with a unique placeholder, then set it.
  LOPHOC_RETURN_IF_ERROR(Execute(conn,
      "INSERT INTO org_units (code, name, level, parent_id, path, created_at) "
      "VALUES (?, ?, ?, ?, '#' || ?1, ?)",
      f.code, f.name, people::OrgLevelName(f.level), parent_id, at));
  const int64_t id = conn.LastInsertId();
  LOPHOC_RETURN_IF_ERROR(Execute(conn, "UPDATE org_units SET path = ? WHERE id = ?",
                                 parent_path + std::to_string(id) + "/", id));
  // Its history (migration 0017) starts "since always": made without a date.
  LOPHOC_RETURN_IF_ERROR(Execute(conn,
      "INSERT INTO org_unit_versions (unit_id, valid_from, name, level, parent_id) "
      "VALUES (?, '0001-01-01', ?, ?, ?)",
      id, f.name, people::OrgLevelName(f.level), parent_id));
  return UnitByCode(conn, f.code);
}

Result<Site> InsertSite(Connection& conn, const people::SiteFields& f, const std::string& at) {
  if (SiteByCode(conn, f.code).ok()) {
    return Status::AlreadyExists("site code '" + f.code + "' already exists");
  }
  LOPHOC_ASSIGN_OR_RETURN(OrgUnit unit, UnitByCode(conn, f.org_code));
  LOPHOC_RETURN_IF_ERROR(Execute(conn,
      "INSERT INTO sites (code, name, type, org_unit_id, kiosk, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      f.code, f.name, people::SiteTypeName(f.type), unit.id, f.kiosk, at));
  LOPHOC_RETURN_IF_ERROR(Execute(conn,
      "INSERT INTO site_versions (site_id, valid_from, name, type, org_unit_id) "
      "VALUES (?, '0001-01-01', ?, ?, ?)",
      conn.LastInsertId(), f.name, people::SiteTypeName(f.type), unit.id));
  return SiteByCode(conn, f.code);
}

}  // namespace people_rows

using people_rows::Audited;
using people_rows::ScopeCondition;
using people_rows::SiteByCode;
using people_rows::UnitByCode;

namespace {

// Moves the unit `unit` (and its subtree) under `parent_code` ("" for the
// top level) with the fields of `f`.
Status MoveUnit(Connection& c, const OrgUnit& unit, const people::OrgUnitFields& f) {
  LOPHOC_RETURN_IF_ERROR(people_rows::CheckLevel(c, f.level));
  std::optional<int64_t> parent_id;
  std::string new_path = "/" + std::to_string(unit.id) + "/";
  if (!f.parent_code.empty()) {
    auto parent = UnitByCode(c, f.parent_code);
    if (!parent.ok()) return Status::NotFound("parent org unit '" + f.parent_code + "' not found");
    if (parent->path.compare(0, unit.path.size(), unit.path) == 0) {
      return Status::Conflict("org unit '" + unit.code + "' cannot move under '" + parent->code +
                              "': that would make a cycle in the org tree");
    }
    parent_id = parent->id;
    new_path = parent->path + std::to_string(unit.id) + "/";
  }
  LOPHOC_RETURN_IF_ERROR(Execute(c,
      "UPDATE org_units SET name = ?, level = ?, parent_id = ? WHERE id = ?", f.name,
      people::OrgLevelName(f.level), parent_id, unit.id));
  // An edit corrects the unit's newest state in its history; a dated change
  // (merge, move from a day) goes through the org changes instead.
  LOPHOC_RETURN_IF_ERROR(Execute(c,
      "UPDATE org_unit_versions SET name = ?, level = ?, parent_id = ? WHERE id = "
      "(SELECT id FROM org_unit_versions WHERE unit_id = ? ORDER BY valid_from DESC LIMIT 1)",
      f.name, people::OrgLevelName(f.level), parent_id, unit.id));
  if (new_path == unit.path) return Status::Ok();
  return Execute(c,
                 "UPDATE org_units SET path = ?1 || substr(path, length(?2) + 1) "
                 "WHERE substr(path, 1, length(?2)) = ?2",
                 new_path, unit.path);
}

}  // namespace

Result<OrgUnit> SqliteDirectoryStore::CreateOrgUnit(const people::OrgUnitFields& f,
                                                    const AuditEntry& audit) {
  return Audited(db_, audit,
                 [&](Connection& c) { return people_rows::InsertUnit(c, f, audit.at); });
}

Result<OrgUnit> SqliteDirectoryStore::UpdateOrgUnit(const std::string& code,
                                                    const people::OrgUnitFields& f,
                                                    const AuditEntry& audit) {
  return Audited(db_, audit, [&](Connection& c) -> Result<OrgUnit> {
    LOPHOC_ASSIGN_OR_RETURN(OrgUnit unit, UnitByCode(c, code));
    LOPHOC_RETURN_IF_ERROR(MoveUnit(c, unit, f));
    return UnitByCode(c, code);
  });
}

Result<OrgUnit> SqliteDirectoryStore::FindOrgUnit(const std::string& code) {
  auto conn = db_->Acquire();
  return UnitByCode(*conn, code);
}

Result<std::vector<people::OrgLevelInfo>> SqliteDirectoryStore::ListOrgLevels() {
  auto conn = db_->Acquire();
  return QueryAll(*conn, "SELECT code, name_vi, name_en, rank FROM org_levels ORDER BY rank, code",
                  [](const Statement& st) {
                    people::OrgLevelInfo l;
                    ReadColumns(st, 0, l.code, l.name_vi, l.name_en, l.rank);
                    return l;
                  });
}

Result<people::Page<OrgUnit>> SqliteDirectoryStore::ListOrgUnits(const people::ListFilter& f) {
  auto conn = db_->Acquire();
  return people_rows::ListPage(*conn, people_rows::kUnitColumns,
                               people_rows::kUnitFrom + ("WHERE " + ScopeCondition("o.path")),
                               "o.path", f, people_rows::ReadUnit);
}

Result<Site> SqliteDirectoryStore::CreateSite(const people::SiteFields& f,
                                              const AuditEntry& audit) {
  return Audited(db_, audit,
                 [&](Connection& c) { return people_rows::InsertSite(c, f, audit.at); });
}

Result<Site> SqliteDirectoryStore::UpdateSite(const std::string& code, const people::SiteFields& f,
                                              const AuditEntry& audit) {
  return Audited(db_, audit, [&](Connection& c) -> Result<Site> {
    LOPHOC_ASSIGN_OR_RETURN(Site site, SiteByCode(c, code));
    LOPHOC_ASSIGN_OR_RETURN(OrgUnit unit, UnitByCode(c, f.org_code));
    LOPHOC_RETURN_IF_ERROR(Execute(c,
        "UPDATE sites SET name = ?, type = ?, org_unit_id = ?, kiosk = ? WHERE id = ?", f.name,
        people::SiteTypeName(f.type), unit.id, f.kiosk, site.id));
    LOPHOC_RETURN_IF_ERROR(Execute(c,
        "UPDATE site_versions SET name = ?, type = ?, org_unit_id = ? WHERE id = "
        "(SELECT id FROM site_versions WHERE site_id = ? ORDER BY valid_from DESC LIMIT 1)",
        f.name, people::SiteTypeName(f.type), unit.id, site.id));
    return SiteByCode(c, code);
  });
}

Result<Site> SqliteDirectoryStore::FindSite(const std::string& code) {
  auto conn = db_->Acquire();
  return SiteByCode(*conn, code);
}

Result<people::Page<Site>> SqliteDirectoryStore::ListSites(const people::ListFilter& f) {
  auto conn = db_->Acquire();
  return people_rows::ListPage(*conn, people_rows::kSiteColumns,
                               people_rows::kSiteFrom + ("WHERE " + ScopeCondition("o.path")),
                               "s.code", f, people_rows::ReadSite);
}

}  // namespace lophoc::storage
