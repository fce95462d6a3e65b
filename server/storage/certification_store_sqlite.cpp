#include "server/storage/certification_store_sqlite.h"

#include <map>

#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using training::Basis;
using training::CertificationRecord;

constexpr const char* kSelect =
    "SELECT c.id, c.user_id, p.slug, r.number, c.path, c.completed_on, c.valid_until, c.basis, "
    "c.source, c.created_at, c.revoked_on, coalesce(c.revoked_reason, '') "
    "FROM certifications c JOIN programmes p ON p.id = c.programme_id "
    "JOIN programme_revisions r ON r.id = c.revision_id ";

// A stored day; the CHECK constraints keep them in this form.
std::optional<LocalDate> Day(const std::optional<std::string>& text) {
  return text ? ParseIsoDate(*text) : std::nullopt;
}

CertificationRecord ReadCertification(const Statement& st) {
  CertificationRecord c;
  std::string path;
  std::string completed;
  std::optional<std::string> until;
  std::string basis;
  std::optional<std::string> revoked;
  ReadColumns(st, 0, c.id, c.user_id, c.programme, c.programme_revision, path, completed, until,
              basis, c.source, c.created_at, revoked, c.revoked_reason);
  c.path = path == "refresher" ? training::Path::kRefresher : training::Path::kInitial;
  c.completed = Day(completed).value_or(LocalDate{});
  c.valid_until = Day(until);
  // The CHECK constraint admits no other name.
  c.basis = training::BasisFromName(basis).value_or(Basis::kFromCompletion);
  c.revoked_on = Day(revoked);
  return c;
}

// The completions each of the user's certifications for `programme` rests
// on, in one query.
Status ReadRestsOn(Connection& conn, int64_t user_id, const std::string& programme,
                   std::vector<CertificationRecord>& all) {
  std::map<int64_t, CertificationRecord*> by_id;
  for (auto& c : all) by_id[c.id] = &c;
  return ForEachRow(
      conn,
      "SELECT cc.certification_id, cc.completion_id FROM certification_completions cc "
      "JOIN certifications c ON c.id = cc.certification_id "
      "JOIN programmes p ON p.id = c.programme_id WHERE c.user_id = ? AND p.slug = ? "
      "ORDER BY cc.certification_id, cc.completion_id",
      [&](const Statement& st) {
        auto it = by_id.find(st.ColumnInt(0));
        if (it != by_id.end()) it->second->rests_on.push_back(st.ColumnInt(1));
      },
      user_id, programme);
}

}  // namespace

Result<std::vector<CertificationRecord>> SqliteCertificationStore::CertificationsOf(
    int64_t user_id, const std::string& programme) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(
      auto all, QueryAll(*conn,
                         std::string(kSelect) +
                             "WHERE c.user_id = ? AND p.slug = ? ORDER BY c.completed_on, c.id",
                         ReadCertification, user_id, programme));
  LOPHOC_RETURN_IF_ERROR(ReadRestsOn(*conn, user_id, programme, all));
  return all;
}

Result<std::vector<training::CourseCompletion>> SqliteCertificationStore::CourseCompletionsOf(
    int64_t user_id) {
  auto conn = db_->Acquire();
  std::vector<training::CourseCompletion> out;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      *conn,
      "SELECT k.id, c.slug, k.completed_at FROM completions k JOIN courses c ON c.id = "
      "k.course_id WHERE k.user_id = ? ORDER BY k.id",
      [&](const Statement& st) {
        // Stored times are UTC; the day a course was completed is Vietnam's.
        auto at = ParseIso8601(st.ColumnText(2));
        if (!at) return;  // an unreadable time certifies nothing
        out.push_back({st.ColumnInt(0), st.ColumnText(1), LocalDateOf(*at)});
      },
      user_id));
  return out;
}

Result<CertificationRecord> SqliteCertificationStore::RecordCertification(
    const CertificationRecord& c) {
  return InTransaction(db_, [&](Connection& conn) -> Result<CertificationRecord> {
    LOPHOC_ASSIGN_OR_RETURN(
        auto ids,
        QueryOptional(conn,
                      "SELECT p.id, r.id FROM programmes p JOIN programme_revisions r ON "
                      "r.programme_id = p.id AND r.number = ? WHERE p.slug = ?",
                      [](const Statement& st) {
                        return std::pair<int64_t, int64_t>(st.ColumnInt(0), st.ColumnInt(1));
                      },
                      c.programme_revision, c.programme));
    if (!ids) {
      return Status::NotFound("no revision " + std::to_string(c.programme_revision) +
                              " of programme '" + c.programme + "'")
          .WithReason("programme_not_found")
          .WithParam("slug", c.programme);
    }
    for (int64_t completion : c.rests_on) {
      LOPHOC_ASSIGN_OR_RETURN(
          auto used, QueryOptional(conn,
                                   "SELECT 1 FROM certification_completions WHERE "
                                   "completion_id = ?",
                                   [](const Statement&) { return true; }, completion));
      if (used) {
        return Status::Conflict("a completion it rests on certifies already")
            .WithReason("certification_exists");
      }
    }
    const std::optional<std::string> until =
        c.valid_until ? std::optional<std::string>(FormatIsoDate(*c.valid_until)) : std::nullopt;
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn,
        "INSERT INTO certifications (user_id, programme_id, revision_id, path, completed_on, "
        "valid_until, basis, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        c.user_id, ids->first, ids->second, std::string(training::PathName(c.path)),
        FormatIsoDate(c.completed), until, std::string(training::BasisName(c.basis)), c.source,
        c.created_at));
    const int64_t id = conn.LastInsertId();
    for (int64_t completion : c.rests_on) {
      LOPHOC_RETURN_IF_ERROR(Execute(conn,
                                     "INSERT INTO certification_completions (certification_id, "
                                     "completion_id) VALUES (?, ?)",
                                     id, completion));
    }
    LOPHOC_ASSIGN_OR_RETURN(auto stored,
                            QueryOne(conn, std::string(kSelect) + "WHERE c.id = ?",
                                     ReadCertification, "certification vanished", id));
    stored.rests_on = c.rests_on;
    return stored;
  });
}

}  // namespace lophoc::storage
