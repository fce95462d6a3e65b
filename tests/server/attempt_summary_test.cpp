// A learner's attempts summed up without reading them all (issue 17, "The
// performance budget"): the count, the waiting ones, the result by each
// grading method and the latest ones, from the current round only; "My
// learning" and the quiz page list the latest 20 of many and count them all.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "assessments/grader.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using assessments::GradingMethod;
using nlohmann::json;
using people::Role;
using testing::FixturePath;

// Writes one submitted attempt of `user` at `course` as the store would
// (`grading` 'auto', 'pending' or 'graded'), in round `round`.
void AddAttempt(storage::Database& db, int64_t user, int64_t course, int64_t revision,
                const std::string& submitted_at, double percentage, const std::string& grading,
                int round, const std::string& submission) {
  auto conn = db.Acquire();
  REQUIRE(conn->Exec("INSERT INTO quiz_attempts (user_id, course_id, revision_id, started_at, "
                     "question_ids, seed, submitted_at, submission_id, score, max_score, "
                     "percentage, passed, late, round, grading) VALUES (" +
                     std::to_string(user) + ", " + std::to_string(course) + ", " +
                     std::to_string(revision) + ", '" + submitted_at + "', '[]', 1, '" +
                     submitted_at + "', '" + submission + "', " + std::to_string(percentage) +
                     ", 100, " + std::to_string(percentage) + ", " +
                     (percentage >= 60 && grading != "pending" ? "1" : "0") + ", 0, " +
                     std::to_string(round) + ", '" + grading + "')")
              .ok());
}

struct Learners : testing::TestWorld {
  Learners() : TestWorld(FixturePath("content-learning")) {
    AddAllWithTokens({{"lan", {Role::kLearner}}, {"binh", {Role::kLearner}}});
    Start();
    auto view = t.courses().GetCourse("may-tinh");
    REQUIRE(view.ok());
    course = view->course->course_id;
    revision = view->course->revision_id;
    lan = users.at("lan").id;
    binh = users.at("binh").id;
  }
  int64_t course = 0;
  int64_t revision = 0;
  int64_t lan = 0;
  int64_t binh = 0;
};

TEST_CASE("an attempt summary counts the current round and agrees with every attempt read",
          "[attempt_summary]") {
  Learners w;
  storage::Database& db = w.t.db();
  // Round 1 (finished), then round 2 is the current one.
  AddAttempt(db, w.lan, w.course, w.revision, "2026-03-01T08:00:00Z", 100, "auto", 1, "r1-000001");
  {
    auto conn = db.Acquire();
    REQUIRE(
        conn->Exec("INSERT INTO course_rounds (user_id, course_id, round, started_at) VALUES (" +
                   std::to_string(w.lan) + ", " + std::to_string(w.course) +
                   ", 2, '2026-03-02T08:00:00Z')")
            .ok());
  }
  AddAttempt(db, w.lan, w.course, w.revision, "2026-03-03T08:00:01Z", 40, "auto", 2, "r2-000001");
  AddAttempt(db, w.lan, w.course, w.revision, "2026-03-03T08:00:02Z", 0, "pending", 2, "r2-000002");
  // Submitted in the same second as the one before: later by id.
  AddAttempt(db, w.lan, w.course, w.revision, "2026-03-03T08:00:02Z", 90, "auto", 2, "r2-000003");
  AddAttempt(db, w.lan, w.course, w.revision, "2026-03-03T08:00:03Z", 70, "graded", 2, "r2-000004");
  AddAttempt(db, w.lan, w.course, w.revision, "2026-03-03T08:00:04Z", 0, "pending", 2, "r2-000005");
  // Someone else's, and an open attempt of Lan's: neither counts.
  AddAttempt(db, w.binh, w.course, w.revision, "2026-03-03T08:00:05Z", 100, "auto", 1, "b-0000001");
  {
    auto conn = db.Acquire();
    REQUIRE(conn->Exec("INSERT INTO quiz_attempts (user_id, course_id, revision_id, started_at, "
                       "question_ids, seed, round) VALUES (" +
                       std::to_string(w.lan) + ", " + std::to_string(w.course) + ", " +
                       std::to_string(w.revision) + ", '2026-03-03T09:00:00Z', '[]', 1, 2)")
                .ok());
  }

  assessments::AttemptStore& store = w.t.attempt_store();
  struct Case {
    GradingMethod method;
    double expected;  // by hand, over 40, 90 and 70 (the waiting ones do not count)
  };
  for (const Case& c :
       {Case{GradingMethod::kHighest, 90}, Case{GradingMethod::kFirst, 40},
        Case{GradingMethod::kLast, 70}, Case{GradingMethod::kAverage, (40.0 + 90.0 + 70.0) / 3}}) {
    CAPTURE(static_cast<int>(c.method));
    auto s = store.SummariseAttempts(w.lan, w.course, c.method, 3);
    REQUIRE(s.ok());
    CHECK(s->count == 5);
    CHECK(s->pending == 2);
    REQUIRE(s->counted_percentage.has_value());
    CHECK(*s->counted_percentage == Approx(c.expected));
    REQUIRE(s->latest.size() == 3);
    CHECK(s->latest[0].submission_id == "r2-000003");
    CHECK(s->latest[1].submission_id == "r2-000004");
    CHECK(s->latest[2].submission_id == "r2-000005");
    CHECK(s->latest[2].pending);
    // The same as reading every attempt and combining them.
    auto all = store.SubmittedAttempts(w.lan, w.course);
    REQUIRE(all.ok());
    std::vector<double> graded;
    for (const auto& a : *all) {
      if (!a.pending) graded.push_back(a.percentage);
    }
    CHECK(static_cast<int>(all->size()) == s->count);
    CHECK(*assessments::CombineAttempts(c.method, graded).percentage ==
          Approx(*s->counted_percentage));
  }
  // Nothing submitted yet: nothing counted, nothing listed.
  auto none = store.SummariseAttempts(w.binh, w.course + 1000, GradingMethod::kHighest, 20);
  REQUIRE(none.ok());
  CHECK(none->count == 0);
  CHECK(none->pending == 0);
  CHECK_FALSE(none->counted_percentage.has_value());
  CHECK(none->latest.empty());
  // Only waiting ones: counted, but no result yet.
  auto waiting = store.SummariseAttempts(w.lan, w.course, GradingMethod::kLast, 0);
  REQUIRE(waiting.ok());
  CHECK(waiting->latest.empty());  // none asked for
}

TEST_CASE("My learning and the quiz page list the latest 20 of 25 attempts and count all 25",
          "[attempt_summary]") {
  Learners w;
  REQUIRE(w.As("lan", "POST", "/api/v1/enrolments", R"({"course":"may-tinh"})").status == 201);
  // Written past may-tinh's limit of 3 on purpose: the figures, not the limit, are checked here.
  for (int i = 1; i <= 25; ++i) {
    char at[32];
    std::snprintf(at, sizeof at, "2026-03-03T08:%02d:00Z", i);
    char id[32];
    std::snprintf(id, sizeof id, "many-%04d", i);
    AddAttempt(w.t.db(), w.lan, w.course, w.revision, at, i == 7 ? 95 : 30, "auto", 1, id);
  }
  auto r = w.As("lan", "GET", "/api/v1/me/learning");
  REQUIRE(r.status == 200);
  const json body = json::parse(r.body);
  const json* course = nullptr;
  for (const json& c : body["items"]) {
    if (c["course"] == "may-tinh") course = &c;
  }
  INFO(r.body);
  REQUIRE(course != nullptr);
  const json& quiz = (*course)["quiz"];
  CHECK(quiz["attempts_used"] == 25);
  CHECK(quiz["attempts_left"] == 0);
  CHECK(quiz["result_percentage"] == 95);  // grading: highest, the 7th attempt
  CHECK(quiz["passed"] == true);
  REQUIRE(quiz["attempts"].size() == 20);
  CHECK(quiz["attempts"][0]["submitted_at"] == "2026-03-03T08:06:00Z");   // the 6th
  CHECK(quiz["attempts"][19]["submitted_at"] == "2026-03-03T08:25:00Z");  // the 25th
  // The quiz page lists the same 20, each a link to the attempt.
  testing::Browser b = w.SignedIn("lan");
  auto page = b.Get("/courses/may-tinh/quiz");
  REQUIRE(page.status == 200);
  size_t links = 0;
  for (size_t at = page.body.find("href=\"/attempts/"); at != std::string::npos;
       at = page.body.find("href=\"/attempts/", at + 1)) {
    ++links;
  }
  CHECK(links == 20);
}

}  // namespace
}  // namespace lophoc::http
