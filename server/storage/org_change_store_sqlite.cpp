// SqliteOrgChangeStore: dated changes of the org tree (docs/org-history.md).
// Apply runs every change through an Applier (org_change_applier.h) in one
// transaction and audits the batch; List reads them back within a scope.
#include "server/storage/org_change_store_sqlite.h"

#include <nlohmann/json.hpp>

#include "server/storage/org_change_applier.h"
#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {

using nlohmann::json;
using people::OrgChange;
using people::OrgChangeEffect;
using people::Scope;

Result<std::vector<people::OrgLevelInfo>> SqliteOrgChangeStore::ListOrgLevels() {
  auto conn = db_->Acquire();
  return QueryAll(*conn, "SELECT code, name_vi, name_en, rank FROM org_levels ORDER BY rank, code",
                  [](const Statement& st) {
                    people::OrgLevelInfo l;
                    ReadColumns(st, 0, l.code, l.name_vi, l.name_en, l.rank);
                    return l;
                  });
}

Result<people::OrgChangeOutcome> SqliteOrgChangeStore::Apply(const std::vector<OrgChange>& changes,
                                                             const Scope& scope,
                                                             const std::string& batch, bool dry_run,
                                                             const people::AuditEntry& audit) {
  auto conn = db_->Acquire();
  Transaction tx(*conn);
  LOPHOC_RETURN_IF_ERROR(tx.status());
  people::OrgChangeOutcome out;
  out.dry_run = dry_run;
  out.batch = batch;
  org_changes::Applier applier(*conn, scope, audit, batch);
  json summary = json::array();
  for (const auto& ch : changes) {
    LOPHOC_ASSIGN_OR_RETURN(OrgChangeEffect e, applier.Apply(ch));
    summary.push_back({{"id", e.id},
                       {"kind", ch.kind},
                       {"subject", ch.subject},
                       {"effective_on", ch.effective_on}});
    if (dry_run) e.id = 0;
    out.changes.push_back(std::move(e));
  }
  if (dry_run) return out;  // the transaction rolls back as it goes
  people::AuditEntry entry = audit;
  json details = {{"changes", summary}};
  if (!batch.empty()) details["batch"] = batch;
  entry.details_json = details.dump();
  LOPHOC_RETURN_IF_ERROR(people_rows::WriteAudit(*conn, entry));
  LOPHOC_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<people::OrgChangeRecord>> SqliteOrgChangeStore::List(const Scope& scope,
                                                                        const std::string& from,
                                                                        const std::string& to) {
  auto conn = db_->Acquire();
  // The subject's path today: a unit's, a site's unit's, a person's unit's.
  std::string sql =
      "SELECT c.id, c.kind, c.effective_on, c.subject, c.details, coalesce(c.batch, ''), "
      "coalesce(u.username, 'cli'), c.created_at FROM org_changes c "
      "LEFT JOIN users u ON u.id = c.created_by WHERE (?3 = '' OR c.effective_on >= ?3) AND "
      "(?4 = '' OR c.effective_on <= ?4) AND (?1 = 1 OR (?2 <> '' AND substr(coalesce("
      "(SELECT path FROM org_units WHERE code = c.subject AND c.kind LIKE 'unit_%'), "
      "(SELECT o.path FROM sites s JOIN org_units o ON o.id = s.org_unit_id "
      "WHERE s.code = c.subject AND c.kind LIKE 'site_%'), "
      "(SELECT coalesce(o.path, so.path) FROM users p LEFT JOIN org_units o ON o.id = "
      "p.org_unit_id LEFT JOIN sites s ON s.id = p.site_id LEFT JOIN org_units so ON so.id = "
      "s.org_unit_id WHERE p.username = c.subject AND c.kind = 'person_move'), ''), 1, "
      "length(?2)) = ?2)) ORDER BY c.effective_on DESC, c.id DESC LIMIT 500";
  return QueryAll(
      *conn, sql,
      [](const Statement& st) {
        people::OrgChangeRecord r;
        ReadColumns(st, 0, r.id, r.kind, r.effective_on, r.subject, r.details_json, r.batch,
                    r.created_by, r.created_at);
        return r;
      },
      static_cast<int64_t>(scope.everything() ? 1 : 0), scope.path(), from, to);
}

}  // namespace lophoc::storage
