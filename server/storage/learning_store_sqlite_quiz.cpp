// Quiz attempts, results, completions and certificates.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/storage/learning_store_sqlite.h"
#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using assessments::AttemptRecord;
using courses::CertificateRecord;
using people_rows::ScopeCondition;

// The columns ReadAttempt reads; `questions` is the drawn-question list, or
// '[]' where it is not needed.
std::string AttemptSelect(const char* questions = "question_ids") {
  return std::string("SELECT id, user_id, course_id, revision_id, started_at, deadline_at, ") +
         questions +
         ", seed, submitted_at, submission_id, score, max_score, percentage, passed, late, "
         "grading = 'pending', graded_at FROM quiz_attempts ";
}

AttemptRecord ReadAttempt(const Statement& st) {
  AttemptRecord a;
  ReadColumns(st, 0, a.id, a.user_id, a.course_id, a.revision_id, a.started_at, a.deadline_at);
  auto ids = nlohmann::json::parse(st.ColumnText(6), nullptr, false);
  if (ids.is_array()) {
    for (const auto& id : ids) {
      if (id.is_string()) a.question_ids.push_back(id.get<std::string>());
    }
  }
  ReadColumns(st, 7, a.seed, a.submitted_at, a.submission_id, a.score, a.max_score, a.percentage,
              a.passed, a.late, a.pending, a.graded_at);
  return a;
}

Result<std::optional<AttemptRecord>> AttemptById(Connection& conn, int64_t id) {
  return QueryOptional(conn, AttemptSelect() + "WHERE id = ?", ReadAttempt, id);
}

Result<std::optional<AttemptRecord>> AttemptBySubmission(Connection& conn, int64_t user_id,
                                                         const std::string& submission_id) {
  return QueryOptional(conn, AttemptSelect() + "WHERE user_id = ? AND submission_id = ?",
                       ReadAttempt, user_id, submission_id);
}

// "" as NULL, for optional text columns.
std::optional<std::string> NullIfEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

std::string IdsJson(const std::vector<std::string>& ids) { return nlohmann::json(ids).dump(); }

Status InsertAnswers(Connection& conn, int64_t attempt_id, const AttemptRecord& a) {
  int position = 0;
  for (const auto& ans : a.answers) {
    LOPHOC_RETURN_IF_ERROR(
        Execute(conn,
                "INSERT INTO attempt_answers (attempt_id, position, question_id, answered, score, "
                "max_score, outcome, answer, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                attempt_id, ++position, ans.question_id, ans.answered, ans.score, ans.max_score,
                ans.outcome, ans.answer_json, ans.pending));
  }
  return Status::Ok();
}

// One learner's attempts at one course in one round are read through the
// indexes of migration 0023, named (INDEXED BY) where the planner might
// otherwise read every attempt of the round and sort them: a quiz without an
// attempt limit may hold thousands of one learner's attempts, and a
// submission's cost must not grow with them.
constexpr const char* kLearnerRound =
    "FROM quiz_attempts INDEXED BY quiz_attempts_learner WHERE user_id = ?1 AND course_id = ?2 "
    "AND round = ?3 AND submitted_at IS NOT NULL ";
// The graded ones (not waiting for a trainer).
constexpr const char* kGradedInRound =
    "FROM quiz_attempts INDEXED BY quiz_attempts_graded WHERE user_id = ?1 AND course_id = ?2 "
    "AND round = ?3 AND submitted_at IS NOT NULL AND grading <> 'pending' ";

Result<int64_t> RoundOf(Connection& conn, int64_t user_id, int64_t course_id) {
  return QueryInt(conn, "SELECT " + CurrentRoundSql("?1", "?2"), "", user_id, course_id);
}

// Submitted attempts in the round, from the index alone.
Result<int64_t> CountInRound(Connection& conn, int64_t user_id, int64_t course_id, int64_t round) {
  return QueryInt(conn, std::string("SELECT count(*) ") + kLearnerRound, "", user_id, course_id,
                  round);
}

Result<int64_t> CountSubmitted(Connection& conn, int64_t user_id, int64_t course_id) {
  LOPHOC_ASSIGN_OR_RETURN(int64_t round, RoundOf(conn, user_id, course_id));
  return CountInRound(conn, user_id, course_id, round);
}

// The percentage that counts by `method` (assessments::CombineAttempts over
// the graded attempts in submission order) in one index step; the average
// from the graded index alone.
Result<std::optional<double>> CountedIn(Connection& conn, int64_t user_id, int64_t course_id,
                                        int64_t round, assessments::GradingMethod method) {
  std::string sql;
  switch (method) {
    case assessments::GradingMethod::kHighest:
      sql = std::string("SELECT max(percentage) ") + kGradedInRound;
      break;
    case assessments::GradingMethod::kAverage:
      sql = std::string("SELECT avg(percentage) ") + kGradedInRound;
      break;
    case assessments::GradingMethod::kFirst:
      sql = std::string("SELECT percentage ") + kLearnerRound +
            "AND grading <> 'pending' ORDER BY submitted_at, id LIMIT 1";
      break;
    case assessments::GradingMethod::kLast:
      sql = std::string("SELECT percentage ") + kLearnerRound +
            "AND grading <> 'pending' ORDER BY submitted_at DESC, id DESC LIMIT 1";
      break;
  }
  LOPHOC_ASSIGN_OR_RETURN(auto row, QueryOptional(
                                        conn, sql,
                                        [](const Statement& st) {
                                          return st.ColumnIsNull(0)
                                                     ? std::nullopt
                                                     : std::optional<double>(st.ColumnDouble(0));
                                        },
                                        user_id, course_id, round));
  return row ? *row : std::nullopt;
}

const char* GradingOf(const AttemptRecord& a) { return a.pending ? "pending" : "auto"; }

// Writes the graded fields of `a` into a new or the open row; returns its id.
Result<int64_t> StoreSubmission(Connection& conn, const AttemptRecord& a) {
  if (a.id == 0) {
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn,
        "INSERT INTO quiz_attempts (user_id, course_id, revision_id, started_at, deadline_at, "
        "question_ids, seed, submitted_at, submission_id, score, max_score, percentage, passed, "
        "late, grading, round) VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "?13, ?14, " +
            CurrentRoundSql("?1", "?2") + ")",
        a.user_id, a.course_id, a.revision_id, a.started_at, IdsJson(a.question_ids),
        static_cast<int64_t>(a.seed), a.submitted_at, a.submission_id, a.score, a.max_score,
        a.percentage, a.passed, a.late, GradingOf(a)));
    return conn.LastInsertId();
  }
  LOPHOC_RETURN_IF_ERROR(Execute(
      conn,
      "UPDATE quiz_attempts SET submitted_at = ?, submission_id = ?, score = ?, max_score = ?, "
      "percentage = ?, passed = ?, late = ?, grading = ? WHERE id = ? AND user_id = ? AND "
      "submitted_at IS NULL",
      a.submitted_at, a.submission_id, a.score, a.max_score, a.percentage, a.passed, a.late,
      GradingOf(a), a.id, a.user_id));
  if (conn.Changes() == 0) return Status::Conflict("this attempt was submitted already");
  return a.id;
}

constexpr const char* kCertificateColumns =
    "SELECT t.id, t.code, t.completion_id, t.user_id, t.course_id, c.slug, r.number, t.issued_at, "
    "t.valid_until, t.revoked_at, t.replaced_by, t.holder_name, t.course_title, t.site_name, "
    "t.org_name FROM certificates t JOIN courses c ON c.id = t.course_id JOIN completions m ON "
    "m.id = t.completion_id JOIN course_revisions r ON r.id = m.revision_id ";

CertificateRecord ReadCertificate(const Statement& st) {
  CertificateRecord c;
  ReadColumns(st, 0, c.id, c.code, c.completion_id, c.user_id, c.course_id, c.course_slug,
              c.revision_number, c.issued_at, c.valid_until, c.revoked_at, c.replaced_by,
              c.holder_name, c.course_title, c.site_name, c.org_name);
  return c;
}

}  // namespace

Result<assessments::QuizRevision> SqliteLearningStore::FindQuiz(int64_t revision_id) {
  auto conn = db_->Acquire();
  return QueryOne(
      *conn,
      "SELECT r.id, r.course_id, c.slug, r.title, r.number, c.current_revision_id = r.id, "
      "c.published, r.quiz_source FROM course_revisions r JOIN courses c ON c.id = r.course_id "
      "WHERE r.id = ? AND r.quiz_source IS NOT NULL",
      [](const Statement& st) {
        return assessments::QuizRevision{st.ColumnInt(0),  st.ColumnInt(1),
                                         st.ColumnText(2), st.ColumnText(3),
                                         static_cast<int>(st.ColumnInt(4)),
                                         st.ColumnInt(5) != 0, st.ColumnInt(6) != 0,
                                         st.ColumnText(7)};
      },
      "no quiz " + std::to_string(revision_id), revision_id);
}

Result<std::optional<AttemptRecord>> SqliteLearningStore::OpenAttempt(int64_t user_id,
                                                                      int64_t course_id) {
  auto conn = db_->Acquire();
  return QueryOptional(*conn,
                       AttemptSelect() +
                           "WHERE user_id = ? AND course_id = ? AND submitted_at IS NULL",
                       ReadAttempt, user_id, course_id);
}

Result<AttemptRecord> SqliteLearningStore::StartAttempt(const AttemptRecord& a) {
  auto conn = db_->Acquire();
  LOPHOC_RETURN_IF_ERROR(Execute(*conn,
      "INSERT INTO quiz_attempts (user_id, course_id, revision_id, started_at, deadline_at, "
      "question_ids, seed, round) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, " +
          CurrentRoundSql("?1", "?2") + " WHERE NOT EXISTS (SELECT 1 FROM quiz_attempts WHERE "
          "user_id = ?1 AND course_id = ?2 AND submitted_at IS NULL)",
      a.user_id, a.course_id, a.revision_id, a.started_at, NullIfEmpty(a.deadline_at),
      IdsJson(a.question_ids), static_cast<int64_t>(a.seed)));
  if (conn->Changes() == 0) return Status::Conflict("an attempt is open already");
  auto stored = AttemptById(*conn, conn->LastInsertId());
  if (!stored.ok()) return stored.status();
  return **stored;
}

Status SqliteLearningStore::ExpireAttempt(int64_t attempt_id, const std::string& at) {
  return InTransaction(db_, [&](Connection& conn) -> Status {
    LOPHOC_RETURN_IF_ERROR(
        Execute(conn,
                "UPDATE quiz_attempts SET submitted_at = ?, score = 0, max_score = 0, "
                "percentage = 0, passed = 0, late = 1 WHERE id = ? AND submitted_at IS NULL",
                at, attempt_id));
    return Execute(conn, "DELETE FROM quiz_drafts WHERE attempt_id = ?", attempt_id);
  });
}

Status SqliteLearningStore::SaveDraft(int64_t attempt_id, const std::string& fields_json,
                                      const std::string& at) {
  auto conn = db_->Acquire();
  // Only while the attempt is open: checked in the same statement.
  LOPHOC_RETURN_IF_ERROR(Execute(
      *conn,
      "INSERT INTO quiz_drafts (attempt_id, fields, saved_at) SELECT id, ?2, ?3 FROM "
      "quiz_attempts WHERE id = ?1 AND submitted_at IS NULL ON CONFLICT (attempt_id) DO UPDATE "
      "SET fields = excluded.fields, saved_at = excluded.saved_at",
      attempt_id, fields_json, at));
  if (conn->Changes() == 0)
    return Status::Conflict("attempt " + std::to_string(attempt_id) + " is not open");
  return Status::Ok();
}

Result<std::optional<std::string>> SqliteLearningStore::FindDraft(int64_t attempt_id) {
  auto conn = db_->Acquire();
  return QueryOptional(
      *conn, "SELECT fields FROM quiz_drafts WHERE attempt_id = ?",
      [](const Statement& st) { return st.ColumnText(0); }, attempt_id);
}

Result<AttemptRecord> SqliteLearningStore::SubmitAttempt(const AttemptRecord& a,
                                                         std::optional<int> max_attempts) {
  auto conn = db_->Acquire();
  std::lock_guard<std::mutex> one_at_a_time(submit_mu_);
  Transaction tx(*conn);
  if (!tx.status().ok()) return tx.status();
  auto used = AttemptBySubmission(*conn, a.user_id, a.submission_id);
  if (!used.ok()) return used.status();
  if (*used) return Status::AlreadyExists("submission " + a.submission_id + " was recorded");
  if (max_attempts) {
    auto n = CountSubmitted(*conn, a.user_id, a.course_id);
    if (!n.ok()) return n.status();
    if (*n >= *max_attempts) return Status::Conflict("no attempts left");
  }
  auto id = StoreSubmission(*conn, a);
  if (!id.ok()) return id.status();
  LOPHOC_RETURN_IF_ERROR(InsertAnswers(*conn, *id, a));
  LOPHOC_RETURN_IF_ERROR(Execute(*conn, "DELETE FROM quiz_drafts WHERE attempt_id = ?", *id));
  auto stored = AttemptById(*conn, *id);
  if (!stored.ok()) return stored.status();
  LOPHOC_RETURN_IF_ERROR(tx.Commit());
  AttemptRecord out = **stored;
  out.answers = a.answers;
  return out;
}

Result<std::optional<AttemptRecord>> SqliteLearningStore::FindSubmission(
    int64_t user_id, const std::string& submission_id) {
  auto conn = db_->Acquire();
  return AttemptBySubmission(*conn, user_id, submission_id);
}

Result<AttemptRecord> SqliteLearningStore::GetAttempt(int64_t attempt_id) {
  auto conn = db_->Acquire();
  auto a = AttemptById(*conn, attempt_id);
  if (!a.ok()) return a.status();
  if (!*a) return Status::NotFound("no attempt " + std::to_string(attempt_id));
  AttemptRecord out = **a;
  LOPHOC_ASSIGN_OR_RETURN(
      out.answers,
      QueryAll(
          *conn,
          "SELECT question_id, answered, score, max_score, outcome, answer, pending, "
          "grader_feedback FROM attempt_answers WHERE attempt_id = ? ORDER BY position",
          [](const Statement& s) {
            assessments::AnswerRecord r;
            ReadColumns(s, 0, r.question_id, r.answered, r.score, r.max_score, r.outcome,
                        r.answer_json, r.pending, r.grader_feedback);
            return r;
          },
          attempt_id));
  return out;
}

Result<std::vector<AttemptRecord>> SqliteLearningStore::SubmittedAttempts(int64_t user_id,
                                                                          int64_t course_id) {
  auto conn = db_->Acquire();
  // Without the drawn question ids: a learner with many attempts is read on
  // every course page, and the ids are only needed one attempt at a time.
  return QueryAll(*conn,
                  AttemptSelect("'[]'") +
                      "WHERE user_id = ?1 AND course_id = ?2 AND submitted_at IS NOT NULL "
                      "AND round = " + CurrentRoundSql("?1", "?2") + " ORDER BY submitted_at, id",
                  ReadAttempt, user_id, course_id);
}

Result<assessments::AttemptSummary> SqliteLearningStore::SummariseAttempts(
    int64_t user_id, int64_t course_id, assessments::GradingMethod method, int latest) {
  auto conn = db_->Acquire();
  // One read transaction: the figures agree with each other.
  LOPHOC_RETURN_IF_ERROR(conn->Exec("BEGIN"));
  auto summary = [&]() -> Result<assessments::AttemptSummary> {
    assessments::AttemptSummary out;
    LOPHOC_ASSIGN_OR_RETURN(int64_t round, RoundOf(*conn, user_id, course_id));
    LOPHOC_ASSIGN_OR_RETURN(int64_t count, CountInRound(*conn, user_id, course_id, round));
    out.count = static_cast<int>(count);
    if (count == 0) return out;
    LOPHOC_ASSIGN_OR_RETURN(
        int64_t pending,
        QueryInt(*conn,
                 "SELECT count(*) FROM quiz_attempts INDEXED BY quiz_attempts_waiting WHERE "
                 "user_id = ?1 AND course_id = ?2 AND round = ?3 AND grading = 'pending'",
                 "", user_id, course_id, round));
    out.pending = static_cast<int>(pending);
    LOPHOC_ASSIGN_OR_RETURN(out.counted_percentage,
                            CountedIn(*conn, user_id, course_id, round, method));
    if (latest > 0) {
      LOPHOC_ASSIGN_OR_RETURN(
          out.latest,
          QueryAll(*conn,
                   AttemptSelect("'[]'") +
                       "INDEXED BY quiz_attempts_learner WHERE user_id = ?1 AND course_id = ?2 "
                       "AND round = ?3 AND submitted_at IS NOT NULL ORDER BY submitted_at DESC, "
                       "id DESC LIMIT ?4",
                   ReadAttempt, user_id, course_id, round, latest));
      std::reverse(out.latest.begin(), out.latest.end());
    }
    return out;
  }();
  // A read transaction: ending it loses nothing; a pooled connection must
  // not stay in it.
  if (!conn->Exec("COMMIT").ok()) conn->Exec("ROLLBACK");
  return summary;
}

Result<std::optional<double>> SqliteLearningStore::CountedPercentage(
    int64_t user_id, int64_t course_id, assessments::GradingMethod method) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(int64_t round, RoundOf(*conn, user_id, course_id));
  return CountedIn(*conn, user_id, course_id, round, method);
}

Result<std::vector<assessments::ResultRow>> SqliteLearningStore::QuizResults(int64_t course_id,
                                                                         const people::Scope& scope) {
  auto conn = db_->Acquire();
  const std::string sql =
      "SELECT a.id, a.user_id, u.username, u.display_name, s.code, r.number, a.submitted_at, "
      "a.score, a.max_score, a.percentage, a.passed, a.late, a.grading = 'pending' FROM "
      "quiz_attempts a JOIN users u ON "
      "u.id = a.user_id LEFT JOIN org_units o ON o.id = u.org_unit_id LEFT JOIN sites s ON s.id = "
      "u.site_id JOIN course_revisions r ON r.id = a.revision_id WHERE a.course_id = ?3 AND "
      "a.submitted_at IS NOT NULL AND " +
      ScopeCondition("o.path") + " ORDER BY a.submitted_at, a.id";
  return QueryAll(*conn, sql, [](const Statement& s) {
    assessments::ResultRow r;
    ReadColumns(s, 0, r.attempt_id, r.user_id, r.username, r.display_name, r.site_code,
                r.revision_number, r.submitted_at, r.score, r.max_score, r.percentage, r.passed,
                r.late, r.pending);
    return r;
  }, scope.everything(), scope.path(), course_id);
}

Result<std::vector<assessments::QuestionStat>> SqliteLearningStore::QuestionStats(
    int64_t course_id, const people::Scope& scope) {
  auto conn = db_->Acquire();
  const std::string sql =
      "SELECT q.question_id, sum(q.answered), sum(1 - q.answered), sum(q.outcome = 'correct'), "
      "sum(q.outcome = 'partial'), sum(q.outcome = 'incorrect'), sum(q.score), sum(q.max_score) "
      "FROM attempt_answers q JOIN quiz_attempts a ON a.id = q.attempt_id JOIN users u ON u.id = "
      "a.user_id LEFT JOIN org_units o ON o.id = u.org_unit_id WHERE a.course_id = ?3 AND " +
      ScopeCondition("o.path") + " GROUP BY q.question_id";
  return QueryAll(*conn, sql, [](const Statement& s) {
    assessments::QuestionStat q;
    ReadColumns(s, 0, q.question_id, q.answered, q.unanswered, q.correct, q.partial, q.incorrect,
                q.score_sum, q.max_sum);
    return q;
  }, scope.everything(), scope.path(), course_id);
}

Result<std::vector<assessments::PendingAttempt>> SqliteLearningStore::PendingAttempts(
    const people::Scope& scope) {
  auto conn = db_->Acquire();
  const std::string sql =
      "SELECT a.id, a.user_id, u.username, u.display_name, coalesce(s.code, ''), a.course_id, "
      "c.slug, a.submitted_at FROM quiz_attempts a JOIN users u ON u.id = a.user_id JOIN courses c "
      "ON c.id = a.course_id LEFT JOIN org_units o ON o.id = u.org_unit_id LEFT JOIN sites s ON "
      "s.id = u.site_id WHERE a.grading = 'pending' AND " +
      ScopeCondition("o.path") + " ORDER BY a.submitted_at, a.id";
  return QueryAll(
      *conn, sql,
      [](const Statement& s) {
        assessments::PendingAttempt p;
        ReadColumns(s, 0, p.attempt_id, p.user_id, p.username, p.display_name, p.site_code,
                    p.course_id, p.course_slug, p.submitted_at);
        return p;
      },
      scope.everything(), scope.path());
}

Result<AttemptRecord> SqliteLearningStore::RecordGrades(
    const AttemptRecord& graded, const std::vector<assessments::EssayGrade>& grades,
    const people::AuditEntry& audit) {
  return people_rows::Audited(db_, audit, [&](Connection& conn) -> Result<AttemptRecord> {
    // Checked in the write: of two graders acting at once, the second finds
    // the attempt graded and changes nothing.
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn,
        "UPDATE quiz_attempts SET grading = 'graded', score = ?, max_score = ?, percentage = ?, "
        "passed = ?, graded_at = ?, graded_by = ? WHERE id = ? AND grading = 'pending'",
        graded.score, graded.max_score, graded.percentage, graded.passed, graded.graded_at,
        audit.actor_user_id, graded.id));
    if (conn.Changes() == 0) {
      return Status::Conflict("this attempt was graded already")
          .WithReason("attempt_already_graded");
    }
    for (const auto& g : grades) {
      LOPHOC_RETURN_IF_ERROR(
          Execute(conn,
                  "UPDATE attempt_answers SET score = ?1, outcome = CASE WHEN ?1 >= max_score THEN "
                  "'correct' WHEN ?1 <= 0 THEN 'incorrect' ELSE 'partial' END, pending = 0, "
                  "grader_feedback = ?2 WHERE attempt_id = ?3 AND question_id = ?4",
                  g.score, g.feedback, graded.id, g.question_id));
    }
    auto stored = AttemptById(conn, graded.id);
    if (!stored.ok()) return stored.status();
    return **stored;
  });
}

Result<int> SqliteLearningStore::CurrentRound(int64_t user_id, int64_t course_id) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(int64_t round,
                          QueryInt(*conn, "SELECT " + CurrentRoundSql("?1", "?2"), "", user_id,
                                   course_id));
  return static_cast<int>(round);
}

Result<int> SqliteLearningStore::StartNextRound(int64_t user_id, int64_t course_id,
                                                const std::string& now) {
  return InTransaction(db_, [&](Connection& conn) -> Result<int> {
    LOPHOC_ASSIGN_OR_RETURN(int64_t round,
                            QueryInt(conn, "SELECT " + CurrentRoundSql("?1", "?2"), "", user_id,
                                     course_id));
    LOPHOC_ASSIGN_OR_RETURN(
        auto done, QueryOptional(conn,
                                 "SELECT 1 FROM completions WHERE user_id = ? AND course_id = ? "
                                 "AND round = ?",
                                 [](const Statement&) { return true; }, user_id, course_id, round));
    if (!done) {
      return Status::Conflict("the current round of the course is not completed yet")
          .WithReason("course_round_open");
    }
    // An attempt left open in the finished round closes as it would at its
    // deadline, so that the new round may start one.
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
        "UPDATE quiz_attempts SET submitted_at = ?, score = 0, max_score = 0, percentage = 0, "
        "passed = 0, late = 1 WHERE user_id = ? AND course_id = ? AND submitted_at IS NULL",
        now, user_id, course_id));
    // The next round comes after every round with a completion: a recorded
    // (prior learning) completion holds a round of its own that was never
    // anyone's current round (docs/retraining.md, "Prior learning").
    LOPHOC_ASSIGN_OR_RETURN(
        int64_t next, QueryInt(conn,
                               "SELECT max(?3, coalesce((SELECT max(round) FROM completions "
                               "WHERE user_id = ?1 AND course_id = ?2), 0)) + 1",
                               "", user_id, course_id, round));
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
        "INSERT INTO course_rounds (user_id, course_id, round, started_at) VALUES (?, ?, ?, ?)",
        user_id, course_id, next, now));
    return static_cast<int>(next);
  });
}

Result<std::optional<courses::CompletionRecord>> SqliteLearningStore::CurrentCompletion(
    int64_t user_id, int64_t course_id) {
  auto conn = db_->Acquire();
  return QueryOptional(
      *conn,
      "SELECT id, user_id, course_id, revision_id, completed_at, percentage, round, source FROM "
      "completions WHERE user_id = ?1 AND course_id = ?2 AND round = " +
          CurrentRoundSql("?1", "?2"),
      [](const Statement& st) {
        courses::CompletionRecord c;
        ReadColumns(st, 0, c.id, c.user_id, c.course_id, c.revision_id, c.completed_at,
                    c.percentage, c.round, c.source);
        return c;
      },
      user_id, course_id);
}

Result<CertificateRecord> SqliteLearningStore::RecordCompletion(const courses::CompletionRecord& c,
                                                                const CertificateRecord& cert) {
  return InTransaction(db_, [&](Connection& conn) -> Result<CertificateRecord> {
    // Checked again here, in the write transaction (and by the unique index
    // on the round): two requests finishing the same round at once must not
    // both issue a certificate.
    LOPHOC_ASSIGN_OR_RETURN(int64_t round,
                            QueryInt(conn, "SELECT " + CurrentRoundSql("?1", "?2"), "", c.user_id,
                                     c.course_id));
    LOPHOC_ASSIGN_OR_RETURN(auto done,
        QueryOptional(conn,
                      "SELECT 1 FROM completions WHERE user_id = ? AND course_id = ? AND round = ?",
                      [](const Statement&) { return true; }, c.user_id, c.course_id, round));
    if (done) return Status::Conflict("this round of the course was completed already");
    LOPHOC_ASSIGN_OR_RETURN(auto taken,
        QueryOptional(conn, "SELECT 1 FROM certificates WHERE code = ?",
                      [](const Statement&) { return true; }, cert.code));
    if (taken) return Status::AlreadyExists("certificate code in use");
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
        "INSERT INTO completions (user_id, course_id, revision_id, completed_at, percentage, "
        "round) VALUES (?, ?, ?, ?, ?, ?)",
        c.user_id, c.course_id, c.revision_id, c.completed_at, c.percentage, round));
    const int64_t completion_id = conn.LastInsertId();
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
        "INSERT INTO certificates (code, completion_id, user_id, course_id, issued_at, "
        "valid_until, holder_name, course_title, site_name, org_name) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cert.code, completion_id, c.user_id, c.course_id, cert.issued_at,
        NullIfEmpty(cert.valid_until), cert.holder_name, cert.course_title, cert.site_name,
        cert.org_name));
    const int64_t certificate_id = conn.LastInsertId();
    // The certificate of the round before reads as replaced from now on; it
    // stays verifiable.
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
        "UPDATE certificates SET replaced_by = ?1 WHERE user_id = ?2 AND course_id = ?3 AND "
        "id <> ?1 AND replaced_by IS NULL",
        certificate_id, c.user_id, c.course_id));
    return QueryOne(conn, std::string(kCertificateColumns) + "WHERE t.id = ?", ReadCertificate,
                    "certificate vanished", certificate_id);
  });
}

Result<courses::IssuerNames> SqliteLearningStore::IssuerNamesFor(int64_t user_id) {
  auto conn = db_->Acquire();
  return QueryOne(
      *conn,
      "SELECT coalesce(s.name, ''), coalesce((SELECT p.name FROM org_units p "
      "WHERE p.level = 'province' AND substr(o.path, 1, length(p.path)) = p.path "
      "LIMIT 1), o.name, '') FROM users u LEFT JOIN sites s ON s.id = u.site_id "
      "LEFT JOIN org_units o ON o.id = u.org_unit_id WHERE u.id = ?",
      [](const Statement& st) { return courses::IssuerNames{st.ColumnText(0), st.ColumnText(1)}; },
      "no account " + std::to_string(user_id), user_id);
}

Result<CertificateRecord> SqliteLearningStore::CertificateByCode(const std::string& code) {
  auto conn = db_->Acquire();
  return QueryOne(*conn, std::string(kCertificateColumns) + "WHERE t.code = ?", ReadCertificate,
                  "no certificate with this code", code);
}

Result<std::optional<CertificateRecord>> SqliteLearningStore::CertificateOfCompletion(
    int64_t completion_id) {
  auto conn = db_->Acquire();
  return QueryOptional(*conn, std::string(kCertificateColumns) + "WHERE t.completion_id = ?",
                       ReadCertificate, completion_id);
}

Result<std::vector<CertificateRecord>> SqliteLearningStore::CertificatesOf(int64_t user_id) {
  auto conn = db_->Acquire();
  return QueryAll(*conn, std::string(kCertificateColumns) + "WHERE t.user_id = ? ORDER BY t.id DESC",
                  ReadCertificate, user_id);
}

}  // namespace lophoc::storage
