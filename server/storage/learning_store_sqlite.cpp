// Enrolments and lesson progress. Attempts, completions and certificates are
// in learning_store_sqlite_quiz.cpp.
#include "server/storage/learning_store_sqlite.h"

#include <nlohmann/json.hpp>

#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using courses::Enrolment;
using courses::LearningActor;
using people_rows::ScopeCondition;

constexpr const char* kEnrolmentColumns =
    "SELECT e.id, e.user_id, e.course_id, c.slug, e.enrolled_at, e.enrolled_by, e.source, "
    "e.withdrawn_at, e.withdrawn_by, u.username, u.display_name, o.path, s.code ";
constexpr const char* kEnrolmentFrom =
    "FROM enrolments e JOIN courses c ON c.id = e.course_id JOIN users u ON u.id = e.user_id "
    "LEFT JOIN org_units o ON o.id = u.org_unit_id LEFT JOIN sites s ON s.id = u.site_id ";

Enrolment ReadEnrolment(const Statement& st) {
  Enrolment e;
  ReadColumns(st, 0, e.id, e.user_id, e.course_id, e.course_slug, e.enrolled_at, e.enrolled_by,
              e.source, e.withdrawn_at, e.withdrawn_by, e.username, e.display_name, e.org_path,
              e.site_code);
  return e;
}

Result<Enrolment> EnrolmentById(Connection& conn, int64_t id) {
  return QueryOne(conn, std::string(kEnrolmentColumns) + kEnrolmentFrom + "WHERE e.id = ?",
                  ReadEnrolment, "no enrolment " + std::to_string(id), id);
}

Status Audit(Connection& conn, const LearningActor& by, const std::string& at,
             const std::string& action, const std::string& key, const nlohmann::json& details) {
  if (!by.audit) return Status::Ok();
  people::AuditEntry a;
  a.at = at;
  a.actor_user_id = by.user_id;
  a.actor = by.name;
  a.action = action;
  a.object_type = "enrolment";
  a.object_key = key;
  a.details_json = details.dump();
  return people_rows::WriteAudit(conn, a);
}

}  // namespace

Result<std::vector<Enrolment>> SqliteLearningStore::Enrol(const std::vector<int64_t>& user_ids,
                                                          int64_t course_id,
                                                          const std::string& source,
                                                          const LearningActor& by,
                                                          const std::string& now) {
  return InTransaction(db_, [&](Connection& c) -> Result<std::vector<Enrolment>> {
    std::vector<Enrolment> out;
    for (int64_t user_id : user_ids) {
      LOPHOC_RETURN_IF_ERROR(Execute(c,
          "INSERT INTO enrolments (user_id, course_id, enrolled_at, enrolled_by, source) "
          "SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM enrolments "
          "WHERE user_id = ?1 AND course_id = ?2 AND withdrawn_at IS NULL)",
          user_id, course_id, now, by.user_id, source));
      if (c.Changes() == 0) continue;
      LOPHOC_ASSIGN_OR_RETURN(Enrolment e, EnrolmentById(c, c.LastInsertId()));
      out.push_back(std::move(e));
    }
    if (out.empty()) return out;
    nlohmann::json users = nlohmann::json::array();
    for (const Enrolment& e : out) users.push_back(e.username);
    LOPHOC_RETURN_IF_ERROR(Audit(c, by, now, "enrolment.create", out.front().course_slug,
                                 {{"source", source}, {"count", out.size()}, {"users", users}}));
    return out;
  });
}

Result<int64_t> SqliteLearningStore::CountEnrolments() {
  auto conn = db_->Acquire();
  return QueryInt(*conn, "SELECT count(*) FROM enrolments", "no count");
}

Result<int64_t> SqliteLearningStore::CountSubmittedAttempts() {
  auto conn = db_->Acquire();
  return QueryInt(*conn, "SELECT count(*) FROM quiz_attempts WHERE submitted_at IS NOT NULL",
                  "no count");
}

Status SqliteLearningStore::Withdraw(int64_t enrolment_id, const LearningActor& by,
                                     const std::string& now) {
  return InTransaction(db_, [&](Connection& c) -> Status {
    LOPHOC_ASSIGN_OR_RETURN(Enrolment e, EnrolmentById(c, enrolment_id));
    if (!e.open()) return Status::Conflict("the enrolment was withdrawn already");
    LOPHOC_RETURN_IF_ERROR(Execute(c,
        "UPDATE enrolments SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ? "
        "AND withdrawn_at IS NULL",
        now, by.user_id, enrolment_id));
    return Audit(c, by, now, "enrolment.withdraw", e.course_slug,
                 {{"user", e.username}, {"enrolment", enrolment_id}});
  });
}

Result<Enrolment> SqliteLearningStore::GetEnrolment(int64_t enrolment_id) {
  auto conn = db_->Acquire();
  return EnrolmentById(*conn, enrolment_id);
}

Result<std::vector<Enrolment>> SqliteLearningStore::ListEnrolments(const courses::EnrolmentFilter& f) {
  auto conn = db_->Acquire();
  // Plain terms where a person, a course or open enrolments only are asked
  // for, so that the index on open enrolments (user_id, course_id) serves
  // them: "(?3 IS NULL OR ...)" would read every enrolment, and every quiz
  // submission asks whether its learner is enrolled.
  std::string sql = std::string(kEnrolmentColumns) + kEnrolmentFrom + "WHERE " +
                    ScopeCondition("o.path") +
                    (f.user_id ? " AND e.user_id = ?3 AND " : " AND ?3 IS NULL AND ") +
                    (f.course_id ? "e.course_id = ?4 AND " : "?4 IS NULL AND ") +
                    (f.include_withdrawn ? "?5 = 1 " : "?5 = 0 AND e.withdrawn_at IS NULL ") +
                    "ORDER BY e.id DESC LIMIT ?6 OFFSET ?7";
  return QueryAll(*conn, sql, ReadEnrolment, f.scope.everything(), f.scope.path(), f.user_id,
                  f.course_id, f.include_withdrawn, f.limit, f.offset);
}

Result<std::vector<courses::LearnerRef>> SqliteLearningStore::FindLearners(
    const courses::LearnerQuery& q) {
  auto conn = db_->Acquire();
  std::string sql = "SELECT u.id, u.username, o.path FROM users u JOIN org_units o ON o.id = "
                    "u.org_unit_id WHERE u.active = 1 AND " + ScopeCondition("o.path") +
                    " AND (?3 IS NULL OR u.site_id = ?3) AND (?4 = '' OR u.staff_category = ?4) "
                    "AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = "
                    "'learner') ORDER BY u.id LIMIT 20001";
  return QueryAll(
      *conn, sql,
      [](const Statement& st) {
        return courses::LearnerRef{st.ColumnInt(0), st.ColumnText(1), st.ColumnText(2)};
      },
      q.scope.everything(), q.scope.path(), q.site_id, q.staff_category);
}

Status SqliteLearningStore::CompleteLesson(int64_t user_id, int64_t course_id,
                                           const std::string& lesson_slug, int64_t revision_id,
                                           const std::string& now) {
  auto conn = db_->Acquire();
  return Execute(*conn,
                 "INSERT OR IGNORE INTO lesson_progress (user_id, course_id, round, lesson_slug, "
                 "revision_id, completed_at) VALUES (?1, ?2, " + CurrentRoundSql("?1", "?2") +
                     ", ?3, ?4, ?5)",
                 user_id, course_id, lesson_slug, revision_id, now);
}

Result<std::set<std::string>> SqliteLearningStore::CompletedLessons(int64_t user_id,
                                                                    int64_t course_id) {
  auto conn = db_->Acquire();
  std::set<std::string> out;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      *conn,
      "SELECT lesson_slug FROM lesson_progress WHERE user_id = ?1 AND course_id = ?2 AND round = " +
          CurrentRoundSql("?1", "?2"),
      [&](const Statement& st) { out.insert(st.ColumnText(0)); }, user_id, course_id));
  return out;
}

Result<std::map<int64_t, std::set<std::string>>> SqliteLearningStore::CompletedLessonsByCourse(
    int64_t user_id) {
  auto conn = db_->Acquire();
  std::map<int64_t, std::set<std::string>> out;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      *conn,
      "SELECT p.course_id, p.lesson_slug FROM lesson_progress p WHERE p.user_id = ? AND "
      "p.round = " + CurrentRoundSql("p.user_id", "p.course_id"),
      [&](const Statement& st) { out[st.ColumnInt(0)].insert(st.ColumnText(1)); }, user_id));
  return out;
}

}  // namespace lophoc::storage
