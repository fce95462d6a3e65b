#include "server/storage/certification_store_sqlite.h"

#include <map>

#include <nlohmann/json.hpp>

#include "server/storage/learning_store_sqlite.h"
#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using training::Basis;
using training::CertificationRecord;

constexpr const char* kSelect =
    "SELECT c.id, c.user_id, p.slug, r.number, c.path, c.completed_on, c.valid_until, c.basis, "
    "c.source, c.created_at, c.revoked_on, coalesce(c.revoked_reason, ''), c.recorded_by, "
    "coalesce(u.username, ''), coalesce(c.evidence, '') "
    "FROM certifications c JOIN programmes p ON p.id = c.programme_id "
    "JOIN programme_revisions r ON r.id = c.revision_id "
    "LEFT JOIN users u ON u.id = c.recorded_by ";

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
              basis, c.source, c.created_at, revoked, c.revoked_reason, c.recorded_by,
              c.recorded_by_name, c.evidence);
  c.path = path == "refresher" ? training::Path::kRefresher : training::Path::kInitial;
  c.completed = Day(completed).value_or(LocalDate{});
  c.valid_until = Day(until);
  // The CHECK constraint admits no other name.
  c.basis = training::BasisFromName(basis).value_or(Basis::kFromCompletion);
  c.revoked_on = Day(revoked);
  return c;
}

// The completions each of the user's certifications for `programme` (every
// programme when empty) rests on, in one query.
Status ReadRestsOn(Connection& conn, int64_t user_id, const std::string& programme,
                   std::vector<CertificationRecord>& all) {
  std::map<int64_t, CertificationRecord*> by_id;
  for (auto& c : all) by_id[c.id] = &c;
  return ForEachRow(
      conn,
      "SELECT cc.certification_id, cc.completion_id FROM certification_completions cc "
      "JOIN certifications c ON c.id = cc.certification_id "
      "JOIN programmes p ON p.id = c.programme_id WHERE c.user_id = ?1 AND (?2 = '' OR p.slug = ?2) "
      "ORDER BY cc.certification_id, cc.completion_id",
      [&](const Statement& st) {
        auto it = by_id.find(st.ColumnInt(0));
        if (it != by_id.end()) it->second->rests_on.push_back(st.ColumnInt(1));
      },
      user_id, programme);
}

std::optional<std::string> DayText(const std::optional<LocalDate>& d) {
  return d ? std::optional<std::string>(FormatIsoDate(*d)) : std::nullopt;
}

constexpr const char* kSelectRedatings =
    "SELECT d.id, d.certification_id, d.previous_valid_until, d.previous_basis, "
    "d.new_valid_until, d.new_basis, r.number, d.effective_on, d.recorded_by, d.created_at "
    "FROM certification_redatings d JOIN programme_revisions r ON r.id = d.revision_id "
    "JOIN certifications c ON c.id = d.certification_id "
    "JOIN programmes p ON p.id = c.programme_id ";

training::Redating ReadRedating(const Statement& st) {
  training::Redating r;
  std::optional<std::string> previous;
  std::string previous_basis;
  std::optional<std::string> next;
  std::string next_basis;
  std::string effective;
  ReadColumns(st, 0, r.id, r.certification_id, previous, previous_basis, next, next_basis,
              r.programme_revision, effective, r.recorded_by, r.created_at);
  r.previous_until = Day(previous);
  r.previous_basis = training::BasisFromName(previous_basis).value_or(Basis::kFromCompletion);
  r.new_until = Day(next);
  r.new_basis = training::BasisFromName(next_basis).value_or(Basis::kFromCompletion);
  r.effective_on = Day(effective).value_or(LocalDate{});
  return r;
}

// The re-datings of `all`, read by `where` (a condition on c and p bound to
// `args`), oldest first.
template <typename... Args>
Status ReadRedatings(Connection& conn, std::vector<CertificationRecord>& all,
                     const std::string& where, const Args&... args) {
  std::map<int64_t, CertificationRecord*> by_id;
  for (auto& c : all) by_id[c.id] = &c;
  return ForEachRow(
      conn, std::string(kSelectRedatings) + where + " ORDER BY d.id",
      [&](const Statement& st) {
        auto r = ReadRedating(st);
        auto it = by_id.find(r.certification_id);
        if (it != by_id.end()) it->second->redatings.push_back(std::move(r));
      },
      args...);
}

std::optional<std::string> NullIfEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

people::AuditEntry AuditOf(const training::ChangedBy& by, const std::string& action,
                           const std::string& type, const std::string& key,
                           const nlohmann::json& details) {
  people::AuditEntry a;
  a.at = by.at;
  a.actor_user_id = by.user_id;
  a.actor = by.name;
  a.action = action;
  a.object_type = type;
  a.object_key = key;
  a.details_json = details.dump();
  return a;
}

Status Duplicate(const std::string& what, LocalDate day) {
  return Status::Conflict(what + " on " + FormatIsoDate(day) + " is recorded already")
      .WithReason("prior_learning_duplicate")
      .WithParam("date", FormatLocalDate(day));
}

// Writes one recorded course completion, in its own round after every round
// the person has of the course (docs/retraining.md, "Prior learning").
Status WritePriorCompletion(Connection& conn, const training::PriorCompletion& p,
                            const training::ChangedBy& by) {
  LOPHOC_ASSIGN_OR_RETURN(
      auto course,
      QueryOptional(conn, "SELECT id, current_revision_id FROM courses WHERE slug = ?",
                    [](const Statement& st) {
                      return std::pair<int64_t, int64_t>(st.ColumnInt(0), st.ColumnInt(1));
                    },
                    p.course));
  if (!course || course->second == 0) {
    return Status::NotFound("no course '" + p.course + "'")
        .WithReason("course_not_found")
        .WithParam("slug", p.course);
  }
  const std::string from = FormatIso8601(StartOfDay(p.day));
  const std::string to = FormatIso8601(StartOfDay(AddDays(p.day, 1)));
  LOPHOC_ASSIGN_OR_RETURN(
      auto same_day,
      QueryOptional(conn,
                    "SELECT 1 FROM completions WHERE user_id = ? AND course_id = ? AND "
                    "completed_at >= ? AND completed_at < ?",
                    [](const Statement&) { return true; }, p.user_id, course->first, from, to));
  if (same_day) return Duplicate("a completion of course '" + p.course + "'", p.day);
  LOPHOC_ASSIGN_OR_RETURN(
      int64_t round,
      QueryInt(conn,
               "SELECT max(" + CurrentRoundSql("?1", "?2") +
                   ", coalesce((SELECT max(round) FROM completions WHERE user_id = ?1 AND "
                   "course_id = ?2), 0)) + 1",
               "", p.user_id, course->first));
  // Noon in Vietnam: the day it was completed, whatever the reader's zone.
  const std::string at = FormatIso8601(ToInstant({p.day, 12, 0, 0}));
  LOPHOC_RETURN_IF_ERROR(Execute(
      conn,
      "INSERT INTO completions (user_id, course_id, revision_id, completed_at, round, source, "
      "recorded_by, evidence) VALUES (?, ?, ?, ?, ?, 'recorded', ?, ?)",
      p.user_id, course->first, course->second, at, round, by.user_id, NullIfEmpty(p.evidence)));
  const int64_t id = conn.LastInsertId();
  return people_rows::WriteAudit(
      conn, AuditOf(by, "completion.record", "completion", std::to_string(id),
                    {{"user_id", p.user_id},
                     {"course", p.course},
                     {"date", FormatIsoDate(p.day)},
                     {"round", round},
                     {"evidence", p.evidence}}));
}

}  // namespace

Result<std::vector<CertificationRecord>> SqliteCertificationStore::AllCertificationsOf(
    int64_t user_id) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(
      auto all, QueryAll(*conn,
                         std::string(kSelect) +
                             "WHERE c.user_id = ? ORDER BY p.slug, c.completed_on, c.id",
                         ReadCertification, user_id));
  LOPHOC_RETURN_IF_ERROR(ReadRestsOn(*conn, user_id, "", all));
  return all;
}

Result<int64_t> SqliteCertificationStore::CountCertifications() {
  auto conn = db_->Acquire();
  return QueryInt(*conn, "SELECT count(*) FROM certifications", "no count");
}

Result<CertificationRecord> SqliteCertificationStore::FindCertification(int64_t id) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(auto found, QueryOptional(*conn, std::string(kSelect) + "WHERE c.id = ?",
                                                    ReadCertification, id));
  if (!found) {
    return Status::NotFound("no certification " + std::to_string(id))
        .WithReason("certification_not_found")
        .WithParam("id", id);
  }
  std::vector<CertificationRecord> one{std::move(*found)};
  LOPHOC_RETURN_IF_ERROR(ReadRestsOn(*conn, one[0].user_id, one[0].programme, one));
  return std::move(one[0]);
}

Status SqliteCertificationStore::RecordPriorLearning(const training::PriorLearning& p,
                                                     const training::ChangedBy& by) {
  return InTransaction(db_, [&](Connection& conn) -> Status {
    for (const auto& c : p.completions) LOPHOC_RETURN_IF_ERROR(WritePriorCompletion(conn, c, by));
    for (const auto& c : p.certifications) {
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
        return Status::NotFound("no programme '" + c.programme + "'")
            .WithReason("programme_not_found")
            .WithParam("slug", c.programme);
      }
      LOPHOC_ASSIGN_OR_RETURN(
          auto same_day, QueryOptional(conn,
                                       "SELECT 1 FROM certifications WHERE user_id = ? AND "
                                       "programme_id = ? AND completed_on = ?",
                                       [](const Statement&) { return true; }, c.user_id,
                                       ids->first, FormatIsoDate(c.completed)));
      if (same_day) return Duplicate("a certification of '" + c.programme + "'", c.completed);
      const std::optional<std::string> until =
          c.valid_until ? std::optional<std::string>(FormatIsoDate(*c.valid_until))
                        : std::nullopt;
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn,
          "INSERT INTO certifications (user_id, programme_id, revision_id, path, completed_on, "
          "valid_until, basis, source, created_at, recorded_by, evidence) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, 'recorded', ?, ?, ?)",
          c.user_id, ids->first, ids->second, std::string(training::PathName(c.path)),
          FormatIsoDate(c.completed), until, std::string(training::BasisName(c.basis)), by.at,
          by.user_id, NullIfEmpty(c.evidence)));
      const int64_t id = conn.LastInsertId();
      LOPHOC_RETURN_IF_ERROR(people_rows::WriteAudit(
          conn, AuditOf(by, "certification.record", "certification", std::to_string(id),
                        {{"user_id", c.user_id},
                         {"programme", c.programme},
                         {"date", FormatIsoDate(c.completed)},
                         {"valid_until", until ? *until : std::string()},
                         {"evidence", c.evidence}})));
    }
    return Status::Ok();
  });
}

Result<CertificationRecord> SqliteCertificationStore::Revoke(int64_t id, LocalDate on,
                                                             const std::string& reason,
                                                             const training::ChangedBy& by) {
  return InTransaction(db_, [&](Connection& conn) -> Result<CertificationRecord> {
    LOPHOC_ASSIGN_OR_RETURN(
        auto revoked,
        QueryOptional(conn, "SELECT revoked_on IS NOT NULL FROM certifications WHERE id = ?",
                      [](const Statement& st) { return st.ColumnInt(0) != 0; }, id));
    if (!revoked) {
      return Status::NotFound("no certification " + std::to_string(id))
          .WithReason("certification_not_found")
          .WithParam("id", id);
    }
    if (*revoked) {
      return Status::Conflict("certification " + std::to_string(id) + " is revoked already")
          .WithReason("certification_revoked_already");
    }
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
                                   "UPDATE certifications SET revoked_on = ?, revoked_by = ?, "
                                   "revoked_reason = ? WHERE id = ?",
                                   FormatIsoDate(on), by.user_id, reason, id));
    LOPHOC_RETURN_IF_ERROR(people_rows::WriteAudit(
        conn, AuditOf(by, "certification.revoke", "certification", std::to_string(id),
                      {{"on", FormatIsoDate(on)}, {"reason", reason}})));
    return QueryOne(conn, std::string(kSelect) + "WHERE c.id = ?", ReadCertification,
                    "certification vanished", id);
  });
}

Result<std::vector<CertificationRecord>> SqliteCertificationStore::CertificationsOf(
    int64_t user_id, const std::string& programme) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(
      auto all, QueryAll(*conn,
                         std::string(kSelect) +
                             "WHERE c.user_id = ? AND p.slug = ? ORDER BY c.completed_on, c.id",
                         ReadCertification, user_id, programme));
  LOPHOC_RETURN_IF_ERROR(ReadRestsOn(*conn, user_id, programme, all));
  LOPHOC_RETURN_IF_ERROR(
      ReadRedatings(*conn, all, "WHERE c.user_id = ? AND p.slug = ?", user_id, programme));
  return all;
}

Result<std::vector<CertificationRecord>> SqliteCertificationStore::CertificationsOfProgramme(
    const std::string& programme) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(
      auto all,
      QueryAll(*conn,
               std::string(kSelect) + "WHERE p.slug = ? ORDER BY c.user_id, c.completed_on, c.id",
               ReadCertification, programme));
  LOPHOC_RETURN_IF_ERROR(ReadRedatings(*conn, all, "WHERE p.slug = ?", programme));
  return all;
}

Status SqliteCertificationStore::RecordRedatings(const std::string& programme,
                                                 const std::vector<training::Redating>& all) {
  return InTransaction(db_, [&](Connection& conn) -> Status {
    for (const auto& r : all) {
      LOPHOC_ASSIGN_OR_RETURN(
          auto revision, QueryOptional(
                             conn,
                             "SELECT r.id FROM programme_revisions r JOIN programmes p ON p.id = "
                             "r.programme_id WHERE p.slug = ? AND r.number = ?",
                             [](const Statement& st) { return st.ColumnInt(0); }, programme,
                             r.programme_revision));
      if (!revision) {
        return Status::NotFound("no revision " + std::to_string(r.programme_revision) +
                                " of programme '" + programme + "'")
            .WithReason("programme_not_found")
            .WithParam("slug", programme);
      }
      // Only a dating still in force is replaced: the row must hold
      // `previous_until` (IS compares NULLs as equal).
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn,
          "UPDATE certifications SET valid_until = ?1, basis = ?2 WHERE id = ?3 AND "
          "valid_until IS ?4 AND programme_id = (SELECT programme_id FROM programme_revisions "
          "WHERE id = ?5)",
          DayText(r.new_until), std::string(training::BasisName(r.new_basis)), r.certification_id,
          DayText(r.previous_until), *revision));
      if (conn.Changes() != 1) {
        return Status::Conflict("certification " + std::to_string(r.certification_id) +
                                " was re-dated meanwhile")
            .WithReason("certification_redated");
      }
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn,
          "INSERT INTO certification_redatings (certification_id, previous_valid_until, "
          "previous_basis, new_valid_until, new_basis, revision_id, effective_on, recorded_by, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          r.certification_id, DayText(r.previous_until),
          std::string(training::BasisName(r.previous_basis)), DayText(r.new_until),
          std::string(training::BasisName(r.new_basis)), *revision, FormatIsoDate(r.effective_on),
          r.recorded_by, r.created_at));
    }
    return Status::Ok();
  });
}

Result<std::vector<training::StaffMember>> SqliteCertificationStore::StaffMembers() {
  auto conn = db_->Acquire();
  return QueryAll(*conn,
                  "SELECT u.id, u.username, u.display_name, coalesce(o.code, ''), "
                  "u.staff_category, coalesce(s.type, ''), u.active FROM users u "
                  "LEFT JOIN org_units o ON o.id = u.org_unit_id "
                  "LEFT JOIN sites s ON s.id = u.site_id "
                  "WHERE u.staff_category IS NOT NULL AND u.staff_category <> '' ORDER BY u.id",
                  [](const Statement& st) {
                    training::StaffMember m;
                    ReadColumns(st, 0, m.user_id, m.username, m.display_name, m.org,
                                m.staff_category, m.site_type, m.active);
                    return m;
                  });
}

Result<std::vector<training::CourseCompletion>> SqliteCertificationStore::CourseCompletionsOf(
    int64_t user_id) {
  auto conn = db_->Acquire();
  std::vector<training::CourseCompletion> out;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      *conn,
      "SELECT k.id, c.slug, k.completed_at, k.source = 'recorded' FROM completions k JOIN "
      "courses c ON c.id = k.course_id WHERE k.user_id = ? ORDER BY k.id",
      [&](const Statement& st) {
        // Stored times are UTC; the day a course was completed is Vietnam's.
        auto at = ParseIso8601(st.ColumnText(2));
        if (!at) return;  // an unreadable time certifies nothing
        out.push_back(
            {st.ColumnInt(0), st.ColumnText(1), LocalDateOf(*at), st.ColumnInt(3) != 0});
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
        "valid_until, basis, source, created_at, recorded_by, evidence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        c.user_id, ids->first, ids->second, std::string(training::PathName(c.path)),
        FormatIsoDate(c.completed), until, std::string(training::BasisName(c.basis)), c.source,
        c.created_at, c.recorded_by, NullIfEmpty(c.evidence)));
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
